package dev.diffink.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The buffer bounds a fine stage that bins gets with the outlines ({@link OutlineInputs}): exact
 * where they say so, and never below what the JVM's own binning of the scene makes. And the
 * binning a device runs (exactWalk) makes what the JVM's does.
 */
class OutlineBoundsTest {

    static PackedScene scattered(long seed, int size, int count) {
        java.util.Random rnd = new java.util.Random(seed);
        var b = new PackedScene.Builder(size, size).background(1, 1, 1, 1);
        for (int i = 0; i < count; i++) {
            float x = rnd.nextFloat() * size, y = rnd.nextFloat() * size;
            float w = 8 + rnd.nextFloat() * size / 3, h = 8 + rnd.nextFloat() * size / 3;
            int p = b.beginPath(1, 0, 0, 1, 0, 0);
            b.moveTo(x, y).lineTo(x + w, y).lineTo(x + w, y + h).lineTo(x, y + h).close();
            b.endPath();
            b.addDraw(p, PackedScene.DRAW_FILL_NONZERO, 0, PackedScene.JOIN_MITER, PackedScene.CAP_BUTT, 4, 1f, -1);
            b.solidPaint(0.5f, 0.5f, 0.5f, 0.5f);
        }
        return b.build();
    }

    @Test
    void theDevicesExactWalkBinsAsTheJvm() {
        java.util.List<PackedScene> scenes = new java.util.ArrayList<>();
        scenes.add(DeterminismTest.randomScene(11, 600, 160));
        for (int seed = 0; seed < 12; seed++) scenes.add(scattered(seed, 64 + 9 * seed, 3 + seed % 9));
        for (PackedScene scene : scenes) {
            RasterWorkspace jvm = new RasterWorkspace(), exact = new RasterWorkspace();
            exact.exactWalk = true;
            try (WorkerPool pool = new WorkerPool(2)) {
                jvm.prepare(scene, pool, Rasterizer.DEFAULT_TOLERANCE);
                exact.prepare(scene, pool, Rasterizer.DEFAULT_TOLERANCE);
            }
            assertEquals(jvm.pieceCount, exact.pieceCount, "pieces");
            int cells = jvm.cellStart[scene.drawCount];
            org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(jvm.pieces,
                    FineLayout.PIECE_FLOATS * jvm.pieceCount), java.util.Arrays.copyOf(exact.pieces,
                    FineLayout.PIECE_FLOATS * exact.pieceCount), "pieces' end points");
            org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(jvm.pieceInts,
                    FineLayout.PIECE_INTS * jvm.pieceCount), java.util.Arrays.copyOf(exact.pieceInts,
                    FineLayout.PIECE_INTS * exact.pieceCount), "pieces' vertices and flags");
            org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(jvm.edgeCover,
                    Tiles.TILE * jvm.edgeCount), java.util.Arrays.copyOf(exact.edgeCover, Tiles.TILE * exact.edgeCount),
                    "covers");
            org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(jvm.cellWinding, cells),
                    java.util.Arrays.copyOf(exact.cellWinding, cells), "windings");
        }
    }

    @Test
    void boundsHoldForTheBinnedScene() {
        java.util.List<PackedScene> scenes = new java.util.ArrayList<>();
        scenes.add(DeterminismTest.randomScene(11, 600, 160));
        // Scattered rectangles, where the most-covered tile is often at a grid's edge.
        for (int seed = 0; seed < 40; seed++) scenes.add(scattered(seed, 64 + 9 * seed, 3 + seed % 9));
        for (PackedScene scene : scenes) {
            RasterWorkspace ws = new RasterWorkspace();
            try (WorkerPool pool = new WorkerPool(2)) {
                ws.prepare(scene, pool, Rasterizer.DEFAULT_TOLERANCE);
                ws.packDraws(scene, pool, 0);
            }
            OutlineInputs in = ws.outlines(scene);
            int draws = scene.drawCount;
            assertEquals(ws.cellStart[draws], in.cells(), "cells");
            assertEquals(ws.drawVertexStart[draws], in.vertexCount(), "vertices");
            assertTrue(ws.edgeCount <= in.cells() && ws.entryCount <= in.cells(), "edge cells and entries");
            long slots = 0, used = 0;
            for (int d = 0; d < draws; d++) {
                int per = scene.paintParamStart[d + 1] - scene.paintParamStart[d] + 1;
                slots += (long) ws.grid[4 * d + 2] * ws.grid[4 * d + 3] * per;
                used += (long) (ws.drawEntryStart[d + 1] - ws.drawEntryStart[d]) * per;
            }
            assertEquals(slots, in.gradients(), "paint adjoint slots");
            assertTrue(used <= in.gradients());
            // The most grids over one tile, counted directly.
            int longest = 0;
            for (int t = 0; t < ws.tileCount; t++) {
                int tx = t % ws.tilesX, ty = t / ws.tilesX, n = 0;
                for (int d = 0; d < draws; d++) {
                    int x0 = ws.grid[4 * d], y0 = ws.grid[4 * d + 1], w = ws.grid[4 * d + 2], h = ws.grid[4 * d + 3];
                    if (tx >= x0 && tx < x0 + w && ty >= y0 && ty < y0 + h) n++;
                }
                longest = Math.max(longest, n);
            }
            assertEquals(longest, in.longestList(), "grids over one tile");
            assertTrue(ws.longestTileList <= in.longestList(), "longest tile list");
        }
    }
}
