package dev.diffink.tornado;

import static dev.diffink.tornado.TornadoFineStage.bytes;
import static dev.diffink.tornado.TornadoFineStage.fit;
import static dev.diffink.tornado.TornadoFineStage.free;
import static dev.diffink.tornado.TornadoKernels.S_CELLS;
import static dev.diffink.tornado.TornadoKernels.S_EDGES;
import static dev.diffink.tornado.TornadoKernels.S_ENTRIES;
import static dev.diffink.tornado.TornadoKernels.S_GRADIENTS;
import static dev.diffink.tornado.TornadoKernels.S_ITEMS;
import static dev.diffink.tornado.TornadoKernels.S_LONGEST;
import static dev.diffink.tornado.TornadoKernels.S_OVERFLOW;
import static dev.diffink.tornado.TornadoKernels.S_PIECES;
import static dev.diffink.tornado.TornadoKernels.Z_DRAWS;
import static dev.diffink.tornado.TornadoKernels.Z_TILES;
import static dev.diffink.tornado.TornadoKernels.Z_TILES_X;
import static dev.diffink.tornado.TornadoKernels.Z_TILES_Y;
import static dev.diffink.tornado.TornadoKernels.Z_VERTICES;

import dev.diffink.raster.FineLayout;
import dev.diffink.raster.OutlineInputs;
import dev.diffink.raster.Tiles;
import java.util.Arrays;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * Binning, coarse lists, the fine stage and (backward) the reductions to vertex and paint
 * adjoints, all on the device, from the outlines the host made. Per call, the outline vertices,
 * contours and the draws' paint go in (and an image adjoint, unless it is a target kept on the
 * device); the image, or the vertex, paint and opacity adjoints and the loss per tile, come out,
 * with a few totals. Everything between stays on the device.
 *
 * <pre>
 *   grids ─ cell starts ─ count pieces ─ totals ─ piece/edge starts ─ offsets ─ emit pieces
 *     ─ covers ─ count entries ─ entry starts ─ emit entries ─ tile lists (chunked counting sort)
 *     ─ pack ─┬─ render tiles ─────────────────────────────────────────────▶ image
 *             └─ slot starts ─ backward tiles ─ vertex and paint adjoints ─▶ adjoints, loss
 * </pre>
 *
 * <p>Buffers are sized before the device bins: cells exactly, edge cells, entries, paint slots
 * and the longest list by bounds the host takes from the draws' tile grids ({@link OutlineInputs}),
 * pieces by a guess. A total above its buffer stops the launches after it (each checks
 * {@code state}); the host then grows that buffer and runs the call again, which builds a new plan
 * (TornadoVM compiles the kernels again), so buffers grow with headroom and only grow. Counts that
 * change from call to call (draws, vertices, tiles, cells, pieces) are read from arrays on the
 * device: an optimiser whose flattening changes its vertex count keeps its plan, and so does a
 * session that renders a smaller image after a larger one.
 */
final class TornadoBinning implements AutoCloseable {

    /**
     * Entries are split into this many chunks (work items) for the tile lists' counting sort,
     * {@code -Ddiffink.tornado.chunks} (1 to 4096). Each chunk walks its entries in order, and
     * every tile keeps a count per chunk, so more chunks mean shorter walks for {@code tiles x
     * chunks} counts. By default 512 on a GPU (on an H200 the published scene's render kernels took
     * 11.7 ms against 15.9 with 32, backward 39.8 against 44.2) and 32 elsewhere, which keeps a
     * CPU's cores busy (on PoCL, 512 made the backward kernels 1.6 times slower).
     */
    private final int chunks;

    static int chunks(boolean gpu) {
        return Math.clamp(Integer.getInteger("diffink.tornado.chunks", gpu ? 512 : 32), 1, 4096);
    }

    private final TornadoFineStage owner;
    private final TornadoFineStage.Stats forwardStats = new TornadoFineStage.Stats(),
            backwardStats = new TornadoFineStage.Stats();
    private TornadoExecutionPlan forwardPlan, backwardPlan;
    private Object[] forwardKey = new Object[0], backwardKey = new Object[0];

    // Capacities (elements of the unit named), only growing.
    private int drawCap, contourCap, vertexCap, paramCap, cellCap, edgeCap, pieceCap, entryCap, gradCap, listCap,
            tileCap, tiles;
    /** The last call's cells, pieces, edge cells and entries. */
    int[] totals = new int[4];
    /** Calls run again after an overflow. */
    long reruns;
    /** The last call's piece total, for the next call's guess. */
    private int lastPieces;

    // Inputs, copied in per call.
    private final int[] sizes = new int[TornadoKernels.SIZES], state = new int[TornadoKernels.STATE];
    private final int[] dims = new int[FineLayout.DIMS];
    private int[] drawContourStart = new int[0], ctrStart = new int[0], ctrEnd = new int[0], drawKind = new int[0],
            draws = new int[0], paintParamStart = new int[0];
    private float[] vx = new float[0], vy = new float[0], drawFloats = new float[0], paintParams = new float[0],
            adjoint = new float[0];
    private final float[] layers = new float[FineLayout.LAYER_FLOATS];
    /** The target kept on the device, and the identity the caller gave it (-1: none yet). */
    private float[] residentTarget = new float[0];
    private long residentId = -1;

    // Device-side buffers (each needs a host array of its size; they are not read on the host).
    private int[] grid, drawCellCounts, cellStart, cellCount, drawTotals, drawPieceStart, drawEdgeStart, cellPieceStart,
            cellCursor, cellEdge, edgeCell, pieceInts, cellWinding, entryCounts, drawEntryStart, entryDraw, entryCell,
            entryKind, entryWinding, entryTile, chunkCount, tileLength, tileListStart, tileList, entries, cells,
            scratchInt, drawGradCount, drawGradStart, entryGradStart, blockSum, blockStart;
    private float[] edgeCover, edgeRuns, pieces, vxy, forwardScratch, backwardScratch, entryGrad, pieceGrad;
    // Outputs.
    private float[] image = new float[0], vertexGrad = new float[0], dPaint = new float[0], dOpacity = new float[0];
    private double[] tileLoss = new double[0];
    /** With more than one lane per tile ({@link TornadoFineStage#lanes}): the tile kernel's outputs per work item. */
    private double[] lossLanes = new double[1];
    private float[] entryLanes = new float[1], pieceLanes = new float[1];

    TornadoBinning(TornadoFineStage owner, boolean gpu) {
        this.owner = owner;
        this.chunks = chunks(gpu);
        this.blockScan = blockScan(gpu);
    }

    void render(OutlineInputs in, float[] out) {
        for (int attempt = 0; ; attempt++) {
            copyIn(in, false);
            if (image.length < out.length) image = new float[TornadoFineStage.grown(image.length, out.length)];
            Object[] key = key(forwardScratch, image);
            if (forwardPlan == null || !Arrays.equals(forwardKey, key)) {
                free(forwardPlan);
                Grids grids = new Grids("diffinkBinnedForward");
                TaskGraph g = binningGraph(grids)
                        .transferToDevice(DataTransferMode.FIRST_EXECUTION, forwardScratch, scratchInt, layers, image)
                        .task("render", TornadoKernels::renderTilesChecked, grids.task("render",
                                tileCap * owner.lanes), dims, tileListStart, tileList, entries, cells,
                                edgeCover, pieces, draws, drawFloats, paintParams, layers, forwardScratch, scratchInt,
                                image, state)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, image, state);
                forwardPlan = owner.plan(g, grids, forwardStats);
                forwardKey = key;
            }
            owner.run(forwardPlan, "binned render", forwardStats, () -> new long[] {inBytes(), 0, bytes(image, state)});
            TornadoFineStage.checkRan(state, "binned render", owner.name());
            if (fits(attempt)) break;
        }
        TornadoFineStage.copyOut(image, out);
    }

    double backward(OutlineInputs in, float[] imageAdjoint, long adjointId, float[] vertexGradOut, float[] dPaintOut,
            float[] dOpacityOut) {
        boolean resident = adjointId >= 0;
        if (resident && adjointId != residentId) {
            residentTarget = imageAdjoint;
            residentId = adjointId;
        }
        int flags = in.dims()[FineLayout.DIM_FLAGS];
        for (int attempt = 0; ; attempt++) {
            copyIn(in, true);
            if (!resident) adjoint = fit(adjoint, imageAdjoint);
            float[] adj = resident ? residentTarget : adjoint;
            Object[] key = key(adj, resident, vxy, tileLoss, backwardScratch, lossLanes, entryLanes, pieceLanes);
            if (backwardPlan == null || !Arrays.equals(backwardKey, key)) {
                free(backwardPlan);
                Grids grids = new Grids("diffinkBinnedBackward");
                int drawLoop = Grids.loop(drawCap);
                int lanes = owner.lanes;
                // With lanes, the tile kernel writes per work item and folds sum each tile's lanes.
                double[] loss = lanes > 1 ? lossLanes : tileLoss;
                float[] egl = lanes > 1 ? entryLanes : entryGrad, pgl = lanes > 1 ? pieceLanes : pieceGrad;
                TaskGraph g = binningGraph(grids)
                        .transferToDevice(DataTransferMode.EVERY_EXECUTION, paintParamStart)
                        .transferToDevice(resident ? DataTransferMode.FIRST_EXECUTION : DataTransferMode.EVERY_EXECUTION,
                                adj)
                        .transferToDevice(DataTransferMode.FIRST_EXECUTION, vxy, drawGradCount, drawGradStart,
                                entryGradStart, entryGrad, pieceGrad, backwardScratch, tileLoss, vertexGrad, dPaint,
                                dOpacity, lossLanes, entryLanes, pieceLanes)
                        .task("interleave", TornadoKernels::interleave, grids.task("interleave", Grids.loop(vertexCap)),
                                sizes, vx, vy, vxy)
                        .task("slotCounts", TornadoKernels::gradientCounts, grids.task("slotCounts", drawLoop), sizes,
                                drawEntryStart, paintParamStart, drawGradCount, state);
                g = prefix(g, grids, "slotStarts", Z_DRAWS, drawCap, drawGradCount, 1, 0, drawGradStart, gradCap,
                                S_GRADIENTS)
                        .task("entrySlots", TornadoKernels::gradientStarts, grids.task("entrySlots", drawLoop), sizes,
                                drawEntryStart, paintParamStart, drawGradStart, entryGradStart, state)
                        .task("clearSlots", TornadoKernels::clearFloats, grids.task("clearSlots", gradCap), entryGrad);
                if (lanes > 1) {
                    g = g.task("clearLanes", TornadoKernels::clearFloats, grids.task("clearLanes", gradCap * lanes),
                            entryLanes);
                }
                g = g.task("backward", TornadoKernels::backwardTilesChecked, grids.task("backward", tileCap * lanes),
                        dims, tileListStart, tileList, entries, cells, edgeCover, pieces, pieceInts, vxy, draws,
                        drawFloats, paintParams, adj, loss, entryGradStart, egl, pgl, backwardScratch, state);
                if (lanes > 1) {
                    g = g.task("foldLoss", TornadoKernels::foldLoss, grids.task("foldLoss", tileCap), lanes, loss,
                                    tileLoss)
                            .task("foldEntries", TornadoKernels::foldEntries, grids.task("foldEntries", entryCap),
                                    lanes, dims, tileListStart, tileList, entries, draws, entryGradStart, entryLanes,
                                    entryGrad, state)
                            .task("foldPieces", TornadoKernels::foldPieces, grids.task("foldPieces", 4 * pieceCap),
                                    4 * pieceCap, lanes, pieceLanes, pieceGrad, state);
                }
                g = g.task("clearVertices", TornadoKernels::clearFloats, grids.task("clearVertices",
                                vertexGrad.length), vertexGrad)
                        .task("vertices", TornadoKernels::vertexAdjoints, grids.task("vertices", drawLoop), sizes, grid,
                                cellStart, cellPieceStart, cellCount, pieceInts, pieceGrad, vertexGrad, state)
                        .task("paint", TornadoKernels::paintAdjoints, grids.task("paint", drawLoop), sizes,
                                drawEntryStart, entryGradStart, entryGrad, paintParamStart, dPaint, dOpacity, state)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, tileLoss, vertexGrad, dPaint, dOpacity,
                                state);
                backwardPlan = owner.plan(g, grids, backwardStats);
                backwardKey = key;
            }
            owner.run(backwardPlan, "binned backward", backwardStats, () -> new long[] {
                    inBytes() + bytes(paintParamStart) + (resident ? 0 : bytes(adj)),
                    resident ? bytes(adj) : 0, bytes(tileLoss, vertexGrad, dPaint, dOpacity, state)});
            TornadoFineStage.checkRan(state, "binned backward", owner.name());
            if (fits(attempt)) break;
        }
        if ((flags & FineLayout.FLAG_GEOMETRY) != 0) {
            System.arraycopy(vertexGrad, 0, vertexGradOut, 0, 2 * in.vertexCount());
        }
        if ((flags & FineLayout.FLAG_PAINT) != 0) {
            int params = in.paintParamStart()[in.drawCount()];
            System.arraycopy(dPaint, 0, dPaintOut, 0, params);
            System.arraycopy(dOpacity, 0, dOpacityOut, 0, in.drawCount());
        }
        double loss = 0;
        if ((flags & FineLayout.FLAG_TARGET) != 0) {
            for (int t = 0; t < tiles; t++) loss += tileLoss[t];
        }
        return loss;
    }

    /**
     * Whether the call's totals fitted; if not, grows what overflowed (the device reports the
     * totals it reached) so the caller runs it again. A few rounds at most: each fixes the first
     * overflow, and all but the pieces' are bounded by the host.
     */
    private boolean fits(int attempt) {
        int over = state[S_OVERFLOW];
        if ((over & (1 << TornadoKernels.S_MISMATCH)) != 0) {
            throw new UnsupportedOperationException("TornadoVM's binning wrote another number of pieces than it "
                    + "counted: the device does not run the binning kernels as the JVM does");
        }
        if (over == 0) {
            lastPieces = state[S_PIECES];
            totals = new int[] {state[S_CELLS], state[S_PIECES], state[S_EDGES], state[S_ENTRIES]};
            return true;
        }
        if (attempt >= 8) {
            throw new UnsupportedOperationException("TornadoVM binning kept overflowing its buffers (state "
                    + Arrays.toString(state) + ")");
        }
        reruns++;
        if ((over & (1 << S_PIECES)) != 0) lastPieces = state[S_PIECES];
        // Bounded totals cannot overflow; if one did anyway, this call's sizes and later ones take it in.
        int[] seen = {state[S_CELLS], state[S_EDGES], Math.max(state[S_ENTRIES], state[S_ITEMS]), state[S_GRADIENTS],
                state[S_LONGEST]};
        for (int i = 0; i < seen.length; i++) extra[i] = Math.max(extra[i], seen[i]);
        return false;
    }

    /** Totals the device reported above the host's bounds (cells, edges, entries, slots, longest). */
    private int[] extra = new int[5];

    /**
     * Copies the call's inputs and sizes every buffer for them ({@code backward}: with its own).
     * A scene whose buffers cannot be made leaves the capacities as they were: the stage is
     * shared, and its other holders' scenes still fit them.
     */
    private void copyIn(OutlineInputs in, boolean backward) {
        int[] caps = {cellCap, edgeCap, entryCap, gradCap, listCap, pieceCap, tileCap};
        try {
            size(in, backward);
        } catch (UnsupportedOperationException e) {
            cellCap = caps[0];
            edgeCap = caps[1];
            entryCap = caps[2];
            gradCap = caps[3];
            listCap = caps[4];
            pieceCap = caps[5];
            tileCap = caps[6];
            throw e;
        }
    }

    private void size(OutlineInputs in, boolean backward) {
        int draws = in.drawCount(), contours = in.contourCount(), vertices = in.vertexCount();
        sizes[Z_DRAWS] = draws;
        sizes[Z_VERTICES] = vertices;
        Arrays.fill(state, 0);
        drawContourStart = fit(drawContourStart, in.drawContourStart(), draws + 1);
        ctrStart = fit(ctrStart, in.ctrStart(), contours);
        ctrEnd = fit(ctrEnd, in.ctrEnd(), contours);
        vx = fit(vx, in.vx(), vertices);
        vy = fit(vy, in.vy(), vertices);
        drawKind = fit(drawKind, in.drawKind(), draws);
        this.draws = fit(this.draws, in.draws(), FineLayout.DRAW_INTS * draws);
        drawFloats = fit(drawFloats, in.drawFloats(), FineLayout.drawFloats(draws));
        paintParams = fit(paintParams, in.paintParams(), in.paintParamStart()[draws]);
        paintParamStart = fit(paintParamStart, in.paintParamStart(), draws + 1);

        // Capacities: what the input buffers hold (they grow on their own), and the host's bounds.
        drawCap = Math.min(Math.min(drawKind.length, drawContourStart.length - 1),
                Math.min(Math.min(this.draws.length / FineLayout.DRAW_INTS, paintParamStart.length - 1),
                        (drawFloats.length - FineLayout.DRAW_FLOATS_BASE) / FineLayout.DRAW_FLOATS));
        contourCap = Math.min(ctrStart.length, ctrEnd.length);
        vertexCap = Math.min(vx.length, vy.length);
        paramCap = paintParams.length;
        int cells = Math.max(in.cells(), extra[0]);
        cellCap = grow(cellCap, cells);
        edgeCap = grow(edgeCap, Math.max(cells, extra[1]));
        entryCap = grow(entryCap, Math.max(cells, extra[2]));
        gradCap = grow(gradCap, Math.max(in.gradients(), extra[3]));
        listCap = TornadoFineStage.listCapacity(listCap, Math.max(in.longestList(), extra[4]));
        int guess = Math.max(in.pieceGuess(), lastPieces + lastPieces / 4);
        pieceCap = grow(pieceCap, guess);
        tiles = in.tileCount();
        sizes[Z_TILES] = tiles;
        sizes[Z_TILES_X] = in.tilesX();
        sizes[Z_TILES_Y] = in.tilesY();
        tileCap = TornadoFineStage.tileCapacity(tileCap, tiles);
        System.arraycopy(in.dims(), 0, dims, 0, FineLayout.DIMS);
        dims[FineLayout.DIM_LONGEST_LIST] = listCap;
        dims[FineLayout.DIM_ROWS] = owner.rows;
        allocate(backward);
    }

    /**
     * A capacity of at least {@code need}, doubled from what it was when it must grow, never zero,
     * and a multiple of the launch group ({@link Grids}): some of these buffers are cleared by a
     * loop over all of them, whose launch must have work items.
     */
    static int grow(int have, int need) {
        long most = MAX_ELEMENTS / Grids.LOCAL * Grids.LOCAL;
        return need <= have && have > 0 ? have
                : Grids.loop((int) Math.min(most, Math.max(need, Math.max(1024L, 2L * have))));
    }

    /** The most elements of one buffer (a Java array's limit, with room for TornadoVM's header). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 64;

    /** {@code count * per} elements, refused when one buffer cannot hold them. */
    static int elements(long count, long per) {
        long n = count * per;
        if (n > MAX_ELEMENTS) {
            throw new UnsupportedOperationException("the scene needs a device buffer of " + n
                    + " elements, more than one Java array holds");
        }
        return (int) n;
    }

    /** (Re)allocates the device-side buffers whose capacities changed. */
    private void allocate(boolean backward) {
        grid = ints(grid, 4 * drawCap);
        drawCellCounts = ints(drawCellCounts, drawCap);
        cellStart = ints(cellStart, drawCap + 1);
        drawTotals = ints(drawTotals, 2 * drawCap);
        drawPieceStart = ints(drawPieceStart, drawCap + 1);
        drawEdgeStart = ints(drawEdgeStart, drawCap + 1);
        entryCounts = ints(entryCounts, drawCap);
        drawEntryStart = ints(drawEntryStart, drawCap + 1);
        cellCount = ints(cellCount, cellCap);
        cellPieceStart = ints(cellPieceStart, cellCap);
        cellCursor = ints(cellCursor, cellCap);
        cellEdge = ints(cellEdge, cellCap);
        cellWinding = ints(cellWinding, cellCap);
        edgeCell = ints(edgeCell, edgeCap);
        edgeCover = floats(edgeCover, elements(edgeCap, Tiles.TILE));
        edgeRuns = floats(edgeRuns, elements(edgeCap, Tiles.TILE));
        cells = ints(cells, elements(edgeCap, FineLayout.CELL_INTS));
        pieces = floats(pieces, elements(pieceCap, FineLayout.PIECE_FLOATS));
        pieceInts = ints(pieceInts, elements(pieceCap, FineLayout.PIECE_INTS));
        entryDraw = ints(entryDraw, entryCap);
        entryCell = ints(entryCell, entryCap);
        entryKind = ints(entryKind, entryCap);
        entryWinding = ints(entryWinding, entryCap);
        entryTile = ints(entryTile, entryCap);
        tileList = ints(tileList, entryCap);
        entries = ints(entries, elements(entryCap, FineLayout.ENTRY_INTS));
        chunkCount = ints(chunkCount, elements(tileCap, chunks));
        tileLength = ints(tileLength, tileCap);
        tileListStart = ints(tileListStart, tileCap + 1);
        // The block scans' scratch (TornadoKernels.scanBlockSums): one entry per block of draws or
        // tiles, padded as their loops are, and one more for the total's start.
        int scanBlocks = Grids.loop(TornadoKernels.scanBlocks(Math.max(drawCap, tileCap))) + 1;
        blockSum = ints(blockSum, scanBlocks);
        blockStart = ints(blockStart, scanBlocks);
        long items = (long) tileCap * owner.lanes;
        if (!backward) {
            forwardScratch = floats(forwardScratch, elements(items, FineLayout.forwardScratch(owner.rows)));
            scratchInt = ints(scratchInt, elements(items, FineLayout.forwardScratchInts(owner.rows)));
            return;
        }
        vxy = floats(vxy, elements(vertexCap, 2));
        // Cleared by a parallel loop over all of it: as long as that loop's padded bound.
        vertexGrad = floats(vertexGrad, Grids.loop(elements(vertexCap, 2)));
        drawGradCount = ints(drawGradCount, drawCap);
        drawGradStart = ints(drawGradStart, drawCap + 1);
        dOpacity = floats(dOpacity, drawCap);
        dPaint = floats(dPaint, paramCap);
        entryGradStart = ints(entryGradStart, entryCap + 1);
        entryGrad = floats(entryGrad, gradCap);
        pieceGrad = floats(pieceGrad, elements(pieceCap, 4));
        tileLoss = tileLoss.length == tileCap ? tileLoss : new double[Math.max(1, tileCap)];
        backwardScratch = floats(backwardScratch, elements(items, FineLayout.backwardScratch(owner.rows, listCap)));
        if (owner.lanes > 1) {
            lossLanes = lossLanes.length == items ? lossLanes : new double[(int) items];
            entryLanes = floats(entryLanes, elements(gradCap, owner.lanes));
            pieceLanes = floats(pieceLanes, elements(pieceCap, 4L * owner.lanes));
        }
    }

    /** An array of exactly {@code n} (at least one) elements: {@code a} itself when it has that length. */
    private static int[] ints(int[] a, int n) {
        return a != null && a.length == Math.max(1, n) ? a : new int[Math.max(1, n)];
    }

    private static float[] floats(float[] a, int n) {
        return a != null && a.length == Math.max(1, n) ? a : new float[Math.max(1, n)];
    }

    /**
     * A plan's identity: every buffer it transfers (by identity; most are sized by the capacities)
     * and every capacity its tasks take; {@code more}: the direction's own buffers, so a backward
     * pass that grows its scratch keeps the forward plan.
     */
    private Object[] key(Object... more) {
        Object[] base = {drawContourStart, ctrStart, ctrEnd, vx, vy, drawKind, draws, drawFloats, paintParams,
                paintParamStart, grid, cellCount, pieces, entries, tileList, chunkCount, edgeCover, drawCap,
                contourCap, vertexCap, cellCap, edgeCap, pieceCap, entryCap, gradCap, listCap, tileCap};
        Object[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** Bytes sent per call (both directions' inputs; the adjoint apart). */
    private long inBytes() {
        return bytes(sizes, state, dims, drawContourStart, ctrStart, ctrEnd, vx, vy, drawKind, draws, drawFloats,
                paintParams);
    }

    /** Binning and the coarse lists, from outlines to the fine stage's packed inputs. */
    private TaskGraph binningGraph(Grids grids) {
        int drawLoop = Grids.loop(drawCap);
        TaskGraph g = new TaskGraph(grids.graph())
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, sizes, state, dims, drawContourStart, ctrStart,
                        ctrEnd, vx, vy, drawKind, draws, drawFloats, paintParams)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, grid, drawCellCounts, cellStart, cellCount,
                        drawTotals, drawPieceStart, drawEdgeStart, cellPieceStart, cellCursor, cellEdge, edgeCell,
                        edgeCover, edgeRuns, pieces, pieceInts, cellWinding, entryCounts, drawEntryStart, entryDraw,
                        entryCell, entryKind, entryWinding, entryTile, chunkCount, tileLength, tileListStart,
                        tileList, entries, cells, blockSum, blockStart)
                .task("grids", TornadoKernels::drawGrids, grids.task("grids", drawLoop), sizes, drawContourStart,
                        ctrStart, ctrEnd, vx, vy, grid, drawCellCounts);
        g = prefix(g, grids, "cellStarts", Z_DRAWS, drawCap, drawCellCounts, 1, 0, cellStart, cellCap, S_CELLS)
                .task("clearCells", TornadoKernels::clear, grids.task("clearCells", cellCap), cellCount)
                .task("count", TornadoKernels::binCounts, grids.task("count", drawLoop), sizes, drawContourStart,
                        ctrStart, ctrEnd, vx, vy, grid, cellStart, cellCount, drawTotals, state)
                .task("totals", TornadoKernels::drawTotals, grids.task("totals", drawLoop), sizes, grid, cellStart,
                        cellCount, drawTotals, state);
        g = prefix(g, grids, "pieceStarts", Z_DRAWS, drawCap, drawTotals, 2, 0, drawPieceStart, pieceCap, S_PIECES);
        g = prefix(g, grids, "edgeStarts", Z_DRAWS, drawCap, drawTotals, 2, 1, drawEdgeStart, edgeCap, S_EDGES)
                .task("offsets", TornadoKernels::cellOffsets, grids.task("offsets", drawLoop), sizes, grid, cellStart,
                        cellCount, drawPieceStart, drawEdgeStart, cellPieceStart, cellCursor, cellEdge, edgeCell,
                        edgeCover, edgeRuns, state)
                .task("emit", TornadoKernels::binEmits, grids.task("emit", drawLoop), sizes, drawContourStart, ctrStart,
                        ctrEnd, vx, vy, grid, cellStart, drawPieceStart, cellCursor, cellEdge, edgeCover, edgeRuns,
                        pieces, pieceInts, cellWinding, state)
                .task("countEntries", TornadoKernels::countEntries, grids.task("countEntries", drawLoop), sizes, grid,
                        cellStart, cellEdge, cellWinding, drawKind, entryCounts, state);
        g = prefix(g, grids, "entryStarts", Z_DRAWS, drawCap, entryCounts, 1, 0, drawEntryStart, entryCap, S_ENTRIES)
                .task("emitEntries", TornadoKernels::emitEntries, grids.task("emitEntries", drawLoop), sizes, grid,
                        cellStart, cellEdge, cellWinding, drawKind, drawEntryStart, entryDraw, entryCell, entryKind,
                        entryWinding, entryTile, state)
                .task("clearChunks", TornadoKernels::clear, grids.task("clearChunks", chunkCount.length), chunkCount)
                .task("countChunks", TornadoKernels::countTileChunks, grids.task("countChunks", chunks), sizes,
                        drawEntryStart, entryTile, chunkCount, state)
                .task("tileLengths", TornadoKernels::tileChunkTotals, grids.task("tileLengths", tileCap), sizes, chunks,
                        chunkCount, tileLength, state);
        if (blockScan) {
            g = g.task("longestBlocks", TornadoKernels::longestPerBlock,
                            grids.task("longestBlocks", Grids.loop(TornadoKernels.scanBlocks(tileCap))), sizes,
                            tileLength, blockSum, state)
                    .task("longest", TornadoKernels::checkedLongestOfBlocks, sizes, blockSum, listCap, state);
        } else {
            g = g.task("longest", TornadoKernels::checkedLongest, sizes, tileLength, listCap, state);
        }
        return prefix(g, grids, "listStarts", Z_TILES, tileCap, tileLength, 1, 0, tileListStart, entryCap, S_ITEMS)
                .task("chunkOffsets", TornadoKernels::tileChunkOffsets, grids.task("chunkOffsets", tileCap), sizes,
                        chunks, tileListStart, chunkCount, state)
                .task("emitLists", TornadoKernels::emitTileChunks, grids.task("emitLists", chunks), sizes,
                        drawEntryStart, entryTile, chunkCount, tileList, state)
                .task("packEntries", TornadoKernels::packEntries, grids.task("packEntries", entryCap), sizes,
                        drawEntryStart, entryDraw, entryCell, entryKind, entryWinding, entries, state)
                .task("packCells", TornadoKernels::packCells, grids.task("packCells", edgeCap), sizes, drawEdgeStart,
                        edgeCell, cellPieceStart, cellCount, cells, state);
    }

    /**
     * Whether prefix sums and the longest tile list run as block scans, or as single work items:
     * {@code -Ddiffink.tornado.scan=blocks|serial}; by default block scans on a GPU, where one work
     * item walking every value is a long chain of dependent memory accesses, and single work items
     * elsewhere (on PoCL's two cores, the block scans' extra tasks compiled 10% longer and did not
     * run faster).
     */
    private final boolean blockScan;

    static boolean blockScan(boolean gpu) {
        String set = System.getProperty("diffink.tornado.scan");
        return set == null ? gpu : !"serial".equals(set);
    }

    /**
     * Adds to {@code g} the checked exclusive prefix sum of {@code values[offset + stride * i]}, i
     * below {@code sizes[count]} (at most {@code cap}), into {@code out}, the total into
     * {@code state[slot]} checked against {@code capacity}: a block scan in three tasks (their
     * blocks' scratch shared, as the graph runs its tasks in order), or one work item.
     */
    private TaskGraph prefix(TaskGraph g, Grids grids, String name, int count, int cap, int[] values, int stride,
            int offset, int[] out, int capacity, int slot) {
        if (!blockScan) {
            return g.task(name, TornadoKernels::checkedPrefix, sizes, count, values, stride, offset, out, capacity,
                    state, slot);
        }
        int blocks = Grids.loop(TornadoKernels.scanBlocks(cap));
        return g.task(name + "Sums", TornadoKernels::scanBlockSums, grids.task(name + "Sums", blocks), sizes, count,
                        values, stride, offset, blockSum, state)
                .task(name + "Blocks", TornadoKernels::scanBlockStarts, sizes, count, blockSum, blockStart, out,
                        capacity, state, slot)
                .task(name, TornadoKernels::scanWithinBlocks, grids.task(name, blocks), sizes, count, values, stride,
                        offset, blockStart, out, state);
    }

    /** Plans built so far. */
    long plans() {
        return forwardStats.plans + backwardStats.plans;
    }

    @Override
    public void close() {
        if (TornadoFineStage.PROFILE) {
            System.err.println("diffink: TornadoVM binning: " + reruns + " calls run again after an overflow");
            if (forwardStats.plans > 0) System.err.println("diffink: TornadoVM " + forwardStats.describe("binned render"));
            if (backwardStats.plans > 0) {
                System.err.println("diffink: TornadoVM " + backwardStats.describe("binned backward"));
            }
        }
        free(forwardPlan);
        free(backwardPlan);
        forwardPlan = backwardPlan = null;
    }
}
