package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Numbers;
import dev.diffink.compress.Pass;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortest text for numeric attributes: lengths in user units on the document's grid (in an
 * element's own units, finer where transforms magnify them; stroke widths and dashes 3 decimals
 * finer; a {@code px} unit dropped), opacities and stop offsets to 3 decimals (finer than an 8-bit channel),
 * bounding-box gradient coordinates and transform factors to 3 more decimals than the grid,
 * and lists (viewBox, points, dash arrays) number by number.
 */
public final class CleanupNumbers implements Pass {

    /** @param fractionDecimals decimals for opacities and offsets */
    public record Options(int fractionDecimals) {
        public static final Options DEFAULT = new Options(3);
    }

    private static final Set<String> LENGTHS = Set.of("x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "fx",
            "fy", "fr", "x1", "y1", "x2", "y2", "stroke-width", "stroke-dashoffset");
    private static final Set<String> STROKE_LENGTHS = Set.of("stroke-width", "stroke-dashoffset",
            "stroke-dasharray");
    private static final Set<String> FRACTIONS = Set.of("opacity", "fill-opacity", "stroke-opacity", "stop-opacity",
            "flood-opacity", "offset");
    private static final Set<String> LISTS = Set.of("viewBox", "points", "stroke-dasharray");
    private static final Pattern NUMBER = Pattern.compile("-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    private final Options options;

    public CleanupNumbers() {
        this(Options.DEFAULT);
    }

    public CleanupNumbers(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "cleanupNumbers";
    }

    @Override
    public String description() {
        return "shortest text for numeric attributes";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        for (Element e : doc.elements()) {
            boolean root = e == doc.root();
            boolean gradient = e.localName().endsWith("Gradient");
            boolean boxUnits = gradient && !"userSpaceOnUse".equals(e.attr("gradientUnits"));
            int own = ctx.decimalsFor(e);
            for (var a : e.attributes.entrySet()) {
                String name = a.getKey(), v = a.getValue().trim();
                int decimals;
                if (FRACTIONS.contains(name)) {
                    if (v.endsWith("%")) continue;
                    decimals = options.fractionDecimals();
                } else if (STROKE_LENGTHS.contains(name)) {
                    // Stroke widths and dashes are often finer than the geometry's grid.
                    decimals = Math.min(Numbers.MAX_DECIMALS, own + 3);
                } else if (LENGTHS.contains(name) || LISTS.contains(name)) {
                    // The root's size and viewBox keep their digits: they define the canvas.
                    decimals = root ? Numbers.MAX_DECIMALS : boxUnits ? ctx.decimals + 3 : own;
                } else if (name.equals("transform") || name.equals("gradientTransform")) {
                    decimals = Math.min(Numbers.MAX_DECIMALS, own + 3);
                } else {
                    continue;
                }
                String text = v.endsWith("px") && !LISTS.contains(name) ? v.substring(0, v.length() - 2).trim() : v;
                if (!text.matches("[-+0-9.eE,\\s]*") && !name.contains("ransform")) continue;
                a.setValue(numbers(text, decimals, !name.contains("ransform")));
            }
        }
    }

    /** Rewrites every number in a value; in plain lists, separators are single spaces or signs. */
    static String numbers(String value, int decimals, boolean list) {
        Matcher m = NUMBER.matcher(value);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String between = value.substring(last, m.start());
            String n = Numbers.format(Double.parseDouble(m.group()), decimals);
            if (list) {
                if (sb.length() > 0 && !n.startsWith("-")) sb.append(' ');
            } else {
                sb.append(between.isBlank() && sb.length() > 0 && !n.startsWith("-") ? " "
                        : between.isBlank() ? "" : between.strip());
            }
            sb.append(n);
            last = m.end();
        }
        if (!list) sb.append(value.substring(last).strip());
        return sb.toString();
    }
}
