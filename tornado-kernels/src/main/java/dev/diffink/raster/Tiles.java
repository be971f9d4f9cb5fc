package dev.diffink.raster;

/**
 * The tile grid and the coverage rule shared by every stage.
 *
 * <p>Tiles are {@value #TILE} x {@value #TILE} pixels: small enough that a tile's per-pixel
 * scratch (coverage, colour, transmittance) stays in L1 cache on the JVM and in registers or local
 * memory on a GPU, large enough that per-tile list overhead is small next to per-pixel work.
 */
public final class Tiles {
    private Tiles() {}

    public static final int TILE = 16;
    public static final int TILE_PIXELS = TILE * TILE;
    /** Row stride of the accumulation buffer: one spill column right of the tile. */
    public static final int ACC_STRIDE = TILE + 1;

    public static int tilesFor(int pixels) {
        return (pixels + TILE - 1) / TILE;
    }

    /** Whether a draw of this kind fills by the even-odd rule. */
    public static boolean isEvenOdd(int drawKind) {
        return drawKind == PackedScene.DRAW_FILL_EVENODD || drawKind == PackedScene.DRAW_CLIP_EVENODD;
    }

    /** Whether a draw of this kind writes its layer's clip mask rather than painting. */
    public static boolean isClip(int drawKind) {
        return drawKind == PackedScene.DRAW_CLIP_NONZERO || drawKind == PackedScene.DRAW_CLIP_EVENODD;
    }

    /**
     * Coverage from accumulated signed area {@code a}: {@code min(1, |a|)} for non-zero, a
     * triangle wave of period 2 for even-odd. Exact where edges do not overlap inside a pixel;
     * where they do, it conflates like every analytic-coverage rasterizer.
     */
    public static float coverage(float a, boolean evenOdd) {
        float m = Math.abs(a);
        if (!evenOdd) return m < 1f ? m : 1f;
        m = m - 2f * Kmath.floor(m * 0.5f);
        return m <= 1f ? m : 2f - m;
    }

    /** The derivative of {@link #coverage} with respect to {@code a}. */
    public static float coverageSlope(float a, boolean evenOdd) {
        float sign = a < 0f ? -1f : 1f;
        float m = Math.abs(a);
        if (!evenOdd) return m < 1f ? sign : 0f;
        m = m - 2f * Kmath.floor(m * 0.5f);
        return m < 1f ? sign : -sign;
    }
}
