package dev.diffink.raster;

/**
 * What a fine stage that bins ({@link FineStage#bins}) gets per call: the outlines of every draw
 * as the host's flatten and outline stages left them, and the draws' paint packed as
 * {@link FineLayout} describes. Arrays may be longer than their content and belong to the
 * rasterizer; they are valid during the call only.
 *
 * <p>Bounds the host computed from the draws' tile grids, so that the device's buffers can be
 * sized before it bins: {@code cells} (exact: the grids' areas; also a bound on edge cells and
 * entries), {@code gradients} (paint adjoint slots: cells times paint parameters plus one, summed
 * over draws), {@code longestList} (the most grids covering one tile). Pieces have no cheap
 * bound; {@code pieceGuess} is a guess a device may exceed, and then it must grow and run again.
 */
public record OutlineInputs(int tilesX, int tilesY, int drawCount, int vertexCount, int[] dims,
        int[] drawContourStart, int[] ctrStart, int[] ctrEnd, float[] vx, float[] vy, int[] drawKind, int[] draws,
        float[] drawFloats, float[] paintParams, int[] paintParamStart, int cells, int gradients, int longestList,
        int pieceGuess) {

    public int tileCount() {
        return tilesX * tilesY;
    }

    public int contourCount() {
        return drawContourStart[drawCount];
    }
}
