package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.DRAW_STROKE;
import static dev.diffink.raster.Tiles.TILE;

import java.util.Arrays;

/**
 * Buffers between the rasterizer's stages, and the geometry stages themselves (flatten, outline,
 * bin, coarse lists) run on a {@link WorkerPool}. Buffers only grow, so an optimiser that renders
 * the same scene structure every iteration allocates nothing after the first render.
 *
 * <p>Every stage is a count pass, a prefix sum, then an emit pass, so each work item writes a
 * range of the output that no other item touches.
 */
final class RasterWorkspace {
    /** Per-path and per-draw launches with fewer items run inline: waking threads would cost more. */
    static final int SMALL = 32;

    int tilesX, tilesY, tileCount;

    // Stage 1: flattening.
    float[] pathTolerance = new float[0];
    int[] pathCounts = new int[0];
    int[] pathFlatStart = new int[1], pathContourStart = new int[1];
    float[] flatX = new float[0], flatY = new float[0], flatT = new float[0];
    int[] flatSrc = new int[0], flatDeg = new int[0];
    int[] contourStart = new int[0], contourClosed = new int[0];
    int longestContour;

    // Stage 2: outlines.
    int[] drawCounts = new int[0];
    int[] drawVertexStart = new int[1], drawContourStart = new int[1];
    int[] ctrStart = new int[0], ctrEnd = new int[0];
    int[] vKind = new int[0], vA = new int[0], vP = new int[0], vB = new int[0];
    float[] vS = new float[0], vF = new float[0], vx = new float[0], vy = new float[0];

    // Stage 3: binning.
    int[] grid = new int[0];
    int[] cellStart = new int[1], drawCellCounts = new int[0];
    int[] cellCount = new int[0], cellPieceStart = new int[0], cellCursor = new int[0];
    /** Per cell: its edge cell's number (-1: no pieces), and the winding number of a cell without pieces. */
    int[] cellEdge = new int[0], cellWinding = new int[0];
    /** Per edge cell: its first cell ({@code edgeCell}), and {@code TILE} covers (see BinningKernels). */
    int edgeCount;
    int[] edgeCell = new int[0];
    /** Per draw: pieces and edge cells (interleaved), and the first of each. */
    int[] drawTotals = new int[0], drawPieceStart = new int[1], drawEdgeStart = new int[1];
    float[] edgeCover = new float[1], edgeRuns = new float[0];
    int pieceCount;

    // Stage 3b: coarse lists.
    int[] entryCounts = new int[0], drawEntryStart = new int[1];
    int entryCount;
    int[] entryDraw = new int[0], entryCell = new int[0], entryKind = new int[0], entryWinding = new int[0],
            entryTile = new int[0];
    int[] tileListStart = new int[1], tileCursor = new int[0], tileLayer = new int[0], tileList = new int[0];
    /** Per chunk of entries and tile: a count, then a write position (see CoarseKernels#countTileChunk). */
    int[] chunkCount = new int[0];
    int longestTileList;

    // Backward buffers.
    int[] entryGradStart = new int[1];
    float[] entryGrad = new float[0], pieceGrad = new float[0], vertexGrad = new float[0], flatGrad = new float[0];
    int[] pathDrawStart = new int[1], pathDraws = new int[0];
    double[] tileLoss = new double[0];

    // Stage 4 inputs, packed as FineLayout describes (see packFine).
    final int[] dims = new int[FineLayout.DIMS];
    // (Never empty: a device runtime may refuse a zero-length buffer.)
    int[] entries = new int[1], cells = new int[1], pieceInts = new int[1], draws = new int[1];
    float[] pieces = new float[1], vxy = new float[1], drawFloats = new float[4], layers = new float[2];

    /** Bin as a device does ({@link BinningKernels#binDraw}'s exactWalk): for tests, same results. */
    boolean exactWalk;

    /** Per-worker scratch for the geometry stages. */
    private int[][] kept = new int[0][];
    private int[][] cursors = new int[0][];
    private float[][] vertexTmp = new float[0][];

    /**
     * Runs stages 1 to 3b for {@code scene}: afterwards every tile has its z-ordered list of
     * entries. {@code tolerance} is the flattening tolerance in device pixels.
     */
    void prepare(PackedScene scene, WorkerPool pool, float tolerance) {
        prepareOutlines(scene, pool, tolerance);
        bin(scene, pool);
    }

    /**
     * Runs stages 1 and 2 for {@code scene} (and the tile grid of every draw, where stage 3
     * begins): afterwards every draw has its outline vertices in device space.
     */
    void prepareOutlines(PackedScene scene, WorkerPool pool, float tolerance) {
        int paths = scene.pathCount, draws = scene.drawCount;
        ensureWorkers(pool.threads());
        tilesX = Tiles.tilesFor(scene.width);
        tilesY = Tiles.tilesFor(scene.height);
        tileCount = tilesX * tilesY;

        // Stage 1: flatten every path, with the tolerance mapped into its user space.
        pathTolerance = grow(pathTolerance, paths);
        for (int p = 0; p < paths; p++) {
            float scale = Affines.maxScale(scene.pathTransform, 6 * p);
            pathTolerance[p] = tolerance / Math.max(scale, 1e-6f);
        }
        pathCounts = grow(pathCounts, 2 * paths);
        pool.run(paths, SMALL, (w, p) -> FlattenKernels.countPath(p, scene.pathVerbStart, scene.verbs, scene.pathPointStart,
                scene.points, pathTolerance, pathCounts));
        pathFlatStart = grow(pathFlatStart, paths + 1);
        pathContourStart = grow(pathContourStart, paths + 1);
        int flats = Kmath.exclusivePrefix(pathCounts, 2, 0, paths, pathFlatStart);
        int contours = Kmath.exclusivePrefix(pathCounts, 2, 1, paths, pathContourStart);
        flatX = grow(flatX, flats);
        flatY = grow(flatY, flats);
        flatT = grow(flatT, flats);
        flatSrc = grow(flatSrc, flats);
        flatDeg = grow(flatDeg, flats);
        contourStart = grow(contourStart, contours);
        contourClosed = grow(contourClosed, contours);
        pool.run(paths, SMALL, (w, p) -> FlattenKernels.emitPath(p, scene.pathVerbStart, scene.verbs, scene.pathPointStart,
                scene.points, pathTolerance, pathFlatStart, pathContourStart, flatX, flatY, flatSrc, flatDeg, flatT,
                contourStart, contourClosed));
        longestContour = 0;
        for (int p = 0; p < paths; p++) {
            for (int c = pathContourStart[p]; c < pathContourStart[p + 1]; c++) {
                int end = c + 1 < pathContourStart[p + 1] ? contourStart[c + 1] : pathFlatStart[p + 1];
                longestContour = Math.max(longestContour, end - contourStart[c]);
            }
        }
        for (int w = 0; w < kept.length; w++) {
            if (kept[w].length < longestContour) kept[w] = new int[longestContour];
        }

        // Stage 2: outline recipes per draw, then their device positions.
        drawCounts = grow(drawCounts, 2 * draws);
        pool.run(draws, SMALL, (w, d) -> {
            int[] cursor = cursors[w];
            cursor[0] = 0;
            cursor[1] = 0;
            outline(false, scene, d, kept[w], cursor);
            drawCounts[2 * d] = cursor[0];
            drawCounts[2 * d + 1] = cursor[1];
        });
        drawVertexStart = grow(drawVertexStart, draws + 1);
        drawContourStart = grow(drawContourStart, draws + 1);
        int vertices = Kmath.exclusivePrefix(drawCounts, 2, 0, draws, drawVertexStart);
        int outlineContours = Kmath.exclusivePrefix(drawCounts, 2, 1, draws, drawContourStart);
        vKind = grow(vKind, vertices);
        vA = grow(vA, vertices);
        vP = grow(vP, vertices);
        vB = grow(vB, vertices);
        vS = grow(vS, vertices);
        vF = grow(vF, vertices);
        vx = grow(vx, vertices);
        vy = grow(vy, vertices);
        ctrStart = grow(ctrStart, outlineContours);
        ctrEnd = grow(ctrEnd, outlineContours);
        grid = grow(grid, 4 * draws);
        pool.run(draws, SMALL, (w, d) -> {
            int[] cursor = cursors[w];
            cursor[0] = drawVertexStart[d];
            cursor[1] = drawContourStart[d];
            outline(true, scene, d, kept[w], cursor);
            OutlineKernels.positionVertices(drawVertexStart[d], drawVertexStart[d + 1], scene.drawPath[d],
                    0.5f * scene.strokeWidths[d], scene.pathTransform, vKind, vA, vP, vB, vS, vF, scene.points, flatX,
                    flatY, vertexTmp[w], vx, vy);
            // Stage 3 begins: the draw's tile grid.
            BinningKernels.drawGrid(d, drawContourStart, ctrStart, ctrEnd, vx, vy, tilesX, tilesY, grid);
        });

    }

    /** Stages 3 and 3b, after {@link #prepareOutlines}: every tile gets its z-ordered list of entries. */
    void bin(PackedScene scene, WorkerPool pool) {
        int draws = scene.drawCount;
        // Stage 3: pieces and carried-in coverage.
        cellStart = grow(cellStart, draws + 1);
        drawCellCounts = grow(drawCellCounts, draws);
        for (int d = 0; d < draws; d++) BinningKernels.drawCells(d, grid, drawCellCounts);
        int cells = Kmath.exclusivePrefix(drawCellCounts, 1, 0, draws, cellStart);
        cellCount = grow(cellCount, cells);
        cellPieceStart = grow(cellPieceStart, cells);
        cellCursor = grow(cellCursor, cells);
        cellEdge = grow(cellEdge, cells);
        cellWinding = grow(cellWinding, cells);
        Arrays.fill(cellCount, 0, cells, 0);
        pool.run(draws, SMALL, (w, d) -> BinningKernels.binDraw(false, exactWalk, d, drawContourStart, ctrStart, ctrEnd, vx, vy, tilesX,
                tilesY, grid, cellStart, cellCount, cellCursor, cellEdge, edgeCover, edgeRuns, pieces, pieceInts));
        drawTotals = grow(drawTotals, 2 * draws);
        pool.run(draws, SMALL, (w, d) -> BinningKernels.drawTotals(d, grid, cellStart, cellCount, drawTotals));
        drawPieceStart = grow(drawPieceStart, draws + 1);
        drawEdgeStart = grow(drawEdgeStart, draws + 1);
        pieceCount = Kmath.exclusivePrefix(drawTotals, 2, 0, draws, drawPieceStart);
        int edges = Kmath.exclusivePrefix(drawTotals, 2, 1, draws, drawEdgeStart);
        edgeCount = edges;
        edgeCell = grow(edgeCell, edges);
        edgeCover = grow(edgeCover, edges * TILE);
        edgeRuns = grow(edgeRuns, edges * TILE);
        // Pieces are written straight into the fine stage's layout.
        pieces = grow(pieces, FineLayout.PIECE_FLOATS * pieceCount);
        pieceInts = grow(pieceInts, FineLayout.PIECE_INTS * pieceCount);
        entryCounts = grow(entryCounts, draws);
        pool.run(draws, SMALL, (w, d) -> {
            BinningKernels.cellOffsets(d, grid, cellStart, cellCount, drawPieceStart, drawEdgeStart, cellPieceStart,
                    cellCursor, cellEdge, edgeCell, edgeCover, edgeRuns);
            BinningKernels.binDraw(true, exactWalk, d, drawContourStart, ctrStart, ctrEnd, vx, vy, tilesX, tilesY, grid,
                    cellStart, cellCount, cellCursor, cellEdge, edgeCover, edgeRuns, pieces, pieceInts);
            BinningKernels.prefixCovers(d, grid, cellStart, cellEdge, edgeCover, edgeRuns, cellWinding);
            // Stage 3b begins: how many entries the draw's cells make.
            CoarseKernels.countEntries(d, grid, cellStart, cellEdge, cellWinding, scene.drawKind, entryCounts);
        });

        // Stage 3b: entries and per-tile lists.
        drawEntryStart = grow(drawEntryStart, draws + 1);
        int entries = Kmath.exclusivePrefix(entryCounts, 1, 0, draws, drawEntryStart);
        entryCount = entries;
        entryDraw = grow(entryDraw, entries);
        entryCell = grow(entryCell, entries);
        entryKind = grow(entryKind, entries);
        entryWinding = grow(entryWinding, entries);
        entryTile = grow(entryTile, entries);
        pool.run(draws, SMALL, (w, d) -> CoarseKernels.emitEntries(d, grid, cellStart, cellEdge, cellWinding, scene.drawKind,
                tilesX, drawEntryStart, entryDraw, entryCell, entryKind, entryWinding, entryTile));
        tileCursor = grow(tileCursor, tileCount);
        tileListStart = grow(tileListStart, tileCount + 1);
        if (scene.layerCount == 0 && pool.threads() > 1 && entries >= 4096) {
            buildTileListsInChunks(pool, 2 * pool.threads());
        } else {
            buildTileListsInOrder(scene);
        }
    }

    /** Stage 3b's lists for scenes without layers, as a counting sort over chunks of entries. */
    private void buildTileListsInChunks(WorkerPool pool, int chunks) {
        int tiles = tileCount, entries = entryCount;
        chunkCount = grow(chunkCount, chunks * tiles);
        pool.run(chunks, (w, c) -> CoarseKernels.countTileChunk(c, chunks, entries, entryTile, tiles, chunkCount,
                true));
        pool.runRanges(tiles, 1024, (w, from, to) -> {
            for (int t = from; t < to; t++) CoarseKernels.tileChunkTotal(t, chunks, tiles, chunkCount, tileCursor);
        });
        int items = listStarts();
        tileList = grow(tileList, items);
        pool.runRanges(tiles, 1024, (w, from, to) -> {
            for (int t = from; t < to; t++) CoarseKernels.tileChunkOffsets(t, chunks, tiles, tileListStart, chunkCount);
        });
        pool.run(chunks, (w, c) -> CoarseKernels.emitTileChunk(c, chunks, entries, entryTile, tiles, chunkCount,
                tileList));
    }

    /** Stage 3b's lists with layer push and pop markers, in one pass over the draws. */
    private void buildTileListsInOrder(PackedScene scene) {
        tileLayer = grow(tileLayer, tileCount);
        Arrays.fill(tileCursor, 0, tileCount, 0);
        CoarseKernels.buildTileLists(false, scene.drawCount, drawEntryStart, entryTile, scene.drawLayer,
                scene.layerParent, tileCount, tileCursor, tileList, tileLayer);
        int items = listStarts();
        for (int t = 0; t < tileCount; t++) tileCursor[t] = tileListStart[t];
        tileList = grow(tileList, items);
        CoarseKernels.buildTileLists(true, scene.drawCount, drawEntryStart, entryTile, scene.drawLayer,
                scene.layerParent, tileCount, tileCursor, tileList, tileLayer);
    }

    /** From the list lengths in {@code tileCursor}: the list starts and the longest list; returns the total. */
    private int listStarts() {
        int items = 0;
        longestTileList = 0;
        for (int t = 0; t < tileCount; t++) {
            int n = tileCursor[t];
            longestTileList = Math.max(longestTileList, n);
            tileListStart[t] = items;
            items += n;
        }
        tileListStart[tileCount] = items;
        return items;
    }

    /**
     * Packs what the fine stage reads of the prepared scene into the interleaved arrays of
     * {@link FineLayout} (a copy of entries, cells and per-draw fields: small next to the
     * per-pixel work of the fine stage; binning writes the pieces in that layout already). With
     * {@code backward}, also the outline vertices.
     */
    void packFine(PackedScene scene, WorkerPool pool, boolean backward, int flags) {
        packDraws(scene, pool, flags);
        dims[FineLayout.DIM_LONGEST_LIST] = longestTileList;
        entries = grow(entries, FineLayout.ENTRY_INTS * entryCount);
        pool.runRanges(entryCount, PACK_GRAIN, (w, from, to) -> {
            for (int e = from; e < to; e++) CoarseKernels.packEntry(e, entryDraw, entryCell, entryKind, entryWinding, entries);
        });
        cells = grow(cells, FineLayout.CELL_INTS * edgeCount);
        pool.runRanges(edgeCount, PACK_GRAIN, (w, from, to) -> {
            for (int k = from; k < to; k++) CoarseKernels.packCell(k, edgeCell, cellPieceStart, cellCount, cells);
        });
        if (backward) {
            int vertices = drawVertexStart[scene.drawCount];
            vxy = grow(vxy, 2 * vertices);
            pool.runRanges(vertices, PACK_GRAIN, (w, from, to) -> {
                for (int v = from; v < to; v++) {
                    vxy[2 * v] = vx[v];
                    vxy[2 * v + 1] = vy[v];
                }
            });
        }
    }

    /** Packs the launch's scalars (all but the longest list) and the draws' paint ({@link FineLayout}). */
    void packDraws(PackedScene scene, WorkerPool pool, int flags) {
        dims[FineLayout.DIM_TILES_X] = tilesX;
        dims[FineLayout.DIM_WIDTH] = scene.width;
        dims[FineLayout.DIM_HEIGHT] = scene.height;
        dims[FineLayout.DIM_FLAGS] = flags;
        dims[FineLayout.DIM_ROWS] = TILE;
        int drawTotal = scene.drawCount;
        draws = grow(draws, FineLayout.DRAW_INTS * drawTotal);
        drawFloats = grow(drawFloats, FineLayout.drawFloats(drawTotal));
        System.arraycopy(scene.background, 0, drawFloats, FineLayout.BACKGROUND, 4);
        pool.runRanges(drawTotal, PACK_GRAIN, (w, from, to) -> {
            for (int d = from; d < to; d++) {
                int o = FineLayout.DRAW_INTS * d;
                draws[o + FineLayout.D_KIND] = scene.drawKind[d];
                draws[o + FineLayout.D_PAINT] = scene.paintKind[d];
                draws[o + FineLayout.D_SPREAD] = scene.paintSpread[d];
                draws[o + FineLayout.D_PARAMS] = scene.paintParamStart[d];
                draws[o + FineLayout.D_STOPS] = scene.paintStopCount[d];
                draws[o + FineLayout.D_PARAMS_END] = scene.paintParamStart[d + 1];
                int f = FineLayout.drawFloats(d);
                drawFloats[f + FineLayout.DF_OPACITY] = scene.opacities[d];
                System.arraycopy(scene.paintInverse, 6 * d, drawFloats, f + FineLayout.DF_INVERSE, 6);
            }
        });
        layers = grow(layers, FineLayout.LAYER_FLOATS * Math.max(1, scene.layerCount));
        for (int l = 0; l < scene.layerCount; l++) {
            layers[FineLayout.LAYER_FLOATS * l] = scene.layerOpacity[l];
            layers[FineLayout.LAYER_FLOATS * l + 1] = scene.layerClipped[l];
        }
    }

    /** Per tile, how many draws' grids cover it (scratch of {@link #outlines}). */
    private int[] tileGrids = new int[0];

    /**
     * The prepared outlines for a fine stage that bins, after {@link #prepareOutlines} and
     * {@link #packDraws}, with the buffer bounds {@link OutlineInputs} describes.
     */
    OutlineInputs outlines(PackedScene scene) {
        int draws = scene.drawCount;
        long cells = 0, gradients = 0;
        // Grids covering each tile: a 2D difference array over the tiles, then its prefix sums.
        int w = tilesX + 1;
        tileGrids = grow(tileGrids, w * (tilesY + 1));
        Arrays.fill(tileGrids, 0, w * (tilesY + 1), 0);
        for (int d = 0; d < draws; d++) {
            int x0 = grid[4 * d], y0 = grid[4 * d + 1], gw = grid[4 * d + 2], gh = grid[4 * d + 3];
            long area = (long) gw * gh;
            cells += area;
            gradients += area * (scene.paintParamStart[d + 1] - scene.paintParamStart[d] + 1);
            if (area > 0) {
                tileGrids[y0 * w + x0]++;
                tileGrids[y0 * w + x0 + gw]--;
                tileGrids[(y0 + gh) * w + x0]--;
                tileGrids[(y0 + gh) * w + x0 + gw]++;
            }
        }
        int longest = 0;
        for (int y = 0; y < tilesY; y++) {
            for (int x = 0; x < tilesX; x++) {
                int i = y * w + x;
                if (x > 0) tileGrids[i] += tileGrids[i - 1];
                if (y > 0) tileGrids[i] += tileGrids[i - w];
                if (x > 0 && y > 0) tileGrids[i] -= tileGrids[i - w - 1];
                longest = Math.max(longest, tileGrids[i]);
            }
        }
        int vertices = drawVertexStart[draws];
        if (cells > Integer.MAX_VALUE / 4 || gradients > Integer.MAX_VALUE / 4) {
            throw new UnsupportedOperationException("the scene is too large to bin on a device (" + cells
                    + " cells)");
        }
        int pieceGuess = (int) Math.min(Integer.MAX_VALUE / 8, vertices + 2 * cells + 1024);
        return new OutlineInputs(tilesX, tilesY, draws, vertices, dims, drawContourStart, ctrStart, ctrEnd, vx, vy,
                scene.drawKind, this.draws, drawFloats, scene.paintParams, scene.paintParamStart, (int) cells,
                (int) gradients, longest, pieceGuess);
    }

    /** Fewest items per block of a packing copy: below that, a copy is cheaper than a hand-off. */
    static final int PACK_GRAIN = 16_384;

    private void outline(boolean emit, PackedScene scene, int d, int[] keptScratch, int[] cursor) {
        int path = scene.drawPath[d];
        if (scene.drawKind[d] == DRAW_STROKE) {
            if (!(scene.strokeWidths[d] > 0f)) return;
            OutlineKernels.strokeDraw(emit, path, 0.5f * scene.strokeWidths[d], scene.drawJoin[d], scene.drawCap[d],
                    scene.miterLimits[d], pathTolerance[path], pathContourStart, contourStart, contourClosed,
                    pathFlatStart, scene.points, flatX, flatY, flatSrc, flatDeg, flatT, keptScratch, cursor, ctrStart,
                    ctrEnd, vKind, vA, vP, vB, vS, vF);
        } else {
            OutlineKernels.fillDraw(emit, path, pathContourStart, contourStart, pathFlatStart, cursor, ctrStart, ctrEnd,
                    vKind, vA, vP, vB, vS, vF);
        }
    }

    /** Sizes the backward buffers for the prepared scene and clears them. */
    void prepareBackward(PackedScene scene, boolean geometry, boolean paint) {
        prepareBackward(scene, geometry, paint, true);
    }

    /** As above; without {@code binned}, only what the reduction from vertices needs (the device bins). */
    void prepareBackward(PackedScene scene, boolean geometry, boolean paint, boolean binned) {
        int draws = scene.drawCount;
        tileLoss = growD(tileLoss, tileCount);
        Arrays.fill(tileLoss, 0, tileCount, 0);
        if (paint && binned) {
            entryGradStart = grow(entryGradStart, entryCount + 1);
            int g = 0;
            for (int e = 0; e < entryCount; e++) {
                entryGradStart[e] = g;
                int d = entryDraw[e];
                g += scene.paintParamStart[d + 1] - scene.paintParamStart[d] + 1;
            }
            entryGradStart[entryCount] = g;
            entryGrad = grow(entryGrad, g);
            Arrays.fill(entryGrad, 0, g, 0f);
        }
        if (geometry) {
            if (binned) pieceGrad = grow(pieceGrad, 4 * pieceCount);
            int vertices = drawVertexStart[draws];
            vertexGrad = grow(vertexGrad, 2 * vertices);
            Arrays.fill(vertexGrad, 0, 2 * vertices, 0f);
            int flats = pathFlatStart[scene.pathCount];
            flatGrad = grow(flatGrad, 2 * flats);
            Arrays.fill(flatGrad, 0, 2 * flats, 0f);
            // Draws of each path, in draw order (a counting sort).
            int paths = scene.pathCount;
            pathDrawStart = grow(pathDrawStart, paths + 1);
            pathDraws = grow(pathDraws, draws);
            Arrays.fill(pathDrawStart, 0, paths + 1, 0);
            for (int d = 0; d < draws; d++) pathDrawStart[scene.drawPath[d] + 1]++;
            for (int p = 0; p < paths; p++) pathDrawStart[p + 1] += pathDrawStart[p];
            int[] fill = Arrays.copyOf(pathDrawStart, paths);
            for (int d = 0; d < draws; d++) pathDraws[fill[scene.drawPath[d]]++] = d;
        }
    }

    private void ensureWorkers(int workers) {
        if (kept.length == workers) return;
        kept = new int[workers][0];
        // Padded to whole cache lines: workers write these for every vertex, and two small arrays
        // allocated side by side would share a line (measured: the outline stages did not scale).
        cursors = new int[workers][PAD];
        vertexTmp = new float[workers][PAD];
    }

    /** Length of small per-worker scratch arrays, so no two share a cache line. */
    static final int PAD = 32;

    static int[] grow(int[] a, int n) {
        return n <= a.length ? a : new int[Math.max(n, a.length + (a.length >> 1))];
    }

    static float[] grow(float[] a, int n) {
        return n <= a.length ? a : new float[Math.max(n, a.length + (a.length >> 1))];
    }

    static double[] growD(double[] a, int n) {
        return n <= a.length ? a : new double[Math.max(n, a.length + (a.length >> 1))];
    }
}
