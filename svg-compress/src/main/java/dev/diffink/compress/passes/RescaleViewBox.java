package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Geometry;
import dev.diffink.compress.Numbers;
import dev.diffink.compress.Pass;
import dev.diffink.compress.PathData;
import dev.diffink.compress.PathData.Segment;
import dev.diffink.compress.PathEncoder;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgProperties;
import dev.diffink.compress.SvgSerializer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rescales the user coordinate system by 10^k (k up to the document's decimals) so that
 * coordinates need fewer decimals, or none: {@code 12.34} becomes {@code 1234}, one character less
 * for each fractional number. Everything in user units scales: the viewBox, path data, shape
 * attributes, stroke widths and dashes, user-space gradients, the translation of transforms
 * (their linear part is unchanged under the change of scale); {@code width} and {@code height} are
 * added to the root when missing, so the natural size stays. The shortest result wins, the
 * original included. Documents with anything this pass does not know how to scale (text,
 * patterns, markers, filters, masks, nested viewports, percentage lengths, bounding-box clip
 * paths) are left alone.
 *
 * <p>Elements whose render is known to depend on the scale in some renderer keep their numbers
 * and get the scale as a transform instead ({@code scale(1e3)}, or for a run of them one {@code
 * <g transform="scale(1e3)">}): circles and ellipses, whose outline librsvg (2.54) builds in their
 * own user units and rounds differently when those units change (measured: a circle of radius
 * 19.94 whose lowest point falls on a pixel edge at 4x drew 8/255 differently with its numbers
 * times 100 in a viewBox 100 times larger; under the transform, 0), and strokes of curves with a
 * control point on an end point (their end tangents are ill-conditioned: librsvg's render of one
 * changed by up to 63/255 and DiffInk's by up to 9/255 when only the units changed). Such an
 * element must not paint with a gradient or clip with anything in user units (those would be in
 * the new units); one that does keeps the whole document at its scale.
 */
public final class RescaleViewBox implements Pass {

    /** @param maxExponent the largest k tried */
    public record Options(int maxExponent) {
        public static final Options DEFAULT = new Options(4);
    }

    private static final Set<String> ELEMENTS = Set.of("svg", "g", "path", "rect", "circle", "ellipse", "line",
            "polyline", "polygon", "defs", "linearGradient", "radialGradient", "stop", "title", "desc", "clipPath",
            "use");
    private static final Set<String> LENGTHS = Set.of("x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "fx",
            "fy", "fr", "x1", "y1", "x2", "y2", "stroke-width", "stroke-dashoffset");
    private static final Set<String> OTHER_OK = Set.of("id", "href", "xlink:href", "xmlns", "xmlns:xlink", "viewBox",
            "preserveAspectRatio", "transform", "gradientTransform", "gradientUnits", "spreadMethod", "offset",
            "clipPathUnits", "d", "points", "stroke-dasharray", "class");

    private final Options options;

    public RescaleViewBox() {
        this(Options.DEFAULT);
    }

    public RescaleViewBox(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "rescaleViewBox";
    }

    @Override
    public String description() {
        return "rescale user units so coordinates need fewer decimals, where that is shorter";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        // A second round over an unchanged grid would try the same scales again.
        if (ctx.decimals == 0 || ctx.rescaleTriedAt == ctx.decimals || !scalable(doc)) return;
        ctx.rescaleTriedAt = ctx.decimals;
        int bestLength = SvgSerializer.length(doc);
        SvgDocument best = null;
        int bestK = 0;
        // Copies share the attribute strings, so each path is parsed once for all k.
        Map<String, List<Segment>> parsed = new IdentityHashMap<>();
        // From the largest k down (usually the winner: every coordinate an integer), while a
        // smaller k may still be shorter.
        for (int k = Math.min(ctx.decimals, options.maxExponent()); k >= 1; k--) {
            SvgDocument copy = doc.copy();
            if (!scale(copy, Numbers.pow10(k), ctx.decimals - k, ctx.invisible() * Numbers.pow10(k), parsed)) return;
            int len = SvgSerializer.length(copy);
            if (len < bestLength) {
                bestLength = len;
                best = copy;
                bestK = k;
            }
            if (!smallerMayWin(copy)) break;
        }
        if (best != null) {
            doc.setRoot(best.root());
            // Later passes (and a second round) work in the new units, on the grid they now need.
            ctx.decimals -= bestK;
            ctx.unitsPerPixel *= Numbers.pow10(bestK);
            ctx.encoded.clear();
            // Every path's data was just written by the encoder on the new grid.
            for (Element e : doc.elements()) if (e.has("d")) ctx.encoded.add(e.attr("d"));
        }
    }

    private static boolean scalable(SvgDocument doc) {
        for (Element e : doc.elements()) {
            if (!ELEMENTS.contains(e.localName()) || e.prefixed()) return false;
            if (e.localName().equals("svg") && e != doc.root()) return false;
            if (e.localName().equals("clipPath") && "objectBoundingBox".equals(e.attr("clipPathUnits"))) return false;
            for (var a : e.attributes.entrySet()) {
                String name = a.getKey(), v = a.getValue().trim();
                if (LENGTHS.contains(name)) {
                    boolean boxUnits = e.localName().endsWith("Gradient") && !"userSpaceOnUse".equals(e.attr("gradientUnits"));
                    if (!boxUnits && Double.isNaN(Geometry.length(v))) return false;
                } else if (!OTHER_OK.contains(name) && !SvgProperties.PRESENTATION.contains(name)) {
                    return false;
                } else if (name.equals("font-size") || name.equals("letter-spacing") || name.equals("word-spacing")) {
                    return false;
                } else if (name.equals("transform-origin") || (name.equals("vector-effect") && !v.equals("none"))) {
                    // A transform origin in user units, and stroke widths in the viewport's units
                    // (non-scaling-stroke), would need scaling this pass does not do.
                    return false;
                }
            }
        }
        boolean uses = false;
        for (Element e : doc.elements()) uses |= e.localName().equals("use");
        for (Element e : doc.elements()) {
            if (scaleSensitive(e) && !keepsUnits(e, uses)) return false;
        }
        Element root = doc.root();
        if (!root.has("viewBox") && (Double.isNaN(Geometry.length(root.attr("width")))
                || Double.isNaN(Geometry.length(root.attr("height"))))) {
            return false;
        }
        return !root.has("viewBox") || root.attr("viewBox").trim().split("[\\s,]+").length == 4;
    }

    /**
     * Whether some renderer draws {@code e} measurably differently when only its units change:
     * circles and ellipses (librsvg), and strokes of curves with a control point on an end point
     * (every stroker). Such an element keeps its numbers under a scale transform.
     */
    private static boolean scaleSensitive(Element e) {
        String n = e.localName();
        return n.equals("circle") || n.equals("ellipse") || (n.equals("path") && degenerateStroke(e));
    }

    /** A stroked path with a curve whose control point lies on an end point ({@link #degenerateCurve}). */
    static boolean degenerateStroke(Element e) {
        return e.has("d") && BakeTransforms.stroked(e) && degenerateCurve(e.attr("d"));
    }

    /**
     * Whether a circle, ellipse or path can keep its own units under a scale transform: nothing it
     * references (a user-space gradient, a clip path) would then be read in other units than it
     * was made in; the stroke lengths it keeps in its own units are plain numbers (a percentage
     * is of the viewport, which is in the new units); and, in a document with {@code <use>}
     * ({@code uses}), neither it nor a group around it has an id (a use may give it inherited
     * values this pass does not see).
     */
    private static boolean keepsUnits(Element e, boolean uses) {
        for (String v : e.attributes.values()) if (v.contains("url(")) return false;
        for (String property : List.of("fill", "stroke")) {
            String v = BakeTransforms.inherited(e, property);
            if (v != null && v.contains("url(")) return false;
        }
        for (String property : INHERITED_LENGTHS) {
            String v = BakeTransforms.inherited(e, property);
            if (v == null || v.trim().equals("none")) continue;
            for (String part : v.trim().split("[\\s,]+")) {
                if (part.endsWith("%") || Double.isNaN(Geometry.length(part))) return false;
            }
        }
        return !(uses && BakeTransforms.idOnOrAround(e));
    }

    /**
     * Whether a scale ten times smaller could shorten this document's path data. There, an
     * integer of two or more digits not ending in 0 gains a decimal point ({@code 286} becomes
     * {@code 28.6}), one ending in 0 (or in exponent form) loses a digit, and a single digit may
     * lose a separator ({@code 5} becomes {@code .5}, which can follow a number with a point).
     * The smaller scale is skipped when the gains exceed every possible saving by a margin
     * (measured on the corpus: every scale this skipped was longer; the closest winner had 21
     * more savings than gains).
     */
    static boolean smallerMayWin(SvgDocument doc) {
        long longer = 0, shorter = 0, neutral = 0;
        for (Element e : doc.elements()) {
            String d = e.attr("d");
            if (d == null) continue;
            int i = 0, n = d.length();
            while (i < n) {
                char c = d.charAt(i);
                if (!(c >= '0' && c <= '9') && c != '.') {
                    i++;
                    continue;
                }
                int start = i;
                boolean dot = false, exp = false;
                while (i < n && ((c = d.charAt(i)) >= '0' && c <= '9' || (c == '.' && !dot) || c == 'e'
                        || (c == '-' && i > start && d.charAt(i - 1) == 'e'))) {
                    dot |= c == '.';
                    exp |= c == 'e';
                    i++;
                }
                if (dot || (i - start == 1 && d.charAt(start) != '0')) neutral++;
                else if (exp || (d.charAt(i - 1) == '0' && i - start > 1)) shorter++;
                else if (i - start > 1) longer++;
            }
        }
        return longer - shorter - neutral <= 16;
    }

    /**
     * Whether a curve has a control point on its end point ({@code M0 0s5 5 10 0}, common in
     * hand-drawn strokes). Its tangent there is defined only in the limit, and stroking it is
     * ill-conditioned: measured, librsvg's render of such a stroke changes by up to 63/255 when
     * only the user-unit scale changes, and DiffInk's by up to 9/255, so such a stroke keeps its
     * units.
     */
    static boolean degenerateCurve(String d) {
        List<Segment> segs;
        try {
            segs = PathData.parse(d);
        } catch (IllegalArgumentException e) {
            return true;
        }
        double[] starts = PathData.startPoints(segs);
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            double[] v = s.v();
            double x = starts[2 * i], y = starts[2 * i + 1];
            if (s.cmd() == 'C' && ((v[0] == x && v[1] == y) || (v[2] == v[4] && v[3] == v[5]))) return true;
            if (s.cmd() == 'Q' && ((v[0] == x && v[1] == y) || (v[0] == v[2] && v[1] == v[3]))) return true;
        }
        return false;
    }

    /** Scales every user-space quantity by f; writes numbers with {@code decimals} places. */
    private static boolean scale(SvgDocument doc, long f, int decimals, double tolerance,
            Map<String, List<Segment>> parsed) {
        Element root = doc.root();
        if (root.has("viewBox")) {
            String[] vb = root.attr("viewBox").trim().split("[\\s,]+");
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) v[i] = Double.parseDouble(vb[i]);
            if (!root.has("width")) root.set("width", Numbers.format(v[2], Numbers.MAX_DECIMALS));
            if (!root.has("height")) root.set("height", Numbers.format(v[3], Numbers.MAX_DECIMALS));
            root.set("viewBox", list(v, f, decimals));
        } else {
            double w = Geometry.length(root.attr("width")), h = Geometry.length(root.attr("height"));
            root.set("viewBox", "0 0 " + Numbers.format(w * f, decimals) + " " + Numbers.format(h * f, decimals));
        }
        // A stroke without a width of its own or inherited is 1 user unit wide: in the new units,
        // f. The root says so once (and the loop below scales it).
        for (Element e : doc.elements()) {
            if (BakeTransforms.stroked(e) && BakeTransforms.declared(e, "stroke-width") == null) {
                root.set("stroke-width", "1");
                break;
            }
        }
        List<Element> kept = new ArrayList<>();
        for (Element e : doc.elements()) {
            if (scaleSensitive(e)) {
                kept.add(e);
                continue;
            }
            boolean boxUnits = e.localName().endsWith("Gradient") && !"userSpaceOnUse".equals(e.attr("gradientUnits"));
            for (var a : new ArrayList<>(e.attributes.entrySet())) {
                String name = a.getKey(), v = a.getValue();
                if (e == root && (name.equals("width") || name.equals("height"))) continue;
                if (LENGTHS.contains(name) && !boxUnits) {
                    e.set(name, Numbers.format(Geometry.length(v) * f, decimals + extraDecimals(name)));
                } else if (name.equals("d")) {
                    List<Segment> segs = new ArrayList<>();
                    for (Segment s : parsed.computeIfAbsent(v, PathData::parse)) {
                        double[] p = s.v().clone();
                        for (int i = 0; i < p.length; i++) {
                            if (s.cmd() != 'A' || (i != 2 && i != 3 && i != 4)) p[i] *= f;
                        }
                        segs.add(new Segment(s.cmd(), p));
                    }
                    e.set("d", PathEncoder.encode(segs, decimals, tolerance, PathDataPass.filled(e, false)));
                } else if (name.equals("points") || name.equals("stroke-dasharray")) {
                    if (v.trim().equals("none")) continue;
                    String[] parts = v.trim().split("[\\s,]+");
                    double[] nums = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        nums[i] = Geometry.length(parts[i]);
                        if (Double.isNaN(nums[i])) return false;
                    }
                    e.set(name, list(nums, f, decimals));
                } else if (name.equals("transform") || (name.equals("gradientTransform") && !boxUnits)) {
                    String scaled = transform(v, f);
                    if (scaled == null) return false;
                    e.set(name, scaled);
                }
            }
        }
        keepUnits(kept, f);
        return true;
    }

    /** Properties in user units a shape may inherit; they are scaled where it would inherit them. */
    private static final List<String> INHERITED_LENGTHS = List.of("stroke-width", "stroke-dasharray",
            "stroke-dashoffset");

    /**
     * Puts each of {@code shapes} ({@link #scaleSensitive} ones, their numbers unscaled) under
     * {@code scale(f)}: runs of two or more siblings in a {@code g} or {@code svg}, without an id or a
     * transform, share a group; the others get it first in their own transform. Stroke lengths
     * they would inherit from a scaled ancestor are written on them in their own units.
     */
    private static void keepUnits(List<Element> shapes, long f) {
        if (shapes.isEmpty()) return;
        String scale = "scale(" + Numbers.format(f, 0) + ")";
        Set<Element> pending = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        pending.addAll(shapes);
        for (Element e : shapes) {
            for (String property : INHERITED_LENGTHS) {
                if (e.has(property)) continue;
                // The original value, in the shape's units: ancestors' values are scaled by now.
                String v = BakeTransforms.declared(e.parent(), property);
                if (v != null) e.set(property, unscale(v, f));
            }
        }
        for (Element e : shapes) {
            if (!pending.contains(e)) continue;
            Element parent = e.parent();
            List<Element> run = new ArrayList<>();
            if (groupable(e) && parent != null
                    && (parent.localName().equals("g") || parent.localName().equals("svg"))) {
                int i = parent.children.indexOf(e);
                for (; i < parent.children.size(); i++) {
                    if (!(parent.children.get(i) instanceof Element s) || !pending.contains(s) || !groupable(s)) break;
                    run.add(s);
                }
            }
            if (run.size() >= 2) {
                Element g = new Element("g");
                g.set("transform", scale);
                parent.insert(parent.children.indexOf(e), g);
                for (Element s : run) {
                    s.detach();
                    g.append(s);
                    pending.remove(s);
                }
            } else {
                String t = e.attr("transform");
                e.set("transform", t == null || t.isBlank() ? scale : scale + " " + t.trim());
                pending.remove(e);
            }
        }
    }

    private static boolean groupable(Element e) {
        return !e.has("id") && !e.has("transform");
    }

    /** A length or list of lengths in the scaled units, back in the original ones. */
    private static String unscale(String v, long f) {
        if (v.trim().equals("none")) return v;
        String[] parts = v.trim().split("[\\s,]+");
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            double n = Geometry.length(part);
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(Double.isNaN(n) ? part : Numbers.format(n / f, Numbers.MAX_DECIMALS));
        }
        return sb.toString();
    }

    /** Stroke widths keep more digits: they are often finer than coordinates. */
    private static int extraDecimals(String name) {
        return name.startsWith("stroke") ? 2 : 0;
    }

    private static String list(double[] v, long f, int decimals) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            String n = Numbers.format(d * f, decimals);
            if (!sb.isEmpty() && !n.startsWith("-")) sb.append(' ');
            sb.append(n);
        }
        return sb.toString();
    }

    /**
     * S T S^-1 for S = scale(f), function by function (S T1 T2 S^-1 = S T1 S^-1 S T2 S^-1): the
     * same linear parts, the translations (and rotation centres) scaled. The other numbers keep
     * their text, so nothing is rounded: a rotation rewritten as a rounded matrix moves edges by
     * thousandths of a pixel, which is enough to change librsvg's coverage samples.
     */
    static String transform(String list, long f) {
        Matcher m = Geometry.FUNCTION.matcher(list);
        StringBuilder sb = new StringBuilder();
        int end = 0;
        while (m.lookingAt()) {
            String fn = m.group(1);
            List<String> found = new ArrayList<>();
            Matcher n = Geometry.NUMBER.matcher(m.group(2));
            while (n.find()) found.add(n.group());
            String[] args = found.toArray(String[]::new);
            int[] scaled = switch (fn) {
                case "translate" -> args.length <= 2 ? new int[] {0, 1} : null;
                case "rotate" -> args.length == 1 || args.length == 3 ? new int[] {1, 2} : null;
                case "matrix" -> args.length == 6 ? new int[] {4, 5} : null;
                case "scale" -> args.length <= 2 ? new int[0] : null;
                case "skewX", "skewY" -> args.length == 1 ? new int[0] : null;
                default -> null;
            };
            if (scaled == null) return null;
            for (int k : scaled) {
                if (k >= args.length) continue;
                double v;
                try {
                    v = Double.parseDouble(args[k]);
                } catch (NumberFormatException e) {
                    return null;
                }
                args[k] = Numbers.format(v * f, Numbers.MAX_DECIMALS);
            }
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(fn).append('(').append(String.join(" ", args)).append(')');
            end = m.end();
            m.region(end, list.length());
        }
        return end == list.length() || list.substring(end).isBlank() ? sb.toString() : null;
    }
}
