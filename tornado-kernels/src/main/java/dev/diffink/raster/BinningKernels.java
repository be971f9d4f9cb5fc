package dev.diffink.raster;

import static dev.diffink.raster.Tiles.TILE;

/**
 * Stage 3: binning. Cuts every outline edge of a draw into <em>pieces</em>, one per tile it
 * crosses, and computes for each (draw, tile) cell the winding carried in from the left.
 *
 * <p>Coverage is the integral of the winding number over the pixel, with the winding counted
 * along a ray to the left. Geometry left of the canvas is clamped onto x = 0 (which keeps the
 * winding of every point to its right) and marked <em>virtual</em>: it contributes coverage but
 * has no gradient, since moving it changes no pixel. Geometry right of or above/below the tile
 * grid is dropped.
 *
 * <p>Within a row of tiles, the coverage a pixel receives from everything left of its tile is the
 * sum, over the tiles to its left, of each piece's signed height within the pixel's row
 * ("cover"). {@link #prefixCovers} turns per-cell covers into that carried-in value, a float per
 * pixel row, so the fine stage needs nothing outside its own tile: a gather, with no atomics.
 * A cell with no piece has one winding number throughout, which is all it keeps.
 *
 * <p>Per draw, cells form the draw's bounding box in tiles: {@code grid[4d..4d+3] = (tx0, ty0,
 * width, height)}, cell {@code (i, j)} at {@code cellStart[d] + j * width + i}. Only the cells
 * with pieces ("edge cells", numbered by {@code cellEdge[cell]}, -1 for the others) hold covers,
 * {@code TILE} floats each; on a large scene they are a third of the cells or fewer, so the
 * covers take a third of the memory, of the time to clear and sum them, and of the bytes a
 * device is sent.
 */
public final class BinningKernels {
    private BinningKernels() {}

    public static final int PIECE_REAL = 0, PIECE_VIRTUAL = 1;
    private static final float INV_TILE = 1f / TILE;

    /**
     * Tile bounding box of one draw's outline, clamped to the tile grid ({@code width = 0} when
     * the draw cannot touch the canvas).
     *
     * <p>Launch: one work item per draw.
     */
    public static void drawGrid(int d, int[] drawContourStart, int[] ctrStart, int[] ctrEnd, float[] vx, float[] vy,
            int tilesX, int tilesY, int[] grid) {
        float minX = Float.POSITIVE_INFINITY, minY = Float.POSITIVE_INFINITY;
        float maxX = Float.NEGATIVE_INFINITY, maxY = Float.NEGATIVE_INFINITY;
        for (int c = drawContourStart[d]; c < drawContourStart[d + 1]; c++) {
            for (int v = ctrStart[c]; v < ctrEnd[c]; v++) {
                minX = Math.min(minX, vx[v]);
                maxX = Math.max(maxX, vx[v]);
                minY = Math.min(minY, vy[v]);
                maxY = Math.max(maxY, vy[v]);
            }
        }
        float xMax = tilesX * TILE, yMax = tilesY * TILE;
        grid[4 * d + 2] = 0;
        grid[4 * d + 3] = 0;
        // (One way out, for TornadoVM.)
        if (!(!(minX <= maxX) || maxX < 0f || minX >= xMax || maxY < 0f || minY >= yMax || maxY <= minY)) {
            int tx0 = clamp(Kmath.floor(Math.max(minX, 0f) / TILE), 0, tilesX - 1);
            int tx1 = clamp(Kmath.floor(Math.min(maxX, xMax - 1e-3f) / TILE), 0, tilesX - 1);
            int ty0 = clamp(Kmath.floor(Math.max(minY, 0f) / TILE), 0, tilesY - 1);
            int ty1 = clamp(Kmath.floor(Math.min(maxY, yMax - 1e-3f) / TILE), 0, tilesY - 1);
            grid[4 * d] = tx0;
            grid[4 * d + 1] = ty0;
            grid[4 * d + 2] = tx1 - tx0 + 1;
            grid[4 * d + 3] = ty1 - ty0 + 1;
        }
    }

    /** Draw d's number of cells (its tile grid's area), into {@code cells[d]}. Launch: one work item per draw. */
    public static void drawCells(int d, int[] grid, int[] cells) {
        cells[d] = grid[4 * d + 2] * grid[4 * d + 3];
    }

    /**
     * Counts ({@code emit == false}: {@code cellCount[cell]++}) or writes (at
     * {@code cellCursor[cell]++}) the pieces of every edge of one draw; when writing, also adds
     * each piece's per-row cover to its edge cell's {@code edgeCover} and {@code edgeRuns} (see
     * {@link #addCover}).
     *
     * <p>Launch: one work item per draw; it touches only that draw's cells. Returns the number of
     * pieces counted or written. {@code exactWalk} (for TornadoVM; the result is the same) walks
     * only the tile rows and columns each edge crosses instead of testing one more on each side.
     */
    public static int binDraw(boolean emit, boolean exactWalk, int d, int[] drawContourStart, int[] ctrStart, int[] ctrEnd, float[] vx,
            float[] vy, int tilesX, int tilesY, int[] grid, int[] cellStart, int[] cellCount, int[] cellCursor,
            int[] cellEdge, float[] edgeCover, float[] edgeRuns, float[] pieces, int[] pieceInts) {
        int gx0 = grid[4 * d], gy0 = grid[4 * d + 1], gw = grid[4 * d + 2], gh = grid[4 * d + 3];
        float xMax = tilesX * TILE, yMax = tilesY * TILE;
        int cellBase = cellStart[d];
        // A draw that cannot touch the canvas (gw == 0) walks no contours. There is no early return
        // and no continue here: TornadoVM 5.2 compiles neither correctly in this shape of code.
        int contourEnd = gw == 0 ? drawContourStart[d] : drawContourStart[d + 1];
        // The pieces counted or written. Besides being returned, it is a value every branch that
        // makes a piece updates: TornadoVM 5.2 compiles an if that ends a loop body, with nothing
        // for the branches to merge, as if its body ran always (the skipped rows and columns of
        // binClipped made pieces on the device).
        int made = 0;
        // One loop over edges with no calls: per-edge calls with this many arguments cost more than
        // the walk itself (measured: 37% of binning time at the call).
        for (int c = drawContourStart[d]; c < contourEnd; c++) {
            int first = ctrStart[c], end = ctrEnd[c];
            for (int v0 = first; v0 < end; v0++) {
                int v1 = v0 + 1 < end ? v0 + 1 : first;
                float ex = vx[v0], ey = vy[v0];
                float dx = vx[v1] - ex, dy = vy[v1] - ey;
                // (Not written as !(dx == 0 && dy == 0): TornadoVM 5.2 negated that as
                // dx != 0 && dy != 0, which sent zero-length edges down the fast path below.)
                boolean nonzero = Math.abs(dx) + Math.abs(dy) > 0f;
                // Fast path: an edge inside one tile of the canvas (most edges of flattened curves
                // and stroke outlines) is a single piece; no clipping, no divisions.
                float ex1 = vx[v1], ey1 = vy[v1];
                boolean onCanvas = nonzero && ex >= 0f && ex1 >= 0f && ey >= 0f && ey1 >= 0f && ex < xMax
                        && ex1 < xMax && ey < yMax && ey1 < yMax;
                int col = onCanvas ? (int) (ex * INV_TILE) : 0, row = onCanvas ? (int) (ey * INV_TILE) : 0;
                boolean oneTile = onCanvas && col == (int) (ex1 * INV_TILE) && row == (int) (ey1 * INV_TILE)
                        && col >= gx0 && col < gx0 + gw && row >= gy0 && row < gy0 + gh;
                if (oneTile) {
                    int cell = cellBase + (row - gy0) * gw + (col - gx0);
                    if (!emit) {
                        cellCount[cell]++;
                    } else {
                        int p = cellCursor[cell]++;
                        float ox = col * TILE, oy = row * TILE;
                        float py0 = ey - oy, py1 = ey1 - oy;
                        writePiece(pieces, pieceInts, p, ex - ox, py0, ex1 - ox, py1, 0f, 1f, v0, v1, PIECE_REAL);
                        addCover(edgeCover, edgeRuns, cellEdge[cell] * TILE, py0, py1);
                    }
                    made++;
                } else {
                    // (Also for an edge of length zero, which makes no piece: binClipped finds
                    // nothing to walk. An else-if with nothing after it is the shape TornadoVM
                    // 5.2 compiles wrongly; see binClipped.)
                    float invDx = dx != 0f ? 1f / dx : 0f, invDy = dy != 0f ? 1f / dy : 0f;
                    // Clip to the grid's rows: t in [ta, tb].
                    float ta = 0f, tb = 1f;
                    boolean rows;
                    if (dy == 0f) {
                        rows = !(ey < 0f || ey >= yMax);
                    } else {
                        float t0 = (0f - ey) * invDy, t1 = (yMax - ey) * invDy;
                        ta = Math.max(ta, Math.min(t0, t1));
                        tb = Math.min(tb, Math.max(t0, t1));
                        rows = !(ta >= tb);
                    }
                    made += binClipped(emit, exactWalk, rows, v0, v1, ex, ey, dx, dy, invDx, invDy, ta, tb, xMax, gx0, gy0, gw,
                            gh, cellBase, cellCount, cellCursor, cellEdge, edgeCover, edgeRuns, pieces, pieceInts);
                }
            }
        }
        return made;
    }

    /**
     * The general case of {@link #binDraw}: the edge from (ex, ey) by (dx, dy), already clipped to
     * the grid's rows as t in [ta, tb], split at x = 0 (the left part becomes virtual, at x = 0)
     * and x = xMax (dropped), then walked through the tile rows and the tile columns of each row.
     * Without {@code rows} (the edge misses the grid's rows) it makes no piece. Returns the number
     * of pieces counted or written.
     */
    private static int binClipped(boolean emit, boolean exactWalk, boolean rows, int v0, int v1, float ex, float ey, float dx, float dy,
            float invDx, float invDy, float ta, float tb, float xMax, int gx0, int gy0, int gw, int gh, int cellBase,
            int[] cellCount, int[] cellCursor, int[] cellEdge, float[] edgeCover, float[] edgeRuns, float[] pieces,
            int[] pieceInts) {
        int made = 0;
        float realA = ta, realB = tb, virtA = 1f, virtB = 0f;
        if (dx == 0f) {
            if (ex < 0f) {
                virtA = ta;
                virtB = tb;
                realB = realA;
            } else if (ex >= xMax) {
                realB = realA;
            }
        } else {
            float tZero = (0f - ex) * invDx, tMax = (xMax - ex) * invDx;
            if (dx > 0f) {
                virtA = ta;
                virtB = Math.min(tb, tZero);
                realA = Math.max(ta, tZero);
                realB = Math.min(tb, tMax);
            } else {
                virtA = Math.max(ta, tZero);
                virtB = tb;
                realA = Math.max(ta, tMax);
                realB = Math.min(tb, tZero);
            }
        }
        for (int part = 0; part < 2; part++) {
            boolean virtual = part == 0;
            float wa = virtual ? virtA : realA, wb = virtual ? virtB : realB;
            // Whether this part has pieces: the edge has a length and rows on the grid, and the
            // part a length (a virtual part none when horizontal). Without, the row walk below is
            // empty: there is no if around it, since TornadoVM 5.2's OpenCL code runs the body of
            // an if that ends a loop body whatever the condition (an if whose other branch jumps
            // to the loop's end lost that jump).
            boolean live = rows && Math.abs(dx) + Math.abs(dy) > 0f && wa < wb && !(virtual && dy == 0f);
            {
                float x0 = virtual ? 0f : ex, pdx = virtual ? 0f : dx, invPdx = virtual ? 0f : invDx;
                int flags = virtual ? PIECE_VIRTUAL : PIECE_REAL;
                float ya = ey + wa * dy, yb = ey + wb * dy;
                float yLo = Math.min(ya, yb), yHi = Math.max(ya, yb);
                int rowLo = (int) (yLo / TILE);
                int rowHi = yHi > yLo ? Kmath.ceil(yHi / TILE) - 1 : rowLo;
                // Rows and columns come from rounded end points; one more on each side lets the
                // exact parameter intervals below decide (an edge one ulp left of a boundary
                // whose end rounds onto it must not lose its piece).
                if (dy != 0f) {
                    rowLo--;
                    rowHi++;
                }
                rowLo = clamp(rowLo, gy0, gy0 + gh - 1);
                rowHi = live ? clamp(rowHi, gy0, gy0 + gh - 1) : rowLo - 1;
                // With exactWalk: the rows where the edge has a part are consecutive, so walk only
                // from the first to the last of them. The test below then skips no row in
                // practice, which matters on TornadoVM 5.2 (see above: it made pieces in skipped
                // rows). The JVM skips them with the test alone, which is cheaper.
                if (exactWalk && dy != 0f) {
                    int first = crossedTile(false, rowLo, rowHi, ey, invDy, wa, wb);
                    rowHi = crossedTile(true, rowLo, rowHi, ey, invDy, wa, wb);
                    rowLo = first;
                }
                for (int row = rowLo; row <= rowHi; row++) {
                    float u0 = wa, u1 = wb;
                    if (dy != 0f) {
                        float r0 = (row * TILE - ey) * invDy, r1 = ((row + 1) * TILE - ey) * invDy;
                        u0 = Math.max(wa, Math.min(r0, r1));
                        u1 = Math.min(wb, Math.max(r0, r1));
                    }
                    if (!(dy != 0f && u0 >= u1)) {
                        float xa = x0 + u0 * pdx, xb = x0 + u1 * pdx;
                        float xLo = Math.min(xa, xb), xHi = Math.max(xa, xb);
                        int colLo = (int) (xLo / TILE);
                        int colHi = xHi > xLo ? Kmath.ceil(xHi / TILE) - 1 : colLo;
                        if (pdx != 0f) {
                            colLo--;
                            colHi++;
                        }
                        colLo = clamp(colLo, gx0, gx0 + gw - 1);
                        colHi = clamp(colHi, gx0, gx0 + gw - 1);
                        // Likewise the columns (see the rows above).
                        if (exactWalk && pdx != 0f) {
                            int first = crossedTile(false, colLo, colHi, x0, invPdx, u0, u1);
                            colHi = crossedTile(true, colLo, colHi, x0, invPdx, u0, u1);
                            colLo = first;
                        }
                        for (int col = colLo; col <= colHi; col++) {
                            float w0 = u0, w1 = u1;
                            if (pdx != 0f) {
                                float c0 = (col * TILE - x0) * invPdx, c1 = ((col + 1) * TILE - x0) * invPdx;
                                w0 = Math.max(u0, Math.min(c0, c1));
                                w1 = Math.min(u1, Math.max(c0, c1));
                            }
                            if (!(pdx != 0f && w0 >= w1)) {
                                int cell = cellBase + (row - gy0) * gw + (col - gx0);
                                if (!emit) {
                                    cellCount[cell]++;
                                } else {
                                    int p = cellCursor[cell]++;
                                    float ox = col * TILE, oy = row * TILE;
                                    float py0 = clampf(ey + w0 * dy - oy, 0f, TILE);
                                    float py1 = clampf(ey + w1 * dy - oy, 0f, TILE);
                                    writePiece(pieces, pieceInts, p, clampf(x0 + w0 * pdx - ox, 0f, TILE), py0,
                                            clampf(x0 + w1 * pdx - ox, 0f, TILE), py1, w0, w1, v0, v1, flags);
                                    addCover(edgeCover, edgeRuns, cellEdge[cell] * TILE, py0, py1);
                                }
                                made++;
                            }
                        }
                    }
                }
            }
        }
        return made;
    }

    /**
     * The first (with {@code last}, the last) of the tiles lo..hi along one axis whose span, as
     * edge parameters from {@code (k * TILE - origin) * inv} to {@code ((k + 1) * TILE - origin) *
     * inv}, overlaps the parameter interval (a, b) with positive length (the test the walks below
     * apply to each row and column); hi + 1 (lo - 1) when none does.
     */
    private static int crossedTile(boolean last, int lo, int hi, float origin, float inv, float a, float b) {
        int found = last ? lo - 1 : hi + 1;
        for (int k = lo; k <= hi; k++) {
            float s0 = (k * TILE - origin) * inv, s1 = ((k + 1) * TILE - origin) * inv;
            boolean crosses = Math.max(a, Math.min(s0, s1)) < Math.min(b, Math.max(s0, s1));
            found = crosses && (last || k < found) ? k : found;
        }
        return found;
    }

    /** Writes piece p in the fine stage's layout ({@link FineLayout}: tile-local end points, edge parameters; vertices, flags). */
    static void writePiece(float[] pieces, int[] pieceInts, int p, float x0, float y0, float x1, float y1, float t0,
            float t1, int v0, int v1, int flags) {
        int o = FineLayout.PIECE_FLOATS * p;
        pieces[o + FineLayout.P_X0] = x0;
        pieces[o + FineLayout.P_Y0] = y0;
        pieces[o + FineLayout.P_X1] = x1;
        pieces[o + FineLayout.P_Y1] = y1;
        pieces[o + FineLayout.P_T0] = t0;
        pieces[o + FineLayout.P_T1] = t1;
        int q = FineLayout.PIECE_INTS * p;
        pieceInts[q + FineLayout.P_V0] = v0;
        pieceInts[q + FineLayout.P_V1] = v1;
        pieceInts[q + FineLayout.P_FLAGS] = flags;
    }

    /**
     * After the count pass: draw d's piece and edge-cell totals, into {@code drawTotals[2d]} and
     * {@code drawTotals[2d + 1]}. Launch: one work item per draw.
     */
    public static void drawTotals(int d, int[] grid, int[] cellStart, int[] cellCount, int[] drawTotals) {
        int pieces = 0, edges = 0;
        int end = cellStart[d] + grid[4 * d + 2] * grid[4 * d + 3];
        for (int c = cellStart[d]; c < end; c++) {
            int n = cellCount[c];
            pieces += n;
            edges += n > 0 ? 1 : 0;
        }
        drawTotals[2 * d] = pieces;
        drawTotals[2 * d + 1] = edges;
    }

    /**
     * Before the emit pass: numbers draw d's cells' pieces from {@code drawPieceStart[d]} and its
     * edge cells from {@code drawEdgeStart[d]} (in cell order, so the numbering is the one a
     * serial pass over all cells gives), and clears the edge cells' covers.
     * Launch: one work item per draw.
     */
    public static void cellOffsets(int d, int[] grid, int[] cellStart, int[] cellCount, int[] drawPieceStart,
            int[] drawEdgeStart, int[] cellPieceStart, int[] cellCursor, int[] cellEdge, int[] edgeCell,
            float[] edgeCover, float[] edgeRuns) {
        int pieces = drawPieceStart[d], edges = drawEdgeStart[d];
        int end = cellStart[d] + grid[4 * d + 2] * grid[4 * d + 3];
        for (int c = cellStart[d]; c < end; c++) {
            int n = cellCount[c];
            cellPieceStart[c] = pieces;
            cellCursor[c] = pieces;
            cellEdge[c] = -1;
            if (n > 0) {
                cellEdge[c] = edges;
                edgeCell[edges] = c;
                for (int r = edges * TILE; r < (edges + 1) * TILE; r++) {
                    edgeCover[r] = 0f;
                    edgeRuns[r] = 0f;
                }
                edges++;
            }
            pieces += n;
        }
    }

    /**
     * Adds the signed height of a piece from y0 to y1 (tile-local) to the rows it spans: partial
     * rows directly into {@code cover}, the run of full rows as +/-sign markers into {@code runs}
     * (resolved by a prefix sum in {@link #prefixCovers}), so a piece costs O(1), not O(rows).
     */
    static void addCover(float[] cover, float[] runs, int base, float y0, float y1) {
        // One way out (TornadoVM 5.2 mis-compiles early exits from inlined methods).
        if (y1 > y0 || y1 < y0) {
            float lo = Math.min(y0, y1), hi = Math.max(y0, y1);
            float sign = y1 > y0 ? 1f : -1f;
            int r0 = (int) lo;
            if (r0 > TILE - 1) r0 = TILE - 1;
            if (hi <= r0 + 1f) {
                cover[base + r0] += sign * (hi - lo);
            } else {
                cover[base + r0] += sign * (r0 + 1f - lo);
                int r1 = (int) hi;
                if (r1 > TILE) r1 = TILE;
                // Rows r0 + 1 .. r1 - 1 are covered fully.
                if (r1 > r0 + 1) {
                    runs[base + r0 + 1] += sign;
                    if (r1 < TILE) runs[base + r1] -= sign;
                }
                if (r1 < TILE && hi > r1) cover[base + r1] += sign * (hi - r1);
            }
        }
    }

    /**
     * Turns per-cell covers into carried-in coverage: afterwards {@code edgeCover[k*TILE + r]} of
     * edge cell k is the sum of the covers of the cells to its left in the same row of the draw's
     * grid, and {@code cellWinding[cell]} of a cell without pieces is its winding number (the
     * carried-in coverage, a whole number). {@code edgeRuns} is left holding each edge cell's own
     * cover. Cells without pieces add no cover, so each edge cell's value follows from the
     * previous edge cell's alone: the same sums, in the same order, as over every cell.
     *
     * <p>Launch: one work item per draw.
     */
    public static void prefixCovers(int d, int[] grid, int[] cellStart, int[] cellEdge, float[] edgeCover,
            float[] edgeRuns, int[] cellWinding) {
        int gw = grid[4 * d + 2], gh = grid[4 * d + 3];
        for (int j = 0; j < gh; j++) {
            int rowCell = cellStart[d] + j * gw;
            int prev = -1;
            for (int i = 0; i < gw; i++) {
                int cell = rowCell + i;
                int k = cellEdge[cell];
                if (k >= 0) {
                    int base = k * TILE;
                    float run = 0f;
                    for (int r = 0; r < TILE; r++) {
                        run += edgeRuns[base + r];
                        edgeRuns[base + r] = edgeCover[base + r] + run;
                    }
                    for (int r = 0; r < TILE; r++) {
                        edgeCover[base + r] = prev < 0 ? 0f : edgeCover[prev * TILE + r] + edgeRuns[prev * TILE + r];
                    }
                    cellWinding[cell] = 0;
                    prev = k;
                } else {
                    cellWinding[cell] = prev < 0 ? 0
                            : Kmath.round(edgeCover[prev * TILE] + edgeRuns[prev * TILE]);
                }
            }
        }
    }

    static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    static float clampf(float v, float lo, float hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }
}
