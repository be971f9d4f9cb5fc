package dev.diffink.tornado;

import dev.diffink.raster.FineInputs;
import dev.diffink.raster.FineLayout;
import dev.diffink.raster.FineStage;
import dev.diffink.raster.OutlineInputs;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.TornadoProfilerResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;

/**
 * The fine stage on a TornadoVM device: {@link TornadoKernels} compiled by TornadoVM, one work
 * item per row of a tile on a GPU, per tile elsewhere ({@link Grids#rows}). For scenes without
 * group opacity it also bins ({@link #bins}, through {@link TornadoBinning}); what follows
 * describes the path for the others, which get the packed scene from the host's binning.
 *
 * <p>An execution plan is built for a set of arrays and kept while they stay the same: this
 * stage's own buffers, into which every call copies the packed scene (and an image adjoint), and
 * which only grow. Per call, the packed scene goes to the device and the image or the gradients
 * come back; the scratch, and a target given as a {@link dev.diffink.raster.Rasterizer.Target},
 * stay there.
 *
 * <p>A superseded plan frees its device memory before the next one is built, and {@link #close}
 * frees both: a long session with scenes and images of many sizes stays within TornadoVM's
 * device heap (checked by the golden tests through TornadoVM, which render at many sizes).
 *
 * <p>Every plan compiles its kernels again (TornadoVM caches code per plan), which costs more
 * than many calls. So the rasterizers open at one time share one stage per device
 * ({@link TornadoBackend#open}; calls are serialised), and a plan depends only on its buffers:
 * the tile count and longest tile list of a call are read on the device, within capacities that
 * grow with headroom. A command that renders at two sizes, or from several rasterizers, keeps
 * its plans (vectorize on PoCL: 7 forward plans down to 3).
 */
public final class TornadoFineStage implements FineStage {

    private final TornadoDevice device;
    private final String name;
    /**
     * Rows of a tile per work item of the tile kernels ({@link Grids#rows}), and work items per
     * tile: with more than one, the backward pass writes a lane of its loss, paint and piece
     * outputs per work item, which folds sum per tile on the device.
     */
    final int rows, lanes;
    /** Rasterizers holding this stage ({@link TornadoBackend#open}); the last {@link #close} frees it. */
    private int holders;

    private TornadoExecutionPlan forwardPlan, backwardPlan;
    private Object[] forwardKey = new Object[0], backwardKey = new Object[0];
    private float[] forwardScratch = new float[0], backwardScratch = new float[0];
    private int[] forwardScratchInt = new int[0];
    /** The target kept on the device, and the identity the caller gave it (-1: none yet). */
    private float[] residentTarget = new float[0];
    private long residentId = -1;

    TornadoFineStage(TornadoDevice device) {
        this.device = device;
        boolean gpu = device.getDeviceType() == TornadoDeviceType.GPU;
        this.rows = Grids.rows(gpu);
        this.lanes = dev.diffink.raster.Tiles.TILE / rows;
        this.binningMode = binningMode(device);
        this.name = "TornadoVM " + device.getTornadoVMBackend() + ": " + TornadoBackend.describe(device);
        this.binning = "host".equals(binningMode) ? null
                : new TornadoBinning(this, gpu);
    }

    @Override
    public String name() {
        return name;
    }

    /*
     * This stage's copies of everything a plan transfers: they only grow, doubling from a few
     * thousand elements, so plans (each one compiles the kernels again) change a few times per
     * session instead of whenever the rasterizer's workspace grows or the caller passes a new
     * array. Copying costs a memcpy of the packed scene per call.
     */
    private int[] tileListStart = new int[0], tileList = new int[0], entries = new int[0],
            cells = new int[0], draws = new int[0], pieceInts = new int[0], entryGradStart = new int[0];
    private float[] cellCover = new float[0], pieces = new float[0], drawFloats = new float[0],
            paintParams = new float[0], layers = new float[0], vxy = new float[0], image = new float[0],
            adjoint = new float[0], entryGrad = new float[0], pieceGrad = new float[0];
    private double[] tileLoss = new double[0], lossLanes = new double[0];
    private float[] entryLanes = new float[0], pieceLanes = new float[0];

    /**
     * A longest-list capacity of at least {@code need}: an eighth more than needed, not double,
     * since it sets the backward scratch of every tile (two floats per pixel and item).
     */
    static int listCapacity(int have, int need) {
        return have < need ? need + need / 8 + 4 : have;
    }

    /** A tile capacity of at least {@code need}: by half again, not double, as the scratch is per tile. */
    static int tileCapacity(int have, int need) {
        return have < need ? Grids.loop(Math.max(need, have + have / 2)) : have;
    }

    static int grown(int have, int need) {
        return Math.max(need, Math.max(4096, 2 * have));
    }

    /**
     * {@code src[0 .. dst.length)} into {@code dst}, in parallel chunks once it is large: the
     * image a call brings back (44 MB for the published scene) took a few milliseconds to copy on
     * one core, a sizeable part of a forward call on an H200.
     */
    static void copyOut(float[] src, float[] dst) {
        int n = dst.length;
        if (n < 1 << 20) {
            System.arraycopy(src, 0, dst, 0, n);
            return;
        }
        int chunks = 16, per = (n + chunks - 1) / chunks;
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * per, to = Math.min(n, from + per);
            if (to > from) System.arraycopy(src, from, dst, from, to - from);
        });
    }

    /** {@code src} copied into {@code buf}, or into a larger new buffer when it does not fit. */
    static float[] fit(float[] buf, float[] src) {
        return fit(buf, src, src.length);
    }

    static int[] fit(int[] buf, int[] src) {
        return fit(buf, src, src.length);
    }

    /**
     * {@code src[0..n)} copied into {@code buf}, or into a larger new buffer when it does not fit
     * (never an empty one: a device may refuse a zero-length buffer).
     */
    static float[] fit(float[] buf, float[] src, int n) {
        float[] b = buf.length >= Math.max(1, n) ? buf : new float[grown(buf.length, Math.max(1, n))];
        System.arraycopy(src, 0, b, 0, n);
        return b;
    }

    static int[] fit(int[] buf, int[] src, int n) {
        int[] b = buf.length >= Math.max(1, n) ? buf : new int[grown(buf.length, Math.max(1, n))];
        System.arraycopy(src, 0, b, 0, n);
        return b;
    }

    /**
     * Where scenes are binned, {@code -Ddiffink.tornado.binning=auto|device|host}: {@code auto} (the
     * default) bins scenes of at least {@link #AUTO_BINNING_TILES} tiles on the device and smaller
     * ones on the host, where compiling the larger task graphs would cost more than binning on the
     * device saves (measured on PoCL; on an H200 host binning was faster both ways at 1,024 tiles,
     * and device binning faster forward+backward at 10,752). Unset on a PTX device it is
     * {@code host} ({@link #binningMode(TornadoDevice)}).
     */
    private final String binningMode;
    private final TornadoBinning binning;

    /**
     * The binning mode for {@code device}: {@code -Ddiffink.tornado.binning}, or when unset
     * {@code host} on TornadoVM's PTX backend (on an H200 its binning on the device hit an illegal
     * address once a larger scene rebuilt the plans, which kills the process: no fallback can
     * catch it) and {@code auto} elsewhere.
     */
    static String binningMode(TornadoDevice device) {
        return binningMode(device.getTornadoVMBackend() == TornadoVMBackendType.PTX);
    }

    static String binningMode(boolean ptx) {
        String set = System.getProperty("diffink.tornado.binning");
        if (set != null) return set;
        return ptx ? "host" : "auto";
    }

    /** Under {@code auto}, the fewest tiles (16 px square) of a scene binned on the device. */
    static final int AUTO_BINNING_TILES = FineStage.LARGE_SCENE_TILES;

    /** How many calls ran again because the device's binning overflowed a buffer (and grew it). */
    public long binningReruns() {
        return binning == null ? 0 : binning.reruns;
    }

    /** The cells, pieces, edge cells and entries the device's binning made in its last call. */
    public int[] binningTotals() {
        return binning == null ? new int[4] : binning.totals.clone();
    }

    @Override
    public boolean bins() {
        return binning != null;
    }

    @Override
    public boolean binsScene(int tileCount) {
        return binning != null && ("device".equals(binningMode) || tileCount >= AUTO_BINNING_TILES);
    }

    @Override
    public synchronized void renderOutlines(OutlineInputs in, float[] image) {
        if (binning == null) FineStage.super.renderOutlines(in, image);
        else binning.render(in, image);
    }

    @Override
    public synchronized double backwardOutlines(OutlineInputs in, float[] adjoint, long adjointId, float[] vertexGrad,
            float[] dPaintParams, float[] dOpacities) {
        return binning == null ? FineStage.super.backwardOutlines(in, adjoint, adjointId, vertexGrad, dPaintParams,
                dOpacities) : binning.backward(in, adjoint, adjointId, vertexGrad, dPaintParams, dOpacities);
    }

    /**
     * Capacities of the host path's per-tile buffers: tiles (growing by half again) and the
     * longest tile list (an eighth over), which sets the backward scratch per tile. The kernels
     * read the call's tile count and take the list capacity as their scratch stride from
     * {@code dims}, so a plan serves every scene and image size within them.
     */
    private int tileCap, listCap;

    /** Whether the backward scratch for {@code tiles} tiles and lists of {@code lists} fits one buffer. */
    private boolean fitsOneBuffer(int tiles, int lists) {
        return (long) tiles * lanes * FineLayout.backwardScratch(rows, lists) <= TornadoBinning.MAX_ELEMENTS;
    }

    /** The call's packed dims, with the longest list replaced by the list capacity. */
    private final int[] callDims = new int[FineLayout.DIMS];
    /**
     * The checked kernels' state word: binning's overflow bits, always zero on this path, and
     * whether the tile kernel ran (zeroed before, read after every call).
     */
    private final int[] launchState = new int[TornadoKernels.STATE];

    /** Copies the packed scene (the arrays both kernels read) and sizes the per-tile capacities. */
    private void copyScene(FineInputs in) {
        System.arraycopy(in.dims(), 0, callDims, 0, FineLayout.DIMS);
        // Grown with headroom, and never past what one buffer holds for this call's own sizes
        // (capacities are the largest of every scene of every holder of this stage).
        int longest = callDims[FineLayout.DIM_LONGEST_LIST], tiles = in.tileCount();
        int lists = listCapacity(listCap, longest), tileSlots = tileCapacity(tileCap, tiles);
        if (fitsOneBuffer(tileSlots, lists)) {
            listCap = lists;
            tileCap = tileSlots;
        } else {
            // Too large together: this call's own sizes start the capacities again (a backward
            // pass whose own scratch is too large is refused when it sizes it).
            listCap = longest;
            tileCap = Grids.loop(tiles);
        }
        callDims[FineLayout.DIM_LONGEST_LIST] = listCap;
        callDims[FineLayout.DIM_ROWS] = rows;
        tileListStart = fit(tileListStart, in.tileListStart());
        tileList = fit(tileList, in.tileList());
        entries = fit(entries, in.entries());
        cells = fit(cells, in.cells());
        cellCover = fit(cellCover, in.cellCover());
        pieces = fit(pieces, in.pieces());
        draws = fit(draws, in.draws());
        drawFloats = fit(drawFloats, in.drawFloats());
        paintParams = fit(paintParams, in.paintParams());
    }

    @Override
    public synchronized void render(FineInputs in, float[] out) {
        copyScene(in);
        layers = fit(layers, in.layers());
        if (image.length < out.length) image = new float[grown(image.length, out.length)];
        long items = (long) tileCap * lanes;
        int scratch = TornadoBinning.elements(items, FineLayout.forwardScratch(rows));
        if (forwardScratch.length < scratch) {
            forwardScratch = new float[scratch];
            forwardScratchInt = new int[TornadoBinning.elements(items, FineLayout.forwardScratchInts(rows))];
        }
        Object[] key = {tileCap, tileListStart, tileList, entries, cells, cellCover, pieces, draws, drawFloats,
                paintParams, layers, forwardScratch, forwardScratchInt, image};
        if (forwardPlan == null || !Arrays.equals(forwardKey, key)) {
            free(forwardPlan);
            Grids grids = new Grids("diffinkForward");
            TaskGraph g = new TaskGraph(grids.graph())
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, callDims, tileListStart, tileList, entries,
                            cells, cellCover, pieces, draws, drawFloats, paintParams, layers)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, launchState)
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, forwardScratch, forwardScratchInt)
                    .task("render", TornadoKernels::renderTilesChecked, grids.task("render", tileCap * lanes),
                            callDims, tileListStart, tileList, entries, cells, cellCover, pieces, draws, drawFloats,
                            paintParams, layers, forwardScratch, forwardScratchInt, image, launchState)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, image, launchState);
            forwardPlan = plan(g, grids, forwardStats);
            forwardKey = key;
        }
        launchState[TornadoKernels.S_RAN] = 0;
        run(forwardPlan, "render", forwardStats, () -> new long[] {bytes(callDims, tileListStart, tileList, entries,
                cells, cellCover, pieces, draws, drawFloats, paintParams, layers, launchState),
                bytes(forwardScratch, forwardScratchInt), bytes(image, launchState)});
        checkRan(launchState, "render", name);
        copyOut(image, out);
    }

    @Override
    public synchronized void backward(FineInputs in, float[] imageAdjoint, long adjointId, double[] tileLossOut,
            int[] entryGradStartIn, float[] entryGradOut, float[] pieceGradOut) {
        copyScene(in);
        pieceInts = fit(pieceInts, in.pieceInts());
        vxy = fit(vxy, in.vxy());
        // A target the caller promises unchanged (adjointId >= 0) goes to the device once per plan:
        // the caller's array itself (FineStage: with an identity, its pixels do not change), so a
        // new target means a new plan. Anything else is copied in on every call.
        boolean resident = adjointId >= 0;
        if (resident && adjointId != residentId) {
            residentTarget = imageAdjoint;
            residentId = adjointId;
        }
        if (!resident) adjoint = fit(adjoint, imageAdjoint);
        float[] adj = resident ? residentTarget : adjoint;
        int tiles = in.tileCount();
        if (tileLoss.length < tileCap) tileLoss = new double[tileCap];
        int need = TornadoBinning.elements((long) tileCap * lanes, FineLayout.backwardScratch(rows, listCap));
        if (backwardScratch.length < need) backwardScratch = new float[need];
        // Outputs the caller does not want still need a buffer each: one element stands in.
        int flags = in.dims()[FineLayout.DIM_FLAGS];
        boolean wantPaint = (flags & FineLayout.FLAG_PAINT) != 0 && entryGradOut.length > 0;
        boolean wantGeometry = (flags & FineLayout.FLAG_GEOMETRY) != 0 && pieceGradOut.length > 0;
        if (entryGradStartIn.length > 0) entryGradStart = fit(entryGradStart, entryGradStartIn);
        if (wantPaint) entryGrad = fit(entryGrad, entryGradOut);
        if (wantGeometry) pieceGrad = fit(pieceGrad, pieceGradOut);
        int[] egs = entryGradStartIn.length > 0 ? entryGradStart : ONE_INT;
        float[] eg = wantPaint ? entryGrad : ONE;
        float[] pg = wantGeometry ? pieceGrad : ONE;
        // With lanes, the tile kernel writes per work item and folds sum each tile's lanes.
        if (lanes > 1) {
            if (lossLanes.length < tileCap * lanes) lossLanes = new double[tileCap * lanes];
            entryLanes = laneBuffer(entryLanes, eg.length);
            pieceLanes = laneBuffer(pieceLanes, pg.length);
        }
        double[] loss = lanes > 1 ? lossLanes : tileLoss;
        float[] egl = lanes > 1 ? entryLanes : eg, pgl = lanes > 1 ? pieceLanes : pg;
        Object[] key = {tileCap, tileListStart, tileList, entries, cells, cellCover, pieces, pieceInts, vxy, draws,
                drawFloats, paintParams, adj, resident, tileLoss, egs, eg, pg, backwardScratch, loss, egl, pgl};
        if (backwardPlan == null || !Arrays.equals(backwardKey, key)) {
            free(backwardPlan);
            Grids grids = new Grids("diffinkBackward");
            TaskGraph g = new TaskGraph(grids.graph())
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, callDims, tileListStart, tileList, entries,
                            cells, cellCover, pieces, pieceInts, vxy, draws, drawFloats, paintParams, egs, eg, pg)
                    .transferToDevice(resident ? DataTransferMode.FIRST_EXECUTION : DataTransferMode.EVERY_EXECUTION,
                            adj)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, launchState)
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, backwardScratch);
            if (lanes > 1) {
                g = g.transferToDevice(DataTransferMode.FIRST_EXECUTION, loss, egl, pgl)
                        .task("clearLanes", TornadoKernels::clearFloats, grids.task("clearLanes", egl.length), egl);
            }
            g = g.task("backward", TornadoKernels::backwardTilesChecked, grids.task("backward", tileCap * lanes),
                    callDims, tileListStart, tileList, entries, cells, cellCover, pieces, pieceInts, vxy, draws,
                    drawFloats, paintParams, adj, loss, egs, egl, pgl, backwardScratch, launchState);
            if (lanes > 1) {
                g = g.task("foldLoss", TornadoKernels::foldLoss, grids.task("foldLoss", tileCap), lanes, loss,
                        tileLoss);
                // Only with paint adjoints: without, eg is a one-float stand-in and the slot starts
                // are not this scene's (the kernel checks the flag too).
                if (wantPaint) {
                    g = g.task("foldEntries", TornadoKernels::foldEntries, grids.task("foldEntries",
                            Grids.loop(tileList.length)), lanes, callDims, tileListStart, tileList, entries, draws, egs,
                            egl, eg, launchState);
                }
                g = g.task("foldPieces", TornadoKernels::foldPieces, grids.task("foldPieces",
                                Grids.loop(pg.length)), pg.length, lanes, pgl, pg, launchState);
            }
            g = g.transferToHost(DataTransferMode.EVERY_EXECUTION, tileLoss, eg, pg, launchState);
            backwardPlan = plan(g, grids, backwardStats);
            backwardKey = key;
        }
        launchState[TornadoKernels.S_RAN] = 0;
        run(backwardPlan, "backward", backwardStats, () -> new long[] {bytes(callDims, tileListStart, tileList,
                entries, cells, cellCover, pieces, pieceInts, vxy, draws, drawFloats, paintParams, egs, eg, pg,
                launchState) + (resident ? 0 : bytes(adj)), bytes(backwardScratch) + (resident ? bytes(adj) : 0),
                bytes(tileLoss, eg, pg, launchState)});
        checkRan(launchState, "backward", name);
        System.arraycopy(tileLoss, 0, tileLossOut, 0, Math.min(tiles, tileLossOut.length));
        if (wantPaint) System.arraycopy(entryGrad, 0, entryGradOut, 0, entryGradOut.length);
        if (wantGeometry) System.arraycopy(pieceGrad, 0, pieceGradOut, 0, pieceGradOut.length);
    }

    /**
     * A lane buffer for an output of {@code n} floats: {@code lanes} copies, padded to a whole
     * launch group (it is cleared by a parallel loop over all of it); {@code have} when it fits.
     */
    private float[] laneBuffer(float[] have, int n) {
        int need = Grids.loop(TornadoBinning.elements(n, lanes));
        return have.length >= need ? have : new float[need];
    }

    private static final float[] ONE = new float[1];
    private static final int[] ONE_INT = new int[1];

    TornadoExecutionPlan plan(TaskGraph g, Grids grids, Stats stats) {
        stats.plans++;
        stats.fresh = true;
        TornadoExecutionPlan plan = new TornadoExecutionPlan(g.snapshot()).withDevice(device)
                .withGridScheduler(grids.scheduler());
        return PROFILE ? plan.withProfiler(ProfilerMode.SILENT) : plan;
    }

    /**
     * With {@code -Ddiffink.tornado.profile=true}, TornadoVM's profiler runs and {@link #close}
     * writes what the calls moved and spent to stderr (the profiler itself costs time).
     */
    static final boolean PROFILE = Boolean.getBoolean("diffink.tornado.profile");

    /**
     * What the calls of one kind moved (counted here from the arrays each call sends, since
     * TornadoVM 5.2's copy-in counter counted every write twice) and spent (TornadoVM's timers):
     * a plan's first call, which also sends what stays on the device, apart from the calls that
     * repeat it.
     */
    static final class Stats {
        long plans, firstBytesIn, calls, bytesIn, bytesOut, kernelNs, transferNs, compileNs, graphNs, wallNs;
        boolean fresh;
        /** The last call's profile: its log holds every call of its plan, task by task. */
        private TornadoProfilerResult last;

        void add(TornadoProfilerResult p, long in, long once, long out, long wall) {
            compileNs += p.getCompileTime();
            last = p;
            if (fresh) {
                fresh = false;
                firstBytesIn += in + once;
                return;
            }
            calls++;
            bytesIn += in;
            bytesOut += out;
            kernelNs += p.getDeviceKernelTime();
            transferNs += p.getDataTransfersTime();
            graphNs += p.getTotalTime();
            wallNs += wall;
        }

        String describe(String what) {
            long n = Math.max(1, calls);
            return String.format(Locale.ROOT, "%s: %d plans (first calls %.1f MB in per plan; %.2f s compiling); "
                    + "%d repeated calls, per call %.3f MB in, %.3f MB out, kernel %.2f ms, copies %.2f ms, "
                    + "task graph %.2f ms, execute %.2f ms wall; kernels of the last plan, ms per call: %s", what,
                    plans, firstBytesIn / 1e6 / plans, compileNs / 1e9, calls, bytesIn / 1e6 / n, bytesOut / 1e6 / n,
                    kernelNs / 1e6 / n, transferNs / 1e6 / n, graphNs / 1e6 / n, wallNs / 1e6 / n,
                    last == null ? "none" : taskTimes(last.getProfileLog()));
        }

        private static final java.util.regex.Pattern TASK = java.util.regex.Pattern.compile(
                "\"([^\"]+)\": \\{[^{}]*?\"TASK_KERNEL_TIME\": \"(\\d+)\"");
        private static final java.util.regex.Pattern GRAPH = java.util.regex.Pattern.compile(
                "\"TOTAL_TASK_GRAPH_TIME\": \"\\d+\"");

        /**
         * The kernel time per call of each task in a TornadoVM profile log (its JSON, one section
         * per call), longest first: where a plan's kernel time goes.
         */
        static String taskTimes(String log) {
            if (log == null || log.isEmpty()) return "none (no profile log)";
            long runs = GRAPH.matcher(log).results().count();
            java.util.Map<String, Long> ns = new java.util.HashMap<>();
            var m = TASK.matcher(log);
            while (m.find()) {
                String task = m.group(1);
                ns.merge(task.substring(task.lastIndexOf('.') + 1), Long.parseLong(m.group(2)), Long::sum);
            }
            StringBuilder b = new StringBuilder();
            ns.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                            .append(String.format(Locale.ROOT, "%.2f", e.getValue() / 1e6 / Math.max(1, runs))));
            return b.isEmpty() ? "none (no task times)" : b.toString();
        }
    }

    /** Bytes of the arrays a plan transfers. */
    static long bytes(Object... arrays) {
        long n = 0;
        for (Object a : arrays) {
            n += switch (a) {
                case float[] f -> 4L * f.length;
                case int[] i -> 4L * i.length;
                case double[] d -> 8L * d.length;
                default -> throw new IllegalArgumentException(a.getClass().getName());
            };
        }
        return n;
    }

    private final Stats forwardStats = new Stats(), backwardStats = new Stats();

    /** Runs {@code plan}; with profiling, {@code traffic} gives bytes in per call, in once, and out. */
    void run(TornadoExecutionPlan plan, String what, Stats stats, java.util.function.Supplier<long[]> traffic) {
        TornadoExecutionResult result;
        long start = System.nanoTime();
        // A plan's first call compiles its kernels, and TornadoVM's compiler writes notices to
        // standard output (one for every grid-scheduled graph): they go to standard error, so
        // that --json output stays clean.
        try {
            result = stats.fresh ? executeQuietly(plan) : plan.execute();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // Unsupported: the rasterizer may fall back to the JVM (--backend auto) and says so.
            // (TornadoVM's compiler reports some failures with Error subclasses.)
            throw new UnsupportedOperationException("TornadoVM could not run the " + what + " kernel on " + name + ": "
                    + e.getMessage() + " (run with --backend jvm to use the JVM)", e);
        }
        if (PROFILE) {
            long[] t = traffic.get();
            stats.add(result.getProfilerResult(), t[0], t[1], t[2], System.nanoTime() - start);
        }
        stats.fresh = false;
    }

    /** Serialises the standard-output swap of {@link #executeQuietly} across stages. */
    private static final Object STDOUT = new Object();

    /** {@code plan.execute()} with standard output sent to standard error meanwhile. */
    private static TornadoExecutionResult executeQuietly(TornadoExecutionPlan plan) {
        synchronized (STDOUT) {
            PrintStream stdout = System.out;
            System.setOut(System.err);
            try {
                return plan.execute();
            } finally {
                System.setOut(stdout);
            }
        }
    }

    /**
     * Refuses a call whose tile kernel did not run: its state word's {@code S_RAN} still zero
     * (the device refused the launch; TornadoVM only logs that).
     */
    static void checkRan(int[] state, String what, String name) {
        if (state[TornadoKernels.S_RAN] != 1) {
            throw new UnsupportedOperationException("TornadoVM did not run the " + what + " kernel on " + name
                    + ": the device refused the launch (TornadoVM's log above says why; smaller work groups, "
                    + "-Ddiffink.tornado.local=32, may fit it; run with --backend jvm to use the JVM)");
        }
    }

    static void free(TornadoExecutionPlan plan) {
        if (plan != null) plan.freeDeviceMemory();
    }

    /** Plans built so far (each compiled its kernels), by both paths. */
    long plans() {
        return forwardStats.plans + backwardStats.plans + (binning == null ? 0 : binning.plans());
    }

    /** One more rasterizer holds this stage; under {@link TornadoBackend}'s lock. */
    void hold() {
        holders++;
    }

    /** One rasterizer fewer; true when it was the last. Under {@link TornadoBackend}'s lock. */
    boolean release() {
        holders = Math.max(0, holders - 1);
        return holders == 0;
    }

    @Override
    public void close() {
        if (!TornadoBackend.released(this)) return;
        synchronized (this) {
            freeAll();
        }
    }

    /** Writes the profile (with {@link #PROFILE}) and frees every plan's device memory. */
    private void freeAll() {
        if (PROFILE) {
            if (forwardStats.plans > 0) System.err.println("diffink: TornadoVM " + forwardStats.describe("render"));
            if (backwardStats.plans > 0) System.err.println("diffink: TornadoVM " + backwardStats.describe("backward"));
        }
        free(forwardPlan);
        free(backwardPlan);
        forwardPlan = backwardPlan = null;
        if (binning != null) binning.close();
    }
}
