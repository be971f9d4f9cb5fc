package dev.diffink.tornado;

import static dev.diffink.raster.PackedScene.CAP_BUTT;
import static dev.diffink.raster.PackedScene.DRAW_FILL_NONZERO;
import static dev.diffink.raster.PackedScene.JOIN_MITER;
import static dev.diffink.raster.PackedScene.SPREAD_PAD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.raster.FineStage;
import dev.diffink.raster.PackedScene;
import dev.diffink.raster.Rasterizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The TornadoVM backend's own behaviour: its devices, sharing a stage, and gradient fills on them. */
class TornadoBackendTest {

    static FineStage open() {
        try {
            return new TornadoBackend().open();
        } catch (IllegalStateException | LinkageError e) {
            throw new TestAbortedException("skipped on TornadoVM: " + e.getMessage()
                    + " (set TORNADOVM_HOME to a TornadoVM 5.2 SDK to run it)");
        }
    }

    static PackedScene gradientSquare() {
        var b = new PackedScene.Builder(48, 16).background(1, 1, 1, 1);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(0, 0).lineTo(48, 0).lineTo(48, 16).lineTo(0, 16).close();
        b.endPath();
        b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.linearPaint(8, 8, 40, 8, SPREAD_PAD, new float[] {1, 0, 0, 1, 0, 0},
                new float[] {0, 1, 0, 0, 1, 1, 0, 0, 1, 1});
        return b.build();
    }

    @Test
    void listsItsDevicesAndNamesTheOneItUses() {
        FineStage stage = open();
        List<String> devices = new TornadoBackend().devices();
        assertFalse(devices.isEmpty());
        assertTrue(stage.name().startsWith("TornadoVM "), stage.name());
        // Accelerated exactly when the first (fastest) device is not a CPU (PoCL: not).
        assertEquals(!devices.getFirst().contains(", cpu, "), new TornadoBackend().accelerated(), devices.getFirst());
        try (Rasterizer r = new Rasterizer(1, 0.05f, stage)) {
            assertEquals(stage.name(), r.backendName());
        }
    }

    @Test
    void byDefaultBinsLargeScenesOnTheDeviceAndSmallOnesOnTheHost() {
        String was = System.getProperty("diffink.tornado.binning");
        System.clearProperty("diffink.tornado.binning");
        try (FineStage stage = open()) {
            assertTrue(stage.bins());
            assertFalse(stage.binsScene(TornadoFineStage.AUTO_BINNING_TILES - 1), "a scene under 1024 x 1024 px");
            assertTrue(stage.binsScene(TornadoFineStage.AUTO_BINNING_TILES), "a scene of 1024 x 1024 px");
        } finally {
            if (was != null) System.setProperty("diffink.tornado.binning", was);
        }
        System.setProperty("diffink.tornado.binning", "host");
        try (FineStage stage = open()) {
            assertFalse(stage.bins() || stage.binsScene(1 << 20), "host binning asked for");
        } finally {
            if (was != null) System.setProperty("diffink.tornado.binning", was);
            else System.clearProperty("diffink.tornado.binning");
        }
    }

    /** A triangle and a stroked square over a {@code w x h} canvas. */
    static PackedScene shapes(int w, int h) {
        var b = new PackedScene.Builder(w, h).background(1, 1, 1, 1);
        int t = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(0.1f * w, 0.9f * h).lineTo(0.5f * w, 0.05f * h).lineTo(0.93f * w, 0.8f * h).close();
        b.endPath();
        b.addDraw(t, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.solidPaint(0.2f, 0.5f, 0.9f, 1);
        int s = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(0.3f * w, 0.3f * h).lineTo(0.7f * w, 0.3f * h).lineTo(0.7f * w, 0.7f * h).lineTo(0.3f * w, 0.7f * h)
                .close();
        b.endPath();
        b.addDraw(s, PackedScene.DRAW_STROKE, 3, JOIN_MITER, CAP_BUTT, 4, 0.8f, -1);
        b.solidPaint(0.9f, 0.2f, 0.1f, 1);
        return b.build();
    }

    static final float TOLERANCE = 1e-4f;

    @Test
    void rasterizersOpenAtOneTimeShareOneStageAndItsPlans() {
        // Both fine-stage paths: after the host's binning, and binning on the device.
        String was = System.getProperty("diffink.tornado.binning");
        try {
            for (String mode : new String[] {"host", "device"}) {
                System.setProperty("diffink.tornado.binning", mode);
                shareOneStage();
            }
        } finally {
            if (was != null) System.setProperty("diffink.tornado.binning", was);
            else System.clearProperty("diffink.tornado.binning");
        }
    }

    private static void shareOneStage() {
        PackedScene large = shapes(300, 200), small = shapes(70, 50);
        float[] jvmLarge = new float[large.imageLength()], jvmSmall = new float[small.imageLength()];
        try (Rasterizer r = new Rasterizer(1, 0.05f)) {
            r.render(large, jvmLarge);
            r.render(small, jvmSmall);
        }
        // Within float rounding of the JVM's image (edge coverage differs by about 1e-5 here).
        FineStage first = open(), second = open();
        assertSame(first, second, "one stage per device while rasterizers hold it");
        var stage = (TornadoFineStage) first;
        float[] image = new float[large.imageLength()], smallImage = new float[small.imageLength()];
        try (Rasterizer a = new Rasterizer(1, 0.05f, first)) {
            try (Rasterizer b = new Rasterizer(1, 0.05f, second)) {
                a.render(large, image);
                assertArrayEquals(jvmLarge, image, TOLERANCE);
                long plans = stage.plans();
                // Another rasterizer, a smaller image, then the first size again: no new plan.
                b.render(small, smallImage);
                assertArrayEquals(jvmSmall, smallImage, TOLERANCE);
                a.render(large, image);
                assertArrayEquals(jvmLarge, image, TOLERANCE);
                assertEquals(plans, stage.plans(), "plans built after the first render");
            }
            // The other holder closed: this one keeps the stage and its plans.
            long plans = stage.plans();
            a.render(small, smallImage);
            assertArrayEquals(jvmSmall, smallImage, TOLERANCE);
            assertEquals(plans, stage.plans(), "plans built after the first holder closed");
        }
        try (FineStage next = open()) {
            assertNotSame(first, next, "the last holder closed: a new stage");
        }
    }

    @Test
    void gradientFillsRenderAsOnTheJvm() {
        PackedScene scene = gradientSquare();
        float[] jvm = new float[scene.imageLength()];
        try (Rasterizer r = new Rasterizer(1, 0.05f)) {
            r.render(scene, jvm);
        }
        try (Rasterizer r = new Rasterizer(1, 0.05f, open())) {
            float[] image = new float[scene.imageLength()];
            r.render(scene, image);
            // Same floats up to the device's contractions (fma) and rounding.
            assertArrayEquals(jvm, image, 1e-5f);
            // The gradient runs from red to blue along x: not a flat colour.
            assertTrue(image[0] > 0.9f && image[4 * 47 + 2] > 0.9f, "red at the left, blue at the right");
        }
    }
}
