package dev.diffink.score;

import java.util.Random;

/**
 * Differentiable views of a rendered picture for a scorer: composite over white, crop, resize to
 * the scorer's input size (area-averaged, so a large picture does not alias), optionally blur.
 * View 0 is always the whole picture, unblurred; the others are random crops covering 80–100% of
 * each side, half of them blurred by a [1 2 1]/4 kernel. {@link #backward} is the exact adjoint of
 * {@link #forward} for the views it last produced.
 */
public final class Augment {
    private final int size;
    private final int count;
    private final float[] x0, y0, cw, ch;
    private final boolean[] blur;
    private int width, height;

    /** {@code count} views of {@code size} x {@code size}. */
    public Augment(int size, int count) {
        if (size < 1 || count < 1) {
            throw new IllegalArgumentException("size and count must be positive");
        }
        this.size = size;
        this.count = count;
        x0 = new float[count];
        y0 = new float[count];
        cw = new float[count];
        ch = new float[count];
        blur = new boolean[count];
    }

    public int count() {
        return count;
    }

    public int size() {
        return size;
    }

    /** Floats in the views array: count x 3 x size x size. */
    public int viewsLength() {
        return count * 3 * size * size;
    }

    /** Chooses new random views for a picture of this size. */
    public void choose(int width, int height, Random random) {
        this.width = width;
        this.height = height;
        for (int v = 0; v < count; v++) {
            float sx = v == 0 ? 1f : 0.8f + 0.2f * random.nextFloat();
            float sy = v == 0 ? 1f : Math.clamp(sx + 0.1f * (random.nextFloat() - 0.5f), 0.8f, 1f);
            cw[v] = sx * width;
            ch[v] = sy * height;
            x0[v] = v == 0 ? 0 : random.nextFloat() * (width - cw[v]);
            y0[v] = v == 0 ? 0 : random.nextFloat() * (height - ch[v]);
            blur[v] = v != 0 && random.nextBoolean();
        }
    }

    /**
     * Views of a premultiplied RGBA picture (width x height x 4) into {@code views} (planar RGB,
     * composited over white).
     */
    public void forward(float[] premul, float[] views) {
        float[] plane = new float[size * size];
        for (int v = 0; v < count; v++) {
            for (int c = 0; c < 3; c++) {
                int base = (v * 3 + c) * size * size;
                sample(premul, v, c, plane);
                if (blur[v]) {
                    blur(plane, views, base);
                } else {
                    System.arraycopy(plane, 0, views, base, plane.length);
                }
            }
        }
    }

    /** Adds to {@code dPremul} the gradient given {@code dViews}, for the views last chosen. */
    public void backward(float[] dViews, float[] dPremul) {
        float[] plane = new float[size * size];
        for (int v = 0; v < count; v++) {
            for (int c = 0; c < 3; c++) {
                int base = (v * 3 + c) * size * size;
                if (blur[v]) {
                    java.util.Arrays.fill(plane, 0f);
                    blurAdjoint(dViews, base, plane);
                } else {
                    System.arraycopy(dViews, base, plane, 0, plane.length);
                }
                sampleAdjoint(plane, v, c, dPremul);
            }
        }
    }

    /** Supersampling factor per axis: enough bilinear taps that every source pixel is seen. */
    private int taps(float extent) {
        return Math.max(1, (int) Math.ceil(extent / size));
    }

    private void sample(float[] premul, int v, int c, float[] out) {
        int qx = taps(cw[v]);
        int qy = taps(ch[v]);
        float inv = 1f / (qx * qy);
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                float acc = 0;
                for (int b = 0; b < qy; b++) {
                    float sy = y0[v] + (j + (b + 0.5f) / qy) * ch[v] / size - 0.5f;
                    for (int a = 0; a < qx; a++) {
                        float sx = x0[v] + (i + (a + 0.5f) / qx) * cw[v] / size - 0.5f;
                        acc += bilinear(premul, sx, sy, c);
                    }
                }
                out[j * size + i] = acc * inv;
            }
        }
    }

    private void sampleAdjoint(float[] dOut, int v, int c, float[] dPremul) {
        int qx = taps(cw[v]);
        int qy = taps(ch[v]);
        float inv = 1f / (qx * qy);
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                float g = dOut[j * size + i] * inv;
                if (g == 0) {
                    continue;
                }
                for (int b = 0; b < qy; b++) {
                    float sy = y0[v] + (j + (b + 0.5f) / qy) * ch[v] / size - 0.5f;
                    for (int a = 0; a < qx; a++) {
                        float sx = x0[v] + (i + (a + 0.5f) / qx) * cw[v] / size - 0.5f;
                        bilinearAdjoint(dPremul, sx, sy, c, g);
                    }
                }
            }
        }
    }

    /** Channel c of the picture over white at a point, bilinear, edges clamped. */
    private float bilinear(float[] premul, float sx, float sy, int c) {
        int xa = (int) Math.floor(sx);
        int ya = (int) Math.floor(sy);
        float fx = sx - xa;
        float fy = sy - ya;
        return (1 - fy) * ((1 - fx) * over(premul, xa, ya, c) + fx * over(premul, xa + 1, ya, c))
                + fy * ((1 - fx) * over(premul, xa, ya + 1, c) + fx * over(premul, xa + 1, ya + 1, c));
    }

    private void bilinearAdjoint(float[] dPremul, float sx, float sy, int c, float g) {
        int xa = (int) Math.floor(sx);
        int ya = (int) Math.floor(sy);
        float fx = sx - xa;
        float fy = sy - ya;
        overAdjoint(dPremul, xa, ya, c, g * (1 - fy) * (1 - fx));
        overAdjoint(dPremul, xa + 1, ya, c, g * (1 - fy) * fx);
        overAdjoint(dPremul, xa, ya + 1, c, g * fy * (1 - fx));
        overAdjoint(dPremul, xa + 1, ya + 1, c, g * fy * fx);
    }

    private float over(float[] premul, int x, int y, int c) {
        int p = (Math.clamp(y, 0, height - 1) * width + Math.clamp(x, 0, width - 1)) * 4;
        return premul[p + c] + 1 - premul[p + 3];
    }

    private void overAdjoint(float[] dPremul, int x, int y, int c, float g) {
        int p = (Math.clamp(y, 0, height - 1) * width + Math.clamp(x, 0, width - 1)) * 4;
        dPremul[p + c] += g;
        dPremul[p + 3] -= g;
    }

    private void blur(float[] in, float[] out, int base) {
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                float acc = 0;
                for (int b = -1; b <= 1; b++) {
                    int y = Math.clamp(j + b, 0, size - 1);
                    for (int a = -1; a <= 1; a++) {
                        int x = Math.clamp(i + a, 0, size - 1);
                        acc += KERNEL[b + 1] * KERNEL[a + 1] * in[y * size + x];
                    }
                }
                out[base + j * size + i] = acc;
            }
        }
    }

    private void blurAdjoint(float[] dOut, int base, float[] dIn) {
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                float g = dOut[base + j * size + i];
                for (int b = -1; b <= 1; b++) {
                    int y = Math.clamp(j + b, 0, size - 1);
                    for (int a = -1; a <= 1; a++) {
                        int x = Math.clamp(i + a, 0, size - 1);
                        dIn[y * size + x] += KERNEL[b + 1] * KERNEL[a + 1] * g;
                    }
                }
            }
        }
    }

    private static final float[] KERNEL = {0.25f, 0.5f, 0.25f};
}
