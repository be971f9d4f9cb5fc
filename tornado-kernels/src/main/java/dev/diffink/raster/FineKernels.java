package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.PAINT_SOLID;
import static dev.diffink.raster.Tiles.ACC_STRIDE;
import static dev.diffink.raster.Tiles.TILE;
import static dev.diffink.raster.Tiles.TILE_PIXELS;

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
 */
public final class FineKernels {
    private FineKernels() {}

    public static final int ENTRY_EDGES = 0, ENTRY_SOLID = 1;

    static final int WALK_ACCUMULATE = 0, WALK_GRADIENT = 1;

    /**
     * Computes the accumulated signed area of every pixel of an {@link #ENTRY_EDGES} cell into
     * {@code dst[dstBase + y * dstStride + x]}; {@code acc} is scratch of
     * {@code TILE * ACC_STRIDE} floats ({@code dst} may be {@code acc} itself with stride
     * {@code ACC_STRIDE}). With {@code rowStart} (TILE ints) the forward pass also learns, per row,
     * the first column that can be covered ({@code TILE}: none; such rows of {@code dst} are left
     * unwritten); without it, every pixel of {@code dst} is written.
     */
    public static void cellArea(int cell, int[] cellPieceStart, int[] cellPieceCount, float[] cellCover,
            float[] pieceX0, float[] pieceY0, float[] pieceX1, float[] pieceY1, float[] acc, float[] dst, int dstBase,
            int dstStride, int[] rowStart) {
        int first = cellPieceStart[cell], end = first + cellPieceCount[cell];
        float minX = TILE, minY = TILE, maxY = 0f;
        for (int p = first; p < end; p++) {
            float y0 = pieceY0[p], y1 = pieceY1[p];
            if (y0 != y1) {
                minX = Math.min(minX, Math.min(pieceX0[p], pieceX1[p]));
                minY = Math.min(minY, Math.min(y0, y1));
                maxY = Math.max(maxY, Math.max(y0, y1));
            }
        }
        // Only rows a piece crosses accumulate anything; the others hold the carried-in value.
        int rLo = (int) minY, rHi = maxY > minY ? Math.min(TILE - 1, (int) Math.ceil(maxY) - 1) : -1;
        for (int i = rLo * ACC_STRIDE; i < (rHi + 1) * ACC_STRIDE; i++) acc[i] = 0f;
        for (int p = first; p < end; p++) {
            if (pieceY0[p] != pieceY1[p]) {
                walkPiece(WALK_ACCUMULATE, pieceX0[p], pieceY0[p], pieceX1[p], pieceY1[p], 0f, 0f, acc, null, null);
            }
        }
        int cMin = (int) minX;
        for (int y = 0; y < TILE; y++) {
            float carried = cellCover[cell * TILE + y];
            int row = dstBase + y * dstStride;
            if (y >= rLo && y <= rHi) {
                float running = carried;
                for (int x = 0; x < TILE; x++) {
                    running += acc[y * ACC_STRIDE + x];
                    dst[row + x] = running;
                }
                if (rowStart != null) rowStart[y] = carried != 0f ? 0 : cMin;
            } else if (rowStart == null || carried != 0f) {
                for (int x = 0; x < TILE; x++) dst[row + x] = carried;
                if (rowStart != null) rowStart[y] = 0;
            } else {
                // Nothing crosses or is carried into this row: it is uncovered.
                rowStart[y] = TILE;
            }
        }
    }

    /**
     * Splits the piece from (x0, y0) to (x1, y1) (tile-local) at pixel boundaries and, per part,
     * either adds its area and cover to {@code acc} or, in gradient mode, adds the part's
     * boundary integrals against {@code dArea} into {@code out[0]} (weight of the edge's start
     * point) and {@code out[1]} (weight of its end point), with the piece spanning edge
     * parameters t0..t1.
     */
    static void walkPiece(int mode, float x0, float y0, float x1, float y1, float t0, float t1, float[] acc,
            float[] dArea, float[] out) {
        float dx = x1 - x0, dy = y1 - y0;
        float stepX = dx > 0f ? 1f : -1f, stepY = dy > 0f ? 1f : -1f;
        float nextX = dx > 0f ? (float) Math.floor(x0) + 1f : (float) Math.ceil(x0) - 1f;
        float nextY = dy > 0f ? (float) Math.floor(y0) + 1f : (float) Math.ceil(y0) - 1f;
        float sx = dx != 0f ? (nextX - x0) / dx : 2f;
        float sy = dy != 0f ? (nextY - y0) / dy : 2f;
        float s = 0f;
        float w0 = 0f, w1 = 0f;
        for (int guard = 0; guard < 4 * TILE + 4 && s < 1f; guard++) {
            float sNext = Math.min(1f, Math.min(sx, sy));
            if (sNext > s) {
                float mid = 0.5f * (s + sNext);
                int cx = (int) Math.floor(x0 + mid * dx), cy = (int) Math.floor(y0 + mid * dy);
                cx = cx < 0 ? 0 : cx > TILE - 1 ? TILE - 1 : cx;
                cy = cy < 0 ? 0 : cy > TILE - 1 ? TILE - 1 : cy;
                if (mode == WALK_ACCUMULATE) {
                    float part = (sNext - s) * dy;
                    float xMid = x0 + mid * dx;
                    float area = part * (cx + 1f - xMid);
                    int i = cy * ACC_STRIDE + cx;
                    acc[i] += area;
                    acc[i + 1] += part - area;
                } else {
                    float g = dArea[cy * TILE + cx];
                    if (g != 0f) {
                        float ta = t0 + s * (t1 - t0), tb = t0 + sNext * (t1 - t0);
                        float i1 = 0.5f * (tb * tb - ta * ta);
                        float i0 = (tb - ta) - i1;
                        w0 += g * i0;
                        w1 += g * i1;
                    }
                }
                s = sNext;
            }
            if (sx <= sNext) {
                nextX += stepX;
                sx = (nextX - x0) / dx;
            }
            if (sy <= sNext) {
                nextY += stepY;
                sy = (nextY - y0) / dy;
            }
        }
        if (mode == WALK_GRADIENT) {
            out[0] = w0;
            out[1] = w1;
        }
    }

    /**
     * Renders one tile into {@code image} (premultiplied RGBA floats, row-major).
     *
     * <p>Launch: one work item per tile; global size = tilesX * tilesY. Scratch per work item:
     * {@code acc} (TILE * ACC_STRIDE), {@code rowStart} (TILE), {@code color} (4 * TILE_PIXELS), {@code stack}
     * (4 * TILE_PIXELS * MAX_LAYER_DEPTH), {@code mask} (TILE_PIXELS * MAX_LAYER_DEPTH),
     * {@code paint} (4). Writes only the tile's pixels.
     */
    public static void renderTile(int tile, int tilesX, int width, int height, int[] tileListStart, int[] tileList,
            int[] entryDraw, int[] entryCell, int[] entryKind, int[] entryWinding, int[] cellPieceStart,
            int[] cellPieceCount, float[] cellCover, float[] pieceX0, float[] pieceY0, float[] pieceX1,
            float[] pieceY1, int[] drawKind, float[] opacities, int[] paintKind, int[] paintSpread,
            int[] paintParamStart, int[] paintStopCount, float[] paintParams, float[] paintInverse,
            float[] layerOpacity, int[] layerClipped, float[] background, float[] acc, int[] rowStart, float[] color,
            float[] stack, float[] mask, float[] paint, float[] image) {
        int ox = (tile % tilesX) * TILE, oy = (tile / tilesX) * TILE;
        for (int i = 0; i < TILE_PIXELS; i++) {
            color[4 * i] = background[0];
            color[4 * i + 1] = background[1];
            color[4 * i + 2] = background[2];
            color[4 * i + 3] = background[3];
        }
        int depth = 0;
        for (int k = tileListStart[tile]; k < tileListStart[tile + 1]; k++) {
            int item = tileList[k];
            if (item < 0) {
                int code = -1 - item;
                if ((code & 1) == 0) {
                    for (int i = 0; i < 4 * TILE_PIXELS; i++) {
                        stack[depth * 4 * TILE_PIXELS + i] = color[i];
                        color[i] = 0f;
                    }
                    for (int i = 0; i < TILE_PIXELS; i++) mask[depth * TILE_PIXELS + i] = 0f;
                    depth++;
                } else {
                    depth--;
                    int layer = code >> 1;
                    float op = layerOpacity[layer];
                    boolean clipped = layerClipped[layer] != 0;
                    int sb = depth * 4 * TILE_PIXELS;
                    for (int i = 0; i < TILE_PIXELS; i++) {
                        float f = clipped ? op * mask[depth * TILE_PIXELS + i] : op;
                        float keep = 1f - color[4 * i + 3] * f;
                        for (int c = 0; c < 4; c++) {
                            color[4 * i + c] = color[4 * i + c] * f + stack[sb + 4 * i + c] * keep;
                        }
                    }
                }
                continue;
            }
            int e = item;
            int d = entryDraw[e];
            boolean solid = entryKind[e] == ENTRY_SOLID;
            if (!solid) {
                cellArea(entryCell[e], cellPieceStart, cellPieceCount, cellCover, pieceX0, pieceY0, pieceX1, pieceY1,
                        acc, acc, 0, ACC_STRIDE, rowStart);
            }
            if (Tiles.isClip(drawKind[d])) {
                // Union (source-over) of this layer's clip shapes.
                boolean evenOdd = Tiles.isEvenOdd(drawKind[d]);
                float solidCoverage = Tiles.coverage(entryWinding[e], evenOdd);
                int mb = (depth - 1) * TILE_PIXELS;
                for (int y = 0; y < TILE; y++) {
                    for (int x = solid ? 0 : rowStart[y]; x < TILE; x++) {
                        float cov = solid ? solidCoverage : Tiles.coverage(acc[y * ACC_STRIDE + x], evenOdd);
                        int i = mb + y * TILE + x;
                        mask[i] += cov * (1f - mask[i]);
                    }
                }
                continue;
            }
            compositeEntry(d, solid, entryWinding[e], acc, 0, ACC_STRIDE, solid ? null : rowStart, ox, oy, drawKind,
                    opacities, paintKind, paintSpread, paintParamStart, paintStopCount, paintParams, paintInverse, paint,
                    color);
        }
        int w = Math.min(TILE, width - ox), h = Math.min(TILE, height - oy);
        for (int y = 0; y < h; y++) {
            System.arraycopy(color, 4 * y * TILE, image, 4 * ((oy + y) * width + ox), 4 * w);
        }
    }

    /**
     * Source-over of one entry onto {@code color}, with areas at {@code area[base + y * stride + x]};
     * when {@code rowStart} is not null, pixels left of {@code rowStart[y]} are known uncovered.
     */
    static void compositeEntry(int d, boolean solid, int winding, float[] area, int base, int stride, int[] rowStart,
            int ox, int oy,
            int[] drawKind, float[] opacities, int[] paintKind, int[] paintSpread, int[] paintParamStart,
            int[] paintStopCount, float[] paintParams, float[] paintInverse, float[] paint, float[] color) {
        boolean evenOdd = Tiles.isEvenOdd(drawKind[d]);
        boolean solidPaint = paintKind[d] == PAINT_SOLID;
        float opacity = opacities[d];
        float solidCoverage = solid ? Tiles.coverage(winding, evenOdd) : 0f;
        float r = 0f, g = 0f, b = 0f, a = 0f;
        if (solidPaint) {
            int pb = paintParamStart[d];
            r = paintParams[pb];
            g = paintParams[pb + 1];
            b = paintParams[pb + 2];
            a = paintParams[pb + 3];
        }
        for (int y = 0; y < TILE; y++) {
            for (int x = rowStart == null ? 0 : rowStart[y]; x < TILE; x++) {
                float cov = solid ? solidCoverage : Tiles.coverage(area[base + y * stride + x], evenOdd);
                if (cov == 0f) continue;
                if (!solidPaint) {
                    PaintKernels.evalPaint(d, paintKind, paintSpread, paintParamStart, paintStopCount, paintParams,
                            paintInverse, ox + x + 0.5f, oy + y + 0.5f, paint, 0);
                    r = paint[0];
                    g = paint[1];
                    b = paint[2];
                    a = paint[3];
                }
                float alpha = a * opacity * cov;
                float keep = 1f - alpha;
                int i = 4 * (y * TILE + x);
                color[i] = r * alpha + color[i] * keep;
                color[i + 1] = g * alpha + color[i + 1] * keep;
                color[i + 2] = b * alpha + color[i + 2] * keep;
                color[i + 3] = alpha + color[i + 3] * keep;
            }
        }
    }

    /**
     * Backward pass of one tile (scenes without layers, hence without clip draws).
     *
     * <p>The image adjoint comes from {@code dImage}, or, when {@code target} is not null, from
     * the loss {@code invCount * sum (image - target)^2} computed on the fly; the tile's part of
     * that loss goes to {@code tileLoss[tile]}. Adds paint and opacity adjoints of each entry to
     * {@code entryGrad[entryGradStart[e] ..]} (null to skip) and writes the adjoint of each real
     * piece's edge end points to {@code pieceGrad[4p .. 4p+3]} (null to skip).
     *
     * <p>Launch: one work item per tile. Scratch per work item: {@code areas} and {@code below}
     * (TILE_PIXELS times the longest tile list), {@code color} and {@code grad} (4 *
     * TILE_PIXELS), {@code trans} and {@code dArea} (TILE_PIXELS), {@code acc}
     * (TILE * ACC_STRIDE), {@code paint} (4), {@code walk} (2).
     */
    public static void backwardTile(int tile, int tilesX, int width, int height, int[] tileListStart, int[] tileList,
            int[] entryDraw, int[] entryCell, int[] entryKind, int[] entryWinding, int[] cellPieceStart,
            int[] cellPieceCount, float[] cellCover, float[] pieceX0, float[] pieceY0, float[] pieceX1,
            float[] pieceY1, int[] pieceV0, int[] pieceV1, float[] pieceT0, float[] pieceT1, int[] pieceFlags,
            float[] vx, float[] vy, int[] drawKind, float[] opacities, int[] paintKind, int[] paintSpread,
            int[] paintParamStart, int[] paintStopCount, float[] paintParams, float[] paintInverse,
            float[] background, float[] dImage, float[] target, float invCount, double[] tileLoss,
            int[] entryGradStart, float[] entryGrad, float[] pieceGrad, float[] areas, float[] below, float[] color,
            float[] grad, float[] trans, float[] dArea, float[] acc, float[] paint, float[] walk) {
        int ox = (tile % tilesX) * TILE, oy = (tile / tilesX) * TILE;
        int w = Math.min(TILE, width - ox), h = Math.min(TILE, height - oy);
        int first = tileListStart[tile], n = tileListStart[tile + 1] - first;

        // Pass 1: the accumulated area of every entry at every pixel.
        for (int k = 0; k < n; k++) {
            int e = tileList[first + k];
            if (entryKind[e] == ENTRY_SOLID) {
                float wv = entryWinding[e];
                for (int i = 0; i < TILE_PIXELS; i++) areas[k * TILE_PIXELS + i] = wv;
            } else {
                cellArea(entryCell[e], cellPieceStart, cellPieceCount, cellCover, pieceX0, pieceY0, pieceX1, pieceY1,
                        acc, areas, k * TILE_PIXELS, TILE, null);
            }
        }

        // The image adjoint at every pixel of the tile (zero outside the canvas).
        for (int i = 0; i < 4 * TILE_PIXELS; i++) grad[i] = 0f;
        if (target != null) {
            resetColor(color, background);
            for (int k = 0; k < n; k++) {
                int e = tileList[first + k];
                compositeEntry(entryDraw[e], entryKind[e] == ENTRY_SOLID, entryWinding[e], areas, k * TILE_PIXELS,
                        TILE, null, ox, oy, drawKind, opacities, paintKind, paintSpread, paintParamStart, paintStopCount,
                        paintParams, paintInverse, paint, color);
            }
            double loss = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = 4 * (y * TILE + x), j = 4 * ((oy + y) * width + ox + x);
                    for (int c = 0; c < 4; c++) {
                        float diff = color[i + c] - target[j + c];
                        loss += (double) diff * diff;
                        grad[i + c] = 2f * invCount * diff;
                    }
                }
            }
            tileLoss[tile] = loss * invCount;
        } else {
            for (int y = 0; y < h; y++) {
                System.arraycopy(dImage, 4 * ((oy + y) * width + ox), grad, 4 * y * TILE, 4 * w);
            }
        }

        // Pass 2 (bottom-up): below[k] = grad . (what lies under entry k).
        resetColor(color, background);
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < TILE_PIXELS; i++) {
                below[k * TILE_PIXELS + i] = grad[4 * i] * color[4 * i] + grad[4 * i + 1] * color[4 * i + 1]
                        + grad[4 * i + 2] * color[4 * i + 2] + grad[4 * i + 3] * color[4 * i + 3];
            }
            int e = tileList[first + k];
            compositeEntry(entryDraw[e], entryKind[e] == ENTRY_SOLID, entryWinding[e], areas, k * TILE_PIXELS, TILE,
                    null, ox, oy, drawKind, opacities, paintKind, paintSpread, paintParamStart, paintStopCount, paintParams,
                    paintInverse, paint, color);
        }

        // Pass 3 (top-down): carry transmittance, emit paint, opacity and geometry adjoints.
        for (int i = 0; i < TILE_PIXELS; i++) trans[i] = 1f;
        for (int k = n - 1; k >= 0; k--) {
            int e = tileList[first + k];
            int d = entryDraw[e];
            boolean evenOdd = Tiles.isEvenOdd(drawKind[d]);
            boolean solidPaint = paintKind[d] == PAINT_SOLID;
            float opacity = opacities[d];
            int pb = paintParamStart[d];
            float r = 0f, g = 0f, b = 0f, a = 0f;
            if (solidPaint) {
                r = paintParams[pb];
                g = paintParams[pb + 1];
                b = paintParams[pb + 2];
                a = paintParams[pb + 3];
            }
            int gradBase = entryGrad != null ? entryGradStart[e] : 0;
            int paramCount = paintParamStart[d + 1] - pb;
            float sumR = 0f, sumG = 0f, sumB = 0f, sumA = 0f, sumOpacity = 0f;
            for (int y = 0; y < TILE; y++) {
                for (int x = 0; x < TILE; x++) {
                    int i = y * TILE + x;
                    float t = trans[i];
                    if (t == 0f) {
                        dArea[i] = 0f;
                        continue;
                    }
                    float area = areas[k * TILE_PIXELS + i];
                    float cov = Tiles.coverage(area, evenOdd);
                    if (!solidPaint) {
                        PaintKernels.evalPaint(d, paintKind, paintSpread, paintParamStart, paintStopCount,
                                paintParams, paintInverse, ox + x + 0.5f, oy + y + 0.5f, paint, 0);
                        r = paint[0];
                        g = paint[1];
                        b = paint[2];
                        a = paint[3];
                    }
                    float alpha = a * opacity * cov;
                    float gr = t * grad[4 * i], gg = t * grad[4 * i + 1], gb = t * grad[4 * i + 2];
                    float ga = t * grad[4 * i + 3];
                    float dAlpha = gr * r + gg * g + gb * b + ga - t * below[k * TILE_PIXELS + i];
                    float dR = gr * alpha, dG = gg * alpha, dB = gb * alpha, dA = dAlpha * opacity * cov;
                    sumOpacity += dAlpha * a * cov;
                    dArea[i] = dAlpha * a * opacity * Tiles.coverageSlope(area, evenOdd);
                    trans[i] = t * (1f - alpha);
                    if (entryGrad == null) continue;
                    if (solidPaint) {
                        sumR += dR;
                        sumG += dG;
                        sumB += dB;
                        sumA += dA;
                    } else if (cov != 0f) {
                        PaintKernels.paintAdjoint(d, paintKind, paintSpread, paintParamStart, paintStopCount,
                                paintParams, paintInverse, ox + x + 0.5f, oy + y + 0.5f, dR, dG, dB, dA, entryGrad,
                                gradBase);
                    }
                }
            }
            if (entryGrad != null) {
                if (solidPaint) {
                    entryGrad[gradBase] += sumR;
                    entryGrad[gradBase + 1] += sumG;
                    entryGrad[gradBase + 2] += sumB;
                    entryGrad[gradBase + 3] += sumA;
                }
                entryGrad[gradBase + paramCount] += sumOpacity;
            }
            if (pieceGrad != null && entryKind[e] == ENTRY_EDGES) {
                int cell = entryCell[e];
                int p0 = cellPieceStart[cell], p1 = p0 + cellPieceCount[cell];
                for (int p = p0; p < p1; p++) {
                    if (pieceFlags[p] != BinningKernels.PIECE_REAL) continue;
                    walkPiece(WALK_GRADIENT, pieceX0[p], pieceY0[p], pieceX1[p], pieceY1[p], pieceT0[p], pieceT1[p],
                            null, dArea, walk);
                    // d area = integral of velocity . (-Dy, Dx) dt along the edge.
                    int v0 = pieceV0[p], v1 = pieceV1[p];
                    float nx = -(vy[v1] - vy[v0]), ny = vx[v1] - vx[v0];
                    pieceGrad[4 * p] = walk[0] * nx;
                    pieceGrad[4 * p + 1] = walk[0] * ny;
                    pieceGrad[4 * p + 2] = walk[1] * nx;
                    pieceGrad[4 * p + 3] = walk[1] * ny;
                }
            }
        }
    }

    private static void resetColor(float[] color, float[] background) {
        for (int i = 0; i < TILE_PIXELS; i++) {
            color[4 * i] = background[0];
            color[4 * i + 1] = background[1];
            color[4 * i + 2] = background[2];
            color[4 * i + 3] = background[3];
        }
    }
}
