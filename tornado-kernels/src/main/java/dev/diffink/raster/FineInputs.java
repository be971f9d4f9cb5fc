package dev.diffink.raster;

/**
 * The fine stage's inputs for one render, packed as {@link FineLayout} describes. Arrays may be
 * longer than their content (they are reused and only grow); they belong to the rasterizer and
 * are only valid during the call they are passed to. {@code cells} and {@code cellCover} hold the
 * edge cells only (cells with pieces; an edge entry's cell is its edge-cell number): a record and
 * {@code TILE} carried-in covers each.
 */
public record FineInputs(int tileCount, int drawCount, int[] dims, int[] tileListStart, int[] tileList,
        int[] entries, int[] cells, float[] cellCover, float[] pieces, int[] pieceInts, float[] vxy, int[] draws,
        float[] drawFloats, float[] paintParams, float[] layers) {}
