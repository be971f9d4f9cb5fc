package dev.diffink.generate;

import dev.diffink.score.Augment;
import dev.diffink.score.ScorerLoss;
import java.util.Random;

/**
 * Score distillation sampling (DreamFusion; VectorFusion applies it to SVG parameters) through the
 * denoiser, as a gradient on the rendered picture: the picture is composited over white and
 * resampled to the model's size ({@link Augment}'s whole view, whose adjoint carries the gradient
 * back), noised to a random timestep, and the guided noise prediction minus the noise actually
 * added, weighted by {@code 1 - alphaBar(t)}, is the gradient with respect to the clean image. The
 * Jacobian of the denoiser is skipped, as in the method; the gradient is divided by the view's
 * value count so that a weight of 1 is on the scale of a mean squared pixel error.
 */
public final class ScoreDistillation implements ScorerLoss.ImageTerm {
    private final Sampler sampler;
    private final float weight;
    private final double guidance;
    private final double tMin, tMax;
    private final Random random;
    private final Augment view;

    /**
     * @param weight   the term's weight against the pixel loss
     * @param guidance classifier-free guidance scale of the noise prediction
     * @param seed     seed of the timesteps and noise
     */
    public ScoreDistillation(Sampler sampler, float weight, double guidance, long seed) {
        this.sampler = sampler;
        this.weight = weight;
        this.guidance = guidance;
        int steps = sampler.model().schedule().steps();
        // Neither almost-clean timesteps (no signal about content) nor pure noise (no signal about the picture).
        this.tMin = 0.05 * steps;
        this.tMax = 0.95 * steps;
        this.random = new Random(seed);
        this.view = new Augment(sampler.model().imageSize(), 1);
    }

    @Override
    public void accumulate(float[] premul, int width, int height, float[] dPremul, float scale) {
        view.choose(width, height, random);
        float[] v = new float[view.viewsLength()];
        view.forward(premul, v);
        double t = tMin + (tMax - tMin) * random.nextDouble();
        double ab = sampler.model().schedule().alphaBar(t);
        double sa = Math.sqrt(ab), sb = Math.sqrt(1 - ab);
        int n = v.length;
        float[] noise = new float[n];
        float[] xt = new float[n];
        for (int i = 0; i < n; i++) {
            noise[i] = (float) random.nextGaussian();
            xt[i] = (float) (sa * (2 * v[i] - 1) + sb * noise[i]);
        }
        float[] eps = sampler.guidedNoise(xt, t, guidance);
        float[] dv = new float[n];
        // d/dv of x = 2v - 1 is 2
        double k = weight * scale * (1 - ab) * 2.0 / n;
        for (int i = 0; i < n; i++) dv[i] = (float) (k * (eps[i] - noise[i]));
        view.backward(dv, dPremul);
    }
}
