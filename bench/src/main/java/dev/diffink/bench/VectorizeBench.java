package dev.diffink.bench;

import dev.diffink.render.RsvgReference;
import dev.diffink.vectorize.ImageInput;
import dev.diffink.vectorize.Quality;
import dev.diffink.vectorize.Vectorizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code diffink vectorize} against vtracer on the corpus PNGs, under one byte budget, in one run.
 * Every SVG is rendered by rsvg-convert at the PNG's size and compared with the PNG on white:
 * PSNR over RGB and SSIM of luma. vtracer ({@code @neplex/vectorizer}) runs in spline and in
 * polygon mode, each from its most detailed settings towards coarser ones until the SVG fits; the
 * better of the two per image counts. Rows: medians per category (flat: the emoji, photos: the
 * photo_ files), with median bytes and seconds per image; DiffInk also at exactly the bytes vtracer
 * used for each image (the like-for-like comparison), and at 2, 5 and 10 KB (rate-distortion).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.diffink.bench.VectorizeBench [corpus]}
 * (needs node, npm and rsvg-convert). Outputs go to {@code bench/target/vectorize/}. What could
 * fool it: rsvg samples coverage on sub-rows (edges differ from an exact render by a few 1/255);
 * timings of DiffInk include the JIT's warm-up on the first images.
 */
public final class VectorizeBench {
    private VectorizeBench() {}

    private static final Path ROOT = Path.of(System.getProperty("diffink.root", ".")).toAbsolutePath().normalize();

    record Score(double psnr, double ssim, int bytes, double seconds) {}

    public static void main(String[] args) throws Exception {
        Path corpus = args.length > 0 ? Path.of(args[0]) : ROOT.resolve("../shared/corpus");
        int budget = 10_000;
        Path out = ROOT.resolve("bench/target/vectorize");
        Path peers = ROOT.resolve("bench/peers");
        Files.createDirectories(out);
        if (!Files.isDirectory(peers.resolve("node_modules"))) {
            CompressBench.exec(peers, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
        }
        long tv = System.nanoTime();
        CompressBench.exec(peers, "node", "vtrace-ladder.mjs", corpus.toString(), out.resolve("vtracer").toString(),
                Integer.toString(budget));
        double vtracerSeconds = (System.nanoTime() - tv) / 1e9;
        List<Path> pngs;
        try (var s = Files.list(corpus)) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        Map<String, List<Score>> scores = new LinkedHashMap<>();
        int threads = Runtime.getRuntime().availableProcessors();
        for (Path png : pngs) {
            String name = png.getFileName().toString().replace(".png", "");
            String cat = name.startsWith("photo_") ? "photos" : "flat";
            ImageInput.Bitmap full = ImageInput.read(png, 1 << 14);
            int w = full.width(), h = full.height();
            // vtracer: the better of spline and polygon.
            Score vt = null;
            for (String mode : List.of("spline", "polygon")) {
                Path svg = out.resolve("vtracer").resolve(mode).resolve(name + ".svg");
                Score s = score(Files.readString(svg), full, w, h, vtracerSeconds / pngs.size() / 2);
                if (s.bytes() <= budget && (vt == null || s.psnr() > vt.psnr()) || vt == null) vt = s;
            }
            scores.computeIfAbsent(cat + "|vtracer (best fitting setting)", k -> new ArrayList<>()).add(vt);
            int peerBytes = Math.max(500, vt.bytes());
            for (Vectorizer.Preset preset : List.of(Vectorizer.Preset.FAST, Vectorizer.Preset.BALANCED)) {
                for (int b : preset == Vectorizer.Preset.BALANCED ? new int[] {2000, 5000, budget, -peerBytes}
                        : new int[] {budget, -peerBytes}) {
                    boolean matched = b < 0;
                    b = Math.abs(b);
                    Vectorizer.Options d = Vectorizer.Options.of(preset);
                    Vectorizer.Options o = new Vectorizer.Options(d.colors(), d.paths(), d.iterations(), d.workSize(), b,
                            d.maxSeconds(), d.seed(), threads, d.quick(), d.loss());
                    long t0 = System.nanoTime();
                    ImageInput.Bitmap work = ImageInput.read(png, o.workSize());
                    Vectorizer.Result r = Vectorizer.run(work, o, line -> { }, () -> false);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    Path dir = out.resolve("diffink-" + preset.name().toLowerCase(Locale.ROOT) + "-" + (matched ? "peer" : b));
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve(name + ".svg"), r.svg());
                    String label = "DiffInk " + preset.name().toLowerCase(Locale.ROOT) + (matched ? " @ vtracer's bytes"
                            : b == budget ? "" : " @" + b / 1000 + " KB");
                    scores.computeIfAbsent(cat + "|" + label, k -> new ArrayList<>()).add(score(r.svg(), full, w, h, seconds));
                }
            }
            System.err.println("vectorize bench: " + name);
        }
        StringBuilder table = new StringBuilder();
        table.append("| images | tool | median PSNR | median SSIM | median bytes | max bytes | median s/image |\n");
        table.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (var e : scores.entrySet()) {
            String[] key = e.getKey().split("\\|");
            List<Score> list = e.getValue();
            table.append(String.format(Locale.ROOT, "| %s (%d) | %s | %.2f dB | %.4f | %,d | %,d | %.2f |%n", key[0],
                    list.size(), key[1], median(list.stream().mapToDouble(Score::psnr).toArray()),
                    median(list.stream().mapToDouble(Score::ssim).toArray()),
                    (int) median(list.stream().mapToDouble(Score::bytes).toArray()),
                    list.stream().mapToInt(Score::bytes).max().orElse(0),
                    median(list.stream().mapToDouble(Score::seconds).toArray())));
        }
        System.out.println(table);
    }

    static Score score(String svg, ImageInput.Bitmap reference, int w, int h, double seconds) {
        float[] rendered = RsvgReference.render(svg, w, h);
        return new Score(Quality.psnr(rendered, reference.rgba()), Quality.ssim(rendered, reference.rgba(), w, h),
                svg.getBytes(StandardCharsets.UTF_8).length, seconds);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
