package dev.diffink.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The views are an affine map of the picture; backward must be the exact adjoint of its linear part. */
class AugmentTest {
    @Test
    void backwardIsTheAdjointOfForward() {
        Random r = new Random(3);
        for (int[] wh : new int[][] {{16, 16}, {50, 37}, {200, 120}, {9, 30}}) {
            int w = wh[0], h = wh[1];
            Augment a = new Augment(16, 5);
            a.choose(w, h, r);
            float[] x = new float[w * h * 4];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
            float[] fx = new float[a.viewsLength()];
            float[] f0 = new float[a.viewsLength()];
            a.forward(x, fx);
            a.forward(new float[x.length], f0);
            float[] v = new float[a.viewsLength()];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
            float[] atv = new float[x.length];
            a.backward(v, atv);
            double lhs = 0, rhs = 0;
            for (int i = 0; i < v.length; i++) lhs += (double) (fx[i] - f0[i]) * v[i];
            for (int i = 0; i < x.length; i++) rhs += (double) x[i] * atv[i];
            assertEquals(lhs, rhs, 1e-3 * Math.max(1, Math.abs(lhs)), w + "x" + h);
        }
    }

    @Test
    void viewZeroIsTheWholePictureOverWhite() {
        int w = 32, h = 32;
        float[] x = new float[w * h * 4];
        // left half opaque red, right half transparent
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < w / 2; i++) {
                x[(y * w + i) * 4] = 1;
                x[(y * w + i) * 4 + 3] = 1;
            }
        }
        Augment a = new Augment(16, 1);
        a.choose(w, h, new Random(1));
        float[] v = new float[a.viewsLength()];
        a.forward(x, v);
        // red channel is 1 everywhere (red, or white); green is 0 on the left and 1 on the right
        assertEquals(1f, v[0], 1e-6);
        assertEquals(1f, v[15], 1e-6);
        assertEquals(0f, v[256], 1e-6);
        assertEquals(1f, v[256 + 15], 1e-6);
    }
}
