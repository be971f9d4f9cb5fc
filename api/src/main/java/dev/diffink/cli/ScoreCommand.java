package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.render.Renderer;
import dev.diffink.score.ScorerModel;
import dev.diffink.score.Tokenizer;
import dev.diffink.svg.SvgImporter;
import dev.diffink.vectorize.ImageInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code diffink score IN --prompt TEXT}: how well a picture matches prompts, by image-text scorers. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score an SVG or bitmap against one or more prompts with image-text scorers.",
                "The score is the cosine similarity of the picture's and the prompt's embeddings (-1 to 1); with "
                        + "several prompts, the best-matching one is marked."})
final class ScoreCommand implements Callable<Integer> {
    /** Longest side an SVG is rendered at before it is area-averaged down to the scorer's size. */
    static final int RENDER_SIDE = 256;

    @Parameters(index = "0", paramLabel = "IN", description = "An SVG, or a PNG/JPEG/GIF/BMP bitmap.")
    Path input;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "A prompt (repeatable).")
    List<String> prompts;

    @Mixin
    ScorerOptions scorer;

    @Option(names = "--json", description = "Print the scores as JSON on stdout.")
    boolean json;

    @Mixin
    InputLimits limits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (String p : prompts) {
            if (p.isBlank()) throw DiffInkException.badInput("--prompt is empty");
        }
        PrintWriter err = spec.commandLine().getErr();
        int[] size = new int[2];
        float[] picture = picture(size);
        List<ScorerModel> models = scorer.load();
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode report = mapper.createObjectNode();
            report.put("input", input.toString());
            ArrayNode results = report.putArray("scores");
            PrintWriter out = spec.commandLine().getOut();
            for (int m = 0; m < models.size(); m++) {
                ScorerModel model = models.get(m);
                double best = Double.NEGATIVE_INFINITY;
                double[] scores = new double[prompts.size()];
                for (int i = 0; i < prompts.size(); i++) {
                    Tokenizer.Tokens tokens = model.tokenizer().encode(prompts.get(i));
                    if (!tokens.unknownWords().isEmpty()) {
                        err.println("diffink: warning: scorer " + model.name() + " does not know "
                                + String.join(", ", tokens.unknownWords()) + " (in \"" + prompts.get(i) + "\")");
                    }
                    if (tokens.droppedWords() > 0) {
                        err.println("diffink: warning: scorer " + model.name() + " reads " + model.tokenizer().maxTokens()
                                + " words; the last " + tokens.droppedWords() + " of \"" + prompts.get(i) + "\" are ignored");
                    }
                    scores[i] = model.scoreWhole(picture, size[0], size[1], model.embedText(tokens));
                    best = Math.max(best, scores[i]);
                }
                for (int i = 0; i < prompts.size(); i++) {
                    ObjectNode r = results.addObject();
                    r.put("scorer", model.name());
                    r.put("prompt", prompts.get(i));
                    r.put("score", Math.round(scores[i] * 1e5) / 1e5);
                    if (!json) {
                        out.println(String.format(Locale.ROOT, "%+.4f  %s  %s%s", scores[i], model.name(), prompts.get(i),
                                prompts.size() > 1 && scores[i] == best ? "   <- best" : ""));
                    }
                }
            }
            if (json) out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            out.flush();
        } finally {
            models.forEach(ScorerModel::close);
        }
        return 0;
    }

    /** The input as a premultiplied RGBA picture; its width and height go to {@code size}. */
    private float[] picture(int[] size) {
        String name = input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            SvgImporter.Result r = SvgImporter.importFile(input, limits.importOptions());
            int[] wh = Renderer.outputSize(r.scene(), null, null, limits.maxSize);
            double scale = (double) RENDER_SIDE / Math.max(wh[0], wh[1]);
            size[0] = Math.max(1, (int) Math.round(wh[0] * scale));
            size[1] = Math.max(1, (int) Math.round(wh[1] * scale));
            try (Renderer renderer = new Renderer(Runtime.getRuntime().availableProcessors())) {
                return renderer.render(r.scene(), size[0], size[1], null);
            }
        }
        ImageInput.Bitmap b = ImageInput.read(input, RENDER_SIDE);
        size[0] = b.width();
        size[1] = b.height();
        return b.rgba();
    }
}
