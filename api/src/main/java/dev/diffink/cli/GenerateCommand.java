package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.generate.DiffusionModel;
import dev.diffink.generate.Generator;
import dev.diffink.models.BundledModels;
import dev.diffink.render.AtomicFiles;
import dev.diffink.render.Images;
import dev.diffink.score.ScorerModel;
import dev.diffink.score.Torch;
import dev.diffink.vectorize.Vectorizer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code diffink generate "prompt" -o out.svg}: diffusion candidates, scorer selection, vectorize, refine. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Draw an SVG from a text prompt: a diffusion model samples candidate pictures, image-text",
                "scorers keep the best, which is vectorized and refined against its pixels and the prompt, within",
                "a byte budget. The bundled models know simple flat scenes: shapes, colours, counts, positions",
                "(e.g. \"two red stars above a blue house on a yellow background\")."})
final class GenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw.")
    String prompt;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.svg", description = "The SVG to write.")
    Path output;

    @Option(names = "--candidates", paramLabel = "K", description = "Pictures sampled; the best is kept (default: ${DEFAULT-VALUE}).")
    int candidates = 8;

    @Option(names = "--steps", paramLabel = "N", description = "Sampling steps per picture (default: ${DEFAULT-VALUE}).")
    int steps = 40;

    @Option(names = "--guidance", paramLabel = "G", description = "Classifier-free guidance scale (default: ${DEFAULT-VALUE}).")
    double guidance = 3.0;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--model", paramLabel = "FILE|DIR", description = "TorchScript denoiser, or a folder holding "
            + "diffusion.pt (default: the bundled models/" + BundledModels.DIFFUSION + ").")
    Path model;

    @Option(names = "--style", paramLabel = "TEXT", description = "Words appended to the prompt (default: the model's "
            + "own, none for the bundled model).")
    String style;

    @Option(names = "--scorer", paramLabel = "FILE", description = "TorchScript image-text scorer (repeatable; default: "
            + "the bundled models/" + BundledModels.SCORER + ").")
    List<Path> scorers = new ArrayList<>();

    @Option(names = "--scorer-weight", paramLabel = "W", description = "Weight of the scorers in the refinement, against "
            + "the pixel loss; 0 refines on pixels alone (default: ${DEFAULT-VALUE}).")
    float scorerWeight = ScorerOptions.DEFAULT_WEIGHT;

    @Option(names = "--sds", paramLabel = "W", description = "Also refine by score distillation through the denoiser "
            + "with this weight (VectorFusion; default: off).")
    float sds = 0;

    @Option(names = "--sds-guidance", paramLabel = "G", description = "Guidance scale of score distillation (default: ${DEFAULT-VALUE}).")
    double sdsGuidance = 7.5;

    @Option(names = "--max-bytes", paramLabel = "N", description = "Byte budget; the SVG is never larger (default: ${DEFAULT-VALUE}).")
    int maxBytes = 10_000;

    @Option(names = "--iterations", paramLabel = "I", description = "Refinement steps of the final SVG (default: ${DEFAULT-VALUE}).")
    int iterations = 150;

    @Option(names = "--work-size", paramLabel = "PX", description = "Side the picture is upscaled to and vectorized at (default: ${DEFAULT-VALUE}).")
    int workSize = 256;

    @Option(names = "--max-seconds", paramLabel = "T", description = "Stop refining after T seconds and write the best so far (default: ${DEFAULT-VALUE}).")
    double maxSeconds = 600;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--save-bitmap", paramLabel = "PNG", description = "Also write the kept candidate's bitmap (upscaled).")
    Path saveBitmap;

    @Option(names = "--json", description = "Print each candidate's scores, the chosen one, bytes, PSNR and stage times as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        // Everything that can be checked before the models load is checked first: nothing is written on failure.
        Generator.checkPrompt(prompt);
        if (workSize < 64 || workSize > 1024) throw DiffInkException.badInput("--work-size must be 64 to 1024");
        Vectorizer.Options d = Vectorizer.Options.of(Vectorizer.Preset.BALANCED);
        Vectorizer.Options vo = new Vectorizer.Options(d.colors(), d.paths(), iterations, workSize, maxBytes, maxSeconds,
                seed, threads, false, Vectorizer.Loss.L2);
        Generator.Settings settings = new Generator.Settings(candidates, steps, guidance, seed, workSize, scorerWeight, sds,
                sdsGuidance, vo);
        AtomicFiles.checkTarget(output);
        if (saveBitmap != null) AtomicFiles.checkTarget(saveBitmap);
        if (saveBitmap != null && saveBitmap.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw DiffInkException.badInput("--save-bitmap and -o name the same file");
        }
        Path modelFile = DiffusionModel.resolve(model != null ? model : BundledModels.diffusion().orElseThrow(() ->
                new DiffInkException(DiffInkException.Kind.MISSING_DEPENDENCY, "the bundled diffusion model "
                        + BundledModels.DIFFUSION + " was not found (looked in " + BundledModels.searched()
                        + "); give one with --model FILE|DIR, or set DIFFINK_MODELS to the folder holding it")));
        List<Path> scorerFiles = scorers.isEmpty() ? scorerFor(model) : scorers;

        Torch.runtime();
        long start = System.nanoTime();
        try (DiffusionModel diffusion = DiffusionModel.load(modelFile)) {
            String styleText = style != null ? style : diffusion.style();
            Generator.tokens(diffusion, Generator.styled(prompt, styleText));
            List<ScorerModel> models = new ArrayList<>();
            try {
                for (Path f : scorerFiles) models.add(ScorerModel.load(f));
                err.println("diffink: " + diffusion.name() + " (" + diffusion.imageSize() + "x" + diffusion.imageSize()
                        + "), scorers " + String.join(", ", models.stream().map(ScorerModel::name).toList()));
                return run(err, diffusion, models, styleText, settings, start);
            } finally {
                models.forEach(ScorerModel::close);
            }
        }
    }

    /** A scorer in the model folder, else the bundled one. */
    private static List<Path> scorerFor(Path modelArg) {
        if (modelArg != null && Files.isDirectory(modelArg)) {
            for (String n : List.of("scorer.pt", BundledModels.SCORER)) {
                if (Files.isRegularFile(modelArg.resolve(n))) return List.of(modelArg.resolve(n));
            }
        }
        return List.of(ScorerOptions.bundledScorer());
    }

    private int run(PrintWriter err, DiffusionModel diffusion, List<ScorerModel> models, String styleText,
            Generator.Settings settings, long start) throws Exception {
        try (CtrlC ctrlC = new CtrlC()) {
            Generator.Result r = Generator.run(diffusion, models, prompt, styleText, settings, line -> {
                err.println("diffink: " + line);
                err.flush();
            }, ctrlC::interrupted);
            byte[] bytes = r.svg().getBytes(StandardCharsets.UTF_8);
            if (saveBitmap != null) {
                var img = Images.toImage(r.bitmap().rgba(), r.bitmap().width(), r.bitmap().height());
                AtomicFiles.write(saveBitmap, out -> javax.imageio.ImageIO.write(img, "png", out));
            }
            AtomicFiles.write(output, out -> out.write(bytes));
            double seconds = (System.nanoTime() - start) / 1e9;
            err.println(String.format(Locale.ROOT, "diffink: wrote %s: %d bytes, %d shapes, similarity %.4f, PSNR %.2f dB to "
                    + "its bitmap, %.1f s%s", output, r.bytes(), r.paths(), r.finalScore(), r.psnr(), seconds,
                    ctrlC.interrupted() ? " (interrupted)" : ""));
            err.flush();
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode j = mapper.createObjectNode();
                j.put("prompt", prompt);
                j.put("style", styleText);
                j.put("model", diffusion.name());
                j.put("output", output.toString());
                j.put("seed", seed);
                j.put("steps", steps);
                j.put("guidance", guidance);
                var cands = j.putArray("candidates");
                for (Generator.Candidate c : r.candidates()) {
                    ObjectNode o = cands.addObject();
                    o.put("index", c.index());
                    o.put("score_bitmap", round(c.rawScore(), 1e5));
                    o.put("score_trace", round(c.traceScore(), 1e5));
                    o.put("score", round(c.score(), 1e5));
                    o.put("sample_ms", round(c.sampleMillis(), 10));
                }
                j.put("chosen", r.chosen());
                j.put("bytes", r.bytes());
                j.put("psnr_db", round(r.psnr(), 1000));
                j.put("ssim", round(r.ssim(), 1e5));
                j.put("score", round(r.finalScore(), 1e5));
                j.put("paths", r.paths());
                j.put("iterations", r.iterations());
                j.put("seconds", round(seconds, 1000));
                ObjectNode stages = j.putObject("stage_ms");
                r.stageMillis().forEach((k, v) -> stages.put(k, round(v, 10)));
                PrintWriter out = spec.commandLine().getOut();
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(j));
                out.flush();
            }
        }
        return 0;
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }
}
