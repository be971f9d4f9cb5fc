package dev.diffink.tornado;

import dev.diffink.raster.BinningKernels;
import dev.diffink.raster.CoarseKernels;
import dev.diffink.raster.FineKernels;
import dev.diffink.raster.FineLayout;
import dev.diffink.raster.Kmath;
import dev.diffink.raster.ReduceKernels;
import dev.diffink.raster.Tiles;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The launches for TornadoVM: parallel loops around the very kernel methods the JVM executor
 * runs. The fine stage: a work item per row, or few rows, of a tile ({@link Grids#rows}), with
 * its own scratch slot (the work item's index), then the sums of the lanes its work items wrote
 * for a tile; the same launches after the host's binning and the device's.
 * Binning, coarse lists and the reductions ({@link TornadoBinning}): a work item per draw, which
 * owns its cells, entries and vertices; per chunk of entries or per tile for the tile lists;
 * prefix sums as single work items.
 *
 * <p>Binning launches read the draw count from {@code sizes} (so a scene with another number of
 * draws needs no new plan) and do nothing once {@code state} reports an overflow: a buffer the
 * host sized too small, which {@link #checkedPrefix} finds before anything is written past it.
 */
public final class TornadoKernels {
    private TornadoKernels() {}

    /** {@code sizes}: the call's draw, vertex and tile counts, and its tile grid's width and height. */
    public static final int Z_DRAWS = 0, Z_VERTICES = 1, Z_TILES = 2, Z_TILES_X = 3, Z_TILES_Y = 4, SIZES = 5;
    /**
     * {@code state}: overflow bits (one per slot below, set when that total exceeds its buffer,
     * and {@link #S_MISMATCH}),
     * then the totals the device found: cells, pieces, edge cells, entries, tile list items,
     * paint adjoint slots and the longest tile list (indices into {@code state}; {@link #S_MISMATCH}
     * is a bit of the overflow word, not an index). Last, {@code S_RAN}: set to 1 by every work
     * item of the tile kernels, on a state word the host zeroed, so still zero after a call, the
     * kernel did not run. (TornadoVM only logs a launch the device refuses: on an H200, before
     * launches had work groups, every tile kernel was refused for resources, and the calls returned
     * whatever the buffers held.)
     */
    public static final int S_OVERFLOW = 0, S_CELLS = 1, S_PIECES = 2, S_EDGES = 3, S_ENTRIES = 4, S_ITEMS = 5,
            S_GRADIENTS = 6, S_LONGEST = 7, S_RAN = 8, STATE = 9;
    /** An overflow bit of its own: the emit pass wrote another number of pieces than the count pass counted. */
    public static final int S_MISMATCH = 8;

    /** The call's tile count, from the launch's scalars. */
    private static int tiles(int[] dims) {
        return dims[FineLayout.DIM_TILES_X] * Tiles.tilesFor(dims[FineLayout.DIM_HEIGHT]);
    }

    /**
     * The fine stage's forward pass: a work item per {@code rows = dims[DIM_ROWS]} rows of a tile
     * (a tile has {@code TILE / rows} of them, in order), for the call's tiles (from {@code dims}) of up to
     * {@code itemCap / (TILE / rows)}, unless binning overflowed ({@code state}; the host's
     * binning passes one that stays zero). Work item {@code w} has scratch slot {@code w}.
     */
    public static void renderTilesChecked(int itemCap, int[] dims, int[] tileListStart, int[] tileList,
            int[] entries, int[] cells, float[] cellCover, float[] pieces, int[] draws, float[] drawFloats,
            float[] paintParams, float[] layers, float[] scratch, int[] scratchInt, float[] image, int[] state) {
        for (@Parallel int w = 0; w < itemCap; w++) {
            state[S_RAN] = 1;
            int rows = dims[FineLayout.DIM_ROWS], lanes = Tiles.TILE / rows, t = w / lanes;
            if (state[S_OVERFLOW] == 0 && t < tiles(dims)) {
                FineKernels.renderTile(t, (w - t * lanes) * rows, rows, dims, tileListStart, tileList, entries, cells,
                        cellCover, pieces, draws, drawFloats, paintParams, layers, scratch, scratchInt, w, image);
            }
        }
    }

    /**
     * The fine stage's backward pass, work items as {@link #renderTilesChecked}; every work item's
     * loss lane is written. With more than one lane per tile, the loss, paint and piece outputs
     * are lanes for {@link #foldLoss}, {@link #foldEntries} and {@link #foldPieces}.
     */
    public static void backwardTilesChecked(int itemCap, int[] dims, int[] tileListStart, int[] tileList,
            int[] entries, int[] cells, float[] cellCover, float[] pieces, int[] pieceInts, float[] vxy, int[] draws,
            float[] drawFloats, float[] paintParams, float[] adjoint, double[] tileLoss, int[] entryGradStart,
            float[] entryGrad, float[] pieceGrad, float[] scratch, int[] state) {
        for (@Parallel int w = 0; w < itemCap; w++) {
            tileLoss[w] = 0;
            state[S_RAN] = 1;
            int rows = dims[FineLayout.DIM_ROWS], lanes = Tiles.TILE / rows, t = w / lanes;
            if (state[S_OVERFLOW] == 0 && t < tiles(dims)) {
                FineKernels.backwardTile(t, (w - t * lanes) * rows, rows, dims, tileListStart, tileList, entries,
                        cells, cellCover, pieces, pieceInts, vxy, draws, drawFloats, paintParams, adjoint, tileLoss,
                        entryGradStart, entryGrad, pieceGrad, scratch, w);
            }
        }
    }

    /** Each tile's loss, {@link ReduceKernels#foldLossLanes} over its lanes. */
    public static void foldLoss(int tileCap, int lanes, double[] lossLanes, double[] tileLoss) {
        for (@Parallel int t = 0; t < tileCap; t++) {
            ReduceKernels.foldLossLanes(t, lanes, lossLanes, tileLoss);
        }
    }

    /**
     * Each entry's paint adjoints, {@link ReduceKernels#foldEntryLanes} over its lanes: a work item
     * per tile list item (in a scene without layers, each entry is one item); nothing without
     * {@link FineLayout#FLAG_PAINT} in {@code dims} (then there are no slots to fold into).
     */
    public static void foldEntries(int itemCap, int lanes, int[] dims, int[] tileListStart, int[] tileList,
            int[] entries, int[] draws, int[] entryGradStart, float[] entryLanes, float[] entryGrad, int[] state) {
        for (@Parallel int k = 0; k < itemCap; k++) {
            if (state[S_OVERFLOW] == 0 && (dims[FineLayout.DIM_FLAGS] & FineLayout.FLAG_PAINT) != 0
                    && k < tileListStart[tiles(dims)]) {
                ReduceKernels.foldEntryLanes(tileList[k], lanes, entries, draws, entryGradStart, entryLanes,
                        entryGrad);
            }
        }
    }

    /**
     * The first {@code floats} piece end-point adjoints, {@link ReduceKernels#foldLanes} over their
     * lanes (4 floats per piece), in a loop of {@code floatCap} (padded) work items.
     */
    public static void foldPieces(int floatCap, int floats, int lanes, float[] pieceLanes, float[] pieceGrad,
            int[] state) {
        for (@Parallel int j = 0; j < floatCap; j++) {
            if (state[S_OVERFLOW] == 0 && j < floats) ReduceKernels.foldLanes(j, lanes, 4, pieceLanes, pieceGrad);
        }
    }

    /** Zeroes {@code a[0..n)}. */
    public static void clear(int n, int[] a) {
        for (@Parallel int i = 0; i < n; i++) a[i] = 0;
    }

    /** Zeroes {@code a[0..n)}. */
    public static void clearFloats(int n, float[] a) {
        for (@Parallel int i = 0; i < n; i++) a[i] = 0f;
    }

    /**
     * {@link Kmath#exclusivePrefix} over {@code sizes[count]} values as a single work item; the
     * total goes to {@code state[slot]}, and above {@code capacity} sets the slot's overflow bit.
     */
    public static void checkedPrefix(int[] sizes, int count, int[] values, int stride, int offset, int[] out,
            int capacity, int[] state, int slot) {
        if (state[S_OVERFLOW] == 0) {
            int total = Kmath.exclusivePrefix(values, stride, offset, sizes[count], out);
            checkTotal(total, capacity, state, slot);
        }
    }

    /** Records a total the device found into {@code state[slot]}; above {@code capacity}, the slot's overflow bit. */
    private static void checkTotal(int total, int capacity, int[] state, int slot) {
        state[slot] = total;
        if (total > capacity) state[S_OVERFLOW] = state[S_OVERFLOW] | (1 << slot);
    }

    /**
     * Values per work item of the block scans: {@link #checkedPrefix} and {@link #checkedLongest}
     * walk every value in one work item, thousands of dependent memory accesses in a row on a GPU;
     * the block scans walk a block each in parallel, and only the blocks' sums in one work item.
     */
    public static final int SCAN_BLOCK = 64;

    /** Blocks of {@link #SCAN_BLOCK} for {@code n} values, and one more (the total's block). */
    public static int scanBlocks(int n) {
        return n / SCAN_BLOCK + 1;
    }

    /**
     * Block scan, step 1: the sum of each block of {@code values[offset + stride * i]}, i below
     * {@code sizes[count]}, into {@code blockSum[b]} (0 for blocks past the values).
     */
    public static void scanBlockSums(int blockCap, int[] sizes, int count, int[] values, int stride, int offset,
            int[] blockSum, int[] state) {
        for (@Parallel int b = 0; b < blockCap; b++) {
            if (state[S_OVERFLOW] == 0) {
                int end = Math.min(sizes[count], (b + 1) * SCAN_BLOCK);
                int sum = 0;
                for (int i = b * SCAN_BLOCK; i < end; i++) sum += values[offset + stride * i];
                blockSum[b] = sum;
            }
        }
    }

    /**
     * Block scan, step 2 (a single work item over the blocks): each block's start into
     * {@code blockStart}, the total into {@code out[n]} and {@code state[slot]}, and above
     * {@code capacity} the slot's overflow bit, as {@link #checkedPrefix} does.
     */
    public static void scanBlockStarts(int[] sizes, int count, int[] blockSum, int[] blockStart, int[] out,
            int capacity, int[] state, int slot) {
        if (state[S_OVERFLOW] == 0) {
            int n = sizes[count];
            int total = Kmath.exclusivePrefix(blockSum, 1, 0, scanBlocks(n), blockStart);
            out[n] = total;
            checkTotal(total, capacity, state, slot);
        }
    }

    /** Block scan, step 3: each value's exclusive prefix, from its block's start, into {@code out[i]}. */
    public static void scanWithinBlocks(int blockCap, int[] sizes, int count, int[] values, int stride, int offset,
            int[] blockStart, int[] out, int[] state) {
        for (@Parallel int b = 0; b < blockCap; b++) {
            if (state[S_OVERFLOW] == 0) {
                int end = Math.min(sizes[count], (b + 1) * SCAN_BLOCK);
                int sum = blockStart[b];
                for (int i = b * SCAN_BLOCK; i < end; i++) {
                    out[i] = sum;
                    sum += values[offset + stride * i];
                }
            }
        }
    }

    /** Block maximum, step 1: the longest tile list of each block of tiles into {@code blockMax[b]}. */
    public static void longestPerBlock(int blockCap, int[] sizes, int[] tileLength, int[] blockMax, int[] state) {
        for (@Parallel int b = 0; b < blockCap; b++) {
            if (state[S_OVERFLOW] == 0) {
                int end = Math.min(sizes[Z_TILES], (b + 1) * SCAN_BLOCK);
                int longest = 0;
                for (int t = b * SCAN_BLOCK; t < end; t++) longest = Math.max(longest, tileLength[t]);
                blockMax[b] = longest;
            }
        }
    }

    /** Block maximum, step 2: {@link #checkedLongest} over the blocks' maxima (a single work item). */
    public static void checkedLongestOfBlocks(int[] sizes, int[] blockMax, int capacity, int[] state) {
        if (state[S_OVERFLOW] == 0) {
            int longest = 0;
            for (int b = 0; b < scanBlocks(sizes[Z_TILES]); b++) longest = Math.max(longest, blockMax[b]);
            checkTotal(longest, capacity, state, S_LONGEST);
        }
    }

    /** The longest tile list into {@code state[S_LONGEST]}, checked against {@code capacity}. */
    public static void checkedLongest(int[] sizes, int[] tileLength, int capacity, int[] state) {
        if (state[S_OVERFLOW] == 0) {
            int longest = 0;
            for (int t = 0; t < sizes[Z_TILES]; t++) longest = Math.max(longest, tileLength[t]);
            checkTotal(longest, capacity, state, S_LONGEST);
        }
    }

    /** {@link BinningKernels#drawGrid} then {@link BinningKernels#drawCells} for every draw. */
    public static void drawGrids(int drawCap, int[] sizes, int[] drawContourStart, int[] ctrStart, int[] ctrEnd,
            float[] vx, float[] vy, int[] grid, int[] drawCellCounts) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS]) {
                BinningKernels.drawGrid(d, drawContourStart, ctrStart, ctrEnd, vx, vy, sizes[Z_TILES_X],
                        sizes[Z_TILES_Y], grid);
                BinningKernels.drawCells(d, grid, drawCellCounts);
            }
        }
    }

    /**
     * {@link BinningKernels#binDraw}'s count pass for every draw: pieces per cell (zeroed before),
     * and the draw's piece total into {@code drawTotals[2d]} (which {@link #drawTotals} writes
     * again; a count that is stored keeps TornadoVM from dropping it, see binDraw).
     */
    public static void binCounts(int drawCap, int[] sizes, int[] drawContourStart, int[] ctrStart, int[] ctrEnd,
            float[] vx, float[] vy, int[] grid, int[] cellStart, int[] cellCount, int[] drawTotals, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                drawTotals[2 * d] = BinningKernels.binDraw(false, true, d, drawContourStart, ctrStart, ctrEnd, vx, vy,
                        sizes[Z_TILES_X], sizes[Z_TILES_Y], grid, cellStart, cellCount, cellCount, cellCount, vx, vx,
                        vx, cellCount);
            }
        }
    }

    /** {@link BinningKernels#drawTotals} for every draw. */
    public static void drawTotals(int drawCap, int[] sizes, int[] grid, int[] cellStart, int[] cellCount,
            int[] totals, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                BinningKernels.drawTotals(d, grid, cellStart, cellCount, totals);
            }
        }
    }

    /** {@link BinningKernels#cellOffsets} for every draw. */
    public static void cellOffsets(int drawCap, int[] sizes, int[] grid, int[] cellStart, int[] cellCount,
            int[] drawPieceStart, int[] drawEdgeStart, int[] cellPieceStart, int[] cellCursor, int[] cellEdge,
            int[] edgeCell, float[] edgeCover, float[] edgeRuns, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                BinningKernels.cellOffsets(d, grid, cellStart, cellCount, drawPieceStart, drawEdgeStart,
                        cellPieceStart, cellCursor, cellEdge, edgeCell, edgeCover, edgeRuns);
            }
        }
    }

    /**
     * {@link BinningKernels#binDraw}'s emit pass then {@link BinningKernels#prefixCovers} for every
     * draw. A draw that writes another number of pieces than its count pass counted sets
     * {@link #S_MISMATCH}: the device did not run the shared code as the JVM does.
     */
    public static void binEmits(int drawCap, int[] sizes, int[] drawContourStart, int[] ctrStart, int[] ctrEnd,
            float[] vx, float[] vy, int[] grid, int[] cellStart, int[] drawPieceStart, int[] cellCursor,
            int[] cellEdge, float[] edgeCover, float[] edgeRuns, float[] pieces, int[] pieceInts, int[] cellWinding,
            int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                int made = BinningKernels.binDraw(true, true, d, drawContourStart, ctrStart, ctrEnd, vx, vy,
                        sizes[Z_TILES_X], sizes[Z_TILES_Y], grid, cellStart, cellCursor, cellCursor, cellEdge,
                        edgeCover, edgeRuns, pieces, pieceInts);
                if (made != drawPieceStart[d + 1] - drawPieceStart[d]) {
                    state[S_OVERFLOW] = state[S_OVERFLOW] | (1 << S_MISMATCH);
                }
                BinningKernels.prefixCovers(d, grid, cellStart, cellEdge, edgeCover, edgeRuns, cellWinding);
            }
        }
    }

    /** {@link CoarseKernels#countEntries} for every draw. */
    public static void countEntries(int drawCap, int[] sizes, int[] grid, int[] cellStart, int[] cellEdge,
            int[] cellWinding, int[] drawKind, int[] entryCounts, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                CoarseKernels.countEntries(d, grid, cellStart, cellEdge, cellWinding, drawKind, entryCounts);
            }
        }
    }

    /** {@link CoarseKernels#emitEntries} for every draw. */
    public static void emitEntries(int drawCap, int[] sizes, int[] grid, int[] cellStart, int[] cellEdge,
            int[] cellWinding, int[] drawKind, int[] drawEntryStart, int[] entryDraw, int[] entryCell,
            int[] entryKind, int[] entryWinding, int[] entryTile, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                CoarseKernels.emitEntries(d, grid, cellStart, cellEdge, cellWinding, drawKind, sizes[Z_TILES_X],
                        drawEntryStart,
                        entryDraw, entryCell, entryKind, entryWinding, entryTile);
            }
        }
    }

    /**
     * The tile lists (a scene without layers): {@link CoarseKernels#countTileChunk} per chunk, on
     * counts a parallel clear zeroed.
     */
    public static void countTileChunks(int chunks, int[] sizes, int[] drawEntryStart, int[] entryTile,
            int[] chunkCount, int[] state) {
        for (@Parallel int c = 0; c < chunks; c++) {
            if (state[S_OVERFLOW] == 0) {
                CoarseKernels.countTileChunk(c, chunks, drawEntryStart[sizes[Z_DRAWS]], entryTile, sizes[Z_TILES],
                        chunkCount, false);
            }
        }
    }

    /** {@link CoarseKernels#tileChunkTotal} per tile. */
    public static void tileChunkTotals(int tileCap, int[] sizes, int chunks, int[] chunkCount, int[] tileLength,
            int[] state) {
        for (@Parallel int t = 0; t < tileCap; t++) {
            if (state[S_OVERFLOW] == 0 && t < sizes[Z_TILES]) {
                CoarseKernels.tileChunkTotal(t, chunks, sizes[Z_TILES], chunkCount, tileLength);
            }
        }
    }

    /** {@link CoarseKernels#tileChunkOffsets} per tile. */
    public static void tileChunkOffsets(int tileCap, int[] sizes, int chunks, int[] tileListStart, int[] chunkCount,
            int[] state) {
        for (@Parallel int t = 0; t < tileCap; t++) {
            if (state[S_OVERFLOW] == 0 && t < sizes[Z_TILES]) {
                CoarseKernels.tileChunkOffsets(t, chunks, sizes[Z_TILES], tileListStart, chunkCount);
            }
        }
    }

    /** {@link CoarseKernels#emitTileChunk} per chunk. */
    public static void emitTileChunks(int chunks, int[] sizes, int[] drawEntryStart, int[] entryTile,
            int[] chunkCount, int[] tileList, int[] state) {
        for (@Parallel int c = 0; c < chunks; c++) {
            if (state[S_OVERFLOW] == 0) {
                CoarseKernels.emitTileChunk(c, chunks, drawEntryStart[sizes[Z_DRAWS]], entryTile, sizes[Z_TILES],
                        chunkCount, tileList);
            }
        }
    }

    /** {@link CoarseKernels#packEntry} for every entry. */
    public static void packEntries(int entryCap, int[] sizes, int[] drawEntryStart, int[] entryDraw, int[] entryCell,
            int[] entryKind, int[] entryWinding, int[] entries, int[] state) {
        for (@Parallel int e = 0; e < entryCap; e++) {
            if (state[S_OVERFLOW] == 0 && e < drawEntryStart[sizes[Z_DRAWS]]) {
                CoarseKernels.packEntry(e, entryDraw, entryCell, entryKind, entryWinding, entries);
            }
        }
    }

    /** {@link CoarseKernels#packCell} for every edge cell. */
    public static void packCells(int edgeCap, int[] sizes, int[] drawEdgeStart, int[] edgeCell, int[] cellPieceStart,
            int[] cellCount, int[] cells, int[] state) {
        for (@Parallel int k = 0; k < edgeCap; k++) {
            if (state[S_OVERFLOW] == 0 && k < drawEdgeStart[sizes[Z_DRAWS]]) {
                CoarseKernels.packCell(k, edgeCell, cellPieceStart, cellCount, cells);
            }
        }
    }

    /** The vertices' x and y interleaved, as the fine backward pass reads them. */
    public static void interleave(int vertexCap, int[] sizes, float[] vx, float[] vy, float[] vxy) {
        for (@Parallel int v = 0; v < vertexCap; v++) {
            if (v < sizes[Z_VERTICES]) {
                vxy[2 * v] = vx[v];
                vxy[2 * v + 1] = vy[v];
            }
        }
    }

    /** Per draw, its paint adjoint slots: entries times (paint parameters + opacity). */
    public static void gradientCounts(int drawCap, int[] sizes, int[] drawEntryStart, int[] paintParamStart,
            int[] drawGradCount, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                drawGradCount[d] = (drawEntryStart[d + 1] - drawEntryStart[d])
                        * (paintParamStart[d + 1] - paintParamStart[d] + 1);
            }
        }
    }

    /** Per entry, its first paint adjoint slot, from its draw's first ({@link #gradientCounts}, summed). */
    public static void gradientStarts(int drawCap, int[] sizes, int[] drawEntryStart, int[] paintParamStart,
            int[] drawGradStart, int[] entryGradStart, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                int slots = paintParamStart[d + 1] - paintParamStart[d] + 1;
                for (int e = drawEntryStart[d]; e < drawEntryStart[d + 1]; e++) {
                    entryGradStart[e] = drawGradStart[d] + (e - drawEntryStart[d]) * slots;
                }
            }
        }
    }

    /** {@link ReduceKernels#entriesToPaint} for every draw, into its zeroed paint and opacity adjoints. */
    public static void paintAdjoints(int drawCap, int[] sizes, int[] drawEntryStart, int[] entryGradStart,
            float[] entryGrad, int[] paintParamStart, float[] dPaintParams, float[] dOpacities, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                for (int j = paintParamStart[d]; j < paintParamStart[d + 1]; j++) dPaintParams[j] = 0f;
                dOpacities[d] = 0f;
                ReduceKernels.entriesToPaint(d, drawEntryStart, entryGradStart, entryGrad, paintParamStart,
                        dPaintParams, dOpacities);
            }
        }
    }

    /** {@link ReduceKernels#piecesToVertices} for every draw, into zeroed vertex adjoints. */
    public static void vertexAdjoints(int drawCap, int[] sizes, int[] grid, int[] cellStart, int[] cellPieceStart,
            int[] cellCount, int[] pieceInts, float[] pieceGrad, float[] vertexGrad, int[] state) {
        for (@Parallel int d = 0; d < drawCap; d++) {
            if (d < sizes[Z_DRAWS] && state[S_OVERFLOW] == 0) {
                ReduceKernels.piecesToVertices(d, grid, cellStart, cellPieceStart, cellCount, pieceInts, pieceGrad,
                        vertexGrad);
            }
        }
    }
}
