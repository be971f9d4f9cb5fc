package dev.diffink.bench;

import dev.diffink.compress.Compressor;
import dev.diffink.render.RsvgReference;
import dev.diffink.scene.Scene;
import dev.diffink.render.Renderer;
import dev.diffink.svg.SvgImporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The compressor against SVGO 4 (default preset) in one run, on two sets: (a) the hand-made emoji
 * SVGs of the shared corpus, (b) vtracer's outputs for the corpus PNGs ({@code @neplex/vectorizer},
 * default settings). Reports total bytes and gzip -9 bytes per tool, DiffInk's single-core
 * throughput, and the render fidelity of both tools' outputs: the largest per-channel difference
 * between input and output renders at 1x and 4x the natural size, with DiffInk's renderer (at the
 * check tolerance) and with rsvg-convert, plus the rsvg difference beyond rsvg's own error (how much
 * farther the output's render is from an 8x supersampled render of the input than the input's own
 * render is), and the number of files over 2/255. DiffInk runs without its render check here (the
 * lossless passes only), so the numbers are the passes' own.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.diffink.bench.CompressBench [corpus]}.
 * Needs node and npm (the peers install into {@code bench/peers}) and {@code rsvg-convert}.
 * Outputs go to {@code bench/target/compress/}.
 */
public final class CompressBench {
    private CompressBench() {}

    private static final Path ROOT = Path.of(System.getProperty("diffink.root", ".")).toAbsolutePath().normalize();

    public static void main(String[] args) throws Exception {
        Path corpus = args.length > 0 ? Path.of(args[0]) : ROOT.resolve("../shared/corpus");
        Path out = ROOT.resolve("bench/target/compress");
        Path peers = ROOT.resolve("bench/peers");
        Files.createDirectories(out);
        if (!Files.isDirectory(peers.resolve("node_modules"))) {
            exec(peers, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
        }
        Path emoji = out.resolve("emoji");
        copySvgs(corpus, emoji);
        Path vtracer = out.resolve("vtracer");
        if (!Files.isDirectory(vtracer)) exec(peers, "node", "vtrace-dir.mjs", corpus.toString(), vtracer.toString());
        StringBuilder table = new StringBuilder();
        table.append("| set | files | input | SVGO 4 | DiffInk | DiffInk / SVGO | gzip -9: SVGO | gzip -9: DiffInk |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder fidelity = new StringBuilder();
        fidelity.append("| set | tool | max diff 1x / 4x, DiffInk render | max diff 1x / 4x, rsvg | beyond rsvg's own "
                + "error 1x / 4x | files over 2/255 |\n");
        fidelity.append("|---|---|---:|---:|---:|---:|\n");
        long totalIn = 0;
        double totalSeconds = 0;
        StringBuilder perSet = new StringBuilder();
        for (Path set : List.of(emoji, vtracer)) {
            Path svgoOut = out.resolve("svgo-" + set.getFileName());
            Path oursOut = out.resolve("diffink-" + set.getFileName());
            Files.createDirectories(oursOut);
            exec(peers, "node", "svgo-dir.mjs", set.toString(), svgoOut.toString());
            List<Path> files;
            try (var s = Files.list(set)) {
                files = s.filter(p -> p.toString().endsWith(".svg")).sorted().toList();
            }
            long in = 0, svgo = 0, ours = 0, gzSvgo = 0, gzOurs = 0;
            List<byte[]> inputs = new ArrayList<>();
            for (Path f : files) inputs.add(Files.readAllBytes(f));
            // Throughput: warm the JIT for a few seconds, then time the compressor alone on one
            // thread over the whole set, five times; the median counts.
            // Each timed run passes over the set as often as fits half a second, so that a
            // collection or a tick of the clock cannot dominate a set of small files.
            long warmStart = System.nanoTime(), warmEnd = warmStart + 4_000_000_000L;
            int passes = 0;
            while (System.nanoTime() < warmEnd) {
                for (int i = 0; i < files.size(); i++) {
                    Compressor.compress(inputs.get(i), files.get(i).toString(), Compressor.Options.lossless());
                }
                passes++;
            }
            int reps = (int) Math.max(1, Math.ceil(0.5e9 / ((System.nanoTime() - warmStart) / (double) passes)));
            List<String> results = new ArrayList<>();
            double[] runs = new double[5];
            for (int run = 0; run < runs.length; run++) {
                long t0 = System.nanoTime();
                for (int rep = 0; rep < reps; rep++) {
                    results.clear();
                    for (int i = 0; i < files.size(); i++) {
                        results.add(Compressor.compress(inputs.get(i), files.get(i).toString(),
                                Compressor.Options.lossless()).svg());
                    }
                }
                runs[run] = (System.nanoTime() - t0) / 1e9 / reps;
            }
            java.util.Arrays.sort(runs);
            double seconds = runs[runs.length / 2];
            Fidelity fidOurs = new Fidelity(), fidSvgo = new Fidelity();
            try (Renderer renderer = new Renderer(Runtime.getRuntime().availableProcessors(), Renderer.CHECK_TOLERANCE)) {
                for (int i = 0; i < files.size(); i++) {
                    Path f = files.get(i);
                    byte[] input = inputs.get(i);
                    byte[] svgoBytes = Files.readAllBytes(svgoOut.resolve(f.getFileName()));
                    byte[] oursBytes = results.get(i).getBytes(StandardCharsets.UTF_8);
                    Files.write(oursOut.resolve(f.getFileName()), oursBytes);
                    in += input.length;
                    svgo += svgoBytes.length;
                    ours += oursBytes.length;
                    gzSvgo += gzip(svgoBytes);
                    gzOurs += gzip(oursBytes);
                    fidOurs.add(renderer, f.getFileName() + " (DiffInk)", input, oursBytes);
                    fidSvgo.add(renderer, f.getFileName() + " (SVGO)", input, svgoBytes);
                }
            }
            totalIn += in;
            totalSeconds += seconds;
            perSet.append(String.format(Locale.ROOT, "throughput on %s: %.2f MB/s (%,d bytes in %.3f s, median of 5)%n",
                    set.getFileName(), in / 1e6 / seconds, in, seconds));
            table.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,d | **%.3f** | %,d | %,d (%.3f) |%n",
                    set.getFileName(), files.size(), in, svgo, ours, ours / (double) svgo, gzSvgo, gzOurs,
                    gzOurs / (double) gzSvgo));
            fidelity.append(fidOurs.row(set.getFileName() + "", "DiffInk"));
            fidelity.append(fidSvgo.row(set.getFileName() + "", "SVGO 4"));
        }
        System.out.println(table);
        System.out.println(fidelity);
        System.out.print(perSet);
        System.out.printf(Locale.ROOT, "throughput: %.2f MB/s of SVG input on one core (%,d bytes in %.2f s)%n",
                totalIn / 1e6 / totalSeconds, totalIn, totalSeconds);
    }

    /**
     * Render equivalence of outputs with their inputs over a set: DiffInk's renderer (at the check
     * tolerance) and rsvg-convert, at 1x and 4x the natural size, in 1/255.
     */
    static final class Fidelity {
        double ours1, ours4, rsvg1, rsvg4, excess1, excess4;
        int over;

        void add(Renderer renderer, String name, byte[] input, byte[] output) {
            String a = new String(input, StandardCharsets.UTF_8), b = new String(output, StandardCharsets.UTF_8);
            Scene sa = SvgImporter.importBytes(input, name, SvgImporter.Options.DEFAULT).scene();
            Scene sb = SvgImporter.importBytes(output, name, SvgImporter.Options.DEFAULT).scene();
            double[] o = new double[2];
            RsvgReference.Comparison[] r = new RsvgReference.Comparison[2];
            for (int k = 0; k < 2; k++) {
                int scale = k == 0 ? 1 : 4;
                int w = (int) Math.max(1, Math.round(sa.width() * scale)), h = (int) Math.max(1, Math.round(sa.height() * scale));
                o[k] = Compressor.maxDiff(renderer.render(sa, w, h, null), renderer.render(sb, w, h, null));
                r[k] = RsvgReference.compare(a, b, w, h);
            }
            ours1 = Math.max(ours1, o[0]);
            ours4 = Math.max(ours4, o[1]);
            rsvg1 = Math.max(rsvg1, r[0].maxDiff());
            rsvg4 = Math.max(rsvg4, r[1].maxDiff());
            excess1 = Math.max(excess1, r[0].maxExcess());
            excess4 = Math.max(excess4, r[1].maxExcess());
            if (Math.max(o[0], o[1]) > 2 || Math.max(r[0].maxExcess(), r[1].maxExcess()) > 2) {
                over++;
                System.err.printf(Locale.ROOT, "over 2/255: %s: DiffInk render %.1f/%.1f, rsvg %.0f/%.0f, beyond rsvg's "
                        + "error %.1f/%.1f%n", name, o[0], o[1], r[0].maxDiff(), r[1].maxDiff(), r[0].maxExcess(),
                        r[1].maxExcess());
            }
        }

        String row(String set, String tool) {
            return String.format(Locale.ROOT, "| %s | %s | %.1f / %.1f | %.0f / %.0f | %.1f / %.1f | %d |%n", set, tool,
                    ours1, ours4, rsvg1, rsvg4, excess1, excess4, over);
        }
    }

    static long gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(data);
        }
        return bytes.size();
    }

    private static void copySvgs(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".svg")).toList()) {
                Files.copy(p, to.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void exec(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
    }
}
