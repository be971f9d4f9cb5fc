package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.render.AtomicFiles;
import dev.diffink.score.ScorerLoss;
import dev.diffink.score.ScorerModel;
import dev.diffink.vectorize.ImageInput;
import dev.diffink.vectorize.Vectorizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code diffink vectorize in.png -o out.svg}: trace, refine through the rasterizer, compress. */
@Command(name = "vectorize", mixinStandardHelpOptions = true,
        description = {"Turn a bitmap (PNG, JPEG, GIF, BMP) into a small SVG: colour layers are traced, then every",
                "point and colour is optimised through DiffInk's differentiable rasterizer, within a byte budget."})
final class VectorizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "The image (never modified).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.svg", description = "The SVG to write.")
    Path output;

    @Option(names = "--max-bytes", paramLabel = "N", description = "Byte budget; the SVG is never larger (default: ${DEFAULT-VALUE}).")
    int maxBytes = 10_000;

    @Option(names = "--preset", paramLabel = "NAME", description = "fast (trace and a short refinement, about a second), balanced (default) or best.")
    String preset = "balanced";

    @Option(names = "--colors", paramLabel = "K", description = "Palette size (default: the preset's).")
    Integer colors;

    @Option(names = "--paths", paramLabel = "P", description = "Most shapes (default: as many as the budget holds).")
    Integer paths;

    @Option(names = "--iterations", paramLabel = "I", description = "Refinement steps; 0 writes the trace (default: the preset's).")
    Integer iterations;

    @Option(names = "--work-size", paramLabel = "PX", description = "Longest side of the working resolution (default: the preset's).")
    Integer workSize;

    @Option(names = "--max-seconds", paramLabel = "T", description = "Stop refining after T seconds and write the best so far (default: ${DEFAULT-VALUE}).")
    double maxSeconds = 600;

    @Option(names = "--loss", paramLabel = "L2|L1|SSIM", description = "Pixel loss of the refinement: L2, L1, or SSIM (L2 plus a structure term, 0.03 x (1 - SSIM)) (default: the preset's: SSIM for fast, L2 otherwise).")
    Vectorizer.Loss loss;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Also optimise towards this prompt with image-text "
            + "scorers (repeatable: one for all scorers, or one per --scorer).")
    List<String> prompts = new ArrayList<>();

    @Mixin
    ScorerOptions scorer;

    @Option(names = "--scorer-views", paramLabel = "N", description = "Random views of the picture each scorer sees per "
            + "step (default: ${DEFAULT-VALUE}).")
    int scorerViews = 4;

    @Option(names = "--json", description = "Print bytes, PSNR, SSIM, paths, iterations and stage times as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Vectorizer.Preset p = switch (preset.toLowerCase(Locale.ROOT)) {
            case "fast" -> Vectorizer.Preset.FAST;
            case "balanced" -> Vectorizer.Preset.BALANCED;
            case "best" -> Vectorizer.Preset.BEST;
            default -> throw DiffInkException.badInput("unknown --preset '" + preset + "'; use fast, balanced or best");
        };
        Vectorizer.Options d = Vectorizer.Options.of(p);
        Vectorizer.Options o = new Vectorizer.Options(colors != null ? colors : d.colors(), paths != null ? paths : d.paths(),
                iterations != null ? iterations : d.iterations(), workSize != null ? workSize : d.workSize(), maxBytes,
                maxSeconds, seed, threads, d.quick(), loss != null ? loss : d.loss());
        AtomicFiles.refuseOverwrite(output, input);
        PrintWriter err = spec.commandLine().getErr();
        if (prompts.isEmpty() && (!scorer.scorers.isEmpty() || !scorer.weights.isEmpty())) {
            throw DiffInkException.badInput("--scorer and --scorer-weight need a --prompt to score against");
        }
        if (scorerViews < 1 || scorerViews > 64) throw DiffInkException.badInput("--scorer-views must be 1 to 64");
        for (String prompt : prompts) {
            if (prompt.isBlank()) throw DiffInkException.badInput("--prompt is empty");
        }
        List<ScorerModel> models = prompts.isEmpty() ? List.of() : scorer.load();
        try {
            return run(err, o, models.isEmpty() ? null : new ScorerLoss(scorer.terms(models, prompts), scorerViews, seed));
        } finally {
            models.forEach(ScorerModel::close);
        }
    }

    private int run(PrintWriter err, Vectorizer.Options o, ScorerLoss scorerLoss) throws Exception {
        long start = System.nanoTime();
        ImageInput.Bitmap image = ImageInput.read(input, o.workSize());
        if (image.downscaled()) {
            err.println("diffink: " + input + " is " + image.originalWidth() + "x" + image.originalHeight()
                    + "; working at " + image.width() + "x" + image.height() + " (--work-size)");
        }
        // Ctrl-C: stop refining, write the best so far, then let the JVM exit.
        try (CtrlC ctrlC = new CtrlC()) {
            Vectorizer.Result r = Vectorizer.run(image, o, scorerLoss, line -> {
                err.println("diffink: " + line);
                err.flush();
            }, ctrlC::interrupted);
            byte[] bytes = r.svg().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(output, out -> out.write(bytes));
            double seconds = (System.nanoTime() - start) / 1e9;
            err.println(String.format(Locale.ROOT, "diffink: wrote %s: %d bytes, %d shapes, PSNR %.2f dB, SSIM %.4f, %.1f s%s",
                    output, r.bytes(), r.paths(), r.psnr(), r.ssim(), seconds, ctrlC.interrupted() ? " (interrupted)" : ""));
            err.flush();
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode j = mapper.createObjectNode();
                j.put("input", input.toString());
                j.put("output", output.toString());
                j.put("bytes", r.bytes());
                j.put("psnr_db", Math.round(r.psnr() * 1000) / 1000.0);
                j.put("ssim", Math.round(r.ssim() * 100000) / 100000.0);
                j.put("paths", r.paths());
                j.put("iterations", r.iterations());
                j.put("seconds", Math.round(seconds * 1000) / 1000.0);
                if (scorerLoss != null) {
                    var scores = j.putArray("scores");
                    for (int i = 0; i < r.scores().length; i++) {
                        ObjectNode sc = scores.addObject();
                        sc.put("scorer", scorerLoss.terms().get(i).model().name());
                        sc.put("prompt", scorerLoss.terms().get(i).prompt());
                        sc.put("weight", scorerLoss.terms().get(i).weight());
                        sc.put("score", Math.round(r.scores()[i] * 1e5) / 1e5);
                    }
                }
                ObjectNode stages = j.putObject("stage_ms");
                r.stageMillis().forEach((k, v) -> stages.put(k, Math.round(v * 10) / 10.0));
                PrintWriter out = spec.commandLine().getOut();
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(j));
                out.flush();
            }
        }
        return 0;
    }
}
