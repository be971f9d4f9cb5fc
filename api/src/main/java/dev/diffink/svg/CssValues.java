package dev.diffink.svg;

import dev.diffink.compress.CssColors;
import dev.diffink.scene.Rgba;

/**
 * CSS values as SVG uses them: paints and colours (read by {@link CssColors}).
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

    /** A colour value, any CSS form (see {@link CssColors}); currentColor is the caller's business. */
    static Rgba color(String text) {
        double[] c = CssColors.parse(text);
        return new Rgba((float) c[0], (float) c[1], (float) c[2], (float) c[3]);
    }


    static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
