package dev.diffink.generate;

import dev.diffink.DiffInkException;
import dev.diffink.score.Tokenizer;
import java.util.Random;

/**
 * Deterministic DDIM sampling (eta = 0) with classifier-free guidance for one prompt: each step
 * asks the denoiser for the noise with and without the caption (one batch of two), mixes them as
 * {@code eps_u + g (eps_c - eps_u)}, estimates the clean image (clamped to [-1, 1]) and moves to
 * the next, less noisy timestep; the last step lands on the clean estimate. Timesteps are spread
 * evenly from T-1 down to 0. Noise comes from {@link Random} seeded per candidate, so a seed and a
 * candidate index give the same picture on every machine (up to libtorch's float arithmetic).
 */
public final class Sampler {
    private final DiffusionModel model;
    private final int size;
    private final int tokenCount;
    private final float[] tokens2;
    private final float[] text2;

    /** @param tokens the prompt's token ids (the model's tokenizer) */
    public Sampler(DiffusionModel model, Tokenizer.Tokens tokens) {
        this.model = model;
        this.size = model.imageSize();
        this.tokenCount = model.tokenizer().maxTokens();
        if (tokens.ids().length != tokenCount) {
            throw new IllegalArgumentException("tokens are not the model's");
        }
        // row 0: the caption; row 1: all padding (the unconditional branch)
        tokens2 = new float[2 * tokenCount];
        System.arraycopy(tokens.ids(), 0, tokens2, 0, tokenCount);
        text2 = model.encodeText(tokens2, 2);
    }

    public DiffusionModel model() {
        return model;
    }

    /** Floats in one image: 3 x S x S. */
    public int imageLength() {
        return 3 * size * size;
    }

    /**
     * The guided noise prediction for one noisy image x (3 x S x S in [-1, 1]) at timestep t.
     */
    public float[] guidedNoise(float[] x, double t, double guidance) {
        int n = imageLength();
        float[] x2 = new float[2 * n];
        System.arraycopy(x, 0, x2, 0, n);
        System.arraycopy(x, 0, x2, n, n);
        float[] eps2 = model.denoise(x2, new float[] {(float) t, (float) t}, text2, tokens2, 2);
        float[] eps = new float[n];
        for (int i = 0; i < n; i++) {
            float c = eps2[i], u = eps2[n + i];
            eps[i] = (float) (u + guidance * (c - u));
            if (!Float.isFinite(eps[i])) {
                throw DiffInkException.badInput("diffusion model " + model.name() + " predicted a non-finite value "
                        + "at timestep " + t);
            }
        }
        return eps;
    }

    /** Standard normal noise for candidate {@code index} of {@code seed}. */
    public float[] noise(long seed, int index) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + index);
        float[] x = new float[imageLength()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** One picture: planar RGB (3 x S x S) in [0, 1]. */
    public float[] sample(long seed, int index, int steps, double guidance) {
        return sample(noise(seed, index), steps, guidance);
    }

    /** DDIM from the given starting noise (not modified). */
    public float[] sample(float[] start, int steps, double guidance) {
        if (steps < 1 || steps > 1000) throw DiffInkException.badInput("--steps must be 1 to 1000");
        DiffusionModel.Schedule schedule = model.schedule();
        float[] x = start.clone();
        int n = x.length;
        float[] x0 = new float[n];
        double tMax = schedule.steps() - 1;
        for (int i = 0; i < steps; i++) {
            double t = steps == 1 ? tMax : tMax * (1 - i / (double) (steps - 1));
            double ab = schedule.alphaBar(t);
            double abNext = i + 1 < steps ? schedule.alphaBar(tMax * (1 - (i + 1) / (double) (steps - 1))) : 1.0;
            float[] eps = guidedNoise(x, t, guidance);
            double sa = Math.sqrt(ab), sb = Math.sqrt(1 - ab);
            double na = Math.sqrt(abNext), nb = Math.sqrt(1 - abNext);
            for (int k = 0; k < n; k++) {
                double clean = Math.clamp((x[k] - sb * eps[k]) / sa, -1, 1);
                // the noise consistent with the clamped estimate, carried to the next timestep
                double e = (x[k] - sa * clean) / sb;
                x0[k] = (float) clean;
                x[k] = (float) (na * clean + nb * e);
            }
        }
        float[] rgb = new float[n];
        for (int k = 0; k < n; k++) rgb[k] = Math.clamp((x0[k] + 1) / 2, 0f, 1f);
        return rgb;
    }
}
