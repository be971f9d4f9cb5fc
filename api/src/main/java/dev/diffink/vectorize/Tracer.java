package dev.diffink.vectorize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The initial trace: stacked layers. Colours are ordered by how many pixels they cover, largest
 * first; layer i is the region of colour i together with every colour above it, so each shape is
 * a simple blob that the smaller, later shapes paint over (no holes where they will be covered),
 * and holes only where a colour below must show. Each connected part of a layer becomes one
 * shape: its outline and holes, fitted with cubics.
 */
final class Tracer {
    private Tracer() {}

    /** A traced shape with what the budget decides by. */
    record Traced(Drawing.Shape shape, int layer, double area) {}

    /** A connected part of a layer before fitting: its colour, outline and holes (corner polygons). */
    record Component(float[] color, int layer, double area, double[] outline, List<double[]> holes) {}

    /** The components of every layer, each at least {@code minArea} square pixels (holes too). */
    static List<Component> components(ImageInput.Bitmap image, Palette palette, double minArea) {
        int w = image.width(), h = image.height(), k = palette.size();
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) order[c] = c;
        java.util.Arrays.sort(order, Comparator.comparingInt((Integer c) -> -palette.counts[c]).thenComparingInt(c -> c));
        int[] rank = new int[k];
        for (int r = 0; r < k; r++) rank[order[r]] = r;
        int[] labels = palette.labels;
        List<Component> out = new ArrayList<>();
        boolean[] mask = new boolean[w * h];
        for (int layer = 0; layer < k; layer++) {
            for (int i = 0; i < mask.length; i++) mask[i] = labels[i] >= 0 && rank[labels[i]] >= layer;
            int colour = order[layer];
            float[] rgb = {(float) palette.srgb[3 * colour], (float) palette.srgb[3 * colour + 1],
                    (float) palette.srgb[3 * colour + 2], 1f};
            List<double[]> outers = new ArrayList<>(), holes = new ArrayList<>(), holeCorners = new ArrayList<>();
            for (int[] loop : Contours.trace(mask, w, h)) {
                double[] corners = new double[loop.length];
                for (int i = 0; i < loop.length; i++) corners[i] = loop[i];
                double a = Contours.area(corners);
                double[] d = Contours.smoothed(loop);
                if (Math.abs(a) < minArea) continue;
                (a > 0 ? outers : holes).add(d);
                if (a < 0) holeCorners.add(corners);
            }
            List<List<double[]>> members = new ArrayList<>();
            for (int o = 0; o < outers.size(); o++) members.add(new ArrayList<>());
            double[] outerArea = outers.stream().mapToDouble(Contours::area).toArray();
            for (int hi = 0; hi < holes.size(); hi++) {
                double[] hole = holes.get(hi), hc = holeCorners.get(hi);
                // The smallest outline holding the centre of the hole's pixel at its first corner
                // (left of the first edge: a hole's inside is on its left).
                double dx = Math.signum(hc[2] - hc[0]), dy = Math.signum(hc[3] - hc[1]);
                double x = hc[0] + 0.5 * dx + 0.5 * dy, y = hc[1] + 0.5 * dy - 0.5 * dx;
                int best = -1;
                for (int o = 0; o < outers.size(); o++) {
                    if ((best < 0 || outerArea[o] < outerArea[best]) && Contours.contains(outers.get(o), x, y)) best = o;
                }
                if (best >= 0) members.get(best).add(hole);
            }
            for (int o = 0; o < outers.size(); o++) {
                double area = outerArea[o];
                for (double[] hole : members.get(o)) area += Contours.area(hole);
                out.add(new Component(rgb, layer, area, outers.get(o), members.get(o)));
            }
        }
        return out;
    }

    /**
     * Every component fitted with cubics at a tolerance (pixels), by least squares
     * ({@link CurveFit#fit}) or, when {@code polygon}, by simplified vertices ({@link CurveFit#fitPolygon}).
     */
    static List<Traced> fit(List<Component> components, double tolerance, boolean polygon) {
        List<Traced> out = new ArrayList<>(components.size());
        for (Component c : components) {
            List<float[]> loops = new ArrayList<>();
            loops.add(toFloat(polygon ? CurveFit.fitPolygon(c.outline(), tolerance) : CurveFit.fit(c.outline(), tolerance)));
            for (double[] hole : c.holes()) {
                loops.add(toFloat(polygon ? CurveFit.fitPolygon(hole, tolerance) : CurveFit.fit(hole, tolerance)));
            }
            out.add(new Traced(new Drawing.Shape(c.color().clone(), loops), c.layer(), c.area()));
        }
        return out;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
