package dev.diffink.generate;

import dev.diffink.DiffInkException;
import dev.diffink.score.ScorerLoss;
import dev.diffink.score.ScorerModel;
import dev.diffink.score.Tokenizer;
import dev.diffink.vectorize.ImageInput;
import dev.diffink.vectorize.Vectorizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Text to SVG: the denoiser samples candidates (DDIM with guidance, on the caller's thread), each
 * finished candidate is upscaled, traced and scored on a second thread while the next is sampled,
 * the best (mean of its bitmap's and its trace's similarity to the prompt, over the scorers) is
 * vectorised with pixel loss plus scorer loss (and, optionally, score distillation through the
 * denoiser), and the SVG is written within the byte budget with the prompt as its title.
 */
public final class Generator {
    private Generator() {}

    /** Longest prompt accepted, in characters. */
    public static final int MAX_PROMPT_CHARS = 1000;

    /**
     * @param candidates    pictures sampled; the best one is kept
     * @param steps         DDIM steps per picture
     * @param guidance      classifier-free guidance scale
     * @param seed          seed of the noise (candidate i of seed s is the same picture every run)
     * @param workSize      side of the square the picture is upscaled to and vectorised at
     * @param scorerWeight  weight of each scorer's term in the refinement (0: pixel loss only)
     * @param sdsWeight     weight of score distillation through the denoiser (0: off)
     * @param sdsGuidance   guidance scale of score distillation's noise predictions
     * @param vectorize     the vectorizer's options for the final SVG (budget, iterations, threads)
     */
    public record Settings(int candidates, int steps, double guidance, long seed, int workSize, float scorerWeight,
            float sdsWeight, double sdsGuidance, Vectorizer.Options vectorize) {
        public Settings {
            if (candidates < 1 || candidates > 256) throw DiffInkException.badInput("--candidates must be 1 to 256");
            if (steps < 1 || steps > 1000) throw DiffInkException.badInput("--steps must be 1 to 1000");
            if (!(guidance >= 0 && guidance <= 100)) throw DiffInkException.badInput("--guidance must be 0 to 100");
            if (!(scorerWeight >= 0) || !Float.isFinite(scorerWeight)) {
                throw DiffInkException.badInput("--scorer-weight must be 0 or more");
            }
            if (!(sdsWeight >= 0) || !Float.isFinite(sdsWeight)) throw DiffInkException.badInput("--sds must be 0 or more");
            if (!(sdsGuidance >= 0 && sdsGuidance <= 1000)) {
                throw DiffInkException.badInput("--sds-guidance must be 0 to 1000");
            }
        }
    }

    /** One sampled picture and how the scorers rate it. */
    public record Candidate(int index, float[] bitmap, double rawScore, double traceScore, String traceSvg,
            double sampleMillis) {
        public double score() {
            return (rawScore + traceScore) / 2;
        }
    }

    /** The outcome: every candidate, the one kept, the final SVG (title included) and its measures. */
    public record Result(String prompt, List<Candidate> candidates, int chosen, ImageInput.Bitmap bitmap, String svg,
            int bytes, double psnr, double ssim, double finalScore, int paths, int iterations,
            Map<String, Double> stageMillis) {}

    /**
     * Checks a prompt against the model's tokenizer: not empty, not too long, every word known.
     * Returns the tokens of prompt plus style.
     */
    public static Tokenizer.Tokens tokens(DiffusionModel model, String prompt) {
        checkPrompt(prompt);
        Tokenizer tokenizer = model.tokenizer();
        Tokenizer.Tokens t = tokenizer.encode(prompt);
        if (!t.unknownWords().isEmpty()) {
            throw DiffInkException.badInput("the model " + model.name() + " does not know the word"
                    + (t.unknownWords().size() > 1 ? "s " : " ") + String.join(", ", t.unknownWords().stream()
                    .map(w -> "'" + w + "'").toList()) + "; it knows: " + String.join(" ", tokenizer.vocabulary()));
        }
        if (t.droppedWords() > 0) {
            throw DiffInkException.badInput("the prompt has " + (tokenizer.maxTokens() + t.droppedWords()) + " words; the model "
                    + model.name() + " reads at most " + tokenizer.maxTokens());
        }
        if (t.ids()[0] == Tokenizer.PAD) {
            throw DiffInkException.badInput("the prompt \"" + prompt + "\" has no words; say what to draw");
        }
        return t;
    }

    /** Refuses an empty or overlong prompt (before any model is loaded). */
    public static void checkPrompt(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw DiffInkException.badInput("the prompt is empty; say what to draw, e.g. \"a red circle on a blue "
                    + "background\"");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw DiffInkException.badInput("the prompt is " + prompt.length() + " characters long; at most "
                    + MAX_PROMPT_CHARS + " are accepted");
        }
    }

    /** The prompt the model is given: the user's words and the style suffix, if any. */
    public static String styled(String prompt, String style) {
        return style == null || style.isBlank() ? prompt.strip() : prompt.strip() + ", " + style.strip();
    }

    public static Result run(DiffusionModel model, List<ScorerModel> scorers, String prompt, String style,
            Settings s, Consumer<String> progress, BooleanSupplier stop) {
        if (scorers.isEmpty()) throw new IllegalArgumentException("no scorers");
        String full = styled(prompt, style);
        Tokenizer.Tokens tokens = tokens(model, full);
        Map<String, Double> ms = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Sampler sampler = new Sampler(model, tokens);
        List<ScorerLoss.Term> terms = new ArrayList<>();
        for (ScorerModel m : scorers) terms.add(new ScorerLoss.Term(m, full, Math.max(s.scorerWeight(), 1e-6f)));
        // Judges the candidates (whole picture, one view); used by the candidate thread alone, one at a time.
        ScorerLoss judge = new ScorerLoss(terms, 1, s.seed());

        // Sampling here, tracing and scoring on a second thread: the two overlap.
        List<Candidate> candidates = new ArrayList<>();
        double sampling = 0;
        ExecutorService tracer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "diffink-candidates");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Candidate>> pending = new ArrayList<>();
            for (int i = 0; i < s.candidates() && (i == 0 || !stop.getAsBoolean()); i++) {
                long a = System.nanoTime();
                float[] rgb = sampler.sample(s.seed(), i, s.steps(), s.guidance());
                double sampleMs = (System.nanoTime() - a) / 1e6;
                sampling += sampleMs;
                int index = i;
                progress.accept(String.format(Locale.ROOT, "candidate %d/%d sampled in %.1f s", i + 1, s.candidates(),
                        sampleMs / 1000));
                pending.add(tracer.submit(() -> evaluate(index, rgb, model.imageSize(), sampleMs, judge, s)));
            }
            long sampled = System.nanoTime();
            for (Future<Candidate> f : pending) {
                Candidate c = f.get();
                candidates.add(c);
                progress.accept(String.format(Locale.ROOT, "candidate %d: similarity %.4f as a bitmap, %.4f traced",
                        c.index() + 1, c.rawScore(), c.traceScore()));
            }
            ms.put("sample", sampling);
            ms.put("candidates_wait", (System.nanoTime() - sampled) / 1e6);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiffInkException(DiffInkException.Kind.FAILED, "interrupted while sampling", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new DiffInkException(DiffInkException.Kind.FAILED, "candidate evaluation failed: " + e.getCause(), e);
        } finally {
            tracer.shutdownNow();
        }
        long t1 = System.nanoTime();
        ms.put("sample_and_score", (t1 - t0) / 1e6);

        Candidate best = candidates.getFirst();
        for (Candidate c : candidates) if (c.score() > best.score()) best = c;
        progress.accept(String.format(Locale.ROOT, "kept candidate %d (similarity %.4f); vectorizing", best.index() + 1,
                best.score()));

        ImageInput.Bitmap bitmap = upscale(best.bitmap(), model.imageSize(), s.workSize());
        String title = "<title>" + escape(prompt.strip()) + "</title>";
        int titleBytes = title.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        Vectorizer.Options v = s.vectorize();
        Vectorizer.Options o = new Vectorizer.Options(v.colors(), v.paths(), v.iterations(), s.workSize(),
                Math.max(200, v.maxBytes() - titleBytes), v.maxSeconds(), v.seed(), v.threads(), v.quick(), v.loss());
        ScorerLoss loss = judge;
        if (s.scorerWeight() > 0 || s.sdsWeight() > 0) {
            loss = new ScorerLoss(terms, 4, s.seed());
            if (s.sdsWeight() > 0) loss.with(new ScoreDistillation(sampler, s.sdsWeight(), s.sdsGuidance(), s.seed()));
        }
        Vectorizer.Result r = Vectorizer.run(bitmap, o, loss, progress, stop);
        String svg = withTitle(r.svg(), title);
        int bytes = svg.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > v.maxBytes()) {
            throw new DiffInkException(DiffInkException.Kind.FAILED, "the SVG came to " + bytes + " bytes, over --max-bytes "
                    + v.maxBytes() + " (the prompt's title is " + titleBytes + " bytes); raise --max-bytes");
        }
        long t2 = System.nanoTime();
        ms.put("vectorize", (t2 - t1) / 1e6);
        r.stageMillis().forEach((k, val) -> ms.put("vectorize_" + k, val));
        ms.put("total", (t2 - t0) / 1e6);
        double finalScore = mean(r.scores());
        return new Result(prompt, candidates, best.index(), bitmap, svg, bytes, r.psnr(), r.ssim(), finalScore, r.paths(),
                r.iterations(), ms);
    }

    /** Upscales, traces (fast preset, no refinement) and scores one candidate. */
    private static Candidate evaluate(int index, float[] rgb, int size, double sampleMs, ScorerLoss scorer,
            Settings s) {
        ImageInput.Bitmap bitmap = upscale(rgb, size, s.workSize());
        double raw = mean(scorer.scoreWhole(bitmap.rgba(), bitmap.width(), bitmap.height()));
        Vectorizer.Options fast = Vectorizer.Options.of(Vectorizer.Preset.FAST);
        Vectorizer.Options o = new Vectorizer.Options(fast.colors(), fast.paths(), 0, s.workSize(),
                s.vectorize().maxBytes(), 60, s.seed(), 1, true, fast.loss());
        Vectorizer.Result traced = Vectorizer.run(bitmap, o, scorer, line -> { }, () -> false);
        return new Candidate(index, rgb, raw, mean(traced.scores()), traced.svg(), sampleMs);
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        return v.length == 0 ? Double.NaN : sum / v.length;
    }

    /**
     * Bilinear upscaling of planar RGB (3 x size x size, [0, 1]) to an opaque premultiplied RGBA
     * bitmap of side {@code side}: soft edges trace to smooth curves where nearest-neighbour
     * blocks would trace to staircases.
     */
    public static ImageInput.Bitmap upscale(float[] rgb, int size, int side) {
        float[] out = new float[side * side * 4];
        double scale = size / (double) side;
        int plane = size * size;
        for (int y = 0; y < side; y++) {
            double sy = Math.clamp((y + 0.5) * scale - 0.5, 0, size - 1);
            int y0 = (int) sy, y1 = Math.min(y0 + 1, size - 1);
            double fy = sy - y0;
            for (int x = 0; x < side; x++) {
                double sx = Math.clamp((x + 0.5) * scale - 0.5, 0, size - 1);
                int x0 = (int) sx, x1 = Math.min(x0 + 1, size - 1);
                double fx = sx - x0;
                int o = (y * side + x) * 4;
                for (int c = 0; c < 3; c++) {
                    int b = c * plane;
                    double top = rgb[b + y0 * size + x0] * (1 - fx) + rgb[b + y0 * size + x1] * fx;
                    double bottom = rgb[b + y1 * size + x0] * (1 - fx) + rgb[b + y1 * size + x1] * fx;
                    out[o + c] = (float) (top * (1 - fy) + bottom * fy);
                }
                out[o + 3] = 1f;
            }
        }
        return new ImageInput.Bitmap(side, side, out, side, side);
    }

    /** The SVG with a title as the root's first child. */
    static String withTitle(String svg, String title) {
        int open = svg.indexOf("<svg");
        int end = open < 0 ? -1 : svg.indexOf('>', open);
        if (end < 0) throw new IllegalStateException("not an SVG");
        if (svg.charAt(end - 1) == '/') {
            // an empty picture: <svg .../> becomes <svg ...><title>..</title></svg>
            return svg.substring(0, end - 1) + ">" + title + "</svg>" + svg.substring(end + 1);
        }
        return svg.substring(0, end + 1) + title + svg.substring(end + 1);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                default -> {
                    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') b.append(' ');
                    else b.append(ch);
                }
            }
        }
        return b.toString();
    }
}
