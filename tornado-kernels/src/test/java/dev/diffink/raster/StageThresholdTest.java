package dev.diffink.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A rasterizer told to give its fine stage only large scenes renders small ones itself. */
class StageThresholdTest {

    /** Counts the calls it gets and leaves the image as it is. */
    static final class CountingStage implements FineStage {
        int renders, backwards;

        @Override
        public String name() {
            return "counting stage";
        }

        @Override
        public void render(FineInputs in, float[] image) {
            renders++;
        }

        @Override
        public void backward(FineInputs in, float[] adjoint, long adjointId, double[] tileLoss, int[] entryGradStart,
                float[] entryGrad, float[] pieceGrad) {
            backwards++;
        }

        @Override
        public void close() {}
    }

    @Test
    void scenesBelowTheThresholdStayOnTheWorkerThreads() {
        CountingStage stage = new CountingStage();
        // 48 x 48 px is 9 tiles; 64 x 64 is 16.
        PackedScene small = OutlineBoundsTest.scattered(1, 48, 4), large = OutlineBoundsTest.scattered(2, 64, 4);
        try (Rasterizer r = new Rasterizer(1, Rasterizer.DEFAULT_TOLERANCE, stage).stageFromTiles(16);
                Rasterizer jvm = new Rasterizer(1, Rasterizer.DEFAULT_TOLERANCE)) {
            float[] got = new float[small.imageLength()], want = new float[small.imageLength()];
            r.render(small, got);
            jvm.render(small, want);
            assertArrayEquals(want, got, "rendered on the worker threads");
            SceneGradient g = SceneGradient.allFor(small), wantG = SceneGradient.allFor(small);
            float[] target = new float[small.imageLength()];
            assertEquals(jvm.backwardL2(small, target, wantG), r.backwardL2(small, target, g), 0.0);
            assertArrayEquals(wantG.dPoints, g.dPoints);
            assertEquals(0, stage.renders + stage.backwards, "the stage got no small scene");

            r.render(large, new float[large.imageLength()]);
            r.backwardL2(large, new float[large.imageLength()], SceneGradient.allFor(large));
            assertEquals(1, stage.renders, "the large scene went to the stage");
            assertEquals(1, stage.backwards);
            assertEquals("counting stage (scenes of 16 tiles or more; smaller: JVM, 1 thread)", r.backendName());
        }
    }
}
