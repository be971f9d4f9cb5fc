package dev.diffink.raster;

/**
 * The differentiable rasterizer: runs the kernel stages on all cores of the JVM, or the fine
 * stage on a device through a {@link FineStage} (TornadoVM).
 *
 * <pre>
 *   PackedScene ─ flatten ─ outline ─ bin ─ coarse ─┬─ fine forward ──────────────▶ image
 *                                                   └─ fine backward ─ reduce ──▶ SceneGradient
 * </pre>
 *
 * <p>A fine stage that also bins ({@link FineStage#bins}, TornadoVM's) takes over after the
 * outlines for scenes without opacity layers: binning, coarse lists, the fine stage and the
 * reduction to vertex and paint adjoints run on its device, and the JVM keeps flattening, outlines
 * and the reduction from vertices to control points.
 *
 * <p>On the JVM, output is bit-identical whatever the thread count: every work item writes its own outputs
 * and every sum over work items runs in a fixed order. Not thread-safe: one render at a time per
 * instance (it reuses its buffers between calls, so an optimiser loop allocates nothing).
 */
public final class Rasterizer implements AutoCloseable {

    /** Default flattening tolerance: the largest distance, in device pixels, from curve to chord. */
    public static final float DEFAULT_TOLERANCE = 0.05f;

    private final WorkerPool pool;
    private final float tolerance;
    private final RasterWorkspace ws = new RasterWorkspace();
    /** Fine-stage scratch: one slot per worker (see {@link FineLayout}). */
    private final float[] forwardScratch;
    private final int[] forwardScratchInt;
    private float[] backwardScratch = new float[0];
    /** Per-worker scratch of the reduction, padded to whole cache lines. */
    private final float[][] tangent;
    /** The fine stage, when it runs elsewhere than on the worker threads (null: here). */
    private FineStage fine;
    /** Where a scene the fine stage cannot run goes instead of an error (null: nowhere). */
    private final java.util.function.Consumer<String> fallback;
    /** The fewest tiles of a scene the fine stage gets; smaller scenes render on the worker threads. */
    private int stageMinTiles;

    public Rasterizer() {
        this(Runtime.getRuntime().availableProcessors(), DEFAULT_TOLERANCE);
    }

    public Rasterizer(int threads, float tolerance) {
        this(threads, tolerance, null);
    }

    /**
     * A rasterizer whose fine stage runs on {@code fine} (null: on its own worker threads). It
     * takes ownership of {@code fine} and closes it.
     */
    public Rasterizer(int threads, float tolerance, FineStage fine) {
        this(threads, tolerance, fine, null);
    }

    /**
     * As {@link #Rasterizer(int, float, FineStage)}; when the fine stage refuses a scene
     * ({@link UnsupportedOperationException}) and {@code fallback} is not null, the fine stage is
     * run on the worker threads from then on, and {@code fallback} is told why, once.
     */
    public Rasterizer(int threads, float tolerance, FineStage fine, java.util.function.Consumer<String> fallback) {
        String refused = threads < 1 ? "threads must be at least 1, not " + threads
                : !(tolerance > 0f) ? "tolerance must be positive" : null;
        if (refused != null) {
            // It owns fine: a stage a device shares among its holders must not stay held.
            if (fine != null) fine.close();
            throw new IllegalArgumentException(refused);
        }
        this.fine = fine;
        this.fallback = fallback;
        this.pool = new WorkerPool(threads);
        this.tolerance = tolerance;
        this.forwardScratch = new float[threads * FineLayout.FORWARD_SCRATCH];
        this.forwardScratchInt = new int[threads * FineLayout.FORWARD_SCRATCH_INTS];
        this.tangent = new float[threads][RasterWorkspace.PAD];
    }

    public int threads() {
        return pool.threads();
    }

    /**
     * Gives the fine stage only scenes of at least {@code tiles} tiles (16 px square); smaller
     * ones render and differentiate on the worker threads. For a device that is slower than the
     * JVM on small scenes, where a call costs its launches and copies whatever the scene (on an
     * H200 machine, rendering every standard scene up to 512 x 512 px).
     */
    public Rasterizer stageFromTiles(int tiles) {
        this.stageMinTiles = Math.max(0, tiles);
        return this;
    }

    /** Whether the fine stage (not the worker threads) takes {@code scene}. */
    private boolean onStage(PackedScene scene) {
        return fine != null && Tiles.tilesFor(scene.width) * Tiles.tilesFor(scene.height) >= stageMinTiles;
    }

    /**
     * Where the fine stage runs: "JVM, N threads" or the fine stage's own name (and, with
     * {@link #stageFromTiles}, which scenes it takes).
     */
    public String backendName() {
        String jvm = "JVM, " + pool.threads() + (pool.threads() == 1 ? " thread" : " threads");
        if (fine == null) return jvm;
        if (stageMinTiles == 0) return fine.name();
        return fine.name() + " (scenes of " + stageMinTiles + " tiles or more; smaller: " + jvm + ")";
    }

    private FineInputs inputs(PackedScene scene) {
        RasterWorkspace w = ws;
        return new FineInputs(w.tileCount, scene.drawCount, w.dims, w.tileListStart, w.tileList, w.entries,
                w.cells, w.edgeCover, w.pieces, w.pieceInts, w.vxy, w.draws, w.drawFloats, scene.paintParams,
                w.layers);
    }

    /** Renders {@code scene} into {@code image}: premultiplied RGBA floats in [0, 1], row-major. */
    public void render(PackedScene scene, float[] image) {
        checkImage(scene, image, "image");
        if (binsOnDevice(scene)) {
            ws.prepareOutlines(scene, pool, tolerance);
            ws.packDraws(scene, pool, 0);
            try {
                fine.renderOutlines(ws.outlines(scene), image);
                return;
            } catch (UnsupportedOperationException e) {
                binOnHost(e);
            }
            ws.bin(scene, pool);
        } else {
            ws.prepare(scene, pool, tolerance);
        }
        ws.packFine(scene, pool, false, 0);
        RasterWorkspace w = ws;
        if (onStage(scene)) {
            try {
                fine.render(inputs(scene), image);
                return;
            } catch (UnsupportedOperationException e) {
                giveUpFine(e);
            }
        }
        pool.run(w.tileCount, (worker, t) -> FineKernels.renderTile(t, 0, Tiles.TILE, w.dims, w.tileListStart,
                w.tileList, w.entries, w.cells, w.edgeCover, w.pieces, w.draws, w.drawFloats, scene.paintParams,
                w.layers, forwardScratch, forwardScratchInt, worker, image));
    }

    /**
     * Adds to {@code gradient} the derivative of a loss with respect to every parameter of
     * {@code scene}, given the loss's derivative {@code dImage} with respect to the rendered image
     * (same layout as the image).
     *
     * @throws UnsupportedOperationException if the scene has opacity layers (group opacity)
     */
    public void backward(PackedScene scene, float[] dImage, SceneGradient gradient) {
        checkImage(scene, dImage, "image adjoint");
        runBackward(scene, dImage, null, -1, gradient);
    }

    /**
     * Renders {@code scene} and back-propagates the mean squared error against {@code target}
     * (premultiplied RGBA, the image's layout) in one pass over the tiles; returns the loss
     * {@code mean((image - target)^2)} over all channels.
     */
    public double backwardL2(PackedScene scene, float[] target, SceneGradient gradient) {
        checkImage(scene, target, "target");
        return runBackward(scene, null, target, -1, gradient);
    }

    /**
     * As {@link #backwardL2(PackedScene, float[], SceneGradient)} against a target made once for
     * many calls, as an optimiser's loop does: a fine stage on a device keeps it there, so per
     * call only the scene goes in and the gradients come out.
     */
    public double backwardL2(PackedScene scene, Target target, SceneGradient gradient) {
        checkImage(scene, target.pixels, "target");
        return runBackward(scene, null, target.pixels, target.id, gradient);
    }

    /**
     * A target image for {@link #backwardL2(PackedScene, Target, SceneGradient)}: a copy, so what
     * the caller does with its array afterwards changes nothing, and an identity that tells a
     * device it already holds these pixels.
     */
    public static final class Target {
        private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
        private final float[] pixels;
        private final long id;

        private Target(float[] pixels) {
            this.pixels = pixels;
            this.id = IDS.getAndIncrement();
        }

        /** A target holding a copy of {@code image} (premultiplied RGBA, the image's layout). */
        public static Target copyOf(float[] image) {
            return new Target(image.clone());
        }
    }

    private double runBackward(PackedScene scene, float[] dImage, float[] target, long targetId,
            SceneGradient gradient) {
        if (scene.hasLayers()) {
            throw new UnsupportedOperationException(
                    "gradients through group opacity and clip paths are not supported yet; "
                            + "flatten them into the shapes");
        }
        boolean geometry = gradient.wantsGeometry();
        boolean paint = gradient.wantsPaint();
        int flags = (target != null ? FineLayout.FLAG_TARGET : 0) | (paint ? FineLayout.FLAG_PAINT : 0)
                | (geometry ? FineLayout.FLAG_GEOMETRY : 0);
        RasterWorkspace w = ws;
        if (binsOnDevice(scene)) {
            w.prepareOutlines(scene, pool, tolerance);
            w.prepareBackward(scene, geometry, paint, false);
            w.packDraws(scene, pool, flags);
            if (paintGrad.length < scene.paintParams.length) paintGrad = new float[scene.paintParams.length];
            if (opacityGrad.length < scene.drawCount) opacityGrad = new float[scene.drawCount];
            try {
                double loss = fine.backwardOutlines(w.outlines(scene), target != null ? target : dImage,
                        target != null ? targetId : -1, w.vertexGrad, paintGrad, opacityGrad);
                if (paint) addPaint(scene, gradient);
                if (geometry) reduceVertices(scene, gradient);
                return loss;
            } catch (UnsupportedOperationException e) {
                binOnHost(e);
            }
            w.bin(scene, pool);
        } else {
            w.prepare(scene, pool, tolerance);
        }
        w.prepareBackward(scene, geometry, paint);
        w.packFine(scene, pool, true, flags);
        float[] adjoint = target != null ? target : dImage;
        boolean done = false;
        if (onStage(scene)) {
            try {
                fine.backward(inputs(scene), adjoint, target != null ? targetId : -1, w.tileLoss, w.entryGradStart,
                        w.entryGrad, w.pieceGrad);
                done = true;
            } catch (UnsupportedOperationException e) {
                giveUpFine(e);
            }
        }
        if (!done) {
            int slot = FineLayout.backwardScratch(w.longestTileList);
            if (backwardScratch.length < pool.threads() * slot) backwardScratch = new float[pool.threads() * slot];
            float[] s = backwardScratch;
            pool.run(w.tileCount, (worker, t) -> FineKernels.backwardTile(t, 0, Tiles.TILE, w.dims, w.tileListStart,
                    w.tileList, w.entries, w.cells, w.edgeCover, w.pieces, w.pieceInts, w.vxy, w.draws, w.drawFloats,
                    scene.paintParams, adjoint, w.tileLoss, w.entryGradStart, w.entryGrad, w.pieceGrad, s, worker));
        }
        if (paint) {
            pool.run(scene.drawCount, (worker, d) -> ReduceKernels.entriesToPaint(d, w.drawEntryStart,
                    w.entryGradStart, w.entryGrad, scene.paintParamStart, gradient.dPaintParams, gradient.dOpacities));
        }
        if (geometry) {
            pool.run(scene.drawCount, (worker, d) -> ReduceKernels.piecesToVertices(d, w.grid, w.cellStart,
                    w.cellPieceStart, w.cellCount, w.pieceInts, w.pieceGrad, w.vertexGrad));
            reduceVertices(scene, gradient);
        }
        double loss = 0;
        if (target != null) {
            for (int t = 0; t < w.tileCount; t++) loss += w.tileLoss[t];
        }
        return loss;
    }

    /** Paint and opacity adjoints from a fine stage that bins (one array each, written by it). */
    private float[] paintGrad = new float[0], opacityGrad = new float[0];

    private void addPaint(PackedScene scene, SceneGradient gradient) {
        if (gradient.dPaintParams != null) {
            for (int i = 0; i < scene.paintParams.length; i++) gradient.dPaintParams[i] += paintGrad[i];
        }
        if (gradient.dOpacities != null) {
            for (int d = 0; d < scene.drawCount; d++) gradient.dOpacities[d] += opacityGrad[d];
        }
    }

    /** Stage 5 from the vertex adjoints on: to flattened points, stroke widths and control points. */
    private void reduceVertices(PackedScene scene, SceneGradient gradient) {
        RasterWorkspace w = ws;
        pool.run(scene.pathCount, (worker, p) -> ReduceKernels.verticesToPoints(p, w.pathDrawStart, w.pathDraws,
                scene.pathTransform, w.drawVertexStart, w.vKind, w.vA, w.vP, w.vB, w.vS, w.vF, w.vertexGrad,
                scene.points, w.flatX, w.flatY, scene.strokeWidths, w.pathFlatStart, w.flatSrc, w.flatDeg, w.flatT,
                w.flatGrad, gradient.dPoints, gradient.dStrokeWidths, tangent[worker]));
    }

    /** Whether binning runs on the fine stage's device: it takes this scene, which has no opacity layers. */
    private boolean binsOnDevice(PackedScene scene) {
        return onStage(scene) && !hostBinning && !scene.hasLayers()
                && fine.binsScene(Tiles.tilesFor(scene.width) * Tiles.tilesFor(scene.height));
    }

    /** Set once the device's binning failed: binning stays on the host, the fine stage on the device. */
    private boolean hostBinning;

    /**
     * The device could not bin this scene (buffers too large, or its binning disagreed with
     * itself): binning moves to the host from now on, and the fine stage stays on the device
     * (where it fails in turn if the device cannot run it either). Said once, when there is
     * someone to tell.
     */
    private void binOnHost(UnsupportedOperationException e) {
        hostBinning = true;
        if (fallback != null) fallback.accept(e.getMessage() + "; binning on the host instead");
    }

    private void giveUpFine(UnsupportedOperationException e) {
        if (fallback == null) throw e;
        fine.close();
        fine = null;
        fallback.accept(e.getMessage() + "; rendering on the JVM instead");
    }

    private static void checkImage(PackedScene scene, float[] image, String what) {
        if (image == null || image.length != scene.imageLength()) {
            throw new IllegalArgumentException(what + " must have " + scene.imageLength() + " floats (width "
                    + scene.width + " x height " + scene.height + " x 4)");
        }
    }

    /** Closes the worker threads and the fine stage, once: a shared stage counts each holder's close. */
    @Override
    public void close() {
        pool.close();
        if (fine != null) fine.close();
        fine = null;
    }
}
