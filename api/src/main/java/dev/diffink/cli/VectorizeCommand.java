package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.render.AtomicFiles;
import dev.diffink.vectorize.ImageInput;
import dev.diffink.vectorize.Vectorizer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

    @Option(names = "--preset", paramLabel = "NAME", description = "fast (trace only), balanced (default) or best.")
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

    @Option(names = "--loss", paramLabel = "L2|L1", description = "Pixel loss of the refinement (default: ${DEFAULT-VALUE}).")
    Vectorizer.Loss loss = Vectorizer.Loss.L2;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

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
                maxSeconds, seed, threads, d.quick(), loss);
        AtomicFiles.refuseOverwrite(output, input);
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        ImageInput.Bitmap image = ImageInput.read(input, o.workSize());
        if (image.downscaled()) {
            err.println("diffink: " + input + " is " + image.originalWidth() + "x" + image.originalHeight()
                    + "; working at " + image.width() + "x" + image.height() + " (--work-size)");
        }
        // Ctrl-C: stop refining, write the best so far, then let the JVM exit.
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            try {
                written.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Vectorizer.Result r;
        try {
            r = Vectorizer.run(image, o, line -> {
                err.println("diffink: " + line);
                err.flush();
            }, interrupted::get);
            byte[] bytes = r.svg().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(output, out -> out.write(bytes));
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is waiting for this thread
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.println(String.format(Locale.ROOT, "diffink: wrote %s: %d bytes, %d shapes, PSNR %.2f dB, SSIM %.4f, %.1f s%s",
                output, r.bytes(), r.paths(), r.psnr(), r.ssim(), seconds, interrupted.get() ? " (interrupted)" : ""));
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
            ObjectNode stages = j.putObject("stage_ms");
            r.stageMillis().forEach((k, v) -> stages.put(k, Math.round(v * 10) / 10.0));
            PrintWriter out = spec.commandLine().getOut();
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(j));
            out.flush();
        }
        return 0;
    }
}
