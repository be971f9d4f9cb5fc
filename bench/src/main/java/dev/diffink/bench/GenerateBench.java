package dev.diffink.bench;

import dev.diffink.generate.DiffusionModel;
import dev.diffink.generate.Generator;
import dev.diffink.models.BundledModels;
import dev.diffink.models.SyntheticScenes;
import dev.diffink.raster.Rasterizer;
import dev.diffink.score.ScorerModel;
import dev.diffink.vectorize.Vectorizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code diffink generate} measured (issue 6), with the bundled models and the command's defaults:
 * <ol>
 *   <li>held-out prompts: captions of synthetic scenes of a seed never trained on (424242) that
 *       are not among the 100,000 training captions of the diffusion model (seed 2), first N
 *       distinct ones;</li>
 *   <li>for each prompt, the whole pipeline; kept: the chosen candidate's bitmap, its trace-only
 *       SVG (fast preset, no refinement, same byte budget) and the final SVG;</li>
 *   <li>R-precision under the bundled scorer for each of the three: the share of prompts whose own
 *       caption scores above all of 32 distractors (other held-out captions);</li>
 *   <li>time per prompt and per stage (median, max).</li>
 * </ol>
 * Run: {@code MALLOC_ARENA_MAX=1 java --enable-native-access=ALL-UNNAMED -Ddiffink.home=. -cp
 * bench/target/benchmarks.jar dev.diffink.bench.GenerateBench [PROMPTS] [CANDIDATES] [ITERATIONS]}.
 * What could fool it: the same scorer picks the candidate and measures the result, so (a) is
 * better than a random candidate would be; the scorer's own R-precision on true scene pictures
 * (1.000, ScorerBench) is the ceiling.
 */
public final class GenerateBench {
    private GenerateBench() {}

    private static final Path ROOT = Path.of(System.getProperty("diffink.root", ".")).toAbsolutePath().normalize();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int candidates = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        Path out = ROOT.resolve("bench/target/generate");
        Files.createDirectories(out);
        List<String> prompts = heldOut(n);
        Path diffusionFile = BundledModels.diffusion().orElseThrow(() -> new IllegalStateException("no bundled denoiser"));
        Path scorerFile = BundledModels.scorer().orElseThrow(() -> new IllegalStateException("no bundled scorer"));
        int threads = Runtime.getRuntime().availableProcessors();
        try (DiffusionModel model = DiffusionModel.load(diffusionFile); ScorerModel scorer = ScorerModel.load(scorerFile)) {
            List<float[]> raw = new ArrayList<>(), traced = new ArrayList<>(), fin = new ArrayList<>();
            Map<String, List<Double>> stages = new LinkedHashMap<>();
            List<Double> psnr = new ArrayList<>(), bytes = new ArrayList<>();
            int side = 256;
            for (int i = 0; i < prompts.size(); i++) {
                String prompt = prompts.get(i);
                Vectorizer.Options d = Vectorizer.Options.of(Vectorizer.Preset.BALANCED);
                Vectorizer.Options vo = new Vectorizer.Options(d.colors(), d.paths(), iterations, side, 10_000, 600, 1,
                        threads, false, Vectorizer.Loss.L2);
                Generator.Settings s = new Generator.Settings(candidates, 40, 3.0, 1, side, 0.01f, 0, 7.5, vo);
                Generator.Result r = Generator.run(model, List.of(scorer), prompt, "", s, line -> { }, () -> false);
                raw.add(r.bitmap().rgba());
                Generator.Candidate kept = r.candidates().get(r.chosen());
                traced.add(render(kept.traceSvg(), side));
                fin.add(render(r.svg(), side));
                r.stageMillis().forEach((k, v) -> stages.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                psnr.add(r.psnr());
                bytes.add((double) r.bytes());
                Files.writeString(out.resolve(String.format(Locale.ROOT, "%02d.svg", i)), r.svg());
                System.out.printf(Locale.ROOT, "%2d/%d %-60s %5d B  PSNR %5.2f dB  similarity %.3f  %.1f s%n", i + 1,
                        prompts.size(), prompt, r.bytes(), r.psnr(), r.finalScore(), r.stageMillis().get("total") / 1000);
            }
            List<float[]> texts = prompts.stream().map(p -> scorer.embedText(scorer.tokenizer().encode(p))).toList();
            System.out.printf(Locale.ROOT, "R-precision under the bundled scorer, %d held-out prompts, 32 distractors: "
                    + "bitmaps %.3f, trace-only SVGs %.3f, final SVGs %.3f%n", prompts.size(),
                    rPrecision(scorer, raw, side, texts, prompts), rPrecision(scorer, traced, side, texts, prompts),
                    rPrecision(scorer, fin, side, texts, prompts));
            System.out.printf(Locale.ROOT, "final SVGs: median %.0f bytes, median PSNR to the bitmap %.2f dB%n",
                    median(bytes), median(psnr));
            System.out.printf(Locale.ROOT, "time per prompt (%d candidates, 40 steps, %d iterations, %d threads):%n",
                    candidates, iterations, threads);
            stages.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-26s median %7.2f s  max %7.2f s%n", k,
                    median(v) / 1000, v.stream().mapToDouble(Double::doubleValue).max().orElse(0) / 1000));
        }
    }

    static List<String> heldOut(int n) throws java.io.IOException {
        Rasterizer raster = new Rasterizer(1, 0.1f);
        Set<String> training = new HashSet<>();
        // The training captions: from the dataset train-diffusion.sh made, else rendered again.
        Path captions = ROOT.resolve("models/work/scenes-64-100k-seed2/captions.txt");
        if (Files.isRegularFile(captions)) {
            training.addAll(Files.readAllLines(captions, StandardCharsets.UTF_8));
        } else {
            SyntheticScenes train = new SyntheticScenes(64, 2);
            for (int i = 0; i < 100_000; i++) training.add(train.sample(i, raster).caption());
        }
        SyntheticScenes test = new SyntheticScenes(64, 424242);
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            String c = test.sample(i, raster).caption();
            if (!training.contains(c) && !out.contains(c)) out.add(c);
        }
        return out;
    }

    static double rPrecision(ScorerModel scorer, List<float[]> pictures, int side, List<float[]> texts,
            List<String> captions) {
        Random r = new Random(5);
        int hits = 0;
        for (int i = 0; i < pictures.size(); i++) {
            double own = scorer.scoreWhole(pictures.get(i), side, side, texts.get(i));
            boolean best = true;
            for (int drawn = 0; drawn < 32; ) {
                int j = r.nextInt(pictures.size());
                if (j == i || captions.get(j).equals(captions.get(i))) continue;
                drawn++;
                if (scorer.scoreWhole(pictures.get(i), side, side, texts.get(j)) >= own) best = false;
            }
            if (best) hits++;
        }
        return hits / (double) pictures.size();
    }

    private static float[] render(String svg, int side) {
        var scene = dev.diffink.svg.SvgImporter.importBytes(svg.getBytes(StandardCharsets.UTF_8), "bench",
                dev.diffink.svg.SvgImporter.Options.DEFAULT).scene();
        try (var renderer = new dev.diffink.render.Renderer(2)) {
            return renderer.render(scene, side, side, null);
        }
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length == 0 ? Double.NaN : a[a.length / 2];
    }
}
