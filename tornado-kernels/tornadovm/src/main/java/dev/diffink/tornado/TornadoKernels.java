package dev.diffink.tornado;

import dev.diffink.raster.BinningKernels;
import dev.diffink.raster.FineKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The launches for TornadoVM: parallel loops around the very kernel methods the JVM executor
 * runs. The fine stage: a work item per tile, with its own scratch slot (the tile's index).
 * Binning (the first geometry stage moved towards the device, verified against the JVM in the
 * module's tests, not yet part of a render): a work item per draw, which owns its cells.
 */
public final class TornadoKernels {
    private TornadoKernels() {}

    public static void renderTiles(int tiles, int[] dims, int[] tileListStart, int[] tileList, int[] entries,
            int[] cells, float[] cellCover, float[] pieces, int[] draws, float[] drawFloats, float[] paintParams,
            float[] layers, float[] scratch, int[] scratchInt, float[] image) {
        for (@Parallel int t = 0; t < tiles; t++) {
            FineKernels.renderTile(t, dims, tileListStart, tileList, entries, cells, cellCover, pieces, draws,
                    drawFloats, paintParams, layers, scratch, scratchInt, t, image);
        }
    }

    public static void backwardTiles(int tiles, int[] dims, int[] tileListStart, int[] tileList, int[] entries,
            int[] cells, float[] cellCover, float[] pieces, int[] pieceInts, float[] vxy, int[] draws,
            float[] drawFloats, float[] paintParams, float[] adjoint, double[] tileLoss, int[] entryGradStart,
            float[] entryGrad, float[] pieceGrad, float[] scratch) {
        for (@Parallel int t = 0; t < tiles; t++) {
            FineKernels.backwardTile(t, dims, tileListStart, tileList, entries, cells, cellCover, pieces, pieceInts,
                    vxy, draws, drawFloats, paintParams, adjoint, tileLoss, entryGradStart, entryGrad, pieceGrad,
                    scratch, t);
        }
    }

    /** {@link BinningKernels#binDraw}'s count pass for every draw: pieces per cell. */
    public static void binCounts(int draws, int[] drawContourStart, int[] ctrStart, int[] ctrEnd, float[] vx,
            float[] vy, int tilesX, int tilesY, int[] grid, int[] cellStart, int[] cellCount) {
        for (@Parallel int d = 0; d < draws; d++) {
            BinningKernels.binDraw(false, d, drawContourStart, ctrStart, ctrEnd, vx, vy, tilesX, tilesY, grid,
                    cellStart, cellCount, cellCount, cellCount, vx, vx, vx, cellCount);
        }
    }

    /** {@link BinningKernels#binDraw}'s emit pass for every draw: pieces and their covers. */
    public static void binEmits(int draws, int[] drawContourStart, int[] ctrStart, int[] ctrEnd, float[] vx,
            float[] vy, int tilesX, int tilesY, int[] grid, int[] cellStart, int[] cellCursor, int[] cellEdge,
            float[] edgeCover, float[] edgeRuns, float[] pieces, int[] pieceInts) {
        for (@Parallel int d = 0; d < draws; d++) {
            BinningKernels.binDraw(true, d, drawContourStart, ctrStart, ctrEnd, vx, vy, tilesX, tilesY, grid,
                    cellStart, cellCursor, cellCursor, cellEdge, edgeCover, edgeRuns, pieces, pieceInts);
        }
    }

    /** {@link BinningKernels#prefixCovers} for every draw. */
    public static void prefixCovers(int draws, int[] grid, int[] cellStart, int[] cellEdge, float[] edgeCover,
            float[] edgeRuns, int[] cellWinding) {
        for (@Parallel int d = 0; d < draws; d++) {
            BinningKernels.prefixCovers(d, grid, cellStart, cellEdge, edgeCover, edgeRuns, cellWinding);
        }
    }
}
