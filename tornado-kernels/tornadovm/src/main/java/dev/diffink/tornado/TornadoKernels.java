package dev.diffink.tornado;

import dev.diffink.raster.BinningKernels;
import dev.diffink.raster.CoarseKernels;
import dev.diffink.raster.FineKernels;
import dev.diffink.raster.Kmath;
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

    /** {@link BinningKernels#drawGrid} then {@link BinningKernels#drawCells} for every draw. */
    public static void drawGrids(int draws, int[] drawContourStart, int[] ctrStart, int[] ctrEnd, float[] vx,
            float[] vy, int tilesX, int tilesY, int[] grid, int[] drawCellCounts) {
        for (@Parallel int d = 0; d < draws; d++) {
            BinningKernels.drawGrid(d, drawContourStart, ctrStart, ctrEnd, vx, vy, tilesX, tilesY, grid);
            BinningKernels.drawCells(d, grid, drawCellCounts);
        }
    }

    /** {@link BinningKernels#drawTotals} for every draw. */
    public static void drawTotals(int draws, int[] grid, int[] cellStart, int[] cellCount, int[] totals) {
        for (@Parallel int d = 0; d < draws; d++) {
            BinningKernels.drawTotals(d, grid, cellStart, cellCount, totals);
        }
    }

    /** {@link BinningKernels#cellOffsets} for every draw. */
    public static void cellOffsets(int draws, int[] grid, int[] cellStart, int[] cellCount, int[] drawPieceStart,
            int[] drawEdgeStart, int[] cellPieceStart, int[] cellCursor, int[] cellEdge, int[] edgeCell,
            float[] edgeCover, float[] edgeRuns) {
        for (@Parallel int d = 0; d < draws; d++) {
            BinningKernels.cellOffsets(d, grid, cellStart, cellCount, drawPieceStart, drawEdgeStart, cellPieceStart,
                    cellCursor, cellEdge, edgeCell, edgeCover, edgeRuns);
        }
    }

    /** {@link Kmath#exclusivePrefix} as a task: one work item. */
    public static void exclusivePrefix(int n, int[] values, int stride, int offset, int[] out) {
        Kmath.exclusivePrefix(values, stride, offset, n, out);
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

    /** {@link CoarseKernels#countEntries} for every draw. */
    public static void countEntries(int draws, int[] grid, int[] cellStart, int[] cellEdge, int[] cellWinding,
            int[] drawKind, int[] entryCounts) {
        for (@Parallel int d = 0; d < draws; d++) {
            CoarseKernels.countEntries(d, grid, cellStart, cellEdge, cellWinding, drawKind, entryCounts);
        }
    }

    /** {@link CoarseKernels#emitEntries} for every draw. */
    public static void emitEntries(int draws, int[] grid, int[] cellStart, int[] cellEdge, int[] cellWinding,
            int[] drawKind, int tilesX, int[] drawEntryStart, int[] entryDraw, int[] entryCell, int[] entryKind,
            int[] entryWinding, int[] entryTile) {
        for (@Parallel int d = 0; d < draws; d++) {
            CoarseKernels.emitEntries(d, grid, cellStart, cellEdge, cellWinding, drawKind, tilesX, drawEntryStart,
                    entryDraw, entryCell, entryKind, entryWinding, entryTile);
        }
    }

    /** The tile lists of a scene without layers: {@link CoarseKernels#countTileChunk} per chunk. */
    public static void countTileChunks(int chunks, int entryCount, int[] entryTile, int tileCount, int[] chunkCount) {
        for (@Parallel int c = 0; c < chunks; c++) {
            CoarseKernels.countTileChunk(c, chunks, entryCount, entryTile, tileCount, chunkCount);
        }
    }

    /** {@link CoarseKernels#tileChunkTotal} per tile. */
    public static void tileChunkTotals(int tileCount, int chunks, int[] chunkCount, int[] tileLength) {
        for (@Parallel int t = 0; t < tileCount; t++) {
            CoarseKernels.tileChunkTotal(t, chunks, tileCount, chunkCount, tileLength);
        }
    }

    /** {@link CoarseKernels#tileChunkOffsets} per tile. */
    public static void tileChunkOffsets(int tileCount, int chunks, int[] tileListStart, int[] chunkCount) {
        for (@Parallel int t = 0; t < tileCount; t++) {
            CoarseKernels.tileChunkOffsets(t, chunks, tileCount, tileListStart, chunkCount);
        }
    }

    /** {@link CoarseKernels#emitTileChunk} per chunk. */
    public static void emitTileChunks(int chunks, int entryCount, int[] entryTile, int tileCount, int[] chunkCount,
            int[] tileList) {
        for (@Parallel int c = 0; c < chunks; c++) {
            CoarseKernels.emitTileChunk(c, chunks, entryCount, entryTile, tileCount, chunkCount, tileList);
        }
    }

    /** {@link CoarseKernels#packEntry} for every entry. */
    public static void packEntries(int entryCount, int[] entryDraw, int[] entryCell, int[] entryKind,
            int[] entryWinding, int[] entries) {
        for (@Parallel int e = 0; e < entryCount; e++) {
            CoarseKernels.packEntry(e, entryDraw, entryCell, entryKind, entryWinding, entries);
        }
    }

    /** {@link CoarseKernels#packCell} for every edge cell. */
    public static void packCells(int edgeCount, int[] edgeCell, int[] cellPieceStart, int[] cellCount, int[] cells) {
        for (@Parallel int k = 0; k < edgeCount; k++) {
            CoarseKernels.packCell(k, edgeCell, cellPieceStart, cellCount, cells);
        }
    }
}
