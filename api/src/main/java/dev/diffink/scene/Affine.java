package dev.diffink.scene;

/**
 * A 2-D affine map in SVG's matrix order: {@code x' = a x + c y + e}, {@code y' = b x + d y + f}.
 */
public record Affine(double a, double b, double c, double d, double e, double f) {

    public static final Affine IDENTITY = new Affine(1, 0, 0, 1, 0, 0);

    public static Affine translate(double tx, double ty) {
        return new Affine(1, 0, 0, 1, tx, ty);
    }

    public static Affine scale(double sx, double sy) {
        return new Affine(sx, 0, 0, sy, 0, 0);
    }

    /** The map that applies {@code inner} first, then this one. */
    public Affine times(Affine inner) {
        return new Affine(a * inner.a + c * inner.b, b * inner.a + d * inner.b, a * inner.c + c * inner.d,
                b * inner.c + d * inner.d, a * inner.e + c * inner.f + e, b * inner.e + d * inner.f + f);
    }

    public double mapX(double x, double y) {
        return a * x + c * y + e;
    }

    public double mapY(double x, double y) {
        return b * x + d * y + f;
    }

    public double determinant() {
        return a * d - b * c;
    }

    public boolean isIdentity() {
        return equals(IDENTITY);
    }

    public boolean isFinite() {
        return Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d)
                && Double.isFinite(e) && Double.isFinite(f);
    }

    /** The six coefficients as floats, in the rasterizer's layout. */
    public float[] toFloats() {
        return new float[] {(float) a, (float) b, (float) c, (float) d, (float) e, (float) f};
    }
}
