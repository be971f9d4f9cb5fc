package dev.diffink.raster;

/**
 * Stage 3b: coarse lists. Turns each draw's cells into <em>entries</em> (a cell with pieces, or
 * a piece-free cell the draw covers entirely), then gathers every tile's entries in z-order,
 * with push and pop markers where the opacity layer changes.
 *
 * <p>Tile list items: {@code item >= 0} is an entry index; {@code -1 - 2 l} pushes layer
 * {@code l}; {@code -2 - 2 l} pops it.
 */
public final class CoarseKernels {
    private CoarseKernels() {}

    /** Whether a cell of uniform winding {@code w} is painted under the draw's rule. */
    static boolean covers(int w, int drawKind) {
        return Tiles.isEvenOdd(drawKind) ? (w & 1) != 0 : w != 0;
    }

    /** Number of entries of draw d. Launch: one work item per draw. */
    public static void countEntries(int d, int[] grid, int[] cellStart, int[] cellEdge, int[] cellWinding,
            int[] drawKind, int[] entryCounts) {
        int n = 0;
        int cells = grid[4 * d + 2] * grid[4 * d + 3];
        for (int i = 0; i < cells; i++) {
            int cell = cellStart[d] + i;
            if (cellEdge[cell] >= 0 || covers(cellWinding[cell], drawKind[d])) n++;
        }
        entryCounts[d] = n;
    }

    /**
     * Writes the entries of draw d from {@code drawEntryStart[d]}; an edge entry's cell is its
     * edge cell's number. Launch: one work item per draw.
     */
    public static void emitEntries(int d, int[] grid, int[] cellStart, int[] cellEdge, int[] cellWinding,
            int[] drawKind, int tilesX, int[] drawEntryStart, int[] entryDraw, int[] entryCell, int[] entryKind,
            int[] entryWinding, int[] entryTile) {
        int gx0 = grid[4 * d], gy0 = grid[4 * d + 1], gw = grid[4 * d + 2], gh = grid[4 * d + 3];
        int e = drawEntryStart[d];
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                int cell = cellStart[d] + j * gw + i;
                int edge = cellEdge[cell];
                boolean isEdge = edge >= 0;
                int w = isEdge ? 0 : cellWinding[cell];
                // (No continue: TornadoVM 5.2 loses loop-carried values updated before one.)
                if (isEdge || covers(w, drawKind[d])) {
                    entryDraw[e] = d;
                    entryCell[e] = edge;
                    entryKind[e] = isEdge ? FineKernels.ENTRY_EDGES : FineKernels.ENTRY_SOLID;
                    entryWinding[e] = w;
                    entryTile[e] = (gy0 + j) * tilesX + gx0 + i;
                    e++;
                }
            }
        }
    }

    /**
     * For scenes without layers, where a tile's list is its entries in entry order, the lists are
     * built as a counting sort over {@code chunks} equal ranges of entries (chunk c: entries
     * {@code entryCount * c / chunks} up to the next chunk's first): per chunk and tile a count
     * (this kernel), per tile the chunks' counts turned into where each chunk writes
     * ({@link #tileChunkOffsets}), then per chunk a scatter ({@link #emitTileChunk}). Same lists
     * as {@link #buildTileLists}; a chunk's entries keep their order.
     *
     * <p>Counts chunk c's entries per tile into {@code chunkCount[c * tileCount + t]}, zeroing
     * the chunk's counts first with {@code zero} (a GPU launch zeroes them all beforehand, a work
     * item per count, rather than thousands in a row per chunk). Launch: one work item per chunk.
     */
    public static void countTileChunk(int c, int chunks, int entryCount, int[] entryTile, int tileCount,
            int[] chunkCount, boolean zero) {
        int base = c * tileCount;
        if (zero) {
            for (int t = 0; t < tileCount; t++) chunkCount[base + t] = 0;
        }
        int end = (int) ((long) entryCount * (c + 1) / chunks);
        for (int e = (int) ((long) entryCount * c / chunks); e < end; e++) chunkCount[base + entryTile[e]]++;
    }

    /** Tile t's list length, the sum of the chunks' counts, into {@code tileLength[t]}. Launch: one work item per tile. */
    public static void tileChunkTotal(int t, int chunks, int tileCount, int[] chunkCount, int[] tileLength) {
        int n = 0;
        for (int c = 0; c < chunks; c++) n += chunkCount[c * tileCount + t];
        tileLength[t] = n;
    }

    /**
     * Replaces tile t's per-chunk counts by where each chunk's first entry of the tile goes.
     * Launch: one work item per tile.
     */
    public static void tileChunkOffsets(int t, int chunks, int tileCount, int[] tileListStart, int[] chunkCount) {
        int at = tileListStart[t];
        for (int c = 0; c < chunks; c++) {
            int n = chunkCount[c * tileCount + t];
            chunkCount[c * tileCount + t] = at;
            at += n;
        }
    }

    /** Writes chunk c's entries into the tile lists. Launch: one work item per chunk. */
    public static void emitTileChunk(int c, int chunks, int entryCount, int[] entryTile, int tileCount,
            int[] chunkCount, int[] tileList) {
        int base = c * tileCount;
        int end = (int) ((long) entryCount * (c + 1) / chunks);
        for (int e = (int) ((long) entryCount * c / chunks); e < end; e++) tileList[chunkCount[base + entryTile[e]]++] = e;
    }

    /**
     * Counts ({@code emit == false}: adds to {@code tileCursor[t]}) or writes (at
     * {@code tileCursor[t]++}) every tile's list, walking draws in z-order.
     * {@code tileLayer} is scratch of one int per tile. Runs as a single work item.
     */
    public static void buildTileLists(boolean emit, int drawCount, int[] drawEntryStart, int[] entryTile,
            int[] drawLayer, int[] layerParent, int tileCount, int[] tileCursor, int[] tileList, int[] tileLayer) {
        for (int t = 0; t < tileCount; t++) tileLayer[t] = -1;
        for (int d = 0; d < drawCount; d++) {
            for (int e = drawEntryStart[d]; e < drawEntryStart[d + 1]; e++) {
                int t = entryTile[e];
                switchLayer(emit, t, tileLayer[t], drawLayer[d], layerParent, tileCursor, tileList);
                tileLayer[t] = drawLayer[d];
                if (emit) tileList[tileCursor[t]] = e;
                tileCursor[t]++;
            }
        }
        for (int t = 0; t < tileCount; t++) {
            switchLayer(emit, t, tileLayer[t], -1, layerParent, tileCursor, tileList);
        }
    }

    /** Emits the pops from layer {@code from} up to the common ancestor, then the pushes down to {@code to}. */
    private static void switchLayer(boolean emit, int t, int from, int to, int[] layerParent, int[] tileCursor,
            int[] tileList) {
        if (from == to) return;
        int common = from;
        while (common != -1 && !isAncestorOrSelf(common, to, layerParent)) {
            if (emit) tileList[tileCursor[t]] = -2 - 2 * common;
            tileCursor[t]++;
            common = layerParent[common];
        }
        // Push the layers between common and to, outermost first.
        int depth = 0;
        for (int l = to; l != common; l = layerParent[l]) depth++;
        for (int k = depth - 1; k >= 0; k--) {
            int l = to;
            for (int s = 0; s < k; s++) l = layerParent[l];
            if (emit) tileList[tileCursor[t]] = -1 - 2 * l;
            tileCursor[t]++;
        }
    }

    private static boolean isAncestorOrSelf(int ancestor, int layer, int[] layerParent) {
        for (int l = layer; l != -1; l = layerParent[l]) {
            if (l == ancestor) return true;
        }
        return false;
    }

    /** Entry e in the fine stage's layout ({@link FineLayout}). Launch: one work item per entry. */
    public static void packEntry(int e, int[] entryDraw, int[] entryCell, int[] entryKind, int[] entryWinding,
            int[] entries) {
        int o = FineLayout.ENTRY_INTS * e;
        entries[o + FineLayout.E_DRAW] = entryDraw[e];
        entries[o + FineLayout.E_CELL] = entryCell[e];
        entries[o + FineLayout.E_KIND] = entryKind[e];
        entries[o + FineLayout.E_WINDING] = entryWinding[e];
    }

    /** Edge cell k in the fine stage's layout: its first piece and piece count. Launch: one work item per edge cell. */
    public static void packCell(int k, int[] edgeCell, int[] cellPieceStart, int[] cellCount, int[] cells) {
        int c = edgeCell[k];
        cells[FineLayout.CELL_INTS * k + FineLayout.C_FIRST] = cellPieceStart[c];
        cells[FineLayout.CELL_INTS * k + FineLayout.C_COUNT] = cellCount[c];
    }
}
