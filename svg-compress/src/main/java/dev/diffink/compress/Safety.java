package dev.diffink.compress;

import dev.diffink.compress.SvgDocument.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules every SVG DiffInk writes keeps, whatever the profile: nothing that runs code
 * ({@code script}, {@code foreignObject}, {@code on*} attributes, {@code javascript:} links) and
 * nothing that reaches outside the file (an {@code href} or {@code url()} to anything but a local
 * {@code #id}, a style sheet that imports). {@link dev.diffink.compress.passes.Sanitize} removes
 * exactly what this reports.
 */
public final class Safety {
    private Safety() {}

    /** A {@code url(...)} to anything but a local {@code #id}. */
    public static final Pattern EXTERNAL_URL = Pattern.compile("url\\(\\s*['\"]?(?!#)[^)]*\\)");

    public static List<Violation> check(SvgDocument doc) {
        List<Violation> out = new ArrayList<>();
        for (Element e : doc.elements()) {
            String name = e.localName();
            if (name.equals("script") || name.equals("foreignObject")) {
                out.add(new Violation(e.name, e.line, null, name.equals("script") ? "script" : "HTML inside SVG"));
            }
            if (name.equals("style") && (e.text().contains("@import") || EXTERNAL_URL.matcher(e.text()).find())) {
                out.add(new Violation(e.name, e.line, null, "style sheet fetches outside the file"));
            }
            for (var a : e.attributes.entrySet()) {
                String attr = a.getKey(), v = a.getValue();
                if (attr.toLowerCase(Locale.ROOT).startsWith("on")) {
                    out.add(new Violation(e.name, e.line, attr, "event attribute (runs script)"));
                } else if (References.isHref(attr) && !v.startsWith("#") && !v.startsWith("data:")) {
                    out.add(new Violation(e.name, e.line, attr, "reference outside the file: " + abbreviate(v)));
                } else if (EXTERNAL_URL.matcher(v).find()) {
                    out.add(new Violation(e.name, e.line, attr, "url() outside the file: " + abbreviate(v)));
                }
            }
        }
        return out;
    }

    static String abbreviate(String v) {
        return v.length() <= 60 ? v : v.substring(0, 57) + "...";
    }
}
