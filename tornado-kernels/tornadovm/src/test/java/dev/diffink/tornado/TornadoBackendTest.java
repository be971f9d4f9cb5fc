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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.raster.FineStage;
import dev.diffink.raster.PackedScene;
import dev.diffink.raster.Rasterizer;
import dev.diffink.raster.SceneGradient;
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
    void aDeviceSettingKeepsTheDevicesItNamesAndRefusesOneThatMatchesNone() {
        open().close();
        List<String> all = new TornadoBackend().devices();
        String backend = all.getFirst().substring(0, all.getFirst().indexOf(':'));
        SystemProperties.restoring("diffink.tornado.device", () -> {
            System.setProperty("diffink.tornado.device", backend.toLowerCase(java.util.Locale.ROOT));
            assertTrue(TornadoBackend.chosen().size() >= 1, "matched, ignoring case: " + backend);
            System.setProperty("diffink.tornado.device", "no such device 42");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TornadoBackend().open());
            assertTrue(e.getMessage().contains("no such device 42") && e.getMessage().contains(all.getFirst()),
                    e.getMessage());
        });
        assertEquals(all.size(), TornadoBackend.chosen().size(), "unset: every device");
    }

    @Test
    void byDefaultBinsLargeScenesOnTheDeviceAndSmallOnesOnTheHost() {
        SystemProperties.restoring("diffink.tornado.binning", () -> {
            System.clearProperty("diffink.tornado.binning");
            try (FineStage stage = open()) {
                assertTrue(stage.bins());
                assertFalse(stage.binsScene(TornadoFineStage.AUTO_BINNING_TILES - 1), "a scene under 1024 x 1024 px");
                assertTrue(stage.binsScene(TornadoFineStage.AUTO_BINNING_TILES), "a scene of 1024 x 1024 px");
            }
            System.setProperty("diffink.tornado.binning", "host");
            try (FineStage stage = open()) {
                assertFalse(stage.bins() || stage.binsScene(1 << 20), "host binning asked for");
            }
        });
    }

    /**
     * {@code n} overlapping triangles and a stroked square over a {@code w x h} canvas, off the
     * pixel grid (where device and JVM gradients agree within float rounding); more triangles
     * make longer tile lists.
     */
    static PackedScene shapes(int w, int h, int n) {
        var b = new PackedScene.Builder(w, h).background(1, 1, 1, 1);
        for (int i = 0; i < n; i++) {
            float d = 0.37f + 0.013f * i * w;
            int t = b.beginPath(1, 0, 0, 1, 0, 0);
            b.moveTo(0.1f * w + d, 0.9f * h - d).lineTo(0.5f * w + 0.3f * d, 0.05f * h + 0.41f)
                    .lineTo(0.93f * w - 0.2f * d, 0.8f * h + 0.11f).close();
            b.endPath();
            b.addDraw(t, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 0.7f, -1);
            b.solidPaint(0.2f, 0.5f, 0.9f - 0.02f * i, 1);
        }
        int s = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(0.3f * w + 0.29f, 0.3f * h + 0.33f).lineTo(0.7f * w + 0.29f, 0.3f * h + 0.33f)
                .lineTo(0.7f * w + 0.29f, 0.7f * h + 0.33f).lineTo(0.3f * w + 0.29f, 0.7f * h + 0.33f).close();
        b.endPath();
        b.addDraw(s, PackedScene.DRAW_STROKE, 3, JOIN_MITER, CAP_BUTT, 4, 0.8f, -1);
        b.solidPaint(0.9f, 0.2f, 0.1f, 1);
        return b.build();
    }

    static final float TOLERANCE = 1e-4f;

    @Test
    void rasterizersOpenAtOneTimeShareOneStageAndItsPlans() {
        // Both fine-stage paths: after the host's binning, and binning on the device.
        SystemProperties.restoring("diffink.tornado.binning", () -> {
            for (String mode : new String[] {"host", "device"}) {
                System.setProperty("diffink.tornado.binning", mode);
                shareOneStage();
            }
        });
    }

    /** A scene's image, and its loss and point adjoints against a flat grey target, on the JVM. */
    record Reference(PackedScene scene, float[] image, Rasterizer.Target target, double loss, float[] dPoints) {
        static Reference of(PackedScene scene) {
            float[] grey = new float[scene.imageLength()];
            java.util.Arrays.fill(grey, 0.5f);
            float[] image = new float[scene.imageLength()];
            var gradient = SceneGradient.allFor(scene);
            Rasterizer.Target target = Rasterizer.Target.copyOf(grey);
            try (Rasterizer r = new Rasterizer(1, 0.05f)) {
                r.render(scene, image);
                double loss = r.backwardL2(scene, target, gradient);
                return new Reference(scene, image, target, loss, gradient.dPoints);
            }
        }

        /** Renders on {@code r}, as on the JVM. */
        void render(Rasterizer r, String what) {
            float[] got = new float[scene.imageLength()];
            r.render(scene, got);
            assertArrayEquals(image, got, TOLERANCE, what + ": image");
        }

        /** Renders and back-propagates on {@code r}; both as on the JVM. */
        void check(Rasterizer r, String what) {
            render(r, what);
            var gradient = SceneGradient.allFor(scene);
            assertEquals(loss, r.backwardL2(scene, target, gradient), 1e-5 * loss, what + ": loss");
            float scale = 0;
            for (float v : dPoints) scale = Math.max(scale, Math.abs(v));
            assertArrayEquals(dPoints, gradient.dPoints, 1e-3f * scale, what + ": point adjoints");
            // Geometry alone (no paint adjoint slots): another plan, the same point adjoints.
            var geometry = new SceneGradient(new float[scene.points.length], null, null, null);
            assertEquals(loss, r.backwardL2(scene, target, geometry), 1e-5 * loss, what + ": loss, geometry alone");
            assertArrayEquals(dPoints, geometry.dPoints, 1e-3f * scale, what + ": point adjoints, geometry alone");
        }
    }

    private static void shareOneStage() {
        String mode = System.getProperty("diffink.tornado.binning") + " binning: ";
        Reference large = Reference.of(shapes(300, 200, 1)), small = Reference.of(shapes(70, 50, 1)),
                deep = Reference.of(shapes(120, 90, 24));
        FineStage first = open(), second = open();
        assertSame(first, second, "one stage per device while rasterizers hold it");
        var stage = (TornadoFineStage) first;
        try (Rasterizer a = new Rasterizer(1, 0.05f, first)) {
            Rasterizer b = new Rasterizer(1, 0.05f, second);
            large.render(a, mode + "large");
            long plans = stage.plans();
            // Another rasterizer, a smaller image, then the first size again: no new plan. (A
            // backward pass against another target does build one: the target is kept with it.)
            small.render(b, mode + "small");
            large.render(a, mode + "large again");
            assertEquals(plans, stage.plans(), mode + "plans built after the first scene");
            large.check(a, mode + "large");
            small.check(b, mode + "small");
            // Longer tile lists: more scratch per tile, within the tiles there are.
            deep.check(b, mode + "longer lists");
            b.close();
            b.close();
            // The other holder closed (twice: counted once): this one keeps the stage and its plans.
            try (FineStage third = open()) {
                assertSame(first, third, "a holder is left");
            }
            plans = stage.plans();
            small.render(a, mode + "small after the other holder closed");
            assertEquals(plans, stage.plans(), mode + "plans built after the other holder closed");
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
