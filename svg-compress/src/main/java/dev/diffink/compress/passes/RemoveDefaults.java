package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.CssColors;
import dev.diffink.compress.Pass;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Drops attributes whose value is the one the SVG specification gives when they are absent, and
 * only where dropping changes no computed value: a non-inherited property always; an inherited
 * one only when the value it would inherit instead is also the default. Element-specific defaults
 * (x and y of rect, use and image; centres of circles; gradient units, spread and end points;
 * stop offsets; preserveAspectRatio) are dropped likewise, except on gradients that inherit
 * attributes through {@code href}, where an explicit default may override an inherited value.
 *
 * <p>{@code clip-rule} goes wherever it cannot matter: it only shapes the children of a
 * {@code clipPath}, so it is dropped from elements outside any {@code clipPath} that neither
 * have nor sit under an {@code id} (which a {@code use} inside a clip path could instance).
 */
public final class RemoveDefaults implements Pass {

    /** No options. */
    public record Options() {
        public static final Options DEFAULT = new Options();
    }

    private static final Map<String, Map<String, String>> ELEMENT_DEFAULTS = Map.of(
            "rect", Map.of("x", "0", "y", "0"),
            "use", Map.of("x", "0", "y", "0"),
            "image", Map.of("x", "0", "y", "0"),
            "circle", Map.of("cx", "0", "cy", "0"),
            "ellipse", Map.of("cx", "0", "cy", "0"),
            "line", Map.of("x1", "0", "y1", "0", "x2", "0", "y2", "0"),
            "linearGradient", Map.of("x1", "0", "y1", "0", "x2", "100%", "y2", "0", "gradientUnits",
                    "objectBoundingBox", "spreadMethod", "pad"),
            "radialGradient", Map.of("cx", "50%", "cy", "50%", "r", "50%", "fr", "0", "gradientUnits",
                    "objectBoundingBox", "spreadMethod", "pad"),
            "stop", Map.of("offset", "0"),
            "clipPath", Map.of("clipPathUnits", "userSpaceOnUse"));

    private static final Set<String> ASPECT_DEFAULTS = Set.of("xMidYMid", "xMidYMid meet");

    @Override
    public String name() {
        return "removeDefaults";
    }

    @Override
    public String description() {
        return "drop attributes that say what the specification assumes anyway";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        visit(doc.root(), new HashMap<>(), false);
    }

    /** {@code clipping}: {@code e} is inside a clip path or under an id, where clip-rule may count. */
    private static void visit(Element e, Map<String, String> inheritedFromParent, boolean clipping) {
        clipping |= e.localName().equals("clipPath") || e.has("id");
        if (!clipping) e.remove("clip-rule");
        Map<String, String> inherited = new HashMap<>(inheritedFromParent);
        for (String attr : new ArrayList<>(e.attributes.keySet())) {
            String v = e.attr(attr);
            String def = SvgProperties.DEFAULTS.get(attr);
            if (def != null && same(attr, v, def)) {
                String incoming = inheritedFromParent.getOrDefault(attr, def);
                if (!SvgProperties.isInherited(attr) || same(attr, incoming, def)) {
                    e.remove(attr);
                    continue;
                }
            }
            Map<String, String> own = ELEMENT_DEFAULTS.get(e.localName());
            // A gradient that inherits through href may be overriding the inherited value.
            boolean inheritsAttributes = e.has("href") || e.has("xlink:href");
            if (own != null && !inheritsAttributes && own.containsKey(attr) && same(attr, v, own.get(attr))) {
                e.remove(attr);
                continue;
            }
            if (attr.equals("preserveAspectRatio") && ASPECT_DEFAULTS.contains(v.trim())) e.remove(attr);
        }
        for (String attr : e.attributes.keySet()) {
            if (SvgProperties.isInherited(attr)) inherited.put(attr, e.attr(attr));
        }
        for (Element c : e.elements()) visit(c, inherited, clipping);
    }

    /** Compares values after normalising colours and numbers. */
    private static boolean same(String attr, String a, String b) {
        if (a == null || b == null) return false;
        String x = a.trim(), y = b.trim();
        if (x.equals(y)) return true;
        if (SvgProperties.COLOR.contains(attr)) {
            String cx = CssColors.shortest(x), cy = CssColors.shortest(y);
            return cx != null && cx.equals(cy);
        }
        try {
            double dx = x.endsWith("%") ? Double.parseDouble(x.substring(0, x.length() - 1)) / 100 : Double.parseDouble(x);
            double dy = y.endsWith("%") ? Double.parseDouble(y.substring(0, y.length() - 1)) / 100 : Double.parseDouble(y);
            return dx == dy && x.endsWith("%") == y.endsWith("%") || (dx == 0 && dy == 0);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
