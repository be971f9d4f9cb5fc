package dev.diffink.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.diffink.DiffInkException;
import dev.diffink.score.ModelMeta;
import dev.diffink.score.Tokenizer;
import dev.diffink.score.Torch;
import dev.diffink.torch.Tensor;
import dev.diffink.torch.TorchModule;
import dev.diffink.torch.TorchRuntime;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A text-conditioned diffusion denoiser in TorchScript, as {@code diffink generate} loads it (the
 * contract, also in the README):
 * <pre>
 *   encode_text(tokens: Tensor[B, L], word ids as floats, 0 = padding) -> Tensor[B, L, D]
 *   denoise(x: Tensor[B, 3, S, S] noisy image in [-1, 1], t: Tensor[B] timestep in [0, T),
 *           text: Tensor[B, L, D], tokens: Tensor[B, L])            -> Tensor[B, 3, S, S] predicted noise
 *   diffink.json (an extra file in the archive, or a file beside it):
 *     {"format": "diffink-diffusion-1", "image_size": S, "max_tokens": L, "vocabulary": [...],
 *      "schedule": {"kind": "cosine", "steps": T, "offset": 0.008}, "prediction": "eps",
 *      "style": "optional words appended to every prompt"}
 * </pre>
 * The unconditional branch of classifier-free guidance is the all-padding caption. Calls are
 * serialised per model.
 */
public final class DiffusionModel implements AutoCloseable {
    public static final String META = ModelMeta.FILE;
    /** File names looked for in a model folder, in order. */
    public static final List<String> FILE_NAMES = List.of("diffusion.pt", "diffink-diffusion.pt");

    private final TorchModule module;
    private final String name;
    private final int imageSize;
    private final Tokenizer tokenizer;
    private final Schedule schedule;
    private final String style;

    private DiffusionModel(TorchModule module, String name, int imageSize, Tokenizer tokenizer, Schedule schedule,
            String style) {
        this.module = module;
        this.name = name;
        this.imageSize = imageSize;
        this.tokenizer = tokenizer;
        this.schedule = schedule;
        this.style = style;
    }

    /**
     * The noise schedule: the cosine schedule of Nichol and Dhariwal, {@code alphaBar(t)} the share
     * of signal variance left at timestep t (of {@code steps}), clamped as the trainer clamps it.
     */
    public record Schedule(int steps, double offset) {
        public double alphaBar(double t) {
            double f = Math.pow(Math.cos((t / steps + offset) / (1 + offset) * Math.PI / 2), 2);
            double f0 = Math.pow(Math.cos(offset / (1 + offset) * Math.PI / 2), 2);
            return Math.clamp(f / f0, 1e-5, 0.9999);
        }
    }

    /** The model file a --model argument names: the file itself, or the model file in a folder. */
    public static Path resolve(Path fileOrFolder) {
        if (Files.isDirectory(fileOrFolder)) {
            for (String n : FILE_NAMES) {
                Path p = fileOrFolder.resolve(n);
                if (Files.isRegularFile(p)) return p;
            }
            throw DiffInkException.badInput("model folder " + fileOrFolder + " holds no " + String.join(" or ", FILE_NAMES)
                    + " (the TorchScript denoiser; see the README's diffusion contract)");
        }
        if (!Files.isRegularFile(fileOrFolder)) {
            throw DiffInkException.badInput("model " + fileOrFolder + ": no such file or folder");
        }
        return fileOrFolder;
    }

    /** Loads and checks a denoiser (a file, or a folder holding one); the torch runtime must be available. */
    public static DiffusionModel load(Path fileOrFolder) {
        Path file = resolve(fileOrFolder);
        TorchRuntime runtime = Torch.runtime();
        TorchModule module = Torch.call(() -> runtime.load(file, META));
        try {
            for (String method : List.of("encode_text", "denoise")) {
                if (!module.hasMethod(method)) {
                    throw DiffInkException.badInput("diffusion model " + file + " has no method '" + method + "'; a "
                            + "denoiser exports encode_text(tokens) and denoise(x, t, text, tokens) (see the README)");
                }
            }
            String json = module.extraFile(META).orElseGet(() -> {
                Path beside = file.resolveSibling(META);
                try {
                    return Files.isRegularFile(beside) ? Files.readString(beside) : null;
                } catch (IOException e) {
                    throw DiffInkException.badInput("cannot read " + beside + ": " + e.getMessage());
                }
            });
            if (json == null) {
                throw DiffInkException.badInput("diffusion model " + file + " carries no " + META + " (image size, "
                        + "vocabulary, noise schedule), in the archive or beside it; see the README's diffusion contract");
            }
            String where = "diffusion model " + file + ": " + META;
            ModelMeta parsed = ModelMeta.parse(json, "diffusion model " + file, "diffink-diffusion-1"::equals,
                    "diffink-diffusion-1");
            JsonNode meta = parsed.json();
            JsonNode s = meta.path("schedule");
            if (!s.path("kind").asText("").equals("cosine")) {
                throw DiffInkException.badInput(where + " has schedule kind '" + s.path("kind").asText("")
                        + "'; DiffInk's sampler knows the cosine schedule");
            }
            int steps = s.path("steps").asInt(-1);
            double offset = s.path("offset").asDouble(0.008);
            if (steps < 2 || steps > 100_000 || !(offset >= 0 && offset < 1)) {
                throw DiffInkException.badInput(where + " has schedule steps " + steps + " and offset " + offset
                        + "; expected 2 to 100000 steps and an offset in [0, 1)");
            }
            String prediction = meta.path("prediction").asText("eps");
            if (!prediction.equals("eps")) {
                throw DiffInkException.badInput(where + " predicts '" + prediction + "'; DiffInk's sampler takes "
                        + "noise (eps) predictions");
            }
            String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
            return new DiffusionModel(module, fileName, parsed.imageSize(), parsed.tokenizer(),
                    new Schedule(steps, offset), meta.path("style").asText(""));
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

    public Schedule schedule() {
        return schedule;
    }

    /** Words the model's metadata asks to append to every prompt (empty for the bundled model). */
    public String style() {
        return style;
    }

    /** Text features of a batch of token rows (each of the model's max_tokens), flattened B x L x D. */
    public float[] encodeText(float[] tokens, int batch) {
        int l = tokenizer.maxTokens();
        if (tokens.length != batch * l) {
            throw new IllegalArgumentException(tokens.length + " token ids for " + batch + " rows of " + l);
        }
        try (Arena arena = Arena.ofConfined()) {
            Tensor in = Tensor.of(arena, tokens, batch, l);
            Tensor out = Torch.call(() -> module.run(arena, "encode_text", in)).output(0);
            if (out.rank() != 3 || out.dim(0) != batch || out.dim(1) != l) {
                throw DiffInkException.badInput("diffusion model " + name + ": encode_text returned shape "
                        + Arrays.toString(out.shape()) + ", expected " + batch + " x " + l + " x D");
            }
            return out.toArray();
        }
    }

    /**
     * Predicted noise for a batch of noisy images (B x 3 x S x S in [-1, 1]) at timesteps t (one
     * per image), with the text features of {@link #encodeText} and the tokens they came from.
     */
    public float[] denoise(float[] x, float[] t, float[] text, float[] tokens, int batch) {
        int s = imageSize, l = tokenizer.maxTokens();
        if (x.length != batch * 3 * s * s || t.length != batch || tokens.length != batch * l
                || text.length % (batch * l) != 0) {
            throw new IllegalArgumentException("denoise: inconsistent batch of " + batch);
        }
        int d = text.length / (batch * l);
        try (Arena arena = Arena.ofConfined()) {
            Tensor xt = Tensor.of(arena, x, batch, 3, s, s);
            Tensor tt = Tensor.of(arena, t, batch);
            Tensor text3 = Tensor.of(arena, text, batch, l, d);
            Tensor tok = Tensor.of(arena, tokens, batch, l);
            Tensor out = Torch.call(() -> module.run(arena, "denoise", xt, tt, text3, tok)).output(0);
            if (out.numel() != x.length) {
                throw DiffInkException.badInput("diffusion model " + name + ": denoise returned shape "
                        + Arrays.toString(out.shape()) + ", expected " + batch + " x 3 x " + s + " x " + s);
            }
            return out.toArray();
        }
    }

    @Override
    public void close() {
        module.close();
    }
}
