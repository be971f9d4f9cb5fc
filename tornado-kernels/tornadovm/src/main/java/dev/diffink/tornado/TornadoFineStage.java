package dev.diffink.tornado;

import dev.diffink.raster.FineInputs;
import dev.diffink.raster.FineLayout;
import dev.diffink.raster.FineStage;
import java.util.Arrays;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The fine stage on a TornadoVM device: {@link TornadoKernels} compiled by TornadoVM, one work
 * item per tile.
 *
 * <p>An execution plan is built for a set of arrays and kept while they stay the same: the
 * rasterizer's workspace and this stage's own buffers, which only grow. What the caller owns
 * (paint parameters, image, image adjoint or target) is copied through buffers of this stage, so
 * a new scene or a new image array does not cost a new plan. Per call, the packed scene and the
 * target or image adjoint go to the device and the image or the gradients come back; the scratch
 * stays there.
 *
 * <p>A superseded plan frees its device memory before the next one is built, and {@link #close}
 * frees both: a long session with scenes and images of many sizes stays within TornadoVM's
 * device heap (checked by the golden tests through TornadoVM, which render at many sizes).
 */
public final class TornadoFineStage implements FineStage {

    private final TornadoDevice device;
    private final String name;

    private TornadoExecutionPlan forwardPlan, backwardPlan;
    private Object[] forwardKey = new Object[0], backwardKey = new Object[0];
    private float[] forwardScratch = new float[0], backwardScratch = new float[0];
    private int[] forwardScratchInt = new int[0];
    /** Copies of what the caller owns, so that its arrays may change from call to call. */
    private float[] paintParams = new float[1], image = new float[1], adjoint = new float[1];

    TornadoFineStage(TornadoDevice device) {
        this.device = device;
        this.name = "TornadoVM " + device.getTornadoVMBackend() + ": " + TornadoBackend.describe(device);
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code src} in a buffer of at least its length: {@code buf} when large enough. */
    private static float[] copyInto(float[] buf, float[] src) {
        float[] b = buf.length >= src.length ? buf : new float[Math.max(src.length, buf.length * 3 / 2)];
        System.arraycopy(src, 0, b, 0, src.length);
        return b;
    }

    @Override
    public void render(FineInputs in, float[] out) {
        paintParams = copyInto(paintParams, in.paintParams());
        if (image.length < out.length) image = new float[out.length];
        int tiles = in.tileCount();
        int need = tiles * FineLayout.FORWARD_SCRATCH;
        if (forwardScratch.length < need) {
            forwardScratch = new float[need];
            forwardScratchInt = new int[tiles * FineLayout.FORWARD_SCRATCH_INTS];
        }
        Object[] key = {tiles, in.dims(), in.tileListStart(), in.tileList(), in.entries(), in.cells(), in.cellCover(),
                in.pieces(), in.draws(), in.drawFloats(), paintParams, in.layers(), forwardScratch,
                forwardScratchInt, image};
        if (forwardPlan == null || !Arrays.equals(forwardKey, key)) {
            free(forwardPlan);
            TaskGraph g = new TaskGraph("diffinkForward")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in.dims(), in.tileListStart(), in.tileList(),
                            in.entries(), in.cells(), in.cellCover(), in.pieces(), in.draws(), in.drawFloats(),
                            paintParams, in.layers())
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, forwardScratch, forwardScratchInt)
                    .task("render", TornadoKernels::renderTiles, tiles, in.dims(), in.tileListStart(), in.tileList(),
                            in.entries(), in.cells(), in.cellCover(), in.pieces(), in.draws(), in.drawFloats(),
                            paintParams, in.layers(), forwardScratch, forwardScratchInt, image)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, image);
            forwardPlan = new TornadoExecutionPlan(g.snapshot()).withDevice(device);
            forwardKey = key;
        }
        run(forwardPlan, "render");
        System.arraycopy(image, 0, out, 0, out.length);
    }

    @Override
    public void backward(FineInputs in, float[] imageAdjoint, double[] tileLoss, int[] entryGradStart,
            float[] entryGrad, float[] pieceGrad) {
        paintParams = copyInto(paintParams, in.paintParams());
        adjoint = copyInto(adjoint, imageAdjoint);
        int tiles = in.tileCount();
        int need = tiles * FineLayout.backwardScratch(in.dims()[FineLayout.DIM_LONGEST_LIST]);
        if (backwardScratch.length < need) backwardScratch = new float[Math.max(need, backwardScratch.length * 3 / 2)];
        // Outputs the caller does not want still need a buffer each: one float stands in.
        int flags = in.dims()[FineLayout.DIM_FLAGS];
        float[] eg = (flags & FineLayout.FLAG_PAINT) != 0 && entryGrad.length > 0 ? entryGrad : ONE;
        int[] egs = entryGradStart.length > 0 ? entryGradStart : ONE_INT;
        float[] pg = (flags & FineLayout.FLAG_GEOMETRY) != 0 && pieceGrad.length > 0 ? pieceGrad : ONE;
        Object[] key = {tiles, in.dims(), in.tileListStart(), in.tileList(), in.entries(), in.cells(), in.cellCover(),
                in.pieces(), in.pieceInts(), in.vxy(), in.draws(), in.drawFloats(), paintParams, adjoint, tileLoss,
                egs, eg, pg, backwardScratch};
        if (backwardPlan == null || !Arrays.equals(backwardKey, key)) {
            free(backwardPlan);
            TaskGraph g = new TaskGraph("diffinkBackward")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in.dims(), in.tileListStart(), in.tileList(),
                            in.entries(), in.cells(), in.cellCover(), in.pieces(), in.pieceInts(), in.vxy(),
                            in.draws(), in.drawFloats(), paintParams, adjoint, egs, eg, pg)
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, backwardScratch)
                    .task("backward", TornadoKernels::backwardTiles, tiles, in.dims(), in.tileListStart(),
                            in.tileList(), in.entries(), in.cells(), in.cellCover(), in.pieces(), in.pieceInts(),
                            in.vxy(), in.draws(), in.drawFloats(), paintParams, adjoint, tileLoss, egs, eg, pg,
                            backwardScratch)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, tileLoss, eg, pg);
            backwardPlan = new TornadoExecutionPlan(g.snapshot()).withDevice(device);
            backwardKey = key;
        }
        run(backwardPlan, "backward");
    }

    private static final float[] ONE = new float[1];
    private static final int[] ONE_INT = new int[1];

    private void run(TornadoExecutionPlan plan, String what) {
        try {
            plan.execute();
        } catch (RuntimeException e) {
            // Unsupported: the rasterizer may fall back to the JVM (--backend auto) and says so.
            throw new UnsupportedOperationException("TornadoVM could not run the " + what + " kernel on " + name + ": "
                    + e.getMessage() + " (run with --backend jvm to use the JVM)", e);
        }
    }

    private static void free(TornadoExecutionPlan plan) {
        if (plan != null) plan.freeDeviceMemory();
    }

    @Override
    public void close() {
        free(forwardPlan);
        free(backwardPlan);
        forwardPlan = backwardPlan = null;
    }
}
