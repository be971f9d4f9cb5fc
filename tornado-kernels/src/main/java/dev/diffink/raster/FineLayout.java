package dev.diffink.raster;

import static dev.diffink.raster.Tiles.ACC_STRIDE;
import static dev.diffink.raster.Tiles.TILE;

/**
 * How the fine stage's inputs are packed. The fine kernels take a handful of interleaved arrays
 * rather than one array per field: GPU compilers for Java take at most about twenty parameters
 * per kernel (TornadoVM: twenty), and one interleaved record per entry, cell, piece or draw is
 * also one cache line or memory transaction instead of four.
 *
 * <p>Every work item of the fine stage owns a slot of scratch memory: a range of
 * {@code scratch} (floats) and, forward, of {@code scratchInt}, at {@code slot} times the stride,
 * which depends on how many rows of a tile the work item takes. The JVM executor runs whole tiles
 * and uses one slot per worker thread; a GPU executor one slot per work item.
 */
public final class FineLayout {
    private FineLayout() {}

    // dims: scalars of the launch.
    public static final int DIM_TILES_X = 0, DIM_WIDTH = 1, DIM_HEIGHT = 2, DIM_LONGEST_LIST = 3, DIM_FLAGS = 4;
    /**
     * Rows of a tile per work item of the launch (a divisor of TILE): the JVM executor renders
     * whole tiles; a device's launches may split them (TornadoVM's read it here, as their kernels
     * have no parameter to spare).
     */
    public static final int DIM_ROWS = 5;
    public static final int DIMS = 6;
    /** Backward flags: the adjoint array is a target (L2 loss computed in the kernel), not dImage. */
    public static final int FLAG_TARGET = 1;
    /** Backward flags: write paint and opacity adjoints into entryGrad. */
    public static final int FLAG_PAINT = 2;
    /** Backward flags: write piece end-point adjoints into pieceGrad. */
    public static final int FLAG_GEOMETRY = 4;

    // entries: draw, cell, kind (FineKernels.ENTRY_*), winding.
    public static final int E_DRAW = 0, E_CELL = 1, E_KIND = 2, E_WINDING = 3, ENTRY_INTS = 4;
    // cells, one per edge cell (a cell with pieces; entries of kind edges name one): first piece,
    // piece count. The cover array beside them holds TILE carried-in covers per edge cell.
    public static final int C_FIRST = 0, C_COUNT = 1, CELL_INTS = 2;
    // pieces: tile-local end points and the edge parameters they span.
    public static final int P_X0 = 0, P_Y0 = 1, P_X1 = 2, P_Y1 = 3, P_T0 = 4, P_T1 = 5, PIECE_FLOATS = 6;
    // pieceInts: the edge's two outline vertices and the piece's flags.
    public static final int P_V0 = 0, P_V1 = 1, P_FLAGS = 2, PIECE_INTS = 3;
    // draws: kind, paint kind, spread, first paint parameter, stop count, end of paint parameters.
    public static final int D_KIND = 0, D_PAINT = 1, D_SPREAD = 2, D_PARAMS = 3, D_STOPS = 4, D_PARAMS_END = 5,
            DRAW_INTS = 6;
    // drawFloats: the background (4) first, then per draw its opacity and paint inverse (6).
    public static final int BACKGROUND = 0, DRAW_FLOATS_BASE = 4, DF_OPACITY = 0, DF_INVERSE = 1, DRAW_FLOATS = 7;
    // layers: opacity, clipped (1 or 0).
    public static final int LAYER_FLOATS = 2;

    /** Offset of draw d's record in drawFloats. */
    public static int drawFloats(int d) {
        return DRAW_FLOATS_BASE + DRAW_FLOATS * d;
    }

    /*
     * Scratch per slot, for a work item that renders or differentiates `rows` rows of a tile (the
     * JVM: a whole tile, TILE rows; a GPU: a row or a few, so that a scene has enough work items
     * to fill the device). Every per-pixel array holds rows x TILE pixels, the accumulation buffer
     * rows x ACC_STRIDE floats.
     */

    /** Forward scratch: the accumulation buffer first, at offset 0. */
    public static final int F_ACC = 0;

    /** Forward scratch: the tile colour (4 floats per pixel). */
    public static int fColor(int rows) {
        return F_ACC + rows * ACC_STRIDE;
    }

    /** Forward scratch: the layer stack of colours, {@link PackedScene#MAX_LAYER_DEPTH} deep. */
    public static int fStack(int rows) {
        return fColor(rows) + 4 * TILE * rows;
    }

    /** Forward scratch: the layer stack of clip masks (a float per pixel and level). */
    public static int fMask(int rows) {
        return fStack(rows) + 4 * TILE * rows * PackedScene.MAX_LAYER_DEPTH;
    }

    /** Forward scratch: one paint colour. */
    public static int fPaint(int rows) {
        return fMask(rows) + TILE * rows * PackedScene.MAX_LAYER_DEPTH;
    }

    /** Forward floats per slot. */
    public static int forwardScratch(int rows) {
        return fPaint(rows) + 4;
    }

    /** Forward ints per slot: the first coverable column of every row, then the layer depth. */
    public static int forwardScratchInts(int rows) {
        return rows + 1;
    }

    /** Forward floats and ints per slot of a whole tile (the JVM executor's slots). */
    public static final int FORWARD_SCRATCH = forwardScratch(TILE), FORWARD_SCRATCH_INTS = forwardScratchInts(TILE);

    /** Backward scratch: the colour (4 floats per pixel) first, at offset 0. */
    public static final int B_COLOR = 0;

    /** Backward scratch: the image adjoint (4 floats per pixel). */
    public static int bGrad(int rows) {
        return B_COLOR + 4 * TILE * rows;
    }

    /** Backward scratch: the transmittance per pixel. */
    public static int bTrans(int rows) {
        return bGrad(rows) + 4 * TILE * rows;
    }

    /** Backward scratch: the area adjoint per pixel. */
    public static int bDArea(int rows) {
        return bTrans(rows) + TILE * rows;
    }

    /** Backward scratch: the accumulation buffer. */
    public static int bAcc(int rows) {
        return bDArea(rows) + TILE * rows;
    }

    /** Backward scratch: one paint colour. */
    public static int bPaint(int rows) {
        return bAcc(rows) + rows * ACC_STRIDE;
    }

    /** Backward scratch: a piece walk's two end-point weights. */
    public static int bWalk(int rows) {
        return bPaint(rows) + 4;
    }

    /** Backward scratch: each list item's areas per pixel, then each item's {@code below} per pixel. */
    public static int bAreas(int rows) {
        return bWalk(rows) + 2;
    }

    /** Backward floats per slot of {@code rows} rows for tile lists of up to {@code longestList} items. */
    public static int backwardScratch(int rows, int longestList) {
        return bAreas(rows) + 2 * TILE * rows * Math.max(1, longestList);
    }

    /** Backward floats per slot of a whole tile (the JVM executor's slots). */
    public static int backwardScratch(int longestList) {
        return backwardScratch(TILE, longestList);
    }
}
