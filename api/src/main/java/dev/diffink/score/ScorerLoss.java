package dev.diffink.score;

import dev.diffink.DiffInkException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A weighted ensemble of scorers as a loss on a rendered picture:
 * {@code loss = sum_i w_i * (1 - cos_i)}, where {@code cos_i} is scorer i's mean cosine
 * similarity (L2-normalised embeddings) between its prompt and randomly augmented views of the
 * picture. Gives the gradient with respect to the premultiplied RGBA picture.
 */
public final class ScorerLoss {

    /** One member of the ensemble. */
    public record Term(ScorerModel model, String prompt, float weight) {
        public Term {
            if (!(weight > 0) || !Float.isFinite(weight)) {
                throw DiffInkException.badInput("scorer weights must be positive, got " + weight + " for "
                        + model.name());
            }
        }
    }

    /**
     * A further term on the rendered picture that contributes a gradient only (score distillation:
     * its "loss" has no value worth reporting). Called once per refinement step with a gradient.
     */
    public interface ImageTerm {
        /** Adds {@code scale} times the term's gradient with respect to the premultiplied picture. */
        void accumulate(float[] premul, int width, int height, float[] dPremul, float scale);
    }

    /** One evaluation: the ensemble's loss and each member's mean cosine similarity. */
    public record Value(double loss, double[] scores) {}

    private final List<Term> terms;
    private final List<float[]> textUnits = new ArrayList<>();
    private final List<Augment> augments = new ArrayList<>();
    private final List<float[]> views = new ArrayList<>();
    private final List<float[]> dViews = new ArrayList<>();
    private final Random random;
    private final List<ImageTerm> extras = new ArrayList<>();

    /**
     * @param viewCount views per scorer per evaluation (1 = the whole picture only)
     */
    public ScorerLoss(List<Term> terms, int viewCount, long seed) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("no scorers");
        }
        this.terms = List.copyOf(terms);
        for (Term t : terms) {
            Tokenizer.Tokens tokens = t.model().tokenizer().encode(t.prompt());
            if (tokens.unknownWords().size() == countWords(t.prompt())) {
                throw DiffInkException.badInput("scorer " + t.model().name() + " knows none of the words in \""
                        + t.prompt() + "\"; it knows: " + vocabularySample(t.model()));
            }
            textUnits.add(t.model().embedText(tokens));
            Augment a = new Augment(t.model().imageSize(), viewCount);
            augments.add(a);
            views.add(new float[a.viewsLength()]);
            dViews.add(new float[a.viewsLength()]);
        }
        this.random = new Random(seed);
    }

    private static int countWords(String prompt) {
        return (int) java.util.regex.Pattern.compile("\\p{L}+").matcher(prompt).results().count();
    }

    static String vocabularySample(ScorerModel model) {
        List<String> words = model.tokenizer().vocabulary();
        return String.join(" ", words.subList(0, Math.min(60, words.size()))) + (words.size() > 60 ? " ..." : "");
    }

    /** Adds a gradient-only term, evaluated after the scorers on every step that wants a gradient. */
    public ScorerLoss with(ImageTerm extra) {
        extras.add(extra);
        return this;
    }

    public List<Term> terms() {
        return terms;
    }

    /**
     * Evaluates the loss on a premultiplied RGBA picture; when {@code dPremul} is not null, adds
     * {@code scale} times the loss's gradient into it. New random views are drawn each call.
     */
    public Value evaluate(float[] premul, int width, int height, float[] dPremul, float scale) {
        double loss = 0;
        double[] scores = new double[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            Term t = terms.get(i);
            Augment a = augments.get(i);
            a.choose(width, height, random);
            float[] v = views.get(i);
            a.forward(premul, v);
            float[] dv = dViews.get(i);
            float w = t.weight();
            if (dPremul != null) {
                java.util.Arrays.fill(dv, 0f);
            }
            double cos = t.model().similarity(v, a.count(), textUnits.get(i), dPremul == null ? null : dv, -w * scale);
            if (dPremul != null) {
                a.backward(dv, dPremul);
            }
            scores[i] = cos;
            loss += w * (1 - cos);
        }
        if (dPremul != null) {
            for (ImageTerm extra : extras) extra.accumulate(premul, width, height, dPremul, scale);
        }
        return new Value(loss, scores);
    }

    /** Each member's cosine similarity on the whole picture only (no random views): a stable report. */
    public double[] scoreWhole(float[] premul, int width, int height) {
        double[] scores = new double[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            scores[i] = terms.get(i).model().scoreWhole(premul, width, height, textUnits.get(i));
        }
        return scores;
    }
}
