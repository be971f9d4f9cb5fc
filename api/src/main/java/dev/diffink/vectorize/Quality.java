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
        double[] ya = luma(a), yb = luma(b);
        double c1 = 0.0001, c2 = 0.0009;
        int win = Math.min(8, Math.min(width, height));
        double sum = 0;
        int count = 0;
        for (int y = 0; y + win <= height; y += Math.max(1, win / 2)) {
            for (int x = 0; x + win <= width; x += Math.max(1, win / 2)) {
                double ma = 0, mb = 0;
                for (int j = 0; j < win; j++) {
                    for (int i = 0; i < win; i++) {
                        ma += ya[(y + j) * width + x + i];
                        mb += yb[(y + j) * width + x + i];
                    }
                }
                int n = win * win;
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
                sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                count++;
            }
        }
        return count == 0 ? 1 : sum / count;
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
