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
        boolean sheet = PathDataPass.styleSheet(doc);
        for (Element e : doc.elements()) {
            if (SvgProperties.SHAPES.contains(e.localName()) && e.has("transform")) bake(e, ids, ctx, sheet);
        }
    }

    /**
     * Whether {@code g}'s transform can move to its children: they are shapes or groups without
     * ids (a {@code <use>} of one draws it without the group's transform), and none of them would
     * keep it (each would then carry a copy, as in the groups {@link RescaleViewBox} makes for
     * them).
     */
    private static boolean pushable(Element g) {
        if (g.has("clip-path") || g.has("mask") || g.has("filter") || inNonRendering(g)) return false;
        AffineTransform t = Geometry.transform(g.attr("transform"));
        for (Element c : g.elements()) {
            String n = c.localName();
            if (!SvgProperties.SHAPES.contains(n) && !n.equals("g")) return false;
            // A <use> of a child with an id draws it without the group's transform.
            if (hasId(c)) return false;
            if (n.equals("circle") || n.equals("ellipse")) {
                AffineTransform own = Geometry.transform(c.attr("transform"));
                if (t == null || own == null) return false;
                AffineTransform both = new AffineTransform(t);
                both.concatenate(own);
                if (ellipseAxes(c, both, dashed(c)) == null) return false;
            } else if (RescaleViewBox.degenerateStroke(c) && (t == null || !unitScale(t))) {
                return false;
            }
        }
        return !g.elements().isEmpty();
    }

    private static boolean unitScale(AffineTransform t) {
        return Math.abs(Math.hypot(t.getScaleX(), t.getShearY()) - 1) <= 1e-12
                && Math.abs(Math.hypot(t.getShearX(), t.getScaleY()) - 1) <= 1e-12;
    }

    /** Whether {@code e} is stroked (its stroke, its own or inherited, is not none). */
    static boolean stroked(Element e) {
        String stroke = inherited(e, "stroke");
        return stroke != null && !stroke.equals("none");
    }

    /** Whether {@code e} or a group around it has an id (so that a {@code <use>} may draw it). */
    static boolean idOnOrAround(Element e) {
        for (Element p = e; p != null; p = p.parent()) if (p.has("id")) return true;
        return false;
    }

    /**
     * The value of {@code property} written on {@code e} or the nearest element around it
     * ({@code inherit} skipped), or null where none is written (unlike {@link #inherited}, which
     * then gives the default).
     */
    static String declared(Element e, String property) {
        for (Element p = e; p != null; p = p.parent()) {
            String v = p.attr(property);
            if (v != null && !v.equals("inherit")) return v;
        }
        return null;
    }

    /** Whether {@code e} or an element inside it has an id. */
    static boolean hasId(Element e) {
        if (e.has("id")) return true;
        for (Element c : e.elements()) if (hasId(c)) return true;
        return false;
    }

    private static boolean inNonRendering(Element e) {
        for (Element p = e.parent(); p != null; p = p.parent()) {
            if (SvgProperties.NON_RENDERING.contains(p.localName()) && !p.localName().equals("defs")) return true;
        }
        return false;
    }

    private static void bake(Element e, Map<String, Element> ids, CompressContext ctx, boolean sheet) {
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
        boolean round = e.localName().equals("circle") || e.localName().equals("ellipse");
        double[] ellipse = round ? ellipseAxes(e, t, dashed(e)) : null;
        if (round && ellipse == null) return;
        boolean stroked = stroked(e);
        double scale = 1;
        if (stroked) {
            double a = t.getScaleX(), b = t.getShearY(), c = t.getShearX(), d = t.getScaleY();
            double s1 = Math.hypot(a, b), s2 = Math.hypot(c, d);
            boolean similarity = Math.abs(s1 - s2) <= 1e-9 * Math.max(s1, s2) && Math.abs(a * c + b * d) <= 1e-9 * s1 * s2;
            if (!similarity || s1 == 0) return;
            scale = s1;
            // Strokers draw ill-conditioned end tangents differently in other units: such a
            // stroke keeps a scaling transform rather than have it baked into its numbers.
            if (!unitScale(t) && RescaleViewBox.degenerateStroke(e)) return;
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
            if (o != 0) e.set("stroke-dashoffset", Numbers.format(o * scale, ctx.decimals + 3));
        }
        if (ellipse != null) {
            writeEllipse(e, ellipse);
            return;
        }
        List<Segment> mapped = Geometry.transform(segs, t);
        for (String a : GEOMETRY_ATTRS) e.remove(a);
        e.remove("transform");
        e.name = e.prefixed() ? e.name.substring(0, e.name.indexOf(':') + 1) + "path" : "path";
        // Straight onto the document's grid (rounded once, from the exact mapped values); the
        // path-data pass then has nothing left to do for it.
        String d = PathEncoder.encode(mapped, ctx.decimalsFor(e), ctx.invisibleFor(e), PathDataPass.filled(e, sheet));
        ctx.encoded.add(d);
        e.set("d", d);
    }

    /**
     * A circle or ellipse stays one: its new centre and radii are written when the map keeps its
     * axes axis-aligned (translation, quarter turns, mirrors) or, for a circle, under any
     * rotation, and does not scale. Otherwise it keeps its transform: written as a path, a rotated
     * ellipse would start its outline elsewhere and be split into curves differently, and
     * renderers that sample coverage on a grid (librsvg) would draw its edge measurably
     * differently; and librsvg builds the outline in the shape's own units, so a scale baked into
     * its radii rounds that outline differently (measured: 8/255 at 4x for a circle of radius
     * 19.94, its numbers times 100, against the same under {@code scale(100)}). A dashed outline
     * keeps its transform unless the map is a translation (dashes start at the rightmost point
     * and run in a fixed direction).
     */
    private static double[] ellipseAxes(Element e, AffineTransform t, boolean dashed) {
        boolean circle = e.localName().equals("circle");
        double cx = Geometry.attr(e, "cx", 0), cy = Geometry.attr(e, "cy", 0);
        double rx, ry;
        if (circle) {
            rx = ry = Geometry.attr(e, "r", 0);
        } else {
            rx = e.has("rx") && !"auto".equals(e.attr("rx")) ? Geometry.attr(e, "rx", 0) : -1;
            ry = e.has("ry") && !"auto".equals(e.attr("ry")) ? Geometry.attr(e, "ry", 0) : -1;
            if (rx < 0) rx = ry;
            if (ry < 0) ry = rx;
        }
        if (Double.isNaN(cx + cy + rx + ry)) return null;
        double a = t.getScaleX(), b = t.getShearY(), c = t.getShearX(), d = t.getScaleY();
        double nrx, nry;
        boolean circleOut = false;
        if (b == 0 && c == 0) {
            if (Math.abs(a) != 1 || Math.abs(d) != 1) return null;
            nrx = rx;
            nry = ry;
            if (dashed && (a < 0 || d < 0)) return null;
        } else if (a == 0 && d == 0) {
            if (dashed || Math.abs(b) != 1 || Math.abs(c) != 1) return null;
            nrx = ry;
            nry = rx;
        } else if (circle && !dashed) {
            double s1 = Math.hypot(a, b), s2 = Math.hypot(c, d);
            if (Math.abs(s1 - 1) > 1e-12 || Math.abs(s2 - 1) > 1e-12 || Math.abs(a * c + b * d) > 1e-12) return null;
            nrx = nry = rx;
            circleOut = true;
        } else {
            return null;
        }
        double[] centre = {cx, cy};
        t.transform(centre, 0, centre, 0, 1);
        return new double[] {centre[0], centre[1], nrx, nry, circleOut ? 1 : 0};
    }

    /** Writes the mapped centre and radii ({@link #ellipseAxes}) in place of the transform. */
    private static void writeEllipse(Element e, double[] m) {
        boolean circle = e.localName().equals("circle");
        double nrx = m[2], nry = m[3];
        boolean circleOut = m[4] != 0;
        for (String attr : List.of("cx", "cy", "r", "rx", "ry", "transform")) e.remove(attr);
        e.set("cx", Numbers.format(m[0], Numbers.MAX_DECIMALS));
        e.set("cy", Numbers.format(m[1], Numbers.MAX_DECIMALS));
        if (circle && (circleOut || nrx == nry)) {
            e.set("r", Numbers.format(nrx, Numbers.MAX_DECIMALS));
        } else {
            if (circle) e.name = e.prefixed() ? e.name.substring(0, e.name.indexOf(':') + 1) + "ellipse" : "ellipse";
            e.set("rx", Numbers.format(nrx, Numbers.MAX_DECIMALS));
            e.set("ry", Numbers.format(nry, Numbers.MAX_DECIMALS));
        }
    }

    private static boolean dashed(Element e) {
        String dash = inherited(e, "stroke-dasharray");
        String stroke = inherited(e, "stroke");
        return dash != null && !dash.equals("none") && stroke != null && !stroke.equals("none");
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
