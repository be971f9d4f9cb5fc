package dev.diffink.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fine stage that cannot run (as a device that cannot compile the kernels): without a fallback
 * the rasterizer passes its refusal on; with one, it renders and differentiates on the JVM from
 * then on and says so once.
 */
class FineStageFallbackTest {

    /** Refuses every call, and counts them; with {@code bins}, it claims to bin as well. */
    static final class BrokenStage implements FineStage {
        final boolean bins;
        int calls, outlineCalls, closes;

        BrokenStage(boolean bins) {
            this.bins = bins;
        }

        @Override
        public boolean bins() {
            return bins;
        }

        @Override
        public void renderOutlines(OutlineInputs in, float[] image) {
            assertTrue(bins, "asked to bin");
            outlineCalls++;
            throw new UnsupportedOperationException("the broken device cannot bin");
        }

        @Override
        public double backwardOutlines(OutlineInputs in, float[] adjoint, long adjointId, float[] vertexGrad,
                float[] dPaintParams, float[] dOpacities) {
            assertTrue(bins, "asked to bin");
            outlineCalls++;
            throw new UnsupportedOperationException("the broken device cannot bin");
        }

        @Override
        public String name() {
            return "broken device";
        }

        @Override
        public void render(FineInputs in, float[] image) {
            calls++;
            throw new UnsupportedOperationException("the broken device cannot compile the kernels");
        }

        @Override
        public void backward(FineInputs in, float[] adjoint, long adjointId, double[] tileLoss, int[] entryGradStart,
                float[] entryGrad, float[] pieceGrad) {
            calls++;
            throw new UnsupportedOperationException("the broken device cannot compile the kernels");
        }

        @Override
        public void close() {
            closes++;
        }
    }

    @org.junit.jupiter.api.Test
    void aRasterizerClosesItsStageOnceAndWhenItRefusesItsArguments() {
        // A device's stage is shared and counts its holders' closes: each holder closes it once.
        BrokenStage stage = new BrokenStage(false);
        Rasterizer r = new Rasterizer(1, 0.05f, stage);
        r.close();
        r.close();
        assertEquals(1, stage.closes, "closes of a rasterizer closed twice");
        BrokenStage refused = new BrokenStage(false), badTolerance = new BrokenStage(false);
        assertThrows(IllegalArgumentException.class, () -> new Rasterizer(0, 0.05f, refused));
        assertThrows(IllegalArgumentException.class, () -> new Rasterizer(1, 0f, badTolerance));
        assertEquals(1, refused.closes, "the stage of a rasterizer refused for its thread count");
        assertEquals(1, badTolerance.closes, "the stage of a rasterizer refused for its tolerance");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusalIsPassedOnWithoutAFallback(boolean bins) {
        PackedScene scene = DeterminismTest.randomScene(3, 64, 12);
        try (Rasterizer r = new Rasterizer(1, 0.05f, new BrokenStage(bins))) {
            var e = assertThrows(UnsupportedOperationException.class,
                    () -> r.render(scene, new float[scene.imageLength()]));
            assertTrue(e.getMessage().contains("broken device"), e.getMessage());
            assertEquals("broken device", r.backendName());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withAFallbackTheJvmTakesOverAndSaysSoOnce(boolean bins) {
        PackedScene scene = DeterminismTest.randomScene(3, 64, 12);
        float[] expected = new float[scene.imageLength()];
        SceneGradient expectedGrad = SceneGradient.allFor(scene);
        float[] target = new float[scene.imageLength()];
        double expectedLoss;
        try (Rasterizer r = new Rasterizer(2, 0.05f)) {
            r.render(scene, expected);
            expectedLoss = r.backwardL2(scene, target, expectedGrad);
        }
        BrokenStage stage = new BrokenStage(bins);
        List<String> notices = new ArrayList<>();
        try (Rasterizer r = new Rasterizer(2, 0.05f, stage, notices::add)) {
            float[] image = new float[scene.imageLength()];
            SceneGradient grad = SceneGradient.allFor(scene);
            // Backward first: its fall back, after the device's binning refused, starts from a
            // workspace prepared for the device.
            double loss = r.backwardL2(scene, target, grad);
            r.render(scene, image);
            assertArrayEquals(expected, image);
            assertEquals(expectedLoss, loss);
            assertArrayEquals(expectedGrad.dPoints, grad.dPoints);
            assertArrayEquals(expectedGrad.dPaintParams, grad.dPaintParams);
            assertEquals(1, stage.calls, "the stage is not asked again once it refused");
            // A stage that bins is asked to bin once; then binning moves to the host, and the
            // fine stage is tried (and refuses) on its own.
            assertEquals(bins ? 1 : 0, stage.outlineCalls, "calls to bin");
            assertEquals(1, stage.closes, "closes of the stage that refused");
            List<String> said = new ArrayList<>();
            if (bins) said.add("the broken device cannot bin; binning on the host instead");
            said.add("the broken device cannot compile the kernels; rendering on the JVM instead");
            assertEquals(said, notices);
            assertTrue(r.backendName().startsWith("JVM"), r.backendName());
        }
    }
}
