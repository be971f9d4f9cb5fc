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
 * A cell with no piece has one winding number throughout ({@link #solidWinding}).
 *
 * <p>Per draw, cells form the draw's bounding box in tiles: {@code grid[4d..4d+3] = (tx0, ty0,
 * width, height)}, cell {@code (i, j)} at {@code cellStart[d] + j * width + i}.
 */
public final class BinningKernels {
    private BinningKernels() {}

    public static final int PIECE_REAL = 0, PIECE_VIRTUAL = 1;

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
        if (!(minX <= maxX) || maxX < 0f || minX >= xMax || maxY < 0f || minY >= yMax || maxY <= minY) return;
        int tx0 = clamp((int) Math.floor(Math.max(minX, 0f) / TILE), 0, tilesX - 1);
        int tx1 = clamp((int) Math.floor(Math.min(maxX, xMax - 1e-3f) / TILE), 0, tilesX - 1);
        int ty0 = clamp((int) Math.floor(Math.max(minY, 0f) / TILE), 0, tilesY - 1);
        int ty1 = clamp((int) Math.floor(Math.min(maxY, yMax - 1e-3f) / TILE), 0, tilesY - 1);
        grid[4 * d] = tx0;
        grid[4 * d + 1] = ty0;
        grid[4 * d + 2] = tx1 - tx0 + 1;
        grid[4 * d + 3] = ty1 - ty0 + 1;
    }

    /**
     * Counts ({@code emit == false}: {@code cellCount[cell]++}) or writes (at
     * {@code cellCursor[cell]++}) the pieces of every edge of one draw; when writing, also adds
     * each piece's per-row cover to {@code cellCover}.
     *
     * <p>Launch: one work item per draw; it touches only that draw's cells.
     */
    public static void binDraw(boolean emit, int d, int[] drawContourStart, int[] ctrStart, int[] ctrEnd, float[] vx,
            float[] vy, int tilesX, int tilesY, int[] grid, int[] cellStart, int[] cellCount, int[] cellCursor,
            float[] cellCover, float[] pieceX0, float[] pieceY0, float[] pieceX1, float[] pieceY1, int[] pieceV0,
            int[] pieceV1, float[] pieceT0, float[] pieceT1, int[] pieceFlags) {
        if (grid[4 * d + 2] == 0) return;
        float xMax = tilesX * TILE, yMax = tilesY * TILE;
        for (int c = drawContourStart[d]; c < drawContourStart[d + 1]; c++) {
            int first = ctrStart[c], end = ctrEnd[c];
            for (int v = first; v < end; v++) {
                int w = v + 1 < end ? v + 1 : first;
                binEdge(emit, d, v, w, vx[v], vy[v], vx[w], vy[w], xMax, yMax, grid, cellStart, cellCount,
                        cellCursor, cellCover, pieceX0, pieceY0, pieceX1, pieceY1, pieceV0, pieceV1, pieceT0,
                        pieceT1, pieceFlags);
            }
        }
    }

    private static void binEdge(boolean emit, int d, int v0, int v1, float x0, float y0, float x1, float y1, float xMax,
            float yMax, int[] grid, int[] cellStart, int[] cellCount, int[] cellCursor, float[] cellCover,
            float[] pieceX0, float[] pieceY0, float[] pieceX1, float[] pieceY1, int[] pieceV0, int[] pieceV1,
            float[] pieceT0, float[] pieceT1, int[] pieceFlags) {
        float dx = x1 - x0, dy = y1 - y0;
        if (dx == 0f && dy == 0f) return;
        float ta = 0f, tb = 1f;
        if (dy == 0f) {
            if (y0 < 0f || y0 >= yMax) return;
        } else {
            float t0 = (0f - y0) / dy, t1 = (yMax - y0) / dy;
            ta = Math.max(ta, Math.min(t0, t1));
            tb = Math.min(tb, Math.max(t0, t1));
            if (ta >= tb) return;
        }
        // Split at x = 0 (left part becomes virtual) and x = xMax (right part is dropped).
        float realA = ta, realB = tb, virtA = 1f, virtB = 0f;
        if (dx == 0f) {
            if (x0 < 0f) {
                virtA = ta;
                virtB = tb;
                realB = realA;
            } else if (x0 >= xMax) {
                realB = realA;
            }
        } else {
            float tZero = (0f - x0) / dx, tMax = (xMax - x0) / dx;
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
        if (virtA < virtB && dy != 0f) {
            walk(emit, d, v0, v1, 0f, y0, 0f, dy, virtA, virtB, PIECE_VIRTUAL, grid, cellStart, cellCount, cellCursor,
                    cellCover, pieceX0, pieceY0, pieceX1, pieceY1, pieceV0, pieceV1, pieceT0, pieceT1, pieceFlags);
        }
        if (realA < realB) {
            walk(emit, d, v0, v1, x0, y0, dx, dy, realA, realB, PIECE_REAL, grid, cellStart, cellCount, cellCursor,
                    cellCover, pieceX0, pieceY0, pieceX1, pieceY1, pieceV0, pieceV1, pieceT0, pieceT1, pieceFlags);
        }
    }

    /** Walks the edge (x0 + t dx, y0 + t dy) for t in [ta, tb] through the tiles of the draw's grid. */
    private static void walk(boolean emit, int d, int v0, int v1, float x0, float y0, float dx, float dy, float ta,
            float tb, int flags, int[] grid, int[] cellStart, int[] cellCount, int[] cellCursor, float[] cellCover,
            float[] pieceX0, float[] pieceY0, float[] pieceX1, float[] pieceY1, int[] pieceV0, int[] pieceV1,
            float[] pieceT0, float[] pieceT1, int[] pieceFlags) {
        int gx0 = grid[4 * d], gy0 = grid[4 * d + 1], gw = grid[4 * d + 2], gh = grid[4 * d + 3];
        float ya = y0 + ta * dy, yb = y0 + tb * dy;
        float yLo = Math.min(ya, yb), yHi = Math.max(ya, yb);
        int rowLo = (int) Math.floor(yLo / TILE);
        int rowHi = yHi > yLo ? (int) Math.ceil(yHi / TILE) - 1 : rowLo;
        rowLo = clamp(rowLo, gy0, gy0 + gh - 1);
        rowHi = clamp(rowHi, gy0, gy0 + gh - 1);
        for (int row = rowLo; row <= rowHi; row++) {
            float u0 = ta, u1 = tb;
            if (dy != 0f) {
                float r0 = (row * TILE - y0) / dy, r1 = ((row + 1) * TILE - y0) / dy;
                u0 = Math.max(ta, Math.min(r0, r1));
                u1 = Math.min(tb, Math.max(r0, r1));
                if (u0 >= u1) continue;
            }
            float xa = x0 + u0 * dx, xb = x0 + u1 * dx;
            float xLo = Math.min(xa, xb), xHi = Math.max(xa, xb);
            int colLo = (int) Math.floor(xLo / TILE);
            int colHi = xHi > xLo ? (int) Math.ceil(xHi / TILE) - 1 : colLo;
            colLo = clamp(colLo, gx0, gx0 + gw - 1);
            colHi = clamp(colHi, gx0, gx0 + gw - 1);
            for (int col = colLo; col <= colHi; col++) {
                float w0 = u0, w1 = u1;
                if (dx != 0f) {
                    float c0 = (col * TILE - x0) / dx, c1 = ((col + 1) * TILE - x0) / dx;
                    w0 = Math.max(u0, Math.min(c0, c1));
                    w1 = Math.min(u1, Math.max(c0, c1));
                    if (w0 >= w1) continue;
                }
                int cell = cellStart[d] + (row - gy0) * gw + (col - gx0);
                if (!emit) {
                    cellCount[cell]++;
                    continue;
                }
                int p = cellCursor[cell]++;
                float ox = col * TILE, oy = row * TILE;
                float px0 = clampf(x0 + w0 * dx - ox, 0f, TILE), py0 = clampf(y0 + w0 * dy - oy, 0f, TILE);
                float px1 = clampf(x0 + w1 * dx - ox, 0f, TILE), py1 = clampf(y0 + w1 * dy - oy, 0f, TILE);
                pieceX0[p] = px0;
                pieceY0[p] = py0;
                pieceX1[p] = px1;
                pieceY1[p] = py1;
                pieceV0[p] = v0;
                pieceV1[p] = v1;
                pieceT0[p] = w0;
                pieceT1[p] = w1;
                pieceFlags[p] = flags;
                addCover(cellCover, cell * TILE, py0, py1);
            }
        }
    }

    /** Adds the signed height of a piece from y0 to y1 (tile-local) to each pixel row it spans. */
    static void addCover(float[] cover, int base, float y0, float y1) {
        if (y0 == y1) return;
        float sign = y1 > y0 ? 1f : -1f;
        float lo = Math.min(y0, y1), hi = Math.max(y0, y1);
        int r0 = (int) lo, r1 = Math.min(TILE - 1, (int) Math.ceil(hi) - 1);
        for (int r = r0; r <= r1; r++) {
            float overlap = Math.min(hi, r + 1f) - Math.max(lo, (float) r);
            if (overlap > 0f) cover[base + r] += sign * overlap;
        }
    }

    /**
     * Turns per-cell covers into carried-in coverage: afterwards {@code cellCover[cell*TILE + r]}
     * is the sum of the covers of the cells to its left in the same row of the draw's grid.
     *
     * <p>Launch: one work item per draw.
     */
    public static void prefixCovers(int d, int[] grid, int[] cellStart, float[] cellCover) {
        int gw = grid[4 * d + 2], gh = grid[4 * d + 3];
        for (int j = 0; j < gh; j++) {
            int rowCell = cellStart[d] + j * gw;
            for (int r = 0; r < TILE; r++) {
                float running = 0f;
                for (int i = 0; i < gw; i++) {
                    int k = (rowCell + i) * TILE + r;
                    float own = cellCover[k];
                    cellCover[k] = running;
                    running += own;
                }
            }
        }
    }

    /** The winding number of a cell without pieces: its carried-in coverage, which is a whole number. */
    public static int solidWinding(float[] cellCover, int cell) {
        return Math.round(cellCover[cell * TILE]);
    }

    static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    static float clampf(float v, float lo, float hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }
}
