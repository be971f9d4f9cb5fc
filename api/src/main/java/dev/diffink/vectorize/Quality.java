package dev.diffink.vectorize;

/** Image-quality measures between two premultiplied RGBA images of the same size. */
public final class Quality {
    private Quality() {}

    /** PSNR in dB over the RGB channels of the images composited on white (as a viewer shows them). */
    public static double psnr(float[] a, float[] b) {
        double s = 0;
        int n = a.length / 4;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double d = onWhite(a, i, c) - onWhite(b, i, c);
                s += d * d;
            }
        }
        double mse = s / (3.0 * n);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    /**
     * SSIM (Wang et al. 2004) of the luma of the images on white, with 8x8 windows at stride 4
     * and the usual constants (K1 = 0.01, K2 = 0.03, dynamic range 1).
     */
    public static double ssim(float[] a, float[] b, int width, int height) {
        return ssimGradient(a, b, width, height, null, 0f);
    }

    /**
     * {@link #ssim} of {@code a} against {@code b}, adding {@code scale} times its exact gradient
     * with respect to {@code a} (premultiplied RGBA) into {@code dA}. Per window, with
     * S = (A B) / (C D), A = 2 ma mb + c1, B = 2 cov + c2, C = ma^2 + mb^2 + c1, D = va + vb + c2:
     * dS/dy_p = S (2 mb / (n A) + 2 (yb_p - mb) / ((n-1) B) - 2 ma / (n C) - 2 (ya_p - ma) / ((n-1) D)),
     * then through the luma on white (dy/dc = the channel's weight, dy/dalpha = -1). With
     * {@code dA} null, only the value is computed.
     */
    public static double ssimGradient(float[] a, float[] b, int width, int height, float[] dA, float scale) {
        double[] ya = luma(a), yb = luma(b);
        double[] dy = dA == null ? null : new double[ya.length];
        double c1 = 0.0001, c2 = 0.0009;
        int win = Math.min(8, Math.min(width, height));
        int stride = Math.max(1, win / 2);
        int windows = 0;
        for (int y = 0; y + win <= height; y += stride) {
            for (int x = 0; x + win <= width; x += stride) windows++;
        }
        if (windows == 0) return 1;  // smaller than one window: nothing to compare
        double sum = 0;
        int n = win * win;
        for (int y = 0; y + win <= height; y += stride) {
            for (int x = 0; x + win <= width; x += stride) {
                double ma = 0, mb = 0;
                for (int j = 0; j < win; j++) {
                    for (int i = 0; i < win; i++) {
                        ma += ya[(y + j) * width + x + i];
                        mb += yb[(y + j) * width + x + i];
                    }
                }
                ma /= n;
                mb /= n;
                double va = 0, vb = 0, cov = 0;
                for (int j = 0; j < win; j++) {
                    for (int i = 0; i < win; i++) {
                        double da = ya[(y + j) * width + x + i] - ma, db = yb[(y + j) * width + x + i] - mb;
                        va += da * da;
                        vb += db * db;
                        cov += da * db;
                    }
                }
                va /= n - 1;
                vb /= n - 1;
                cov /= n - 1;
                double A = 2 * ma * mb + c1, B = 2 * cov + c2, C = ma * ma + mb * mb + c1, D = va + vb + c2;
                double ssim = A * B / (C * D);
                sum += ssim;
                if (dy == null) continue;
                double k = ssim / windows;
                double constant = 2 * mb / (n * A) - 2 * ma / (n * C);
                for (int j = 0; j < win; j++) {
                    for (int i = 0; i < win; i++) {
                        int p = (y + j) * width + x + i;
                        dy[p] += k * (constant + 2 * (yb[p] - mb) / ((n - 1) * B) - 2 * (ya[p] - ma) / ((n - 1) * D));
                    }
                }
            }
        }
        for (int p = 0; dy != null && p < dy.length; p++) {
            double g = scale * dy[p];
            dA[4 * p] += (float) (0.299 * g);
            dA[4 * p + 1] += (float) (0.587 * g);
            dA[4 * p + 2] += (float) (0.114 * g);
            dA[4 * p + 3] -= (float) g;
        }
        return sum / windows;
    }

    private static double onWhite(float[] img, int i, int c) {
        return img[4 * i + c] + (1 - img[4 * i + 3]);
    }

    private static double[] luma(float[] img) {
        double[] y = new double[img.length / 4];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.299 * onWhite(img, i, 0) + 0.587 * onWhite(img, i, 1) + 0.114 * onWhite(img, i, 2);
        }
        return y;
    }
}
