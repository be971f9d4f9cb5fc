package dev.diffink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffink.models.BundledModels;
import dev.diffink.models.SyntheticScenes;
import dev.diffink.raster.Rasterizer;
import dev.diffink.score.ScorerLoss;
import dev.diffink.score.ScorerModel;
import dev.diffink.torch.TorchRuntime;
import dev.diffink.vectorize.ImageInput;
import dev.diffink.vectorize.Vectorizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The torch runtime and the bundled scorer, measured (issue 5):
 * <ol>
 *   <li>call overhead: a scorer's forward + backward on one 224x224 image from Java (FFM, shim,
 *       libtorch) against the same TorchScript file driven from Python's torch, in the same run,
 *       median of N; ratio Java / Python. Python is run with {@code /usr/bin/python3} when it has
 *       Debian's python3-torch (the libtorch the shim uses), else with {@code python3}.</li>
 *   <li>R-precision of the bundled scorer: 256 scenes from a seed never trained on, each scored
 *       against its own caption and 32 other captions; the share where its own is top-1.</li>
 *   <li>vectorize with pixel loss alone vs pixel + scorer loss at the same byte budget, on 16 of
 *       those scenes at 128 px: mean scorer similarity and PSNR of the written SVGs.</li>
 * </ol>
 * Run: {@code MALLOC_ARENA_MAX=1 java --enable-native-access=ALL-UNNAMED -Ddiffink.home=. -cp bench/target/benchmarks.jar
 * dev.diffink.bench.ScorerBench}. What could fool it: Python's time includes its interpreter
 * per op; Java's includes copying the image in and the gradient out; the first iterations (JIT,
 * libtorch's profiling executor) are dropped on both sides.
 */
public final class ScorerBench {
    private ScorerBench() {}

    private static final Path ROOT = Path.of(System.getProperty("diffink.root", ".")).toAbsolutePath().normalize();

    public static void main(String[] args) throws Exception {
        Path out = ROOT.resolve("bench/target/scorer");
        Files.createDirectories(out);
        TorchRuntime runtime = TorchRuntime.get();
        System.out.println("torch runtime: " + runtime);
        callOverhead(out, runtime);
        if (args.length > 0 && args[0].equals("call")) return;
        Path scorer = BundledModels.scorer().orElseThrow(() -> new IllegalStateException("no bundled scorer"));
        try (ScorerModel model = ScorerModel.load(scorer)) {
            rPrecision(model);
            float weight = args.length > 0 ? Float.parseFloat(args[0]) : 0.05f;
            int budget = args.length > 1 ? Integer.parseInt(args[1]) : 800;
            vectorizeWithScorer(model, weight, budget);
        }
    }

    static void callOverhead(Path out, TorchRuntime runtime) throws Exception {
        int size = 224;
        int iterations = 60;
        Path model = out.resolve("bench-scorer-224.pt");
        String python = debianTorch() ? "/usr/bin/python3" : "python3";
        String script = ROOT.resolve("bench/scripts/scorer_call.py").toString();
        for (int threads : new int[] {1, 2}) {
            List<String> cmd = new ArrayList<>(List.of(python, script, model.toString(), "" + size, "" + iterations,
                    "" + threads));
            if (threads == 1) cmd.add("--make");
            JsonNode py = new ObjectMapper().readTree(run(cmd, false));
            // Python again with the malloc settings the shim makes (see diffink_torch.cpp), for a like-for-like row.
            JsonNode pyTuned = new ObjectMapper().readTree(run(cmd.subList(0, 6), true));
            runtime.setThreads(threads);
            double javaMs;
            try (ScorerModel m = ScorerModel.load(model)) {
                Random r = new Random(1);
                float[] view = new float[3 * size * size];
                for (int i = 0; i < view.length; i++) view[i] = r.nextFloat();
                float[] text = new float[128];
                for (int i = 0; i < text.length; i++) text[i] = (float) r.nextGaussian();
                double n = 0;
                for (float t : text) n += t * t;
                for (int i = 0; i < text.length; i++) text[i] /= (float) Math.sqrt(n);
                float[] grad = new float[view.length];
                double[] times = new double[iterations];
                for (int i = 0; i < iterations + 3; i++) {
                    long t0 = System.nanoTime();
                    Arrays.fill(grad, 0f);
                    m.similarity(view, 1, text, grad, 1f);
                    if (i >= 3) times[i - 3] = (System.nanoTime() - t0) / 1e6;
                }
                if (Boolean.getBoolean("bench.trace")) System.out.println("  java times " + Arrays.toString(times));
                Arrays.sort(times);
                javaMs = times[iterations / 2];
            } finally {
                runtime.setThreads(1);
            }
            double pyMs = py.get("median_ms").asDouble();
            double pyTunedMs = pyTuned.get("median_ms").asDouble();
            System.out.printf(Locale.ROOT, "call overhead, %dx%d forward+backward, %d thread(s): Java %.2f ms, Python "
                    + "(torch %s) %.2f ms, ratio %.3f; Python with the shim's malloc settings %.2f ms, ratio %.3f%n",
                    size, size, threads, javaMs, py.get("torch").asText(), pyMs, javaMs / pyMs, pyTunedMs,
                    javaMs / pyTunedMs);
        }
    }

    static void rPrecision(ScorerModel model) {
        SyntheticScenes scenes = new SyntheticScenes(model.imageSize(), 424242);
        Rasterizer raster = new Rasterizer(1, 0.1f);
        int n = 256;
        int distractors = 32;
        List<String> captions = new ArrayList<>();
        List<float[]> pictures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SyntheticScenes.Sample s = scenes.sample(i, raster);
            captions.add(s.caption());
            pictures.add(premul(s.rgb()));
        }
        List<float[]> texts = captions.stream().map(c -> model.embedText(model.tokenizer().encode(c))).toList();
        Random r = new Random(5);
        int hits = 0;
        int size = model.imageSize();
        for (int i = 0; i < n; i++) {
            double own = model.scoreWhole(pictures.get(i), size, size, texts.get(i));
            boolean best = true;
            int drawn = 0;
            while (drawn < distractors) {
                int j = r.nextInt(n);
                if (j == i || captions.get(j).equals(captions.get(i))) continue;
                drawn++;
                if (model.scoreWhole(pictures.get(i), size, size, texts.get(j)) >= own) best = false;
            }
            if (best) hits++;
        }
        System.out.printf(Locale.ROOT, "bundled scorer R-precision: %d/%d = %.3f (top-1 among own caption + %d "
                + "distractors, scenes of seed 424242; training used seed 1)%n", hits, n, hits / (double) n, distractors);
    }

    static void vectorizeWithScorer(ScorerModel model, float weight, int budget) {
        SyntheticScenes scenes = new SyntheticScenes(128, 424242);
        Rasterizer raster = new Rasterizer(1, 0.1f);
        int n = 16;
        double[] sum = new double[4];
        for (int i = 0; i < n; i++) {
            SyntheticScenes.Sample s = scenes.sample(1000 + i, raster);
            ImageInput.Bitmap image = new ImageInput.Bitmap(128, 128, premul(s.rgb()), 128, 128);
            Vectorizer.Options d = Vectorizer.Options.of(Vectorizer.Preset.BALANCED);
            Vectorizer.Options o = new Vectorizer.Options(d.colors(), d.paths(), d.iterations(), d.workSize(), budget,
                    d.maxSeconds(), d.seed(), 2, d.quick(), d.loss());
            ScorerLoss probe = new ScorerLoss(List.of(new ScorerLoss.Term(model, s.caption(), weight)), 4, 1);
            Vectorizer.Result plain = Vectorizer.run(image, o, null, line -> {}, () -> false);
            Vectorizer.Result scored = Vectorizer.run(image, o, probe, line -> {}, () -> false);
            double plainScore = probe.scoreWhole(render(plain.svg()), 128, 128)[0];
            sum[0] += plainScore;
            sum[1] += scored.scores()[0];
            sum[2] += plain.psnr();
            sum[3] += scored.psnr();
            System.out.printf(Locale.ROOT, "  %-60s pixel: %.4f %5.2f dB %5d B | pixel+scorer: %.4f %5.2f dB %5d B%n",
                    s.caption(), plainScore, plain.psnr(), plain.bytes(), scored.scores()[0], scored.psnr(), scored.bytes());
        }
        System.out.printf(Locale.ROOT, "vectorize under %d bytes, 16 scenes, scorer weight %.3f: mean similarity %.4f "
                + "(pixel loss) vs %.4f (pixel + scorer); mean PSNR %.2f vs %.2f dB%n", budget, weight, sum[0] / n,
                sum[1] / n, sum[2] / n, sum[3] / n);
    }

    private static float[] render(String svg) {
        var scene = dev.diffink.svg.SvgImporter.importBytes(svg.getBytes(StandardCharsets.UTF_8), "bench",
                dev.diffink.svg.SvgImporter.Options.DEFAULT).scene();
        try (var renderer = new dev.diffink.render.Renderer(2)) {
            return renderer.render(scene, 128, 128, null);
        }
    }

    private static float[] premul(byte[] rgb) {
        float[] out = new float[rgb.length / 3 * 4];
        for (int p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
            out[q] = (rgb[p] & 0xff) / 255f;
            out[q + 1] = (rgb[p + 1] & 0xff) / 255f;
            out[q + 2] = (rgb[p + 2] & 0xff) / 255f;
            out[q + 3] = 1f;
        }
        return out;
    }

    private static boolean debianTorch() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(List<String> cmd, boolean shimMalloc) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("MALLOC_MMAP_THRESHOLD_");
        pb.environment().remove("MALLOC_TRIM_THRESHOLD_");
        if (shimMalloc) {
            pb.environment().put("MALLOC_MMAP_THRESHOLD_", Integer.toString(256 << 20));
            pb.environment().put("MALLOC_TRIM_THRESHOLD_", Integer.toString(512 << 20));
        }
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed");
        return text.strip();
    }
}
