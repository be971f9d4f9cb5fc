package dev.diffink.vectorize;

import dev.diffink.raster.Rasterizer;
import dev.diffink.raster.PackedScene;
import dev.diffink.raster.SceneGradient;
import dev.diffink.score.ScorerLoss;
import java.util.function.BooleanSupplier;

/**
 * Gradient descent through the differentiable rasterizer: Adam over every control point and fill
 * colour against an L2 or L1 pixel loss, with a cosine learning-rate schedule. In the last fifth of the
 * iterations the points are snapped to the grid the SVG will be written on after every step, so
 * the drawing that is written is the drawing that was optimised.
 */
final class Refiner {
    private Refiner() {}

    /** Step sizes: pixels for points, colour units for paint. */
    record Rates(float points, float colours) {}

    /** Outcome: mean squared error (premultiplied RGBA) before and after, and the iterations run. */
    record Outcome(double lossBefore, double lossAfter, int iterations) {}

    /**
     * {@code kept} is {@code target} made once for the whole run ({@link Rasterizer.Target}): plain
     * L2 runs fused in the rasterizer against it, and a device keeps it between calls and passes.
     */
    static Outcome refine(PackedScene scene, float[] target, Rasterizer.Target kept, Rasterizer raster,
            int iterations, Rates rates,
            int decimals, Vectorizer.Loss lossKind, ScorerLoss scorer, BooleanSupplier stop) {
        SceneGradient g = SceneGradient.allFor(scene);
        boolean explicit = lossKind != Vectorizer.Loss.L2 || scorer != null;
        float[] image = explicit ? new float[target.length] : null;
        float[] dImage = explicit ? new float[target.length] : null;
        Adam points = new Adam(scene.points.length), paint = new Adam(scene.paintParams.length);
        double grid = Math.pow(10, decimals);
        double first = Double.NaN, last = Double.NaN;
        int done = 0;
        int snapFrom = iterations - Math.max(1, iterations / 5);
        for (int it = 0; it < iterations && !stop.getAsBoolean(); it++) {
            g.clear();
            double loss = step(scene, target, kept, raster, g, image, dImage, lossKind, scorer);
            if (it == 0) first = loss;
            last = loss;
            double schedule = 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * it / iterations));
            points.step(scene.points, g.dPoints, rates.points() * schedule);
            paint.step(scene.paintParams, g.dPaintParams, rates.colours() * schedule);
            for (int i = 0; i < scene.paintParams.length; i++) {
                scene.paintParams[i] = Math.clamp(scene.paintParams[i], 0f, 1f);
            }
            for (int i = 0; i < scene.points.length; i += 2) {
                scene.points[i] = Math.clamp(scene.points[i], -1f, scene.width + 1f);
                scene.points[i + 1] = Math.clamp(scene.points[i + 1], -1f, scene.height + 1f);
            }
            if (it >= snapFrom) snap(scene.points, grid);
            done++;
        }
        snap(scene.points, grid);
        if (done > 0) {
            g.clear();
            last = step(scene, target, kept, raster, g, image, dImage, lossKind, null);
        }
        return new Outcome(first, last, done);
    }

    /**
     * Gradient of the loss into {@code g}; returns the mean squared error (reported whatever the
     * loss). Plain L2 runs in the rasterizer's fused pass. Otherwise the picture is rendered and
     * the loss's derivative with respect to it is built here: L1 back-propagates
     * sign(image - target) / N, which weighs small errors as much as large ones (sharper edges,
     * less pull from outliers); a scorer ensemble adds its own image gradient to the pixel one.
     */
    private static double step(PackedScene scene, float[] target, Rasterizer.Target kept, Rasterizer raster,
            SceneGradient g, float[] image, float[] dImage, Vectorizer.Loss lossKind, ScorerLoss scorer) {
        if (image == null) return raster.backwardL2(scene, kept, g);
        raster.render(scene, image);
        double mse = 0;
        float scale = 1f / image.length;
        boolean l1 = lossKind == Vectorizer.Loss.L1;
        for (int i = 0; i < image.length; i++) {
            float d = image[i] - target[i];
            mse += d * d;
            dImage[i] = l1 ? (d > 0 ? scale : d < 0 ? -scale : 0) : 2 * d * scale;
        }
        if (lossKind == Vectorizer.Loss.SSIM) {
            Quality.ssimGradient(image, target, scene.width, scene.height, dImage, -STRUCTURE_WEIGHT);
        }
        if (scorer != null) scorer.evaluate(image, scene.width, scene.height, dImage, 1f);
        raster.backward(scene, dImage, g);
        return mse / image.length;
    }

    /** Weight of the structure term (1 - SSIM) against the mean squared error in {@code --loss SSIM}. */
    static final float STRUCTURE_WEIGHT = 0.03f;

    private static void snap(float[] points, double grid) {
        for (int i = 0; i < points.length; i++) points[i] = (float) (Math.round(points[i] * grid) / grid);
    }

    /** Adam (Kingma and Ba) with the usual constants. */
    static final class Adam {
        private final float[] m, v;
        private int t;

        Adam(int n) {
            m = new float[n];
            v = new float[n];
        }

        void step(float[] x, float[] grad, double rate) {
            t++;
            double b1 = 0.9, b2 = 0.999;
            double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < x.length; i++) {
                float gi = grad[i];
                m[i] = (float) (b1 * m[i] + (1 - b1) * gi);
                v[i] = (float) (b2 * v[i] + (1 - b2) * gi * gi);
                x[i] -= (float) (rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
            }
        }
    }
}
