package dev.diffink.tornado;

import dev.diffink.raster.FineKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The fine stage's launches for TornadoVM: a parallel loop over tiles around the very
 * {@link FineKernels} methods the JVM executor runs. Each tile is a work item with its own
 * scratch slot (the tile's index).
 */
public final class TornadoKernels {
    private TornadoKernels() {}

    public static void renderTiles(int tiles, int[] dims, int[] tileListStart, int[] tileList, int[] entries,
            int[] cells, float[] cellCover, float[] pieces, int[] draws, float[] drawFloats, float[] paintParams,
            float[] layers, float[] scratch, int[] scratchInt, float[] image) {
        for (@Parallel int t = 0; t < tiles; t++) {
            FineKernels.renderTile(t, dims, tileListStart, tileList, entries, cells, cellCover, pieces, draws,
                    drawFloats, paintParams, layers, scratch, scratchInt, t, image);
        }
    }

    public static void backwardTiles(int tiles, int[] dims, int[] tileListStart, int[] tileList, int[] entries,
            int[] cells, float[] cellCover, float[] pieces, int[] pieceInts, float[] vxy, int[] draws,
            float[] drawFloats, float[] paintParams, float[] adjoint, double[] tileLoss, int[] entryGradStart,
            float[] entryGrad, float[] pieceGrad, float[] scratch) {
        for (@Parallel int t = 0; t < tiles; t++) {
            FineKernels.backwardTile(t, dims, tileListStart, tileList, entries, cells, cellCover, pieces, pieceInts,
                    vxy, draws, drawFloats, paintParams, adjoint, tileLoss, entryGradStart, entryGrad, pieceGrad,
                    scratch, t);
        }
    }
}
