package dev.diffink.raster;

/**
 * 2-D affine maps stored as six floats (a, b, c, d, e, f) at an offset in an array:
 * {@code x' = a x + c y + e}, {@code y' = b x + d y + f} (SVG's matrix order).
 */
public final class Affines {
    private Affines() {}

    /** Inverts the map at {@code src[s..s+5]} into {@code dst[t..t+5]}; false (dst untouched) if singular. */
    public static boolean invert(float[] src, int s, float[] dst, int t) {
        double a = src[s], b = src[s + 1], c = src[s + 2], d = src[s + 3], e = src[s + 4], f = src[s + 5];
        double det = a * d - b * c;
        if (!(Math.abs(det) > 1e-12) || !Double.isFinite(det)) return false;
        double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
        dst[t] = (float) ia;
        dst[t + 1] = (float) ib;
        dst[t + 2] = (float) ic;
        dst[t + 3] = (float) id;
        dst[t + 4] = (float) (-(ia * e + ic * f));
        dst[t + 5] = (float) (-(ib * e + id * f));
        return true;
    }

    /** The largest factor by which the map at {@code m[o..]} stretches a vector (its largest singular value). */
    public static float maxScale(float[] m, int o) {
        double a = m[o], b = m[o + 1], c = m[o + 2], d = m[o + 3];
        double s = a * a + b * b + c * c + d * d;
        double det = a * d - b * c;
        double disc = Math.sqrt(Math.max(0, s * s / 4 - det * det));
        return (float) Math.sqrt(s / 2 + disc);
    }
}
