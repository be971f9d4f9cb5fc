package dev.diffink.bench;

import dev.diffink.raster.Rasterizer;
import dev.diffink.raster.PackedScene;
import dev.diffink.raster.SceneGradient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A quick timing of the rasterizer on {@link RasterScenes}: a warm-up, then the median of several
 * runs, for users measuring their own machine. The JMH suite in the bench module is the careful
 * measurement; this is a sanity check that takes seconds.
 */
public final class RasterBench {
    private RasterBench() {}

    /**
     * One scene's timings in milliseconds and, for a backend other than the JVM's, how far its
     * results are from the JVM executor's on the same scene (NaN when not compared): the largest
     * pixel difference (0-1 scale), and the largest gradient difference over the largest JVM
     * gradient (so a kernel that did not run shows, instead of timing as fast).
     */
    public record Timing(String scene, String canvas, double forwardMs, double forwardBackwardMs, double imageDiff,
            double gradientDiff) {

        /** Whether the results match the JVM's within {@link #IMAGE_TOLERANCE} and {@link #GRADIENT_TOLERANCE}. */
        public boolean matches() {
            // (NaN, not compared, matches; infinite, a NaN in the results, does not.)
            return !(imageDiff > IMAGE_TOLERANCE) && !(gradientDiff > GRADIENT_TOLERANCE);
        }
    }

    /** Largest pixel difference from the JVM's render counted as the same picture (rounding, sums reordered). */
    public static final double IMAGE_TOLERANCE = 2e-3;
    /** Largest gradient difference, over the largest JVM gradient, counted as the same gradients. */
    public static final double GRADIENT_TOLERANCE = 2e-2;

    /** A run's timings, and the backend that ran them ({@link Rasterizer#backendName}). */
    public record Run(String backend, List<Timing> timings) {}

    public static Run run(List<RasterScenes.Spec> specs, int threads, int runs, long warmupMillis,
            Runnable progress) {
        List<Timing> out = new ArrayList<>();
        String backend;
        try (Rasterizer raster = dev.diffink.render.Backend.rasterizer(threads, Rasterizer.DEFAULT_TOLERANCE);
                Rasterizer jvm = new Rasterizer(threads, Rasterizer.DEFAULT_TOLERANCE)) {
            backend = raster.backendName();
            boolean compare = !backend.equals(jvm.backendName());
            for (RasterScenes.Spec spec : specs) {
                PackedScene scene = RasterScenes.packed(spec);
                // Made once, as the optimiser does: a device keeps it between calls.
                Rasterizer.Target target = Rasterizer.Target.copyOf(RasterScenes.target(spec));
                float[] image = new float[scene.imageLength()];
                SceneGradient grad = SceneGradient.allFor(scene);
                Runnable forward = () -> raster.render(scene, image);
                Runnable backward = () -> {
                    grad.clear();
                    raster.backwardL2(scene, target, grad);
                };
                double f = median(forward, runs, warmupMillis);
                double fb = median(backward, runs, warmupMillis);
                double imageDiff = Double.NaN, gradientDiff = Double.NaN;
                if (compare) {
                    // The last timed calls' results, against the JVM executor's.
                    float[] want = new float[image.length];
                    jvm.render(scene, want);
                    imageDiff = largestDifference(image, want);
                    SceneGradient wantGrad = SceneGradient.allFor(scene);
                    jvm.backwardL2(scene, target, wantGrad);
                    gradientDiff = relativeDifference(grad, wantGrad);
                }
                out.add(new Timing(spec.name(), spec.canvas(), f, fb, imageDiff, gradientDiff));
                if (progress != null) progress.run();
            }
            // Read again: under auto a stage that failed has handed over to the JVM by now.
            backend = raster.backendName();
        }
        return new Run(backend, out);
    }

    /** The largest absolute difference between {@code a} and {@code b} (infinite when either holds a NaN). */
    static double largestDifference(float[] a, float[] b) {
        double most = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) return Double.POSITIVE_INFINITY;
            most = Math.max(most, d);
        }
        return most;
    }

    /** The largest difference between two gradients over the largest magnitude in {@code want}. */
    static double relativeDifference(SceneGradient got, SceneGradient want) {
        float[][] g = {got.dPoints, got.dStrokeWidths, got.dPaintParams, got.dOpacities};
        float[][] w = {want.dPoints, want.dStrokeWidths, want.dPaintParams, want.dOpacities};
        double most = 0, scale = 0;
        for (int k = 0; k < g.length; k++) {
            most = Math.max(most, largestDifference(g[k], w[k]));
            for (float v : w[k]) scale = Math.max(scale, Math.abs(v));
        }
        return scale > 0 ? most / scale : most;
    }

    /**
     * Median wall time of {@code runs} calls, in ms, after a warm-up of {@code warmupMillis} (the
     * JIT needs about a second to compile the kernels fully).
     */
    static double median(Runnable body, int runs, long warmupMillis) {
        long warmEnd = System.nanoTime() + warmupMillis * 1_000_000L;
        int warm = 0;
        while (System.nanoTime() < warmEnd || warm < 5) {
            body.run();
            warm++;
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
