package dev.diffink.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.raster.SceneGradient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quick raster bench: its timings, and how it tells a backend that computes something else. */
class RasterBenchTest {

    @Test
    void differencesAreTheLargestAndNaNIsNeverSmall() {
        assertEquals(0.5, RasterBench.largestDifference(new float[] {0, 1, 2}, new float[] {0, 1.5f, 2}), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY,
                RasterBench.largestDifference(new float[] {0, Float.NaN}, new float[] {0, 1}));
        float[] none = new float[0];
        SceneGradient want = new SceneGradient(new float[] {4, -8}, none, new float[] {1}, new float[] {2});
        SceneGradient got = new SceneGradient(new float[] {4, -7}, none, new float[] {1}, new float[] {2});
        assertEquals(1.0 / 8, RasterBench.relativeDifference(got, want), 1e-9, "over the largest JVM gradient");
    }

    @Test
    void aTimingMatchesOnlyWithinTheTolerances() {
        assertTrue(new RasterBench.Timing("s", "1x1", 1, 2, Double.NaN, Double.NaN).matches(), "not compared");
        assertTrue(new RasterBench.Timing("s", "1x1", 1, 2, 1e-5, 1e-6).matches());
        assertFalse(new RasterBench.Timing("s", "1x1", 1, 2, 0.5, 1e-6).matches(), "an image off");
        assertFalse(new RasterBench.Timing("s", "1x1", 1, 2, 1e-5, 0.3).matches(), "gradients off");
        assertFalse(new RasterBench.Timing("s", "1x1", 1, 2, Double.POSITIVE_INFINITY, 0).matches(), "a NaN");
    }

    @Test
    void theJvmRunIsNamedAndNotComparedWithItself() {
        RasterBench.Run run = RasterBench.run(List.of(RasterScenes.STANDARD.getFirst()), 1, 1, 0, null);
        assertTrue(run.backend().startsWith("JVM"), run.backend());
        RasterBench.Timing t = run.timings().getFirst();
        assertTrue(t.forwardMs() > 0 && t.forwardBackwardMs() > 0);
        assertTrue(Double.isNaN(t.imageDiff()) && Double.isNaN(t.gradientDiff()));
    }
}
