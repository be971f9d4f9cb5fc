package dev.diffink.raster;

import static dev.diffink.raster.FineLayout.*;
import static dev.diffink.raster.PackedScene.PAINT_SOLID;
import static dev.diffink.raster.Tiles.ACC_STRIDE;
import static dev.diffink.raster.Tiles.TILE;

/**
 * Stage 4: per-tile coverage, compositing and their adjoints.
 *
 * <p><b>Coverage.</b> A pixel's coverage by a draw is the integral over the pixel of the winding
 * number, mapped through the fill rule ({@link Tiles#coverage}). Each piece adds, to the pixel it
 * crosses, its signed height times the fraction of the pixel right of it, and its full signed
 * height to every pixel further right; a running sum along the row turns the latter into a prefix
 * sum (the accumulation scheme of font rasterizers), on top of the coverage carried in from the
 * tiles to the left ({@link BinningKernels#prefixCovers}).
 *
 * <p><b>Compositing.</b> Premultiplied source-over in sRGB, bottom draw first, as browsers do:
 * {@code dst = src * alpha + dst * (1 - alpha)} with {@code alpha = paint alpha x opacity x
 * coverage}. Opacity layers composite their content into the parent at the layer's opacity.
 *
 * <p><b>Backward.</b> For a stack of layers, {@code dOut/dsrc_k = T_k} (the transmittance of the
 * layers above) and {@code dOut/dalpha_k = -T_k * below_k}. The kernel runs a bottom-up pass that
 * stores {@code g . below_k} per layer and pixel, then a top-down pass that carries {@code T}:
 * no division by {@code 1 - alpha}, which is unstable. The coverage adjoint becomes a geometry
 * adjoint through the Reynolds transport theorem: the derivative of a pixel's area integral with
 * respect to an edge's end points is the integral, along the part of the edge inside that pixel,
 * of the end points' interpolated velocity against the edge normal. So each piece needs only the
 * adjoints of the pixels it crosses: a gather, per tile, with no atomics.
 *
 * <p>Inputs are packed as {@link FineLayout} describes; scratch is a slot of one float array (and
 * one int array), so the same methods run on the JVM (whole tiles, a slot per worker) and,
 * compiled by TornadoVM, on a GPU (a row or a few of a tile per work item, a slot each: a tile per
 * work item leaves a GPU mostly idle, as the published scene's 10,752 tiles did an H200). They
 * allocate nothing, call nothing but static methods and {@link Math}'s min, max, abs and sqrt,
 * take no null arrays, and have no {@code continue} (TornadoVM 5.2's OpenCL code generator loses a
 * loop-carried value updated before one).
 */
public final class FineKernels {
    private FineKernels() {}

    public static final int ENTRY_EDGES = 0, ENTRY_SOLID = 1;

    static final int WALK_ACCUMULATE = 0, WALK_GRADIENT = 1;

    /**
     * Computes the accumulated signed area of every pixel of rows {@code yLo .. yLo + rows - 1}
     * of an {@link #ENTRY_EDGES} cell into {@code s[dst + (y - yLo) * dstStride + x]}, using
     * {@code s[acc ..]} ({@code rows * ACC_STRIDE} floats) as scratch ({@code dst} may be
     * {@code acc} itself with stride {@code ACC_STRIDE}). With {@code rowStarts} the forward pass
     * also learns, per row, the first column that can be covered, at
     * {@code rowStart[rowBase + y - yLo]} ({@code TILE}: none; such rows of the destination are
     * left unwritten); without it every pixel is written and {@code rowStart} is not touched.
     */
    public static void cellArea(int cell, int[] cells, float[] cellCover, float[] pieces, float[] s, int acc, int dst,
            int dstStride, int[] rowStart, int rowBase, boolean rowStarts, int yLo, int rows) {
        int first = cells[CELL_INTS * cell + C_FIRST], end = first + cells[CELL_INTS * cell + C_COUNT];
        int yEnd = yLo + rows;
        float minX = TILE, minY = TILE, maxY = 0f;
        for (int p = first; p < end; p++) {
            int q = PIECE_FLOATS * p;
            float y0 = pieces[q + P_Y0], y1 = pieces[q + P_Y1];
            if (y0 != y1) {
                minX = Math.min(minX, Math.min(pieces[q + P_X0], pieces[q + P_X1]));
                minY = Math.min(minY, Math.min(y0, y1));
                maxY = Math.max(maxY, Math.max(y0, y1));
            }
        }
        // Only rows a piece crosses accumulate anything; the others hold the carried-in value.
        int rLo = Math.max(yLo, (int) minY);
        int rHi = maxY > minY ? Math.min(yEnd - 1, Kmath.ceil(maxY) - 1) : -1;
        for (int i = (rLo - yLo) * ACC_STRIDE; i < (rHi + 1 - yLo) * ACC_STRIDE; i++) s[acc + i] = 0f;
        for (int p = first; p < end; p++) {
            int q = PIECE_FLOATS * p;
            float y0 = pieces[q + P_Y0], y1 = pieces[q + P_Y1];
            if (y0 != y1) {
                walkPiece(WALK_ACCUMULATE, pieces[q + P_X0], y0, pieces[q + P_X1], y1, 0f, 0f, s, acc, 0, 0, yLo,
                        rows, walkSteps(y0, y1, yLo, rows));
            }
        }
        int cMin = (int) minX;
        for (int y = yLo; y < yEnd; y++) {
            float carried = cellCover[cell * TILE + y];
            int r = y - yLo;
            int row = dst + r * dstStride;
            if (y >= rLo && y <= rHi) {
                float running = carried;
                for (int x = 0; x < TILE; x++) {
                    running += s[acc + r * ACC_STRIDE + x];
                    s[row + x] = running;
                }
                if (rowStarts) rowStart[rowBase + r] = carried != 0f ? 0 : cMin;
            } else if (!rowStarts || carried != 0f) {
                for (int x = 0; x < TILE; x++) s[row + x] = carried;
                if (rowStarts) rowStart[rowBase + r] = 0;
            } else {
                // Nothing crosses or is carried into this row: it is uncovered.
                rowStart[rowBase + r] = TILE;
            }
        }
    }

    /** The most steps a walk takes: a piece crosses at most this many pixel boundaries in a tile. */
    static final int MAX_WALK = 4 * TILE + 4;

    /**
     * How many steps {@link #walkPiece} may take for a piece from height {@code y0} to {@code y1}
     * (tile-local) in rows {@code yLo .. yLo + rows - 1}: {@link #MAX_WALK} when the piece can
     * have a part there (a part's row is that of a point between the ends, clamped to the tile),
     * else none, so that rows skip the walks of pieces elsewhere in the tile. Always
     * {@link #MAX_WALK} for a whole tile. A step count, computed without a branch or a boolean,
     * rather than a test around the walk: with the test as a boolean in the condition of the
     * {@code if} around the gradient walk, every piece's gradient came out zero through TornadoVM
     * 5.2 (on PoCL).
     */
    static int walkSteps(float y0, float y1, int yLo, int rows) {
        int top = Math.max(0, Math.min(TILE - 1, Kmath.floor(Math.min(y0, y1))));
        int bottom = Math.max(0, Math.min(TILE - 1, Kmath.floor(Math.max(y0, y1))));
        int overlap = Math.min(bottom, yLo + rows - 1) - Math.max(top, yLo);
        return Math.max(0, Math.min(1, overlap + 1)) * MAX_WALK;
    }

    /**
     * Splits the piece from (x0, y0) to (x1, y1) (tile-local) at pixel boundaries and, per part in
     * rows {@code yLo .. yLo + rows - 1}, either adds its area and cover to the accumulation
     * buffer at {@code s[acc ..]} (row {@code y} at {@code (y - yLo) * ACC_STRIDE}) or, in gradient
     * mode, adds the part's boundary integrals against the area adjoints at {@code s[dArea ..]}
     * (row {@code y} at {@code (y - yLo) * TILE}) into {@code s[out]} (weight of the edge's start
     * point) and {@code s[out + 1]} (weight of its end point), with the piece spanning edge
     * parameters t0..t1, in at most {@code steps} steps ({@link #walkSteps}). The walk is the same
     * whatever the rows, so a tile's parts come out the same whether its rows are walked together
     * or one at a time.
     */
    static void walkPiece(int mode, float x0, float y0, float x1, float y1, float t0, float t1, float[] s, int acc,
            int dArea, int out, int yLo, int rows, int steps) {
        float dx = x1 - x0, dy = y1 - y0;
        float stepX = dx > 0f ? 1f : -1f, stepY = dy > 0f ? 1f : -1f;
        float nextX = dx > 0f ? Kmath.floor(x0) + 1f : Kmath.ceil(x0) - 1f;
        float nextY = dy > 0f ? Kmath.floor(y0) + 1f : Kmath.ceil(y0) - 1f;
        float sx = dx != 0f ? (nextX - x0) / dx : 2f;
        float sy = dy != 0f ? (nextY - y0) / dy : 2f;
        float t = 0f;
        float w0 = 0f, w1 = 0f;
        for (int guard = 0; guard < steps && t < 1f; guard++) {
            float tNext = Math.min(1f, Math.min(sx, sy));
            if (tNext > t) {
                float mid = 0.5f * (t + tNext);
                int cx = Kmath.floor(x0 + mid * dx), cy = Kmath.floor(y0 + mid * dy);
                cx = cx < 0 ? 0 : cx > TILE - 1 ? TILE - 1 : cx;
                cy = cy < 0 ? 0 : cy > TILE - 1 ? TILE - 1 : cy;
                // A part outside the rows adds zero to the first of them (no branch around the
                // writes: TornadoVM's code generator is safest with straight-line bodies).
                boolean mine = cy >= yLo && cy < yLo + rows;
                int r = mine ? cy - yLo : 0;
                if (mode == WALK_ACCUMULATE) {
                    float part = mine ? (tNext - t) * dy : 0f;
                    float xMid = x0 + mid * dx;
                    float area = part * (cx + 1f - xMid);
                    int i = acc + r * ACC_STRIDE + cx;
                    s[i] += area;
                    s[i + 1] += part - area;
                } else {
                    float g = mine ? s[dArea + r * TILE + cx] : 0f;
                    if (g != 0f) {
                        float ta = t0 + t * (t1 - t0), tb = t0 + tNext * (t1 - t0);
                        float i1 = 0.5f * (tb * tb - ta * ta);
                        float i0 = (tb - ta) - i1;
                        w0 += g * i0;
                        w1 += g * i1;
                    }
                }
                t = tNext;
            }
            if (sx <= tNext) {
                nextX += stepX;
                sx = (nextX - x0) / dx;
            }
            if (sy <= tNext) {
                nextY += stepY;
                sy = (nextY - y0) / dy;
            }
        }
        if (mode == WALK_GRADIENT) {
            s[out] = w0;
            s[out + 1] = w1;
        }
    }

    /**
     * Renders rows {@code yLo .. yLo + rows - 1} of one tile into {@code image} (premultiplied
     * RGBA floats, row-major); the JVM executor renders whole tiles ({@code yLo} 0, {@code rows}
     * {@code TILE}), a GPU a row or a few per work item. {@code rows} divides {@code TILE} and
     * {@code yLo} is a multiple of it.
     *
     * <p>Launch: one work item per tile, or per {@code rows} rows of a tile. Scratch: slot
     * {@code slot} of {@link FineLayout#forwardScratch(int)} floats and
     * {@link FineLayout#forwardScratchInts(int)} ints. Writes only its rows' pixels.
     */
    public static void renderTile(int tile, int yLo, int rows, int[] dims, int[] tileListStart, int[] tileList,
            int[] entries, int[] cells, float[] cellCover, float[] pieces, int[] draws, float[] drawFloats,
            float[] paintParams, float[] layers, float[] scratch, int[] scratchInt, int slot, float[] image) {
        int tilesX = dims[DIM_TILES_X], width = dims[DIM_WIDTH], height = dims[DIM_HEIGHT];
        int px = rows * TILE;
        int base = slot * forwardScratch(rows), rowBase = slot * forwardScratchInts(rows);
        int acc = base + F_ACC, color = base + fColor(rows), stack = base + fStack(rows), mask = base + fMask(rows);
        int paint = base + fPaint(rows);
        int ox = (tile % tilesX) * TILE, oy = (tile / tilesX) * TILE;
        resetColor(scratch, color, drawFloats, px);
        // The layer depth lives in scratch, not in a local: a local updated on three paths through
        // the loop is a value TornadoVM's code generator can lose.
        int depthAt = rowBase + rows;
        scratchInt[depthAt] = 0;
        for (int k = tileListStart[tile]; k < tileListStart[tile + 1]; k++) {
            int item = tileList[k];
            int depth = scratchInt[depthAt];
            if (item < 0) {
                int code = -1 - item;
                if ((code & 1) == 0) {
                    for (int i = 0; i < 4 * px; i++) {
                        scratch[stack + depth * 4 * px + i] = scratch[color + i];
                        scratch[color + i] = 0f;
                    }
                    for (int i = 0; i < px; i++) scratch[mask + depth * px + i] = 0f;
                    scratchInt[depthAt] = depth + 1;
                } else {
                    depth--;
                    scratchInt[depthAt] = depth;
                    int layer = code >> 1;
                    float op = layers[LAYER_FLOATS * layer];
                    boolean clipped = layers[LAYER_FLOATS * layer + 1] != 0f;
                    int sb = stack + depth * 4 * px;
                    for (int i = 0; i < px; i++) {
                        float f = clipped ? op * scratch[mask + depth * px + i] : op;
                        float keep = 1f - scratch[color + 4 * i + 3] * f;
                        for (int c = 0; c < 4; c++) {
                            scratch[color + 4 * i + c] = scratch[color + 4 * i + c] * f + scratch[sb + 4 * i + c] * keep;
                        }
                    }
                }
            } else {
                int e = ENTRY_INTS * item;
                int d = entries[e + E_DRAW];
                boolean solid = entries[e + E_KIND] == ENTRY_SOLID;
                if (!solid) {
                    cellArea(entries[e + E_CELL], cells, cellCover, pieces, scratch, acc, acc, ACC_STRIDE, scratchInt,
                            rowBase, true, yLo, rows);
                }
                int kind = draws[DRAW_INTS * d + D_KIND];
                if (Tiles.isClip(kind)) {
                    // Union (source-over) of this layer's clip shapes.
                    boolean evenOdd = Tiles.isEvenOdd(kind);
                    float solidCoverage = Tiles.coverage(entries[e + E_WINDING], evenOdd);
                    int mb = mask + (depth - 1) * px;
                    for (int r = 0; r < rows; r++) {
                        for (int x = solid ? 0 : scratchInt[rowBase + r]; x < TILE; x++) {
                            float cov = solid ? solidCoverage
                                    : Tiles.coverage(scratch[acc + r * ACC_STRIDE + x], evenOdd);
                            int i = mb + r * TILE + x;
                            scratch[i] += cov * (1f - scratch[i]);
                        }
                    }
                } else {
                    compositeEntry(d, solid, entries[e + E_WINDING], scratch, acc, ACC_STRIDE, scratchInt, rowBase,
                            !solid, ox, oy, yLo, rows, draws, drawFloats, paintParams, paint, color);
                }
            }
        }
        int w = Math.min(TILE, width - ox), yEnd = Math.min(yLo + rows, height - oy);
        for (int y = yLo; y < yEnd; y++) {
            int src = color + 4 * (y - yLo) * TILE, dst = 4 * ((oy + y) * width + ox);
            for (int i = 0; i < 4 * w; i++) image[dst + i] = scratch[src + i];
        }
    }

    /**
     * Source-over of one entry onto the colour of rows {@code yLo ..} at {@code s[color ..]}, with
     * areas at {@code s[area + (y - yLo) * stride + x]}; with {@code rowStarts}, pixels left of
     * {@code rowStart[rowBase + y - yLo]} are known uncovered.
     */
    static void compositeEntry(int d, boolean solid, int winding, float[] s, int area, int stride, int[] rowStart,
            int rowBase, boolean rowStarts, int ox, int oy, int yLo, int rows, int[] draws, float[] drawFloats,
            float[] paintParams, int paint, int color) {
        int di = DRAW_INTS * d;
        boolean evenOdd = Tiles.isEvenOdd(draws[di + D_KIND]);
        boolean solidPaint = draws[di + D_PAINT] == PAINT_SOLID;
        float opacity = drawFloats[FineLayout.drawFloats(d) + DF_OPACITY];
        float solidCoverage = solid ? Tiles.coverage(winding, evenOdd) : 0f;
        // A solid colour is read once; a gradient's is evaluated into s[paint ..] per pixel. (Locals
        // set on two paths through the loop are what TornadoVM's code generator can lose.)
        int pb = draws[di + D_PARAMS];
        float sr = paintParams[pb], sg = paintParams[pb + 1], sb = paintParams[pb + 2], sa = paintParams[pb + 3];
        for (int r = 0; r < rows; r++) {
            for (int x = rowStarts ? rowStart[rowBase + r] : 0; x < TILE; x++) {
                float cov = solid ? solidCoverage : Tiles.coverage(s[area + r * stride + x], evenOdd);
                if (cov != 0f) {
                    if (!solidPaint) {
                        PaintKernels.evalPaint(d, draws, drawFloats, paintParams, ox + x + 0.5f, oy + yLo + r + 0.5f,
                                s, paint);
                    }
                    float pr = solidPaint ? sr : s[paint], pg = solidPaint ? sg : s[paint + 1];
                    float pbl = solidPaint ? sb : s[paint + 2], pa = solidPaint ? sa : s[paint + 3];
                    float alpha = pa * opacity * cov;
                    float keep = 1f - alpha;
                    int i = color + 4 * (r * TILE + x);
                    s[i] = pr * alpha + s[i] * keep;
                    s[i + 1] = pg * alpha + s[i + 1] * keep;
                    s[i + 2] = pbl * alpha + s[i + 2] * keep;
                    s[i + 3] = alpha + s[i + 3] * keep;
                }
            }
        }
    }

    /**
     * Backward pass of rows {@code yLo .. yLo + rows - 1} of one tile (scenes without layers,
     * hence without clip draws), as {@link #renderTile} divides a tile.
     *
     * <p>With {@link FineLayout#FLAG_TARGET} in {@code dims[DIM_FLAGS]}, {@code adjoint} is a
     * target image and the image adjoint comes from the loss {@code mean (image - target)^2},
     * computed on the fly; otherwise {@code adjoint} is the image adjoint itself. With
     * {@link FineLayout#FLAG_PAINT}, adds paint and opacity adjoints of each entry to its slots
     * from {@code entryGradStart[e]}; with {@link FineLayout#FLAG_GEOMETRY}, writes the adjoint of
     * each real piece's edge end points (4 floats per piece).
     *
     * <p>Outputs per lane: a tile has {@code lanes = TILE / rows} lanes, one per work item, and
     * this one's is {@code lane = yLo / rows}. The tile's loss goes to
     * {@code tileLoss[tile * lanes + lane]}, an entry's paint slots to
     * {@code entryGrad[lanes * entryGradStart[e] + lane * slots ..]} (slots: the draw's paint
     * parameters and its opacity), a piece's adjoint to {@code pieceGrad[4 * (lanes * p + lane) ..]}:
     * with whole tiles, one lane, these are the outputs themselves; otherwise the lanes are summed
     * afterwards ({@link ReduceKernels#foldLanes}, {@link ReduceKernels#foldEntryLanes}), as work
     * items of one tile must not add into the same element.
     *
     * <p>Launch: one work item per tile, or per {@code rows} rows of a tile. Scratch: slot
     * {@code slot} of {@link FineLayout#backwardScratch(int, int)} floats for {@code rows} and the
     * longest tile list.
     */
    public static void backwardTile(int tile, int yLo, int rows, int[] dims, int[] tileListStart, int[] tileList,
            int[] entries, int[] cells, float[] cellCover, float[] pieces, int[] pieceInts, float[] vxy, int[] draws,
            float[] drawFloats, float[] paintParams, float[] adjoint, double[] tileLoss, int[] entryGradStart,
            float[] entryGrad, float[] pieceGrad, float[] scratch, int slot) {
        int tilesX = dims[DIM_TILES_X], width = dims[DIM_WIDTH], height = dims[DIM_HEIGHT];
        int flags = dims[DIM_FLAGS];
        boolean fromTarget = (flags & FLAG_TARGET) != 0, wantPaint = (flags & FLAG_PAINT) != 0;
        boolean wantGeometry = (flags & FLAG_GEOMETRY) != 0;
        float invCount = 1f / (width * height * 4);
        int px = rows * TILE, lanes = TILE / rows, lane = yLo / rows;
        int base = slot * backwardScratch(rows, dims[DIM_LONGEST_LIST]);
        int color = base + B_COLOR, grad = base + bGrad(rows), trans = base + bTrans(rows);
        int dArea = base + bDArea(rows), acc = base + bAcc(rows), paint = base + bPaint(rows);
        int walk = base + bWalk(rows), areas = base + bAreas(rows);
        int below = areas + px * Math.max(1, dims[DIM_LONGEST_LIST]);
        int ox = (tile % tilesX) * TILE, oy = (tile / tilesX) * TILE;
        int w = Math.min(TILE, width - ox), yEnd = Math.min(yLo + rows, height - oy);
        int first = tileListStart[tile], n = tileListStart[tile + 1] - first;

        // Pass 1: the accumulated area of every entry at every pixel.
        for (int k = 0; k < n; k++) {
            int e = ENTRY_INTS * tileList[first + k];
            if (entries[e + E_KIND] == ENTRY_SOLID) {
                float wv = entries[e + E_WINDING];
                for (int i = 0; i < px; i++) scratch[areas + k * px + i] = wv;
            } else {
                cellArea(entries[e + E_CELL], cells, cellCover, pieces, scratch, acc, areas + k * px, TILE,
                        tileList, 0, false, yLo, rows);
            }
        }

        // The image adjoint at every pixel of the rows (zero outside the canvas).
        for (int i = 0; i < 4 * px; i++) scratch[grad + i] = 0f;
        if (fromTarget) {
            resetColor(scratch, color, drawFloats, px);
            for (int k = 0; k < n; k++) {
                int e = ENTRY_INTS * tileList[first + k];
                compositeEntry(entries[e + E_DRAW], entries[e + E_KIND] == ENTRY_SOLID, entries[e + E_WINDING], scratch,
                        areas + k * px, TILE, tileList, 0, false, ox, oy, yLo, rows, draws, drawFloats, paintParams,
                        paint, color);
            }
            double loss = 0;
            for (int y = yLo; y < yEnd; y++) {
                for (int x = 0; x < w; x++) {
                    int i = 4 * ((y - yLo) * TILE + x), j = 4 * ((oy + y) * width + ox + x);
                    for (int c = 0; c < 4; c++) {
                        float diff = scratch[color + i + c] - adjoint[j + c];
                        loss += (double) diff * diff;
                        scratch[grad + i + c] = 2f * invCount * diff;
                    }
                }
            }
            tileLoss[tile * lanes + lane] = loss * invCount;
        } else {
            for (int y = yLo; y < yEnd; y++) {
                int src = 4 * ((oy + y) * width + ox), dst = grad + 4 * (y - yLo) * TILE;
                for (int i = 0; i < 4 * w; i++) scratch[dst + i] = adjoint[src + i];
            }
        }

        // Pass 2 (bottom-up): below[k] = grad . (what lies under entry k).
        resetColor(scratch, color, drawFloats, px);
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < px; i++) {
                int g4 = grad + 4 * i, c4 = color + 4 * i;
                scratch[below + k * px + i] = scratch[g4] * scratch[c4] + scratch[g4 + 1] * scratch[c4 + 1]
                        + scratch[g4 + 2] * scratch[c4 + 2] + scratch[g4 + 3] * scratch[c4 + 3];
            }
            int e = ENTRY_INTS * tileList[first + k];
            compositeEntry(entries[e + E_DRAW], entries[e + E_KIND] == ENTRY_SOLID, entries[e + E_WINDING], scratch,
                    areas + k * px, TILE, tileList, 0, false, ox, oy, yLo, rows, draws, drawFloats, paintParams, paint,
                    color);
        }

        // Pass 3 (top-down): carry transmittance, emit paint, opacity and geometry adjoints.
        for (int i = 0; i < px; i++) scratch[trans + i] = 1f;
        for (int k = n - 1; k >= 0; k--) {
            int item = tileList[first + k];
            int e = ENTRY_INTS * item;
            int d = entries[e + E_DRAW];
            int di = DRAW_INTS * d;
            boolean evenOdd = Tiles.isEvenOdd(draws[di + D_KIND]);
            boolean solidPaint = draws[di + D_PAINT] == PAINT_SOLID;
            float opacity = drawFloats[FineLayout.drawFloats(d) + DF_OPACITY];
            int pb = draws[di + D_PARAMS];
            float sr = paintParams[pb], sg = paintParams[pb + 1], sb = paintParams[pb + 2];
            float sa = paintParams[pb + 3];
            int paramCount = draws[di + D_PARAMS_END] - pb;
            int gradBase = wantPaint ? lanes * entryGradStart[item] + lane * (paramCount + 1) : 0;
            float sumR = 0f, sumG = 0f, sumB = 0f, sumA = 0f, sumOpacity = 0f;
            for (int r = 0; r < rows; r++) {
                for (int x = 0; x < TILE; x++) {
                    int i = r * TILE + x;
                    float t = scratch[trans + i];
                    if (t == 0f) {
                        scratch[dArea + i] = 0f;
                    } else {
                        float area = scratch[areas + k * px + i];
                        float cov = Tiles.coverage(area, evenOdd);
                        if (!solidPaint) {
                            PaintKernels.evalPaint(d, draws, drawFloats, paintParams, ox + x + 0.5f,
                                    oy + yLo + r + 0.5f, scratch, paint);
                        }
                        float pr = solidPaint ? sr : scratch[paint], pg = solidPaint ? sg : scratch[paint + 1];
                        float pbl = solidPaint ? sb : scratch[paint + 2], pa = solidPaint ? sa : scratch[paint + 3];
                        float alpha = pa * opacity * cov;
                        int g4 = grad + 4 * i;
                        float gr = t * scratch[g4], gg = t * scratch[g4 + 1], gb = t * scratch[g4 + 2];
                        float ga = t * scratch[g4 + 3];
                        float dAlpha = gr * pr + gg * pg + gb * pbl + ga - t * scratch[below + k * px + i];
                        float dR = gr * alpha, dG = gg * alpha, dB = gb * alpha, dA = dAlpha * opacity * cov;
                        sumOpacity += dAlpha * pa * cov;
                        scratch[dArea + i] = dAlpha * pa * opacity * Tiles.coverageSlope(area, evenOdd);
                        scratch[trans + i] = t * (1f - alpha);
                        if (wantPaint) {
                            if (solidPaint) {
                                sumR += dR;
                                sumG += dG;
                                sumB += dB;
                                sumA += dA;
                            } else if (cov != 0f) {
                                PaintKernels.paintAdjoint(d, draws, drawFloats, paintParams, ox + x + 0.5f,
                                        oy + yLo + r + 0.5f, dR, dG, dB, dA, entryGrad, gradBase);
                            }
                        }
                    }
                }
            }
            if (wantPaint) {
                if (solidPaint) {
                    entryGrad[gradBase] += sumR;
                    entryGrad[gradBase + 1] += sumG;
                    entryGrad[gradBase + 2] += sumB;
                    entryGrad[gradBase + 3] += sumA;
                }
                entryGrad[gradBase + paramCount] += sumOpacity;
            }
            if (wantGeometry && entries[e + E_KIND] == ENTRY_EDGES) {
                int cell = entries[e + E_CELL];
                int p0 = cells[CELL_INTS * cell + C_FIRST], p1 = p0 + cells[CELL_INTS * cell + C_COUNT];
                for (int p = p0; p < p1; p++) {
                    int o = 4 * (lanes * p + lane);
                    if (pieceInts[PIECE_INTS * p + P_FLAGS] == BinningKernels.PIECE_REAL) {
                        int q = PIECE_FLOATS * p;
                        float y0 = pieces[q + P_Y0], y1 = pieces[q + P_Y1];
                        walkPiece(WALK_GRADIENT, pieces[q + P_X0], y0, pieces[q + P_X1], y1, pieces[q + P_T0],
                                pieces[q + P_T1], scratch, acc, dArea, walk, yLo, rows, walkSteps(y0, y1, yLo, rows));
                        // d area = integral of velocity . (-Dy, Dx) dt along the edge.
                        int v0 = pieceInts[PIECE_INTS * p + P_V0], v1 = pieceInts[PIECE_INTS * p + P_V1];
                        float nx = -(vxy[2 * v1 + 1] - vxy[2 * v0 + 1]), ny = vxy[2 * v1] - vxy[2 * v0];
                        pieceGrad[o] = scratch[walk] * nx;
                        pieceGrad[o + 1] = scratch[walk] * ny;
                        pieceGrad[o + 2] = scratch[walk + 1] * nx;
                        pieceGrad[o + 3] = scratch[walk + 1] * ny;
                    } else {
                        // A virtual piece does not move (no gradient). Written, not skipped: the
                        // reduction adds every piece, and TornadoVM 5.2 runs the body of an if
                        // with no else at the end of a loop body whatever the condition.
                        pieceGrad[o] = 0f;
                        pieceGrad[o + 1] = 0f;
                        pieceGrad[o + 2] = 0f;
                        pieceGrad[o + 3] = 0f;
                    }
                }
            }
        }
    }

    private static void resetColor(float[] s, int color, float[] drawFloats, int pixels) {
        for (int i = 0; i < pixels; i++) {
            s[color + 4 * i] = drawFloats[BACKGROUND];
            s[color + 4 * i + 1] = drawFloats[BACKGROUND + 1];
            s[color + 4 * i + 2] = drawFloats[BACKGROUND + 2];
            s[color + 4 * i + 3] = drawFloats[BACKGROUND + 3];
        }
    }
}
