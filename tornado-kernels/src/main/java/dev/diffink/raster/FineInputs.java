package dev.diffink.raster;

/**
 * The fine stage's inputs for one render, packed as {@link FineLayout} describes. Arrays may be
 * longer than their content (they are reused and only grow); {@code entryCount},
 * {@code pieceCount}, {@code cellCount} and {@code vertexCount} give the used lengths in records.
 * The arrays belong to the rasterizer and are only valid during the call they are passed to.
 */
public record FineInputs(int tileCount, int entryCount, int cellCount, int pieceCount, int vertexCount,
        int drawCount, int[] dims, int[] tileListStart, int[] tileList, int[] entries, int[] cells,
        float[] cellCover, float[] pieces, int[] pieceInts, float[] vxy, int[] draws, float[] drawFloats,
        float[] paintParams, float[] layers) {

    /** Tile-list items (entries and layer markers) over all tiles. */
    public int tileListLength() {
        return tileListStart[tileCount];
    }
}
