package dev.diffink.svg;

import dev.diffink.scene.Rgba;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.batik.css.engine.value.RGBColorValue;
import org.apache.batik.css.engine.value.svg.ColorManager;
import org.apache.batik.css.parser.Parser;
import org.w3c.css.sac.InputSource;
import org.w3c.css.sac.LexicalUnit;

/**
 * CSS values as SVG uses them (colours, paints, numbers, declaration lists), read with Batik's
 * CSS parser. Covers named colours (Batik's SVG keyword table plus {@code transparent} and
 * {@code rebeccapurple}), {@code #rgb}, {@code #rrggbb}, {@code rgb()}, {@code rgba()},
 * {@code hsl()} and {@code hsla()}.
 */
final class CssValues {
    private CssValues() {}

    /** A paint before it is resolved against an element: none, a colour, currentColor, or url(#id) with a fallback. */
    sealed interface PaintSpec {
        record None() implements PaintSpec {}

        record Color(Rgba color) implements PaintSpec {}

        record CurrentColor() implements PaintSpec {}

        record Url(String id, PaintSpec fallback) implements PaintSpec {}
    }

    static final PaintSpec NONE = new PaintSpec.None();

    /** Batik's table of SVG colour keywords, reached through the manager that owns it. */
    private static final class Keywords extends ColorManager {
        static Rgba lookup(String name) {
            // Batik's StringMap compares keys by identity: it expects interned strings.
            Object v = computedValues.get(name.intern());
            if (v instanceof RGBColorValue c) {
                return Rgba.of((int) c.getRed().getFloatValue(), (int) c.getGreen().getFloatValue(),
                        (int) c.getBlue().getFloatValue(), 1);
            }
            return null;
        }
    }

    static LexicalUnit parse(String value) {
        try {
            return new Parser().parsePropertyValue(new InputSource(new StringReader(value)));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read \"" + value + "\"");
        }
    }

    /** Parses {@code style="a: b; c: d"} into property name to value text, in order. */
    static Map<String, String> declarations(String style) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String decl : style.replaceAll("/\\*.*?\\*/", "").split(";")) {
            int colon = decl.indexOf(':');
            if (colon <= 0) continue;
            String name = decl.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = decl.substring(colon + 1).trim();
            if (value.endsWith("!important")) value = value.substring(0, value.length() - 10).trim();
            if (!name.isEmpty() && !value.isEmpty()) out.put(name, value);
        }
        return out;
    }

    static PaintSpec paint(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("none")) return NONE;
        if (t.equalsIgnoreCase("currentcolor")) return new PaintSpec.CurrentColor();
        if (t.regionMatches(true, 0, "url(", 0, 4)) {
            int close = t.indexOf(')');
            if (close < 0) throw new IllegalArgumentException("unclosed url( in \"" + text + "\"");
            String ref = t.substring(4, close).trim().replace("\"", "").replace("'", "");
            String rest = t.substring(close + 1).trim();
            PaintSpec fallback = rest.isEmpty() ? null : paint(rest);
            return new PaintSpec.Url(ref.startsWith("#") ? ref.substring(1) : ref, fallback);
        }
        if (t.startsWith("context-")) return NONE;
        return new PaintSpec.Color(color(t));
    }

    /** A colour value; currentColor is the caller's business. */
    static Rgba color(String text) {
        String t = text.trim();
        if (t.startsWith("#") && (t.length() == 5 || t.length() == 9)) {
            // #rgba and #rrggbbaa (CSS Color 4), which Batik's parser does not read.
            String hex = t.substring(1);
            int n = hex.length() / 4;
            int[] v = new int[4];
            for (int i = 0; i < 4; i++) {
                String part = hex.substring(i * n, i * n + n);
                v[i] = Integer.parseInt(n == 1 ? part + part : part, 16);
            }
            return Rgba.of(v[0], v[1], v[2], v[3] / 255.0);
        }
        LexicalUnit u = parse(t);
        switch (u.getLexicalUnitType()) {
            case LexicalUnit.SAC_IDENT -> {
                String name = u.getStringValue().toLowerCase(Locale.ROOT);
                if (name.equals("transparent")) return Rgba.TRANSPARENT;
                if (name.equals("rebeccapurple")) return Rgba.of(102, 51, 153, 1);
                Rgba c = Keywords.lookup(name);
                if (c == null) throw new IllegalArgumentException("unknown colour \"" + text + "\"");
                return c;
            }
            case LexicalUnit.SAC_RGBCOLOR, LexicalUnit.SAC_FUNCTION -> {
                return colorFunction(u, text);
            }
            default -> throw new IllegalArgumentException("not a colour: \"" + text + "\"");
        }
    }

    private static Rgba colorFunction(LexicalUnit u, String text) {
        String name = u.getFunctionName().toLowerCase(Locale.ROOT);
        double[] args = new double[4];
        boolean[] percent = new boolean[4];
        int n = 0;
        for (LexicalUnit p = u.getParameters(); p != null; p = p.getNextLexicalUnit()) {
            int type = p.getLexicalUnitType();
            if (type == LexicalUnit.SAC_OPERATOR_COMMA || type == LexicalUnit.SAC_OPERATOR_SLASH) continue;
            if (n == 4) throw new IllegalArgumentException("too many arguments in \"" + text + "\"");
            args[n] = number(p, text);
            percent[n] = type == LexicalUnit.SAC_PERCENTAGE;
            n++;
        }
        double alpha = 1;
        if (n == 4) alpha = clamp01(percent[3] ? args[3] / 100 : args[3]);
        else if (n != 3) throw new IllegalArgumentException("a colour function needs 3 or 4 arguments: \"" + text + "\"");
        if (name.equals("rgb") || name.equals("rgba")) {
            float[] c = new float[3];
            for (int i = 0; i < 3; i++) c[i] = (float) clamp01(percent[i] ? args[i] / 100 : args[i] / 255);
            return new Rgba(c[0], c[1], c[2], (float) alpha);
        }
        if (name.equals("hsl") || name.equals("hsla")) {
            double h = ((args[0] % 360) + 360) % 360 / 360, s = clamp01(args[1] / 100), l = clamp01(args[2] / 100);
            double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
            return new Rgba((float) hue(p, q, h + 1.0 / 3), (float) hue(p, q, h), (float) hue(p, q, h - 1.0 / 3),
                    (float) alpha);
        }
        throw new IllegalArgumentException("unknown colour function \"" + name + "\"");
    }

    private static double hue(double p, double q, double t) {
        if (t < 0) t += 1;
        if (t > 1) t -= 1;
        double v = t < 1.0 / 6 ? p + (q - p) * 6 * t : t < 0.5 ? q : t < 2.0 / 3 ? p + (q - p) * (2.0 / 3 - t) * 6 : p;
        return clamp01(v);
    }

    static double number(LexicalUnit p, String text) {
        return switch (p.getLexicalUnitType()) {
            case LexicalUnit.SAC_INTEGER -> p.getIntegerValue();
            case LexicalUnit.SAC_REAL, LexicalUnit.SAC_PERCENTAGE, LexicalUnit.SAC_DEGREE, LexicalUnit.SAC_DIMENSION ->
                    p.getFloatValue();
            default -> throw new IllegalArgumentException("not a number in \"" + text + "\"");
        };
    }

    static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
