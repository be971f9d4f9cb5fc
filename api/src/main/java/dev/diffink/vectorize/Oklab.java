package dev.diffink.vectorize;

/**
 * Björn Ottosson's Oklab: a perceptual colour space where Euclidean distance follows perceived
 * difference well, so colour clustering there groups what people see as one colour.
 */
final class Oklab {
    private Oklab() {}

    static double toLinear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    static double toGamma(double c) {
        return c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
    }

    /** sRGB in [0, 1] (straight alpha) to Oklab, into {@code out[0..2]}. */
    static void fromSrgb(double r, double g, double b, double[] out) {
        r = toLinear(r);
        g = toLinear(g);
        b = toLinear(b);
        double l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
        double m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
        double s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
        out[0] = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s;
        out[1] = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s;
        out[2] = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s;
    }

    /** Oklab to sRGB in [0, 1], clamped, into {@code out[0..2]}. */
    static void toSrgb(double L, double a, double b, double[] out) {
        double l = L + 0.3963377774 * a + 0.2158037573 * b;
        double m = L - 0.1055613458 * a - 0.0638541728 * b;
        double s = L - 0.0894841775 * a - 1.2914855480 * b;
        l = l * l * l;
        m = m * m * m;
        s = s * s * s;
        double r = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
        double g = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
        double bl = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s;
        out[0] = clamp(toGamma(r));
        out[1] = clamp(toGamma(g));
        out[2] = clamp(toGamma(bl));
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
