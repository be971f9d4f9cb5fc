package dev.diffink.compress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bits of CSS that SVG files carry: declaration lists and simple style sheets. */
public final class Css {
    private Css() {}

    /** A declaration's value and whether it was {@code !important}. */
    public record Value(String text, boolean important) {}

    /** Parses {@code a: b; c: d !important} into property to value, in order (later wins). */
    public static Map<String, Value> declarations(String style) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String decl : stripComments(style).split(";")) {
            int colon = decl.indexOf(':');
            if (colon <= 0) continue;
            String name = decl.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = decl.substring(colon + 1).trim();
            boolean important = false;
            if (value.toLowerCase(Locale.ROOT).endsWith("!important")) {
                value = value.substring(0, value.length() - 10).trim();
                important = true;
            }
            if (!name.isEmpty() && !value.isEmpty()) out.put(name, new Value(value, important));
        }
        return out;
    }

    /** Property to value text, ignoring importance. */
    public static Map<String, String> plainDeclarations(String style) {
        Map<String, String> out = new LinkedHashMap<>();
        declarations(style).forEach((k, v) -> out.put(k, v.text()));
        return out;
    }

    public static String stripComments(String css) {
        return css.replaceAll("(?s)/\\*.*?\\*/", "");
    }

    /** A simple selector: an optional element name, an optional class, or an id; or {@code *}. */
    public record Selector(String element, String className, String id) {
        public int specificity() {
            return (id != null ? 100 : 0) + (className != null ? 10 : 0) + (element != null ? 1 : 0);
        }
    }

    /** A rule of a simple style sheet: its selectors, declarations and position. */
    public record Rule(List<Selector> selectors, Map<String, Value> declarations, int order) {}

    /**
     * Parses a style sheet made only of rules with simple selectors ({@code path}, {@code .a},
     * {@code path.a}, {@code #a}, {@code *}, comma lists); returns null if it has anything else
     * (at-rules, combinators, pseudo-classes, attribute selectors), which the caller keeps as is.
     */
    public static List<Rule> simpleSheet(String css) {
        String text = stripComments(css).replace("<![CDATA[", "").replace("]]>", "");
        List<Rule> rules = new ArrayList<>();
        int i = 0, order = 0;
        while (true) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                return text.substring(i).isBlank() ? rules : null;
            }
            int close = text.indexOf('}', open);
            if (close < 0) return null;
            String sel = text.substring(i, open).trim();
            if (sel.startsWith("@") || text.substring(open + 1, close).contains("{")) return null;
            List<Selector> selectors = new ArrayList<>();
            for (String s : sel.split(",")) {
                Selector parsed = selector(s.trim());
                if (parsed == null) return null;
                selectors.add(parsed);
            }
            rules.add(new Rule(selectors, declarations(text.substring(open + 1, close)), order++));
            i = close + 1;
        }
    }

    private static Selector selector(String s) {
        if (s.equals("*")) return new Selector(null, null, null);
        if (s.matches("#[A-Za-z_][\\w-]*")) return new Selector(null, null, s.substring(1));
        if (s.matches("[A-Za-z][\\w-]*")) return new Selector(s, null, null);
        if (s.matches("([A-Za-z][\\w-]*)?\\.[A-Za-z_][\\w-]*")) {
            int dot = s.indexOf('.');
            return new Selector(dot == 0 ? null : s.substring(0, dot), s.substring(dot + 1), null);
        }
        return null;
    }
}
