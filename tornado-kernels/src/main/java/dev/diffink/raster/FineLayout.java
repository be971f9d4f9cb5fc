package dev.diffink.raster;

import static dev.diffink.raster.Tiles.ACC_STRIDE;
import static dev.diffink.raster.Tiles.TILE;
import static dev.diffink.raster.Tiles.TILE_PIXELS;

/**
 * How the fine stage's inputs are packed. The fine kernels take a handful of interleaved arrays
 * rather than one array per field: GPU compilers for Java take at most about twenty parameters
 * per kernel (TornadoVM: twenty), and one interleaved record per entry, cell, piece or draw is
 * also one cache line or memory transaction instead of four.
 *
 * <p>Every work item of the fine stage owns a slot of scratch memory: a range of
 * {@code scratch} (floats) and, forward, of {@code scratchInt}, at {@code slot} times the stride.
 * The JVM executor uses one slot per worker thread; a GPU executor one per tile.
 */
public final class FineLayout {
    private FineLayout() {}

    // dims: scalars of the launch.
    public static final int DIM_TILES_X = 0, DIM_WIDTH = 1, DIM_HEIGHT = 2, DIM_LONGEST_LIST = 3, DIM_FLAGS = 4;
    public static final int DIMS = 5;
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

    // Forward scratch, floats per slot.
    public static final int F_ACC = 0;
    public static final int F_COLOR = F_ACC + TILE * ACC_STRIDE;
    public static final int F_STACK = F_COLOR + 4 * TILE_PIXELS;
    public static final int F_MASK = F_STACK + 4 * TILE_PIXELS * PackedScene.MAX_LAYER_DEPTH;
    public static final int F_PAINT = F_MASK + TILE_PIXELS * PackedScene.MAX_LAYER_DEPTH;
    public static final int FORWARD_SCRATCH = F_PAINT + 4;
    /** Forward integer scratch per slot: the first coverable column of every row, the layer depth. */
    public static final int FORWARD_SCRATCH_INTS = TILE + 1;

    // Backward scratch, floats per slot; areas and below follow, TILE_PIXELS per list item each.
    public static final int B_COLOR = 0;
    public static final int B_GRAD = B_COLOR + 4 * TILE_PIXELS;
    public static final int B_TRANS = B_GRAD + 4 * TILE_PIXELS;
    public static final int B_DAREA = B_TRANS + TILE_PIXELS;
    public static final int B_ACC = B_DAREA + TILE_PIXELS;
    public static final int B_PAINT = B_ACC + TILE * ACC_STRIDE;
    public static final int B_WALK = B_PAINT + 4;
    public static final int B_AREAS = B_WALK + 2;

    /** Backward floats per slot for tile lists of up to {@code longestList} items. */
    public static int backwardScratch(int longestList) {
        return B_AREAS + 2 * TILE_PIXELS * Math.max(1, longestList);
    }
}
