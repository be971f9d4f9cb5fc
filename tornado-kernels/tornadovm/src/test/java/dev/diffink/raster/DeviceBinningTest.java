package dev.diffink.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.tornado.TornadoBackend;
import dev.diffink.tornado.TornadoFineStage;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Binning, coarse lists, the fine stage and the reductions on the device ({@link FineStage#bins}),
 * against the JVM: images, the L2 loss and every gradient, on scenes that differ in size, draw
 * count and vertex count through one rasterizer (so plans are reused and buffers grow), and with
 * buffers sized too small at first (so the device reports an overflow and the call runs again).
 */
class DeviceBinningTest {

    static FineStage open() {
        try {
            FineStage stage = new TornadoBackend().open();
            assertTrue(stage.bins() && stage.binsScene(1), "the TornadoVM stage bins small scenes too: run with "
                    + "-Ddiffink.tornado.binning=device (the module's build sets it)");
            return stage;
        } catch (IllegalStateException | LinkageError e) {
            throw new TestAbortedException("skipped on TornadoVM: " + e.getMessage()
                    + " (set TORNADOVM_HOME to a TornadoVM 5.2 SDK to run it)");
        }
    }

    static float[] target(PackedScene scene) {
        float[] t = new float[scene.imageLength()];
        for (int i = 0; i < t.length; i++) t[i] = (i % 11) / 11f;
        return t;
    }

    /**
     * Axis-aligned rectangles, many across the canvas's borders (virtual pieces left of it), each
     * closed by an edge of length zero, filled and stroked: the edges TornadoVM 5.2 once binned
     * wrongly (see BinningKernels.binDraw and binClipped).
     */
    static PackedScene rectangles(long seed, int size, int count) {
        java.util.Random rnd = new java.util.Random(seed);
        var b = new PackedScene.Builder(size, size).background(1, 1, 1, 1);
        for (int i = 0; i < count; i++) {
            // Off the pixel grid: an edge exactly on a pixel boundary has a one-sided gradient,
            // and the device's fused multiply-adds may pick the other side than the JVM.
            float x = rnd.nextInt(size + size / 2) - size / 4f + 0.37f, y = rnd.nextInt(size + size / 2) - size / 4f + 0.61f;
            float w = 4 + rnd.nextInt(size / 2), h = 4 + rnd.nextInt(size / 2);
            int p = b.beginPath(1, 0, 0, 1, 0, 0);
            b.moveTo(x, y).lineTo(x + w, y).lineTo(x + w, y + h).lineTo(x, y + h).lineTo(x, y).close();
            b.endPath();
            boolean stroke = i % 4 == 3;
            b.addDraw(p, stroke ? PackedScene.DRAW_STROKE : PackedScene.DRAW_FILL_NONZERO, 3f, PackedScene.JOIN_MITER,
                    PackedScene.CAP_BUTT, 4, 0.7f, -1);
            b.solidPaint(rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.9f);
        }
        return b.build();
    }

    @Test
    void rendersAndDifferentiatesAsTheJvm() {
        PackedScene[] scenes = {DeterminismTest.randomScene(11, 600, 160), DeterminismTest.randomScene(5, 200, 30),
                rectangles(1, 300, 40), DeterminismTest.randomScene(7, 200, 31), rectangles(2, 128, 12),
                DeterminismTest.randomScene(11, 600, 160)};
        FineStage stage = open();
        try (Rasterizer jvm = new Rasterizer(2, Rasterizer.DEFAULT_TOLERANCE);
                Rasterizer device = new Rasterizer(2, Rasterizer.DEFAULT_TOLERANCE, stage);
                WorkerPool pool = new WorkerPool(2)) {
            for (int s = 0; s < scenes.length; s++) {
                PackedScene scene = scenes[s];
                String what = "scene " + s + ": ";
                float[] expected = new float[scene.imageLength()], image = new float[scene.imageLength()];
                jvm.render(scene, expected);
                device.render(scene, image);
                // The device binned as the JVM does: same cells, pieces, edge cells and entries.
                RasterWorkspace ws = new RasterWorkspace();
                ws.prepare(scene, pool, Rasterizer.DEFAULT_TOLERANCE);
                assertArrayEquals(new int[] {ws.cellStart[scene.drawCount], ws.pieceCount, ws.edgeCount, ws.entryCount},
                        ((TornadoFineStage) stage).binningTotals(), what + "cells, pieces, edge cells, entries");
                // Same floats up to the device's contractions (fma).
                assertArrayEquals(expected, image, 2e-4f, what + "image");

                float[] target = target(scene);
                SceneGradient g0 = SceneGradient.allFor(scene), g1 = SceneGradient.allFor(scene);
                double l0 = jvm.backwardL2(scene, target, g0);
                double l1 = device.backwardL2(scene, Rasterizer.Target.copyOf(target), g1);
                assertEquals(l0, l1, 1e-5 * l0, what + "loss");
                assertClose(g0.dPoints, g1.dPoints, what + "points");
                assertClose(g0.dStrokeWidths, g1.dStrokeWidths, what + "stroke widths");
                assertClose(g0.dPaintParams, g1.dPaintParams, what + "paint");
                assertClose(g0.dOpacities, g1.dOpacities, what + "opacities");
                assertTrue(maxAbs(g1.dPoints) > 0, what + "point gradients are not all zero");
            }
            // The host's bounds held and its piece guesses sufficed: no call ran twice.
            assertEquals(0, ((TornadoFineStage) stage).binningReruns(), "calls run again");
        }
    }

    @Test
    void aSceneWithoutDrawsIsItsBackground() {
        PackedScene empty = new PackedScene.Builder(40, 24).background(0.25f, 0.5f, 0.75f, 1).build();
        try (Rasterizer device = new Rasterizer(2, Rasterizer.DEFAULT_TOLERANCE, open())) {
            float[] image = new float[empty.imageLength()];
            device.render(empty, image);
            for (int i = 0; i < image.length; i += 4) {
                assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 1}, java.util.Arrays.copyOfRange(image, i, i + 4));
            }
            assertEquals(0, device.backwardL2(empty, Rasterizer.Target.copyOf(image), SceneGradient.allFor(empty)),
                    1e-12);
        }
    }

    @Test
    void growsBuffersThatOverflowAndRunsAgain() {
        PackedScene scene = DeterminismTest.randomScene(3, 400, 100);
        RasterWorkspace ws = new RasterWorkspace();
        float[] expected = new float[scene.imageLength()], image = new float[scene.imageLength()];
        try (WorkerPool pool = new WorkerPool(2); Rasterizer jvm = new Rasterizer(2, Rasterizer.DEFAULT_TOLERANCE);
                FineStage stage = open()) {
            jvm.render(scene, expected);
            ws.prepare(scene, pool, Rasterizer.DEFAULT_TOLERANCE);
            ws.packDraws(scene, pool, 0);
            OutlineInputs in = ws.outlines(scene);
            // More pieces than the smallest buffer the device allocates (1024).
            assertTrue(ws.pieceCount > 2048, ws.pieceCount + " pieces");
            // A piece guess far too small: the device must find the overflow, grow, and run again.
            OutlineInputs small = new OutlineInputs(in.tilesX(), in.tilesY(), in.drawCount(), in.vertexCount(),
                    in.dims(), in.drawContourStart(), in.ctrStart(), in.ctrEnd(), in.vx(), in.vy(), in.drawKind(),
                    in.draws(), in.drawFloats(), in.paintParams(), in.paintParamStart(), in.cells(), in.gradients(),
                    in.longestList(), 1);
            stage.renderOutlines(small, image);
            assertEquals(1, ((TornadoFineStage) stage).binningReruns(), "calls run again");
        }
        assertArrayEquals(expected, image, 2e-4f);
    }

    static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /**
     * Close as gradients computed in another order are (fma, sums): the whole vector within 1e-3
     * of its length, each adjoint within 1e-2 of the largest.
     */
    static void assertClose(float[] expected, float[] actual, String what) {
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (double) (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += (double) expected[i] * expected[i];
        }
        assertTrue(Math.sqrt(diff) <= 1e-3 * Math.sqrt(norm) + 1e-12, what + ": relative error "
                + Math.sqrt(diff / Math.max(norm, 1e-30)));
        float tol = 1e-2f * Math.max(1e-6f, maxAbs(expected));
        assertArrayEquals(expected, actual, tol, what + " (largest adjoint " + maxAbs(expected) + ")");
    }
}
