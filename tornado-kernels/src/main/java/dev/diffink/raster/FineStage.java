package dev.diffink.raster;

/**
 * Where the rasterizer's fine stage (per-tile coverage, compositing and their adjoints, the bulk
 * of its work) runs. Unless the stage also bins ({@link #bins}), the geometry stages before it and
 * the reductions after it run on the JVM; a fine stage gets their packed output
 * ({@link FineInputs}) and runs {@link FineKernels} over every tile. {@link Rasterizer} runs it on its own worker threads unless given another one,
 * such as the TornadoVM executor of the optional {@code diffink-tornadovm} module.
 *
 * <p>A stage that cannot run the kernels (its device cannot compile or run them) throws
 * {@link UnsupportedOperationException} with a message naming the problem; a {@link Rasterizer}
 * given a fallback then runs the fine stage on its own threads from there on.
 */
public interface FineStage extends AutoCloseable {

    /**
     * Tiles (16 px square) from which a scene counts as large: 4,096, about 1024 x 1024 px. On a
     * GPU, from about there a call's launches and copies stop outweighing the work: on an H200
     * machine the JVM on its 16 cores rendered every scene up to 512 x 512 px (1,024 tiles)
     * faster, the GPU the 2040 x 1344 published scene (10,752 tiles); and device binning paid only
     * on the latter. {@code --backend auto} gives a GPU only large scenes, and TornadoVM's default
     * binning bins only those on the device.
     */
    int LARGE_SCENE_TILES = 4096;

    /** A short name for messages and reports, e.g. "TornadoVM OpenCL: NVIDIA H100". */
    String name();

    /** Runs {@link FineKernels#renderTile} for every tile into {@code image}. */
    void render(FineInputs in, float[] image);

    /**
     * Runs {@link FineKernels#backwardTile} for every tile: fills {@code tileLoss} (with
     * {@link FineLayout#FLAG_TARGET}), adds into {@code entryGrad} (with
     * {@link FineLayout#FLAG_PAINT}) and writes {@code pieceGrad} (with
     * {@link FineLayout#FLAG_GEOMETRY}); the flags are in {@code in.dims()}. {@code adjoint} is
     * the image adjoint, or with {@link FineLayout#FLAG_TARGET} the target image; {@code adjointId}
     * is -1, or an identity that promises the very same array, never modified, in every call with
     * that identity (a device may keep its pixels instead of copying them again).
     */
    void backward(FineInputs in, float[] adjoint, long adjointId, double[] tileLoss, int[] entryGradStart,
            float[] entryGrad, float[] pieceGrad);

    /**
     * Whether this stage also bins: given a scene's outline vertices ({@link OutlineInputs}) it
     * runs binning, the coarse lists and the fine stage on its device (and, backward, the
     * reductions to vertex and paint adjoints), so that per call only the outlines and the paint
     * go in and the image or the adjoints come out. Scenes with opacity layers never come here.
     */
    default boolean bins() {
        return false;
    }

    /**
     * Whether to bin a scene of {@code tileCount} tiles on the device (see {@link #bins}): a stage
     * that bins may leave small scenes to the host's binning, where compiling its larger kernels
     * costs more than binning there saves.
     */
    default boolean binsScene(int tileCount) {
        return bins();
    }

    /** Renders the scene whose outlines {@code in} holds into {@code image} (see {@link #bins}). */
    default void renderOutlines(OutlineInputs in, float[] image) {
        throw new UnsupportedOperationException(name() + " does not bin");
    }

    /**
     * The backward pass from outlines (see {@link #bins}): writes (not adds) the adjoints of the
     * outline vertices ({@code vertexGrad}, x and y per vertex, device space) with
     * {@link FineLayout#FLAG_GEOMETRY}, and of every paint parameter and draw opacity with
     * {@link FineLayout#FLAG_PAINT}; returns the summed squared error with
     * {@link FineLayout#FLAG_TARGET}, else 0. {@code adjoint} and {@code adjointId} as for
     * {@link #backward}.
     */
    default double backwardOutlines(OutlineInputs in, float[] adjoint, long adjointId, float[] vertexGrad,
            float[] dPaintParams, float[] dOpacities) {
        throw new UnsupportedOperationException(name() + " does not bin");
    }

    @Override
    void close();
}
