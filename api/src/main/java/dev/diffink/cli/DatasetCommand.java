package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.models.SyntheticScenes;
import dev.diffink.raster.Rasterizer;
import dev.diffink.render.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffink dataset -o DIR}: the captioned synthetic scenes DiffInk's bundled models are
 * trained on, rendered by DiffInk's rasterizer (see models/README.md).
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = {"Write captioned synthetic flat scenes (the bundled models' training data).",
                "DIR receives images.u8 (COUNT x SIZE x SIZE x 3 sRGB bytes, row-major), captions.txt (one per line)"
                        + " and dataset.json (size, count, seed, vocabulary)."})
final class DatasetCommand implements Callable<Integer> {
    static final int CHUNK = 512;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder to write (created; must not hold a dataset already).")
    Path output;

    @Option(names = "--count", paramLabel = "N", description = "Number of scenes (default: ${DEFAULT-VALUE}).")
    int count = 40000;

    @Option(names = "--size", paramLabel = "PX", description = "Side of each square image (default: ${DEFAULT-VALUE}).")
    int size = 64;

    @Option(names = "--seed", description = "Random seed; the same seed gives the same scenes (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 2_000_000) throw DiffInkException.badInput("--count must be 1 to 2000000, got " + count);
        if (size < 16 || size > 512) throw DiffInkException.badInput("--size must be 16 to 512, got " + size);
        if (threads < 1) throw DiffInkException.badInput("--threads must be at least 1");
        if (Files.exists(output.resolve("dataset.json"))) {
            throw DiffInkException.badInput(output + " already holds a dataset; give another folder or remove it");
        }
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new DiffInkException(DiffInkException.Kind.IO, output + ": cannot create the folder: " + e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        SyntheticScenes scenes = new SyntheticScenes(size, seed);
        List<String> captions = new ArrayList<>(count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<Rasterizer> raster = ThreadLocal.withInitial(() -> new Rasterizer(1, 0.1f));
        long start = System.nanoTime();
        try {
            AtomicFiles.write(output.resolve("images.u8"), out -> writeImages(out, scenes, pool, raster, captions, err));
        } finally {
            pool.shutdownNow();
        }
        AtomicFiles.write(output.resolve("captions.txt"),
                out -> out.write((String.join("\n", captions) + "\n").getBytes(StandardCharsets.UTF_8)));
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = json.createObjectNode();
        meta.put("format", "diffink-scenes-1");
        meta.put("count", count);
        meta.put("size", size);
        meta.put("seed", seed);
        meta.putPOJO("vocabulary", SyntheticScenes.vocabulary());
        // Written last: its presence marks a complete dataset.
        AtomicFiles.write(output.resolve("dataset.json"), out -> json.writerWithDefaultPrettyPrinter().writeValue(out, meta));
        err.printf("diffink: wrote %d scenes of %dx%d to %s in %.1f s%n", count, size, size, output,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private void writeImages(OutputStream out, SyntheticScenes scenes, ExecutorService pool,
            ThreadLocal<Rasterizer> raster, List<String> captions, PrintWriter err) throws IOException {
        for (int from = 0; from < count; from += CHUNK) {
            int to = Math.min(count, from + CHUNK);
            List<Future<SyntheticScenes.Sample>> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                final int index = i;
                batch.add(pool.submit(() -> scenes.sample(index, raster.get())));
            }
            for (Future<SyntheticScenes.Sample> f : batch) {
                SyntheticScenes.Sample s;
                try {
                    s = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                } catch (ExecutionException e) {
                    throw new IllegalStateException("scene generation failed", e.getCause());
                }
                out.write(s.rgb());
                captions.add(s.caption());
            }
            if (to == count || (to / CHUNK) % 10 == 0) {
                err.printf("diffink: dataset %d/%d scenes%n", to, count);
                err.flush();
            }
        }
    }
}
