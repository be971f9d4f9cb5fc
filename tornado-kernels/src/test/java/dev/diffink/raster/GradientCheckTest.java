package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.CAP_BUTT;
import static dev.diffink.raster.PackedScene.CAP_ROUND;
import static dev.diffink.raster.PackedScene.CAP_SQUARE;
import static dev.diffink.raster.PackedScene.DRAW_FILL_EVENODD;
import static dev.diffink.raster.PackedScene.DRAW_FILL_NONZERO;
import static dev.diffink.raster.PackedScene.DRAW_STROKE;
import static dev.diffink.raster.PackedScene.JOIN_BEVEL;
import static dev.diffink.raster.PackedScene.JOIN_MITER;
import static dev.diffink.raster.PackedScene.JOIN_ROUND;
import static dev.diffink.raster.PackedScene.SPREAD_PAD;
import static dev.diffink.raster.PackedScene.SPREAD_REFLECT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The backward pass is the derivative of the forward pass: every parameter kind against central
 * finite differences of the loss {@code L = sum(w * image)} with random smooth weights w, on random scenes.
 *
 * <p>Tolerance: |analytic - numeric| <= 3% of |numeric| + 1% of the largest gradient of that kind.
 * Weights are smooth ({@link #smoothWeights}). The forward pass is float, so finite differences
 * carry rounding noise of about 1e-6 of the loss; the steps (0.003 px for geometry, 0.004 for
 * colours and offsets) keep that below 1e-3 of a typical gradient. Derivatives are exact almost
 * everywhere, but the loss has kinks a step can cross: a pixel centre crossing a gradient stop,
 * an overlap (the inner side of a sharp stroke join next to a short segment) whose coverage
 * saturates, a flattening count that changes. So up to 5% of the parameters of a kind (at least 2)
 * may miss; a wrong adjoint hits a whole category of parameters and fails. Near a kink the finite
 * difference converges to the analytic value as the step shrinks (checked by hand while writing
 * this test).
 */
class GradientCheckTest {

    private static final int SIZE = 48;

    @Test
    void fillsOfLinesQuadsAndCubics() {
        check(seed -> {
            Random rnd = new Random(seed);
            var b = new PackedScene.Builder(SIZE, SIZE).background(1, 1, 1, 1);
            for (int i = 0; i < 4; i++) {
                int p = b.beginPath(1, 0, 0, 1, 0, 0);
                randomClosedPath(b, rnd, 24, 12);
                b.endPath();
                b.addDraw(p, i == 2 ? DRAW_FILL_EVENODD : DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4,
                        0.6f + 0.4f * rnd.nextFloat(), -1);
                b.solidPaint(rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.5f + 0.5f * rnd.nextFloat());
            }
            return b.build();
        });
    }

    @Test
    void strokesWithEveryJoinAndCap() {
        int[][] styles = {{JOIN_MITER, CAP_BUTT}, {JOIN_ROUND, CAP_ROUND}, {JOIN_BEVEL, CAP_SQUARE},
                {JOIN_MITER, CAP_SQUARE}};
        check(seed -> {
            Random rnd = new Random(seed);
            var b = new PackedScene.Builder(SIZE, SIZE).background(1, 1, 1, 1);
            for (int[] style : styles) {
                int p = b.beginPath(1, 0, 0, 1, 0, 0);
                b.moveTo(6 + 36 * rnd.nextFloat(), 6 + 36 * rnd.nextFloat());
                b.lineTo(6 + 36 * rnd.nextFloat(), 6 + 36 * rnd.nextFloat());
                b.cubicTo(6 + 36 * rnd.nextFloat(), 6 + 36 * rnd.nextFloat(), 6 + 36 * rnd.nextFloat(),
                        6 + 36 * rnd.nextFloat(), 6 + 36 * rnd.nextFloat(), 6 + 36 * rnd.nextFloat());
                b.lineTo(6 + 36 * rnd.nextFloat(), 6 + 36 * rnd.nextFloat());
                b.endPath();
                b.addDraw(p, DRAW_STROKE, 1.5f + 3f * rnd.nextFloat(), style[0], style[1], 4f, 0.9f, -1);
                b.solidPaint(rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.6f + 0.4f * rnd.nextFloat());
            }
            return b.build();
        });
    }

    @Test
    void closedStrokesAndFillsUnderATransform() {
        check(seed -> {
            Random rnd = new Random(seed);
            var b = new PackedScene.Builder(SIZE, SIZE).background(1, 1, 1, 1);
            double angle = rnd.nextDouble() * Math.PI;
            float c = (float) Math.cos(angle), s = (float) Math.sin(angle);
            float sx = 1.4f, sy = 0.8f;
            int p = b.beginPath(c * sx, s * sx, -s * sy, c * sy, 24, 24);
            randomClosedPath(b, rnd, 0, 10);
            b.endPath();
            b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 0.8f, -1);
            b.solidPaint(0.2f, 0.5f, 0.9f, 1f);
            b.addDraw(p, DRAW_STROKE, 2.5f, JOIN_ROUND, CAP_BUTT, 4, 0.8f, -1);
            b.solidPaint(0.9f, 0.3f, 0.1f, 0.9f);
            return b.build();
        });
    }

    @Test
    void linearAndRadialGradients() {
        check(seed -> {
            Random rnd = new Random(seed);
            var b = new PackedScene.Builder(SIZE, SIZE).background(1, 1, 1, 1);
            int p = b.beginPath(1, 0, 0, 1, 0, 0);
            b.moveTo(4, 5).lineTo(40, 3).lineTo(44, 26).lineTo(6, 24).close();
            b.endPath();
            b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
            b.linearPaint(8 + 4 * rnd.nextFloat(), 10, 36, 20 + 4 * rnd.nextFloat(),
                    rnd.nextBoolean() ? SPREAD_PAD : SPREAD_REFLECT, new float[] {1, 0, 0, 1, 0, 0}, randomStops(rnd));
            int q = b.beginPath(1, 0, 0, 1, 0, 0);
            b.moveTo(3, 44).lineTo(45, 45).lineTo(40, 20).lineTo(8, 22).close();
            b.endPath();
            b.addDraw(q, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 0.85f, -1);
            // Radial gradient in a rotated, scaled paint space, focal point inside the circle.
            b.radialPaint(0, 0, 1f, 0.2f + 0.1f * rnd.nextFloat(), -0.15f, 0.05f, SPREAD_PAD,
                    new float[] {14, 4, -5, 10, 24, 34}, randomStops(rnd));
            return b.build();
        });
    }

    static float[] randomStops(Random rnd) {
        return new float[] {0.05f, rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.9f, 0.45f + 0.1f * rnd.nextFloat(),
                rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.6f, 0.95f, rnd.nextFloat(), rnd.nextFloat(),
                rnd.nextFloat(), 1f};
    }

    static void randomClosedPath(PackedScene.Builder b, Random rnd, float centre, float radius) {
        int n = 5;
        float[] xs = new float[n], ys = new float[n];
        float cx = centre + (centre == 0 ? 0 : 8 * (rnd.nextFloat() - 0.5f));
        float cy = centre + (centre == 0 ? 0 : 8 * (rnd.nextFloat() - 0.5f));
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * (i + 0.3 * rnd.nextDouble()) / n;
            float r = radius * (0.7f + 0.6f * rnd.nextFloat());
            xs[i] = cx + r * (float) Math.cos(a);
            ys[i] = cy + r * (float) Math.sin(a);
        }
        b.moveTo(xs[0], ys[0]);
        b.lineTo(xs[1], ys[1]);
        b.quadTo(0.5f * (xs[1] + xs[2]) + 3 * (rnd.nextFloat() - 0.5f), 0.5f * (ys[1] + ys[2]) + 3, xs[2], ys[2]);
        b.cubicTo(xs[2] + 4, ys[2] + 2, xs[3] - 2, ys[3] + 4, xs[3], ys[3]);
        b.lineTo(xs[4], ys[4]);
        b.close();
    }

    /** A parameter array of a scene, with its adjoint in a gradient. */
    private record Kind(String name, Function<PackedScene, float[]> values, Function<SceneGradient, float[]> adjoint,
            float step) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("points", s -> s.points, g -> g.dPoints, 0.003f),
            new Kind("stroke widths", s -> s.strokeWidths, g -> g.dStrokeWidths, 0.003f),
            new Kind("paint parameters", s -> s.paintParams, g -> g.dPaintParams, 0.004f),
            new Kind("opacities", s -> s.opacities, g -> g.dOpacities, 0.004f));

    private static void check(Function<Long, PackedScene> sceneFor) {
        List<String> report = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            PackedScene scene = sceneFor.apply(seed);
            float[] weights = smoothWeights(scene.width, scene.height, new Random(seed * 7919));
            SceneGradient grad = SceneGradient.allFor(scene);
            try (Rasterizer r = TestRasterizers.open(2, Rasterizer.DEFAULT_TOLERANCE)) {
                r.backward(scene, weights, grad);
                for (Kind kind : KINDS) {
                    float[] values = kind.values.apply(scene);
                    float[] analytic = kind.adjoint.apply(grad);
                    float max = 0f;
                    for (float v : analytic) max = Math.max(max, Math.abs(v));
                    int misses = 0, checked = 0;
                    List<String> worst = new ArrayList<>();
                    for (int i = 0; i < values.length; i++) {
                        if (kind.name.equals("stroke widths") && scene.drawKind[i] != DRAW_STROKE) continue;
                        PackedScene plus = scene.copy(), minus = scene.copy();
                        kind.values.apply(plus)[i] += kind.step;
                        kind.values.apply(minus)[i] -= kind.step;
                        double numeric = (loss(r, plus, weights) - loss(r, minus, weights)) / (2 * kind.step);
                        checked++;
                        double err = Math.abs(analytic[i] - numeric);
                        if (err > 0.03 * Math.abs(numeric) + 0.01 * max + 1e-4) {
                            misses++;
                            if (worst.size() < 4) worst.add(String.format("#%d analytic %.5g numeric %.5g", i,
                                    analytic[i], numeric));
                        }
                    }
                    if (checked > 0 && misses > Math.max(2, checked * 5 / 100)) {
                        report.add("seed " + seed + " " + kind.name + ": " + misses + "/" + checked + " off, e.g. "
                                + worst);
                    }
                }
            }
        }
        assertTrue(report.isEmpty(), String.join("\n", report));
    }

    /**
     * Loss weights that vary smoothly over the image: a sum of a few low-frequency waves per
     * channel. White-noise weights would make the loss's kinks (a pixel centre crossing a stop
     * offset, a vertex crossing a pixel boundary) as large as its slope.
     */
    static float[] smoothWeights(int width, int height, Random rnd) {
        float[] w = new float[width * height * 4];
        for (int c = 0; c < 4; c++) {
            for (int k = 0; k < 4; k++) {
                double fx = (rnd.nextDouble() - 0.5) * 0.5, fy = (rnd.nextDouble() - 0.5) * 0.5;
                double phase = rnd.nextDouble() * 2 * Math.PI, amp = rnd.nextDouble() - 0.5;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        w[4 * (y * width + x) + c] += (float) (amp * Math.cos(fx * x + fy * y + phase));
                    }
                }
            }
        }
        return w;
    }

    private static double loss(Rasterizer r, PackedScene scene, float[] weights) {
        float[] image = new float[scene.imageLength()];
        r.render(scene, image);
        double sum = 0;
        for (int i = 0; i < image.length; i++) sum += (double) weights[i] * image[i];
        return sum;
    }
}
