package dev.diffink.scene;

/** A straight-alpha sRGB colour, each channel in [0, 1]. */
public record Rgba(float r, float g, float b, float a) implements Paint {

    public static final Rgba BLACK = new Rgba(0, 0, 0, 1);
    public static final Rgba WHITE = new Rgba(1, 1, 1, 1);
    public static final Rgba TRANSPARENT = new Rgba(0, 0, 0, 0);

    public Rgba {
        if (!(r >= 0 && r <= 1 && g >= 0 && g <= 1 && b >= 0 && b <= 1 && a >= 0 && a <= 1)) {
            throw new IllegalArgumentException("colour channels must lie in [0, 1]: " + r + ", " + g + ", " + b
                    + ", " + a);
        }
    }

    /** From 8-bit channels and an alpha in [0, 1]. */
    public static Rgba of(int r, int g, int b, double a) {
        return new Rgba(r / 255f, g / 255f, b / 255f, (float) a);
    }

    public Rgba withAlpha(float alpha) {
        return new Rgba(r, g, b, alpha);
    }

    /** This colour with its alpha multiplied by {@code factor} (clamped to [0, 1]). */
    public Rgba fade(float factor) {
        return new Rgba(r, g, b, Math.max(0f, Math.min(1f, a * factor)));
    }

    public boolean isOpaque() {
        return a >= 1f;
    }
}
