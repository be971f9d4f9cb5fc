package dev.diffink.vectorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The structure term's gradient against central finite differences, and its value against {@link Quality#ssim}. */
class SsimGradientTest {
    static float[] random(Random r, int w, int h) {
        float[] img = new float[w * h * 4];
        for (int p = 0; p < w * h; p++) {
            float alpha = 0.5f + 0.5f * r.nextFloat();
            for (int c = 0; c < 3; c++) img[4 * p + c] = alpha * r.nextFloat();
            img[4 * p + 3] = alpha;
        }
        return img;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random r = new Random(3);
        int w = 20, h = 14;
        float[] a = random(r, w, h), b = random(r, w, h);
        float[] grad = new float[a.length];
        double value = Quality.ssimGradient(a, b, w, h, grad, 1f);
        assertTrue(value > -1 && value < 1, "ssim " + value);
        double eps = 1e-3;
        int checked = 0;
        for (int k = 0; k < 60; k++) {
            int i = r.nextInt(a.length);
            float keep = a[i];
            a[i] = (float) (keep + eps);
            double up = Quality.ssim(a, b, w, h);
            a[i] = (float) (keep - eps);
            double down = Quality.ssim(a, b, w, h);
            a[i] = keep;
            double numeric = (up - down) / (2 * eps);
            assertEquals(numeric, grad[i], 2e-3 * Math.max(1, Math.abs(numeric)) + 1e-4, "value " + i);
            if (Math.abs(numeric) > 1e-3) checked++;
        }
        assertTrue(checked > 20, "too few informative checks: " + checked);
    }

    @Test
    void oneWindowMatchesTheFormula() {
        // 8 x 8 opaque grey levels: one window; SSIM written out from its definition.
        Random r = new Random(5);
        float[] a = new float[64 * 4], b = new float[64 * 4];
        double[] ya = new double[64], yb = new double[64];
        for (int p = 0; p < 64; p++) {
            ya[p] = r.nextFloat();
            yb[p] = 0.5 * ya[p] + 0.4 * r.nextFloat();
            for (int c = 0; c < 3; c++) {
                a[4 * p + c] = (float) ya[p];
                b[4 * p + c] = (float) yb[p];
            }
            a[4 * p + 3] = 1f;
            b[4 * p + 3] = 1f;
            ya[p] = (float) ya[p];
            yb[p] = (float) yb[p];
        }
        double ma = java.util.Arrays.stream(ya).average().orElseThrow(), mb = java.util.Arrays.stream(yb).average().orElseThrow();
        double va = 0, vb = 0, cov = 0;
        for (int p = 0; p < 64; p++) {
            va += (ya[p] - ma) * (ya[p] - ma) / 63;
            vb += (yb[p] - mb) * (yb[p] - mb) / 63;
            cov += (ya[p] - ma) * (yb[p] - mb) / 63;
        }
        double expected = (2 * ma * mb + 1e-4) * (2 * cov + 9e-4) / ((ma * ma + mb * mb + 1e-4) * (va + vb + 9e-4));
        assertEquals(expected, Quality.ssim(a, b, 8, 8), 1e-5);
    }

    @Test
    void identicalImagesHaveSsimOneAndNoGradient() {
        Random r = new Random(4);
        float[] a = random(r, 16, 16);
        float[] grad = new float[a.length];
        assertEquals(1.0, Quality.ssimGradient(a, a.clone(), 16, 16, grad, 1f), 1e-9);
        for (float g : grad) assertEquals(0f, g, 1e-5f);
    }
}
