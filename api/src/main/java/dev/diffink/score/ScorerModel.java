package dev.diffink.score;

import dev.diffink.DiffInkException;
import dev.diffink.torch.Tensor;
import dev.diffink.torch.TorchModule;
import dev.diffink.torch.TorchRuntime;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;

/**
 * An image–text scorer in TorchScript, as DiffInk loads it (the contract, also in the README):
 * <pre>
 *   encode_image(images: Tensor[B, 3, S, S], sRGB in [0, 1])  -> Tensor[B, D]
 *   encode_text(tokens: Tensor[B, L], word ids as floats)     -> Tensor[B, D]
 *   extra file diffink.json: {"format": "diffink-scorer-1", "image_size": S, "max_tokens": L,
 *                             "vocabulary": [words...]}       (see {@link Tokenizer})
 * </pre>
 * The score of an image for a prompt is the cosine of the two embeddings (each L2-normalised),
 * in [-1, 1]. Calls are serialised per model.
 */
public final class ScorerModel implements AutoCloseable {
    public static final String META = ModelMeta.FILE;

    private final TorchModule module;
    private final String name;
    private final int imageSize;
    private final Tokenizer tokenizer;
    private final String description;

    private ScorerModel(TorchModule module, String name, int imageSize, Tokenizer tokenizer, String description) {
        this.module = module;
        this.name = name;
        this.imageSize = imageSize;
        this.tokenizer = tokenizer;
        this.description = description;
    }

    /** Loads and checks a scorer: the torch runtime must be available (else MISSING_DEPENDENCY). */
    public static ScorerModel load(Path file) {
        TorchRuntime runtime = Torch.runtime();
        TorchModule module = Torch.call(() -> runtime.load(file, META));
        try {
            for (String method : List.of("encode_image", "encode_text")) {
                if (!module.hasMethod(method)) {
                    throw DiffInkException.badInput("scorer " + file + " has no method '" + method + "'; a scorer "
                            + "exports encode_image(images) and encode_text(tokens) (see the README's scorer contract)");
                }
            }
            String json = module.extraFile(META).orElseThrow(() -> DiffInkException.badInput("scorer " + file
                    + " carries no " + META + " (image size, vocabulary); save it with torch.jit.save(..., "
                    + "_extra_files={'" + META + "': ...}) as the README describes"));
            ModelMeta meta = ModelMeta.parse(json, "scorer " + file, f -> f.startsWith("diffink-scorer-"),
                    "diffink-scorer-1");
            String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
            return new ScorerModel(module, fileName, meta.imageSize(), meta.tokenizer(),
                    meta.json().path("description").asText(""));
        } catch (RuntimeException e) {
            module.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public int imageSize() {
        return imageSize;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public String description() {
        return description;
    }

    /** The prompt's embedding, L2-normalised. */
    public float[] embedText(Tokenizer.Tokens tokens) {
        try (Arena arena = Arena.ofConfined()) {
            Tensor in = Tensor.of(arena, tokens.ids(), 1, tokens.ids().length);
            Tensor out = Torch.call(() -> module.run(arena, "encode_text", in)).output(0);
            if (out.rank() != 2 || out.dim(0) != 1) {
                throw DiffInkException.badInput("scorer " + name + ": encode_text returned shape "
                        + java.util.Arrays.toString(out.shape()) + ", expected 1 x D");
            }
            return unit(out.toArray());
        }
    }

    /**
     * Mean cosine similarity of {@code views} images (planar RGB, views x 3 x S x S floats in [0, 1])
     * with a unit text embedding. When {@code dViews} is not null, adds {@code weight} times the
     * gradient of that mean with respect to the views into it.
     */
    public double similarity(float[] views, int count, float[] textUnit, float[] dViews, float weight) {
        int s = imageSize;
        if (views.length != count * 3 * s * s) {
            throw new IllegalArgumentException("views hold " + views.length + " floats, expected " + count * 3 * s * s);
        }
        try (Arena arena = Arena.ofConfined()) {
            Tensor images = Tensor.of(arena, views, count, 3, s, s);
            // With a gradient wanted, the forward pass keeps its graph: one forward, one backward.
            TorchModule.Recorded recorded = dViews == null ? null
                    : Torch.call(() -> module.record(arena, "encode_image", new boolean[] {true}, images));
            Tensor emb = recorded != null ? recorded.output(0)
                    : Torch.call(() -> module.run(arena, "encode_image", images)).output(0);
            int d = textUnit.length;
            if (emb.rank() != 2 || emb.dim(0) != count || emb.dim(1) != d) {
                throw DiffInkException.badInput("scorer " + name + ": encode_image returned shape "
                        + java.util.Arrays.toString(emb.shape()) + ", expected " + count + " x " + d
                        + " (the size of its text embedding)");
            }
            float[] e = emb.toArray();
            double total = 0;
            float[] cotangent = dViews == null ? null : new float[e.length];
            for (int v = 0; v < count; v++) {
                double norm = 0;
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    norm += (double) e[v * d + k] * e[v * d + k];
                    dot += (double) e[v * d + k] * textUnit[k];
                }
                norm = Math.max(Math.sqrt(norm), 1e-12);
                double cos = dot / norm;
                total += cos;
                if (cotangent != null) {
                    // d cos / d e = (t - cos * e / |e|) / |e|, averaged over the views
                    for (int k = 0; k < d; k++) {
                        cotangent[v * d + k] = (float) ((textUnit[k] - cos * e[v * d + k] / norm) / norm / count);
                    }
                }
            }
            if (dViews != null) {
                Tensor weightT = Tensor.of(arena, cotangent, count, d);
                Tensor grad = Torch.call(() -> recorded.backward(arena, 0, weightT)).getFirst();
                for (int i = 0; i < dViews.length; i++) {
                    dViews[i] += weight * grad.get(i);
                }
            }
            return total / count;
        }
    }

    /** Cosine similarity of the whole picture (premultiplied RGBA, over white) with a unit text embedding. */
    public double scoreWhole(float[] premul, int width, int height, float[] textUnit) {
        Augment whole = new Augment(imageSize, 1);
        whole.choose(width, height, new java.util.Random(0));
        float[] view = new float[whole.viewsLength()];
        whole.forward(premul, view);
        return similarity(view, 1, textUnit, null, 0);
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        n = Math.max(Math.sqrt(n), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    @Override
    public void close() {
        module.close();
    }
}
