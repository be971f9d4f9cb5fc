package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.bench.RasterBench;
import dev.diffink.bench.RasterScenes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffink bench raster}: time the rasterizer on the standard scenes. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Quick benchmarks of this machine.",
        subcommands = {BenchCommand.Raster.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark: raster");
    }

    @Command(name = "raster", mixinStandardHelpOptions = true,
            description = {"Time forward and forward+backward (L2 loss) renders of the standard scenes:",
                    "N closed cubic paths (N = 16, 64, 256) at 256 and 512 pixels, and 64 stroked paths;",
                    "with --scenes published, 2048 closed paths at 2040x1344 (the size of published GPU figures).",
                    "Median of several runs after a warm-up. For careful numbers use the JMH suite (see README)."})
    static final class Raster implements Callable<Integer> {
        @Option(names = "--json", description = "Print the timings as JSON on stdout.")
        boolean json;

        @Option(names = "--runs", paramLabel = "N", description = "Timed runs per measurement (default: ${DEFAULT-VALUE}).")
        int runs = 15;

        @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = "--warmup-ms", paramLabel = "MS",
                description = "Warm-up per measurement, in ms (default: ${DEFAULT-VALUE}).")
        long warmupMs = 1500;

        @Option(names = "--scenes", paramLabel = "SET",
                description = "standard, published or all (default: ${DEFAULT-VALUE}).")
        String scenes = "standard";

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (runs < 1 || threads < 1 || warmupMs < 0) {
                throw DiffInkException.badInput("--runs and --threads must be at least 1, --warmup-ms at least 0");
            }
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            List<RasterScenes.Spec> specs = switch (scenes) {
                case "standard" -> RasterScenes.STANDARD;
                case "published" -> List.of(RasterScenes.PUBLISHED);
                case "all" -> java.util.stream.Stream.concat(RasterScenes.STANDARD.stream(),
                        java.util.stream.Stream.of(RasterScenes.PUBLISHED)).toList();
                default -> throw DiffInkException.badInput("unknown --scenes '" + scenes
                        + "'; use standard, published or all");
            };
            int[] done = {0};
            err.println("diffink: timing " + specs.size() + " scenes on " + threads + " threads...");
            RasterBench.Run run = RasterBench.run(specs, threads, runs, warmupMs,
                    () -> err.println("diffink: " + ++done[0] + "/" + specs.size() + " scenes"));
            List<RasterBench.Timing> timings = run.timings();
            String backend = run.backend();
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode arr = mapper.createArrayNode();
                for (RasterBench.Timing t : timings) {
                    ObjectNode o = arr.addObject();
                    o.put("scene", t.scene());
                    o.put("canvas", t.canvas());
                    o.put("forward_ms", round(t.forwardMs()));
                    o.put("forward_backward_ms", round(t.forwardBackwardMs()));
                    if (!Double.isNaN(t.imageDiff())) {
                        // JSON has no infinity: a NaN in the backend's results comes out as null.
                        putFinite(o, "image_diff_vs_jvm", t.imageDiff());
                        putFinite(o, "gradient_diff_vs_jvm", t.gradientDiff());
                    }
                }
                ObjectNode root = mapper.createObjectNode();
                root.put("backend", backend);
                root.put("threads", threads);
                root.set("scenes", arr);
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else {
                out.printf("%-10s %-9s %12s %20s%n", "scene", "canvas", "forward ms", "forward+backward ms");
                for (RasterBench.Timing t : timings) {
                    out.printf("%-10s %-9s %12.2f %20.2f%n", t.scene(), t.canvas(), t.forwardMs(), t.forwardBackwardMs());
                }
            }
            out.flush();
            List<String> off = timings.stream().filter(t -> !t.matches()).map(t -> String.format(Locale.ROOT,
                    "%s %s (pixels %.3g, gradients %.3g)", t.scene(), t.canvas(), t.imageDiff(), t.gradientDiff()))
                    .toList();
            if (!off.isEmpty()) {
                err.println("diffink: " + backend + " does not compute what the JVM executor does on "
                        + String.join(", ", off) + ": its timings are not valid (tolerances: pixels "
                        + RasterBench.IMAGE_TOLERANCE + ", gradients " + RasterBench.GRADIENT_TOLERANCE
                        + " of the largest)");
                return 1;
            }
            return 0;
        }

        private static void putFinite(ObjectNode o, String name, double v) {
            if (Double.isFinite(v)) o.put(name, v);
            else o.putNull(name);
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }
}
