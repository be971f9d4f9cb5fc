package dev.diffink.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Images and gradients are bit-identical whatever the thread count. */
class DeterminismTest {

    static PackedScene randomScene(long seed, int size, int shapes) {
        Random rnd = new Random(seed);
        var b = new PackedScene.Builder(size, size).background(1, 1, 1, 1);
        for (int i = 0; i < shapes; i++) {
            int p = b.beginPath(1, 0, 0, 1, 0, 0);
            GradientCheckTest.randomClosedPath(b, rnd, size / 2f, size / 5f);
            b.endPath();
            boolean stroke = i % 3 == 2;
            b.addDraw(p, stroke ? PackedScene.DRAW_STROKE : PackedScene.DRAW_FILL_EVENODD, 2.5f,
                    PackedScene.JOIN_ROUND, PackedScene.CAP_ROUND, 4, 0.8f, -1);
            b.solidPaint(rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.8f);
        }
        return b.build();
    }

    @Test
    void imageAndGradientsDoNotDependOnThreadCount() {
        PackedScene scene = randomScene(42, 150, 40);
        float[] target = new float[scene.imageLength()];
        new Random(1).nextBytes(new byte[0]);
        for (int i = 0; i < target.length; i++) target[i] = (i % 7) / 7f;
        float[] refImage = null;
        SceneGradient refGrad = null;
        for (int threads : new int[] {1, 2, 3}) {
            try (Rasterizer r = TestRasterizers.open(threads, Rasterizer.DEFAULT_TOLERANCE)) {
                float[] image = new float[scene.imageLength()];
                r.render(scene, image);
                SceneGradient g = SceneGradient.allFor(scene);
                r.backwardL2(scene, target, g);
                if (refImage == null) {
                    refImage = image;
                    refGrad = g;
                } else {
                    assertArrayEquals(refImage, image, "image with " + threads + " threads");
                    assertArrayEquals(refGrad.dPoints, g.dPoints, "points with " + threads + " threads");
                    assertArrayEquals(refGrad.dPaintParams, g.dPaintParams, "paint with " + threads + " threads");
                    assertArrayEquals(refGrad.dStrokeWidths, g.dStrokeWidths, "widths with " + threads + " threads");
                    assertArrayEquals(refGrad.dOpacities, g.dOpacities, "opacities with " + threads + " threads");
                }
            }
        }
    }

    @Test
    void tileListsBuiltInChunksEqualTheSerialLists() {
        // Large enough for the chunked counting sort (>= 4096 entries), which a 1-thread pool never uses.
        PackedScene scene = randomScene(11, 600, 160);
        RasterWorkspace serial = new RasterWorkspace(), chunked = new RasterWorkspace();
        try (WorkerPool one = new WorkerPool(1); WorkerPool three = new WorkerPool(3)) {
            serial.prepare(scene, one, Rasterizer.DEFAULT_TOLERANCE);
            chunked.prepare(scene, three, Rasterizer.DEFAULT_TOLERANCE);
        }
        org.junit.jupiter.api.Assertions.assertTrue(chunked.entryCount >= 4096, "entries: " + chunked.entryCount);
        int tiles = serial.tileCount;
        assertArrayEquals(java.util.Arrays.copyOf(serial.tileListStart, tiles + 1),
                java.util.Arrays.copyOf(chunked.tileListStart, tiles + 1));
        int items = serial.tileListStart[tiles];
        assertArrayEquals(java.util.Arrays.copyOf(serial.tileList, items), java.util.Arrays.copyOf(chunked.tileList, items));
        org.junit.jupiter.api.Assertions.assertEquals(serial.longestTileList, chunked.longestTileList);
        org.junit.jupiter.api.Assertions.assertEquals(serial.edgeCount, chunked.edgeCount);
        int covers = serial.edgeCount * Tiles.TILE;
        assertArrayEquals(java.util.Arrays.copyOf(serial.edgeCover, covers), java.util.Arrays.copyOf(chunked.edgeCover, covers));
    }

    @Test
    void aSmallSceneAfterALargeOneRendersAsOnAFreshRasterizer() {
        // Buffers only grow: what a large scene left in them must not leak into a smaller one.
        PackedScene large = randomScene(11, 600, 160), small = randomScene(5, 120, 12);
        float[] target = new float[small.imageLength()];
        for (int i = 0; i < target.length; i++) target[i] = (i % 5) / 5f;
        float[] fresh = new float[small.imageLength()], reused = new float[small.imageLength()];
        SceneGradient freshGrad = SceneGradient.allFor(small), reusedGrad = SceneGradient.allFor(small);
        try (Rasterizer r = TestRasterizers.open(2, Rasterizer.DEFAULT_TOLERANCE)) {
            r.render(small, fresh);
            r.backwardL2(small, target, freshGrad);
        }
        try (Rasterizer r = TestRasterizers.open(2, Rasterizer.DEFAULT_TOLERANCE)) {
            r.render(large, new float[large.imageLength()]);
            r.backwardL2(large, new float[large.imageLength()], SceneGradient.allFor(large));
            r.render(small, reused);
            r.backwardL2(small, target, reusedGrad);
        }
        assertArrayEquals(fresh, reused);
        assertArrayEquals(freshGrad.dPoints, reusedGrad.dPoints);
        assertArrayEquals(freshGrad.dPaintParams, reusedGrad.dPaintParams);
    }

    @Test
    void rangesCoverEveryIndexOnce() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int n : new int[] {0, 1, 7, 1000, 100_003}) {
                for (int grain : new int[] {1, 64, 1 << 20}) {
                    java.util.concurrent.atomic.AtomicIntegerArray hits = new java.util.concurrent.atomic.AtomicIntegerArray(n);
                    pool.runRanges(n, grain, (w, from, to) -> {
                        for (int i = from; i < to; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) {
                        org.junit.jupiter.api.Assertions.assertEquals(1, hits.get(i), "n " + n + " grain " + grain + " index " + i);
                    }
                }
            }
        }
    }

    @Test
    void fusedL2MatchesExplicitImageAdjoint() {
        PackedScene scene = randomScene(7, 64, 12);
        float[] target = new float[scene.imageLength()];
        for (int i = 0; i < target.length; i++) target[i] = ((i * 31) % 11) / 11f;
        try (Rasterizer r = TestRasterizers.open(2, Rasterizer.DEFAULT_TOLERANCE)) {
            SceneGradient fused = SceneGradient.allFor(scene);
            r.backwardL2(scene, target, fused);
            float[] image = new float[scene.imageLength()];
            r.render(scene, image);
            float[] dImage = new float[image.length];
            for (int i = 0; i < image.length; i++) dImage[i] = 2f * (image[i] - target[i]) / image.length;
            SceneGradient explicit = SceneGradient.allFor(scene);
            r.backward(scene, dImage, explicit);
            assertArrayEquals(explicit.dPoints, fused.dPoints, 1e-6f);
            assertArrayEquals(explicit.dPaintParams, fused.dPaintParams, 1e-6f);
        }
    }
}
