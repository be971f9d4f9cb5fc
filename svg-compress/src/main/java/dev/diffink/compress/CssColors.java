package dev.diffink.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.batik.css.parser.Parser;
import org.w3c.css.sac.InputSource;
import org.w3c.css.sac.LexicalUnit;

/**
 * CSS colours as SVG uses them: reading every form ({@code #rgb}, {@code #rgba}, {@code #rrggbb},
 * {@code #rrggbbaa}, {@code rgb()}, {@code rgba()}, {@code hsl()}, {@code hsla()}, the named
 * colours, {@code transparent}) and writing the shortest equivalent. Functional forms are read
 * with Batik's CSS lexer. The named colours come from {@code css-colors.txt} (CSS Color 4), not
 * from Batik's table, which has wrong values for gainsboro, lavenderblush, salmon and thistle.
 */
public final class CssColors {
    private CssColors() {}

    private static final Map<String, Integer> NAMES = new HashMap<>();
    /** For each opaque RGB value, the shortest name, where one is shorter than its hex form. */
    private static final Map<Integer, String> SHORT_NAMES = new HashMap<>();

    static {
        try (InputStream in = CssColors.class.getResourceAsStream("css-colors.txt")) {
            String table = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : table.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] p = line.trim().split(" ");
                int rgb = Integer.parseInt(p[1], 16);
                NAMES.put(p[0], rgb);
                String hex = hex(rgb);
                String current = SHORT_NAMES.get(rgb);
                if (p[0].length() < hex.length() && (current == null || p[0].length() < current.length())) {
                    SHORT_NAMES.put(rgb, p[0]);
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("css-colors.txt is missing from the classpath", e);
        }
    }

    /** Straight-alpha RGBA in [0, 1]; IllegalArgumentException when the text is not a colour. */
    public static double[] parse(String text) {
        String t = text.trim();
        if (t.startsWith("#")) return hexColor(t, text);
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("transparent")) return new double[] {0, 0, 0, 0};
        Integer named = NAMES.get(lower);
        if (named != null) return rgba(named, 1);
        LexicalUnit u;
        try {
            u = new Parser().parsePropertyValue(new InputSource(new StringReader(t)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a colour: \"" + text + "\"");
        }
        if (u == null || u.getNextLexicalUnit() != null || (u.getLexicalUnitType() != LexicalUnit.SAC_RGBCOLOR
                && u.getLexicalUnitType() != LexicalUnit.SAC_FUNCTION)) {
            throw new IllegalArgumentException("not a colour: \"" + text + "\"");
        }
        return function(u, text);
    }

    private static double[] hexColor(String t, String text) {
        String h = t.substring(1);
        if (!h.matches("[0-9a-fA-F]+") || !(h.length() == 3 || h.length() == 4 || h.length() == 6 || h.length() == 8)) {
            throw new IllegalArgumentException("not a colour: \"" + text + "\"");
        }
        int n = h.length() <= 4 ? 1 : 2;
        double[] out = new double[4];
        out[3] = 1;
        for (int i = 0; i < h.length() / n; i++) {
            String part = h.substring(i * n, i * n + n);
            out[i] = Integer.parseInt(n == 1 ? part + part : part, 16) / 255.0;
        }
        return out;
    }

    private static double[] function(LexicalUnit u, String text) {
        String name = u.getFunctionName().toLowerCase(Locale.ROOT);
        double[] args = new double[4];
        boolean[] percent = new boolean[4];
        int n = 0;
        for (LexicalUnit p = u.getParameters(); p != null; p = p.getNextLexicalUnit()) {
            int type = p.getLexicalUnitType();
            if (type == LexicalUnit.SAC_OPERATOR_COMMA || type == LexicalUnit.SAC_OPERATOR_SLASH) continue;
            if (n == 4) throw new IllegalArgumentException("too many arguments in \"" + text + "\"");
            args[n] = switch (type) {
                case LexicalUnit.SAC_INTEGER -> p.getIntegerValue();
                case LexicalUnit.SAC_REAL, LexicalUnit.SAC_PERCENTAGE, LexicalUnit.SAC_DEGREE,
                        LexicalUnit.SAC_DIMENSION -> p.getFloatValue();
                default -> throw new IllegalArgumentException("not a number in \"" + text + "\"");
            };
            percent[n] = type == LexicalUnit.SAC_PERCENTAGE;
            n++;
        }
        if (n != 3 && n != 4) throw new IllegalArgumentException("a colour function needs 3 or 4 arguments: \"" + text + "\"");
        double alpha = n == 4 ? clamp(percent[3] ? args[3] / 100 : args[3]) : 1;
        if (name.equals("rgb") || name.equals("rgba")) {
            double[] c = new double[4];
            for (int i = 0; i < 3; i++) c[i] = clamp(percent[i] ? args[i] / 100 : args[i] / 255);
            c[3] = alpha;
            return c;
        }
        if (name.equals("hsl") || name.equals("hsla")) {
            double h = ((args[0] % 360) + 360) % 360 / 360, s = clamp(args[1] / 100), l = clamp(args[2] / 100);
            double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
            return new double[] {hue(p, q, h + 1.0 / 3), hue(p, q, h), hue(p, q, h - 1.0 / 3), alpha};
        }
        throw new IllegalArgumentException("unknown colour function \"" + name + "\"");
    }

    private static double hue(double p, double q, double t) {
        if (t < 0) t += 1;
        if (t > 1) t -= 1;
        double v = t < 1.0 / 6 ? p + (q - p) * 6 * t : t < 0.5 ? q : t < 2.0 / 3 ? p + (q - p) * (2.0 / 3 - t) * 6 : p;
        return clamp(v);
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    private static double[] rgba(int rgb, double a) {
        return new double[] {(rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0, a};
    }

    private static String hex(int rgb) {
        String full = String.format("#%06x", rgb);
        if (full.charAt(1) == full.charAt(2) && full.charAt(3) == full.charAt(4) && full.charAt(5) == full.charAt(6)) {
            return "#" + full.charAt(1) + full.charAt(3) + full.charAt(5);
        }
        return full;
    }

    /**
     * The shortest text for an opaque colour equal to {@code text} after 8-bit rounding, or null
     * when the text is not an opaque colour whose channels are whole 8-bit values (then it is
     * better left alone).
     */
    public static String shortest(String text) {
        double[] c;
        try {
            c = parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (c[3] != 1) return null;
        int rgb = 0;
        for (int i = 0; i < 3; i++) {
            double v = c[i] * 255;
            long r = Math.round(v);
            if (Math.abs(v - r) > 1e-6) return null;
            rgb = rgb << 8 | (int) r;
        }
        String hex = hex(rgb);
        String name = SHORT_NAMES.get(rgb);
        return name != null && name.length() < hex.length() ? name : hex;
    }
}
