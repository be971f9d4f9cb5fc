package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Geometry;
import dev.diffink.compress.Numbers;
import dev.diffink.compress.Pass;
import dev.diffink.compress.PathData.Segment;
import dev.diffink.compress.PathEncoder;
import dev.diffink.compress.References;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgProperties;
import java.awt.geom.AffineTransform;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies transforms to coordinates. A group's transform moves to its children when they are
 * shapes or groups and the group has no clip path, mask or filter (which live in the group's own
 * coordinates). A shape's transform is baked into its path data when nothing depends on the
 * shape's coordinate system: no clip path, mask, filter or markers; a bounding-box gradient only
 * under translation and axis-aligned scale (which map the box along with the shape); no
 * user-space gradient; a stroke only under a similarity (its width and dashes are scaled), never
 * with {@code vector-effect}.
 */
public final class BakeTransforms implements Pass {

    /** No options. */
    public record Options() {
        public static final Options DEFAULT = new Options();
    }

    private static final Set<String> GEOMETRY_ATTRS = Set.of("x", "y", "width", "height", "rx", "ry", "cx", "cy", "r",
            "x1", "y1", "x2", "y2", "points", "d", "pathLength");

    @Override
    public String name() {
        return "bakeTransforms";
    }

    @Override
    public String description() {
        return "apply transforms to coordinates where nothing depends on the coordinate system";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        Map<String, Element> ids = new java.util.HashMap<>();
        for (Element e : doc.elements()) if (e.has("id")) ids.put(e.attr("id"), e);
        for (Element e : doc.elements()) {
            if (e.localName().equals("g") && e.has("transform") && pushable(e)) {
                String t = e.attr("transform");
                for (Element c : e.elements()) c.set("transform", c.has("transform") ? t + " " + c.attr("transform") : t);
                e.remove("transform");
            }
        }
        for (Element e : doc.elements()) {
            if (SvgProperties.SHAPES.contains(e.localName()) && e.has("transform")) bake(e, ids, ctx);
        }
    }

    private static boolean pushable(Element g) {
        if (g.has("clip-path") || g.has("mask") || g.has("filter") || inNonRendering(g)) return false;
        for (Element c : g.elements()) {
            String n = c.localName();
            if (!SvgProperties.SHAPES.contains(n) && !n.equals("g")) return false;
        }
        return !g.elements().isEmpty();
    }

    private static boolean inNonRendering(Element e) {
        for (Element p = e.parent(); p != null; p = p.parent()) {
            if (SvgProperties.NON_RENDERING.contains(p.localName()) && !p.localName().equals("defs")) return true;
        }
        return false;
    }

    private static void bake(Element e, Map<String, Element> ids, CompressContext ctx) {
        if (e.has("clip-path") || e.has("mask") || e.has("filter") || e.has("marker-start") || e.has("marker-mid")
                || e.has("marker-end") || e.has("marker") || e.has("vector-effect") || e.has("id")) {
            return;
        }
        if (e.parent() != null && e.parent().localName().equals("clipPath")) return;
        AffineTransform t = Geometry.transform(e.attr("transform"));
        if (t == null) return;
        boolean axisAligned = t.getShearX() == 0 && t.getShearY() == 0;
        for (String paint : new String[] {"fill", "stroke"}) {
            String v = inherited(e, paint);
            String target = References.target(v);
            if (target == null) continue;
            Element g = ids.get(target);
            if (g == null) continue;
            boolean userSpace = "userSpaceOnUse".equals(gradientAttr(g, ids, "gradientUnits"));
            if (userSpace || !axisAligned || e.localName().equals("line")) return;
        }
        List<Segment> segs = Geometry.segments(e);
        if (segs == null) return;
        String stroke = inherited(e, "stroke");
        boolean stroked = stroke != null && !stroke.equals("none");
        double scale = 1;
        if (stroked) {
            double a = t.getScaleX(), b = t.getShearY(), c = t.getShearX(), d = t.getScaleY();
            double s1 = Math.hypot(a, b), s2 = Math.hypot(c, d);
            boolean similarity = Math.abs(s1 - s2) <= 1e-9 * Math.max(s1, s2) && Math.abs(a * c + b * d) <= 1e-9 * s1 * s2;
            if (!similarity || s1 == 0) return;
            scale = s1;
            String width = inherited(e, "stroke-width");
            double w = width == null ? 1 : Geometry.length(width);
            String dash = inherited(e, "stroke-dasharray");
            String scaledDash = dash == null || dash.equals("none") ? null : scaleList(dash, scale, ctx);
            String offset = inherited(e, "stroke-dashoffset");
            double o = offset == null ? 0 : Geometry.length(offset);
            // Check everything before changing anything.
            if (Double.isNaN(w) || Double.isNaN(o) || (dash != null && !dash.equals("none") && scaledDash == null)) {
                return;
            }
            e.set("stroke-width", Numbers.format(w * scale, ctx.decimals + 3));
            if (scaledDash != null) e.set("stroke-dasharray", scaledDash);
            if (offset != null) e.set("stroke-dashoffset", Numbers.format(o * scale, ctx.decimals + 3));
        }
        List<Segment> mapped = Geometry.transform(segs, t);
        for (String a : GEOMETRY_ATTRS) e.remove(a);
        e.remove("transform");
        e.name = e.prefixed() ? e.name.substring(0, e.name.indexOf(':') + 1) + "path" : "path";
        // Full precision here (no double rounding): the path-data pass rounds to the grid.
        e.set("d", PathEncoder.encode(mapped, Numbers.MAX_DECIMALS, ctx.invisible()));
    }

    private static String scaleList(String list, double s, CompressContext ctx) {
        StringBuilder sb = new StringBuilder();
        for (String part : list.trim().split("[\\s,]+")) {
            double v = Geometry.length(part);
            if (Double.isNaN(v)) return null;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(Numbers.format(v * s, ctx.decimals + 3));
        }
        return sb.toString();
    }

    /** The value of an inherited property at an element: its own, or the nearest ancestor's. */
    static String inherited(Element e, String property) {
        for (Element p = e; p != null; p = p.parent()) {
            String v = p.attr(property);
            if (v != null && !v.equals("inherit")) return v;
        }
        return SvgProperties.DEFAULTS.get(property);
    }

    private static String gradientAttr(Element g, Map<String, Element> ids, String attr) {
        for (int i = 0; g != null && i < 16; i++) {
            if (g.has(attr)) return g.attr(attr);
            String href = g.has("href") ? g.attr("href") : g.attr("xlink:href");
            g = href != null && href.startsWith("#") ? ids.get(href.substring(1)) : null;
        }
        return null;
    }
}
