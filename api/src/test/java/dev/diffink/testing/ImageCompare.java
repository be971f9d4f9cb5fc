package dev.diffink.testing;

/** Image distances used by tests and benchmarks. */
public final class ImageCompare {
    private ImageCompare() {}

    /** PSNR in dB over the RGB channels of two premultiplied images composited on white. */
    public static double psnrOnWhite(float[] a, float[] b) {
        double se = 0;
        int n = 0;
        for (int i = 0; i < a.length; i += 4) {
            for (int c = 0; c < 3; c++) {
                double va = a[i + c] + (1 - a[i + 3]), vb = b[i + c] + (1 - b[i + 3]);
                se += (va - vb) * (va - vb);
                n++;
            }
        }
        double mse = se / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    /** Largest per-channel difference, in 1/255 steps, between two 8-bit-valued images. */
    public static int maxDiff255(float[] a, float[] b) {
        int max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.round(Math.abs(a[i] - b[i]) * 255));
        return max;
    }
}
