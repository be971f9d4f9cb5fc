package dev.diffink.raster;

import static dev.diffink.raster.Tiles.ACC_STRIDE;
import static dev.diffink.raster.Tiles.TILE;
import static dev.diffink.raster.Tiles.TILE_PIXELS;

/**
 * The differentiable rasterizer on the JVM: runs the kernel stages on all cores.
 *
 * <pre>
 *   PackedScene ─ flatten ─ outline ─ bin ─ coarse ─┬─ fine forward ──────────────▶ image
 *                                                   └─ fine backward ─ reduce ──▶ SceneGradient
 * </pre>
 *
 * <p>Output is bit-identical whatever the thread count: every work item writes its own outputs
 * and every sum over work items runs in a fixed order. Not thread-safe: one render at a time per
 * instance (it reuses its buffers between calls, so an optimiser loop allocates nothing).
 */
public final class JvmRasterizer implements AutoCloseable {

    /** Default flattening tolerance: the largest distance, in device pixels, from curve to chord. */
    public static final float DEFAULT_TOLERANCE = 0.05f;

    private final WorkerPool pool;
    private final float tolerance;
    private final RasterWorkspace ws = new RasterWorkspace();
    private final Scratch[] scratch;

    /** Per-worker scratch of the fine stage. */
    private static final class Scratch {
        final float[] acc = new float[TILE * ACC_STRIDE];
        final int[] rowStart = new int[TILE + RasterWorkspace.PAD];
        final float[] color = new float[4 * TILE_PIXELS];
        final float[] stack = new float[4 * TILE_PIXELS * PackedScene.MAX_LAYER_DEPTH];
        final float[] mask = new float[TILE_PIXELS * PackedScene.MAX_LAYER_DEPTH];
        // Small arrays padded to whole cache lines (see RasterWorkspace.PAD).
        final float[] paint = new float[RasterWorkspace.PAD];
        final float[] grad = new float[4 * TILE_PIXELS];
        final float[] trans = new float[TILE_PIXELS];
        final float[] dArea = new float[TILE_PIXELS];
        final float[] walk = new float[RasterWorkspace.PAD];
        final float[] tangent = new float[RasterWorkspace.PAD];
        float[] areas = new float[0];
        float[] below = new float[0];

        void ensureList(int items) {
            if (areas.length < items * TILE_PIXELS) {
                areas = new float[items * TILE_PIXELS];
                below = new float[items * TILE_PIXELS];
            }
        }
    }

    public JvmRasterizer() {
        this(Runtime.getRuntime().availableProcessors(), DEFAULT_TOLERANCE);
    }

    public JvmRasterizer(int threads, float tolerance) {
        if (!(tolerance > 0f)) throw new IllegalArgumentException("tolerance must be positive");
        this.pool = new WorkerPool(threads);
        this.tolerance = tolerance;
        this.scratch = new Scratch[threads];
        for (int i = 0; i < threads; i++) scratch[i] = new Scratch();
    }

    public int threads() {
        return pool.threads();
    }

    /** Renders {@code scene} into {@code image}: premultiplied RGBA floats in [0, 1], row-major. */
    public void render(PackedScene scene, float[] image) {
        checkImage(scene, image, "image");
        ws.prepare(scene, pool, tolerance);
        RasterWorkspace w = ws;
        pool.run(w.tileCount, (worker, t) -> {
            Scratch s = scratch[worker];
            FineKernels.renderTile(t, w.tilesX, scene.width, scene.height, w.tileListStart, w.tileList, w.entryDraw,
                    w.entryCell, w.entryKind, w.entryWinding, w.cellPieceStart, w.cellCount, w.cellCover, w.pieceX0,
                    w.pieceY0, w.pieceX1, w.pieceY1, scene.drawKind, scene.opacities, scene.paintKind,
                    scene.paintSpread, scene.paintParamStart, scene.paintStopCount, scene.paintParams,
                    scene.paintInverse, scene.layerOpacity, scene.layerClipped, scene.background, s.acc, s.rowStart,
                    s.color, s.stack, s.mask, s.paint, image);
        });
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
        runBackward(scene, dImage, null, gradient);
    }

    /**
     * Renders {@code scene} and back-propagates the mean squared error against {@code target}
     * (premultiplied RGBA, the image's layout) in one pass over the tiles; returns the loss
     * {@code mean((image - target)^2)} over all channels.
     */
    public double backwardL2(PackedScene scene, float[] target, SceneGradient gradient) {
        checkImage(scene, target, "target");
        return runBackward(scene, null, target, gradient);
    }

    private double runBackward(PackedScene scene, float[] dImage, float[] target, SceneGradient gradient) {
        if (scene.hasLayers()) {
            throw new UnsupportedOperationException(
                    "gradients through group opacity and clip paths are not supported yet; "
                            + "flatten them into the shapes");
        }
        ws.prepare(scene, pool, tolerance);
        boolean geometry = gradient.wantsGeometry();
        boolean paint = gradient.wantsPaint();
        RasterWorkspace w = ws;
        w.prepareBackward(scene, geometry, paint);
        float invCount = 1f / scene.imageLength();
        for (Scratch s : scratch) s.ensureList(w.longestTileList);
        float[] entryGrad = paint ? w.entryGrad : null;
        float[] pieceGrad = geometry ? w.pieceGrad : null;
        pool.run(w.tileCount, (worker, t) -> {
            Scratch s = scratch[worker];
            FineKernels.backwardTile(t, w.tilesX, scene.width, scene.height, w.tileListStart, w.tileList, w.entryDraw,
                    w.entryCell, w.entryKind, w.entryWinding, w.cellPieceStart, w.cellCount, w.cellCover, w.pieceX0,
                    w.pieceY0, w.pieceX1, w.pieceY1, w.pieceV0, w.pieceV1, w.pieceT0, w.pieceT1, w.pieceFlags, w.vx,
                    w.vy, scene.drawKind, scene.opacities, scene.paintKind, scene.paintSpread, scene.paintParamStart,
                    scene.paintStopCount, scene.paintParams, scene.paintInverse, scene.background, dImage, target,
                    invCount, w.tileLoss, w.entryGradStart, entryGrad, pieceGrad, s.areas, s.below, s.color, s.grad,
                    s.trans, s.dArea, s.acc, s.paint, s.walk);
        });
        if (paint) {
            pool.run(scene.drawCount, (worker, d) -> ReduceKernels.entriesToPaint(d, w.drawEntryStart,
                    w.entryGradStart, w.entryGrad, scene.paintParamStart, gradient.dPaintParams, gradient.dOpacities));
        }
        if (geometry) {
            pool.run(scene.drawCount, (worker, d) -> ReduceKernels.piecesToVertices(d, w.grid, w.cellStart,
                    w.cellPieceStart, w.cellCount, w.pieceV0, w.pieceV1, w.pieceFlags, w.pieceGrad, w.vertexGrad));
            pool.run(scene.pathCount, (worker, p) -> ReduceKernels.verticesToPoints(p, w.pathDrawStart, w.pathDraws,
                    scene.pathTransform, w.drawVertexStart, w.vKind, w.vA, w.vP, w.vB, w.vS, w.vF, w.vertexGrad,
                    scene.points, w.flatX, w.flatY, scene.strokeWidths, w.pathFlatStart, w.flatSrc, w.flatDeg, w.flatT, w.flatGrad,
                    gradient.dPoints, gradient.dStrokeWidths, scratch[worker].tangent));
        }
        double loss = 0;
        if (target != null) {
            for (int t = 0; t < w.tileCount; t++) loss += w.tileLoss[t];
        }
        return loss;
    }

    private static void checkImage(PackedScene scene, float[] image, String what) {
        if (image == null || image.length != scene.imageLength()) {
            throw new IllegalArgumentException(what + " must have " + scene.imageLength() + " floats (width "
                    + scene.width + " x height " + scene.height + " x 4)");
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
