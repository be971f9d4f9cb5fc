package dev.diffink.compress;

import dev.diffink.compress.SvgDocument.Element;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a document refers to ids: {@code url(#id)} in any value, {@code href="#id"}, and style sheets. */
public final class References {
    private References() {}

    private static final Pattern URL = Pattern.compile("url\\(\\s*['\"]?#([^)'\"\\s]+)['\"]?\\s*\\)");
    private static final Pattern SHEET_ID = Pattern.compile("#([A-Za-z_][\\w-]*)");

    /** Every id the document refers to. */
    public static Set<String> referenced(SvgDocument doc) {
        Set<String> ids = new HashSet<>();
        for (Element e : doc.elements()) {
            for (var a : e.attributes.entrySet()) {
                String v = a.getValue();
                if (isHref(a.getKey())) {
                    if (v.startsWith("#")) ids.add(v.substring(1));
                    continue;
                }
                if (v.indexOf("url(") >= 0) {
                    Matcher m = URL.matcher(v);
                    while (m.find()) ids.add(m.group(1));
                }
            }
            if (e.localName().equals("style")) {
                Matcher m = SHEET_ID.matcher(e.text());
                while (m.find()) ids.add(m.group(1));
            }
        }
        return ids;
    }

    public static boolean isHref(String attribute) {
        return attribute.equals("href") || attribute.endsWith(":href");
    }

    /** The id a paint or reference value points to, or null. */
    public static String target(String value) {
        if (value == null) return null;
        if (value.startsWith("#")) return value.substring(1);
        Matcher m = URL.matcher(value);
        return m.find() ? m.group(1) : null;
    }

    /** Rewrites every reference with {@code rename} (old id to new id, or the old id to keep it). */
    public static void rename(SvgDocument doc, UnaryOperator<String> rename) {
        for (Element e : doc.elements()) {
            for (var a : e.attributes.entrySet()) {
                String v = a.getValue();
                if (isHref(a.getKey())) {
                    if (v.startsWith("#")) a.setValue("#" + rename.apply(v.substring(1)));
                } else if (v.indexOf("url(") >= 0) {
                    Matcher m = URL.matcher(v);
                    StringBuilder sb = new StringBuilder();
                    while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement("url(#" + rename.apply(m.group(1)) + ")"));
                    m.appendTail(sb);
                    a.setValue(sb.toString());
                }
            }
        }
    }
}
