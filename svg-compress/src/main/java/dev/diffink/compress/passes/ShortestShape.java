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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes each shape as whichever element is shortest for the same geometry: basic shapes
 * ({@code rect}, {@code circle}, {@code ellipse}, {@code line}, {@code polyline},
 * {@code polygon}) may become paths, and a path that is exactly an axis-aligned rectangle (as a
 * full-canvas background often is) a {@code rect}. Dashed strokes keep their element, since a
 * dash pattern depends on where and in which direction the outline starts.
 */
public final class ShortestShape implements Pass {

    /** No options. */
    public record Options() {
        public static final Options DEFAULT = new Options();
    }

    private static final Set<String> SHAPE_ATTRS = Set.of("x", "y", "width", "height", "rx", "ry", "cx", "cy", "r",
            "x1", "y1", "x2", "y2", "points", "d");

    @Override
    public String name() {
        return "shortestShape";
    }

    @Override
    public String description() {
        return "write each shape as the shortest element for its geometry";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        for (Element e : doc.elements()) {
            String n = e.localName();
            if (!Set.of("path", "rect", "circle", "ellipse", "line", "polyline", "polygon").contains(n)) continue;
            String dash = BakeTransforms.inherited(e, "stroke-dasharray");
            if ((dash != null && !dash.equals("none")) || e.prefixed() || e.has("pathLength")) continue;
            if (e.has("marker-start") || e.has("marker-mid") || e.has("marker-end") || e.has("marker")) continue;
            List<Segment> segs;
            try {
                segs = Geometry.segments(e);
            } catch (IllegalArgumentException ex) {
                continue;
            }
            if (segs == null || segs.isEmpty()) continue;
            // A path stays a path unless it is a rectangle: M, three or four lines, maybe a closing line, Z.
            if (n.equals("path") && segs.size() > 7) continue;
            Map<String, String> best = current(e);
            String bestName = n;
            int bestLength = length(n, best);
            Map<String, String> path = Map.of("d", PathEncoder.encode(segs, ctx.decimalsFor(e), ctx.invisibleFor(e)));
            if (length("path", path) < bestLength && !n.equals("path")) {
                best = path;
                bestName = "path";
                bestLength = length("path", path);
            }
            Map<String, String> rect = rect(PathData.parse(path.get("d")), ctx.decimalsFor(e));
            if (rect != null && length("rect", rect) < bestLength) {
                best = rect;
                bestName = "rect";
            }
            if (!bestName.equals(n)) {
                for (String a : SHAPE_ATTRS) e.remove(a);
                e.name = bestName;
                // Geometry first, as writers put it.
                Map<String, String> rest = new LinkedHashMap<>(e.attributes);
                e.attributes.clear();
                e.attributes.putAll(best);
                e.attributes.putAll(rest);
            }
        }
    }

    private static Map<String, String> current(Element e) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : SHAPE_ATTRS) if (e.has(a)) m.put(a, e.attr(a));
        return m;
    }

    /** Characters an element of this name with these geometry attributes costs, beyond the shared rest. */
    private static int length(String name, Map<String, String> attrs) {
        int len = name.length();
        for (var a : attrs.entrySet()) len += a.getKey().length() + a.getValue().length() + 4;
        return len;
    }

    /** The rect for a path that is exactly one axis-aligned rectangle, or null. */
    private static Map<String, String> rect(List<Segment> s, int decimals) {
        // M, then 3 or 4 axis-aligned lines back to the start, then Z.
        if (s.size() < 4 || s.get(0).cmd() != 'M' || s.get(s.size() - 1).cmd() != 'Z') return null;
        int lines = s.size() - 2;
        if (lines != 3 && lines != 4) return null;
        double[][] p = new double[lines + 1][];
        p[0] = new double[] {s.get(0).x(), s.get(0).y()};
        for (int i = 1; i <= lines; i++) {
            if (s.get(i).cmd() != 'L') return null;
            p[i] = new double[] {s.get(i).x(), s.get(i).y()};
        }
        if (lines == 4 && (p[4][0] != p[0][0] || p[4][1] != p[0][1])) return null;
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            double[] a = p[i], b = p[(i + 1) % 4];
            if (a[0] != b[0] && a[1] != b[1]) return null;
            minX = Math.min(minX, a[0]);
            minY = Math.min(minY, a[1]);
            maxX = Math.max(maxX, a[0]);
            maxY = Math.max(maxY, a[1]);
        }
        // Four distinct corners, each a corner of the box (no zig-zag back and forth).
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) if (p[i][0] == p[j][0] && p[i][1] == p[j][1]) return null;
            if ((p[i][0] != minX && p[i][0] != maxX) || (p[i][1] != minY && p[i][1] != maxY)) return null;
        }
        if (!(maxX > minX && maxY > minY)) return null;
        Map<String, String> m = new LinkedHashMap<>();
        if (minX != 0) m.put("x", Numbers.format(minX, decimals));
        if (minY != 0) m.put("y", Numbers.format(minY, decimals));
        m.put("width", Numbers.format(maxX - minX, decimals));
        m.put("height", Numbers.format(maxY - minY, decimals));
        return m;
    }
}
