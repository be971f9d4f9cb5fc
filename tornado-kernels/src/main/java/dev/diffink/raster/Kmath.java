package dev.diffink.raster;

/**
 * Rounding for kernels. {@link Math#floor} and {@link Math#ceil} are written in the JDK with bit
 * manipulation of doubles, which GPU compilers for Java (TornadoVM's OpenCL backend among them)
 * do not translate; these use integer conversion instead and agree with {@code Math} for every
 * finite {@code |x| < 2^31} (kernel coordinates are far inside that; beyond it they saturate).
 */
public final class Kmath {
    private Kmath() {}

    /** The largest integer not above {@code x}. */
    public static int floor(float x) {
        int i = (int) x;
        return x < i ? i - 1 : i;
    }

    /** The smallest integer not below {@code x}. */
    public static int ceil(float x) {
        int i = (int) x;
        return x > i ? i + 1 : i;
    }

    /** The nearest integer, halves rounded up, as {@link Math#round(float)}. */
    public static int round(float x) {
        return floor(x + 0.5f);
    }

    /**
     * Writes the exclusive prefix sum of {@code values[offset + stride * i]} (i below n) into
     * {@code out[0..n]}, the total at {@code out[n]}; returns the total. Serial: on a device it runs
     * as a single work item.
     */
    public static int exclusivePrefix(int[] values, int stride, int offset, int n, int[] out) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            out[i] = sum;
            sum += values[offset + stride * i];
        }
        out[n] = sum;
        return sum;
    }
}
