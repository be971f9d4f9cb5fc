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
    public static void countEntries(int d, int[] grid, int[] cellStart, int[] cellCount, float[] cellCover,
            int[] drawKind, int[] entryCounts) {
        int n = 0;
        int cells = grid[4 * d + 2] * grid[4 * d + 3];
        for (int i = 0; i < cells; i++) {
            int cell = cellStart[d] + i;
            if (cellCount[cell] > 0 || covers(BinningKernels.solidWinding(cellCover, cell), drawKind[d])) n++;
        }
        entryCounts[d] = n;
    }

    /** Writes the entries of draw d from {@code drawEntryStart[d]}. Launch: one work item per draw. */
    public static void emitEntries(int d, int[] grid, int[] cellStart, int[] cellCount, float[] cellCover,
            int[] drawKind, int tilesX, int[] drawEntryStart, int[] entryDraw, int[] entryCell, int[] entryKind,
            int[] entryWinding, int[] entryTile) {
        int gx0 = grid[4 * d], gy0 = grid[4 * d + 1], gw = grid[4 * d + 2], gh = grid[4 * d + 3];
        int e = drawEntryStart[d];
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                int cell = cellStart[d] + j * gw + i;
                int kind;
                int w = 0;
                if (cellCount[cell] > 0) {
                    kind = FineKernels.ENTRY_EDGES;
                } else {
                    w = BinningKernels.solidWinding(cellCover, cell);
                    if (!covers(w, drawKind[d])) continue;
                    kind = FineKernels.ENTRY_SOLID;
                }
                entryDraw[e] = d;
                entryCell[e] = cell;
                entryKind[e] = kind;
                entryWinding[e] = w;
                entryTile[e] = (gy0 + j) * tilesX + gx0 + i;
                e++;
            }
        }
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
}
