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

    /** One scene's timings in milliseconds. */
    public record Timing(String scene, String canvas, double forwardMs, double forwardBackwardMs) {}

    public static List<Timing> run(List<RasterScenes.Spec> specs, int threads, int runs, long warmupMillis,
            Runnable progress) {
        List<Timing> out = new ArrayList<>();
        try (Rasterizer raster = dev.diffink.render.Backend.rasterizer(threads, Rasterizer.DEFAULT_TOLERANCE)) {
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
                out.add(new Timing(spec.name(), spec.canvas(), f, fb));
                if (progress != null) progress.run();
            }
        }
        return out;
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
