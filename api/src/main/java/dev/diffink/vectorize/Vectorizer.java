package dev.diffink.vectorize;

import dev.diffink.DiffInkException;
import dev.diffink.compress.CompressException;
import dev.diffink.compress.Compressor;
import dev.diffink.compress.SvgParser;
import dev.diffink.raster.Rasterizer;
import dev.diffink.raster.PackedScene;
import dev.diffink.render.CheckRenderer;
import dev.diffink.render.Renderer;
import dev.diffink.svg.SvgImporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import dev.diffink.score.ScorerLoss;
import java.util.function.Consumer;

/**
 * Bitmap to SVG: colour quantisation, stacked-layer trace, selection of the shapes that fit the
 * byte budget, refinement through the differentiable rasterizer, then the compressor, which
 * guarantees the budget.
 */
public final class Vectorizer {
    private Vectorizer() {}

    /** The pixel loss the refinement minimises. */
    public enum Loss {
        L2, L1,
        /** L2 plus a structure term: {@link Refiner#STRUCTURE_WEIGHT} x (1 - SSIM of the luma). */
        SSIM
    }

    /** Named settings; explicit options override them. */
    public enum Preset {
        // Fast refines with the structure term: at vtracer's bytes on the corpus photos it kept PSNR
        // (21.06 dB median, L2: 21.06) and raised SSIM from 0.636 to 0.659 (vtracer: 0.656).
        // Best: 16 colours and the structure term beat 20 and 24 colours, with or without it, on
        // flat images and on photo SSIM (README, Performance: the best preset).
        FAST(12, 60, 256, true, Loss.SSIM), BALANCED(16, 150, 256, false, Loss.L2), BEST(16, 400, 384, false, Loss.SSIM);

        final int colors, iterations, workSize;
        final boolean quick;
        final Loss loss;

        Preset(int colors, int iterations, int workSize, boolean quick, Loss loss) {
            this.colors = colors;
            this.iterations = iterations;
            this.workSize = workSize;
            this.quick = quick;
            this.loss = loss;
        }

        /** The pixel loss this preset refines with. */
        public Loss loss() {
            return loss;
        }
    }

    /**
     * @param colors     palette size
     * @param paths      most shapes
     * @param iterations refinement steps (0: the trace alone)
     * @param workSize   longest side of the working resolution, pixels
     * @param maxBytes   byte budget of the written SVG
     * @param maxSeconds stop refining after this long (the best so far is written)
     * @param seed       random seed (k-means seeding)
     * @param threads    rasterizer threads
     * @param quick      try fewer outline tolerances (the fast preset)
     * @param loss       pixel loss of the refinement
     */
    public record Options(int colors, int paths, int iterations, int workSize, int maxBytes, double maxSeconds,
            long seed, int threads, boolean quick, Loss loss) {
        public Options {
            if (colors < 1 || colors > 256) throw DiffInkException.badInput("--colors must be 1 to 256");
            if (paths < 1) throw DiffInkException.badInput("--paths must be at least 1");
            if (iterations < 0) throw DiffInkException.badInput("--iterations must be at least 0");
            if (workSize < 16 || workSize > 2048) throw DiffInkException.badInput("--work-size must be 16 to 2048");
            if (maxBytes < 200) throw DiffInkException.badInput("--max-bytes must be at least 200");
            if (!(maxSeconds > 0)) throw DiffInkException.badInput("--max-seconds must be positive");
            if (threads < 1) throw DiffInkException.badInput("--threads must be at least 1");
            if (loss == null) loss = Loss.L2;
        }

        public static Options of(Preset p) {
            return new Options(p.colors, 4000, p.iterations, p.workSize, 10_000, 600, 1,
                    Runtime.getRuntime().availableProcessors(), p.quick, p.loss);
        }
    }

    /** What was made and how well it matches (PSNR and SSIM at the working size, on white). */
    public record Result(String svg, int bytes, double psnr, double ssim, int paths, int iterations,
            Map<String, Double> stageMillis, double[] scores) {}

    /** Decimals of coordinates in working pixels. */
    static final int DECIMALS = 1;

    public static Result run(ImageInput.Bitmap image, Options o, Consumer<String> progress, BooleanSupplier stop) {
        return run(image, o, null, progress, stop);
    }

    /**
     * Vectorises with an optional scorer ensemble in the refinement loss (pixel loss plus
     * {@code sum w_i (1 - cos_i)}); the result then carries each scorer's final similarity.
     */
    public static Result run(ImageInput.Bitmap image, Options o, ScorerLoss scorer, Consumer<String> progress,
            BooleanSupplier stop) {
        Map<String, Double> ms = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (o.maxSeconds() * 1e9);
        BooleanSupplier halt = () -> stop.getAsBoolean() || System.nanoTime() > deadline;

        // Two labelings: of the image, and of a blurred copy, whose regions have smoother, cheaper
        // outlines (what noisy images such as photos need); the ladder below decides.
        List<Palette> palettes = new ArrayList<>();
        for (ImageInput.Bitmap source : List.of(image, ImageInput.blurred(image, 2))) {
            Palette p = Palette.of(source, o.colors(), o.seed());
            p.smooth(image.width(), image.height(), 3);
            palettes.add(p);
        }
        long t1 = System.nanoTime();
        ms.put("quantize", (t1 - t0) / 1e6);
        try (Rasterizer raster = dev.diffink.render.Backend.rasterizer(o.threads(), Rasterizer.DEFAULT_TOLERANCE)) {
            List<Trace> traces = traceAll(image, palettes, o);
            Choice choice = choose(image, palettes, traces, o, raster, 1.0);
            if (!o.quick() && o.iterations() > 0 && 10 * Math.log10(1 / choice.error()) < 25) {
                // A trace this far off (photos, fine texture) gains more from shapes added where the
                // error is largest than from the smallest traced ones: keep a fifth of the budget for
                // them (measured on the corpus photos: +0.6 dB PSNR and +0.03 SSIM at 10 KB; on flat
                // images, where traces are close, it cost 0.2-1.6 dB, so it is not done there).
                choice = choose(image, palettes, traces, o, raster, 0.8);
            }
            Drawing drawing = choice.drawing();
            long t2 = System.nanoTime();
            ms.put("trace", (t2 - t1) / 1e6);
            progress.accept(String.format(Locale.ROOT, "%d colours, %d shapes traced, fitted by %s at %.1f px, %d kept "
                    + "for the %d-byte budget", choice.colours(), choice.traced(), choice.fitter(), choice.tolerance(),
                    drawing.shapes.size(), o.maxBytes()));

            int iterations = 0;
            if (o.iterations() > 0 && !drawing.shapes.isEmpty()) {
                Rasterizer.Target target = Rasterizer.Target.copyOf(image.rgba());
                iterations += refine(drawing, image, target, raster, o.iterations(), 1f, o, scorer, halt, progress);
                // Where the picture is still wrong and bytes are left, add shapes and refine again.
                for (int round = 0; round < 2 && !halt.getAsBoolean(); round++) {
                    int added = addWhereWrong(drawing, image, raster, o);
                    if (added == 0) break;
                    progress.accept(added + " shapes added where the error is largest");
                    iterations += refine(drawing, image, target, raster, Math.max(10, o.iterations() / 3), 0.5f, o,
                            scorer,
                            halt, progress);
                }
                // Refined points need their decimals: if the drawing no longer fits, drop the
                // smallest shapes and let the rest adjust for a few more steps.
                if (trim(drawing, image, raster, o, halt) > 0 && !halt.getAsBoolean()) {
                    iterations += refine(drawing, image, target, raster, Math.max(10, o.iterations() / 5), 0.25f, o,
                            scorer,
                            halt, progress);
                    trim(drawing, image, raster, o, halt);
                }
            }
            int pruned = prune(drawing);
            if (pruned > 0) progress.accept(pruned + " shapes pruned (collapsed or transparent after refinement)");
            ms.put("refine", (System.nanoTime() - t2) / 1e6);
            return finish(drawing, image, o, iterations, ms, scorer, progress);
        }
    }

    /** The trace the ladder kept, and how it was made. */
    record Choice(Drawing drawing, int colours, int traced, double tolerance, String fitter, double error) {}

    /** One way of outlining the image: a labeling, a fitter and a tolerance, with its outlines. */
    record Trace(int palette, boolean polygon, double tolerance, List<Tracer.Traced> traced) {}

    /**
     * Every labeling's outlines fitted at several tolerances with both fitters, on
     * {@code o.threads()} threads; in a fixed order, whatever the thread count.
     */
    static List<Trace> traceAll(ImageInput.Bitmap image, List<Palette> palettes, Options o) {
        return inParallel(o.threads(), pool -> {
            // Each task waits only on tasks queued before it (its labeling's regions), so a pool of
            // any size finishes them all.
            List<Future<Trace>> traces = new ArrayList<>();
            for (int p = 0; p < palettes.size(); p++) {
                int labeling = p;
                Palette palette = palettes.get(p);
                Future<List<Tracer.Component>> regions = pool.submit(() -> Tracer.components(image, palette, MIN_AREA));
                for (boolean polygon : new boolean[] {false, true}) {
                    for (double tolerance : o.quick() ? QUICK_TOLERANCES : TOLERANCES) {
                        traces.add(pool.submit(() -> new Trace(labeling, polygon, tolerance,
                                Tracer.fit(regions.get(), tolerance, polygon))));
                    }
                }
            }
            return traces;
        });
    }

    /**
     * Finer outlines cost bytes that more shapes could use: each trace is cut to {@code fill} of
     * the budget (on {@code o.threads()} threads), and the one whose render is closest to the
     * image is kept (compared in a fixed order).
     */
    static Choice choose(ImageInput.Bitmap image, List<Palette> palettes, List<Trace> traces, Options o,
            Rasterizer raster, double fill) {
        List<Drawing> drawings = inParallel(o.threads(), pool -> {
            List<Future<Drawing>> fits = new ArrayList<>();
            for (Trace t : traces) fits.add(pool.submit(() -> fit(image, t.traced(), o, fill)));
            return fits;
        });
        float[] rendered = new float[image.rgba().length];
        Choice best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (int i = 0; i < traces.size(); i++) {
            Trace t = traces.get(i);
            Drawing candidate = drawings.get(i);
            raster.render(candidate.pack(), rendered);
            double error = Compressor.mse(rendered, image.rgba());
            if (error < bestError) {
                bestError = error;
                best = new Choice(candidate, palettes.get(t.palette()).size(), t.traced().size(), t.tolerance(),
                        (t.polygon() ? "vertices" : "least squares") + (t.palette() == 0 ? "" : " (blurred labels)"),
                        error);
            }
        }
        return best;
    }

    /**
     * The results of the tasks {@code submit} queues on a pool of {@code threads}, in queue order.
     * A task's failure is rethrown as it was thrown (tasks that wait on other tasks wrap it), and
     * the tasks still queued are cancelled.
     */
    static <T> List<T> inParallel(int threads,
            java.util.function.Function<ExecutorService, List<Future<T>>> submit) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : submit.apply(pool)) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e;
            while (cause instanceof ExecutionException && cause.getCause() != null) cause = cause.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    static final double[] TOLERANCES = {0.8, 1.5, 2.5, 4, 7, 12};
    static final double[] QUICK_TOLERANCES = {1.5, 4};
    static final double MIN_AREA = 3;

    /** Refines in place; {@code rate} scales the step sizes (a second, settling pass takes small steps). */
    private static int refine(Drawing drawing, ImageInput.Bitmap image, Rasterizer.Target target, Rasterizer raster,
            int iterations, float rate, Options o, ScorerLoss scorer, BooleanSupplier halt,
            Consumer<String> progress) {
        PackedScene scene = drawing.pack();
        Refiner.Outcome r = Refiner.refine(scene, image.rgba(), target, raster, iterations, new Refiner.Rates(
                rate * 0.35f * Math.max(image.width(), image.height()) / 256f, rate * 0.01f), DECIMALS, o.loss(), scorer, halt);
        drawing.readBack(scene);
        progress.accept(String.format(Locale.ROOT, "refined %d iterations: PSNR %.2f -> %.2f dB (premultiplied)",
                r.iterations(), 10 * Math.log10(1 / r.lossBefore()), 10 * Math.log10(1 / r.lossAfter())));
        return r.iterations();
    }

    /**
     * Adds shapes over the largest regions the drawing still gets wrong (as LIVE adds paths
     * layer by layer): the connected regions where the render is off by more than 0.15 (summed
     * over premultiplied RGBA), largest first, each traced and filled with its mean colour, while
     * the written size stays under 90% of the budget. Returns how many were added.
     */
    static int addWhereWrong(Drawing drawing, ImageInput.Bitmap image, Rasterizer raster, Options o) {
        int w = image.width(), h = image.height();
        int bytes = writtenBytes(drawing, image);
        if (bytes > 0.85 * o.maxBytes() || drawing.shapes.size() >= o.paths()) return 0;
        float[] rendered = new float[image.rgba().length], target = image.rgba();
        raster.render(drawing.pack(), rendered);
        boolean[] wrong = new boolean[w * h];
        for (int i = 0; i < w * h; i++) {
            float e = 0;
            for (int c = 0; c < 4; c++) e += Math.abs(rendered[4 * i + c] - target[4 * i + c]);
            wrong[i] = e > 0.15f;
        }
        List<double[]> outlines = new ArrayList<>();
        for (int[] loop : Contours.trace(wrong, w, h)) {
            double[] corners = new double[loop.length];
            for (int i = 0; i < loop.length; i++) corners[i] = loop[i];
            if (Contours.area(corners) >= 4 * MIN_AREA) outlines.add(Contours.smoothed(loop));
        }
        outlines.sort(Comparator.comparingDouble((double[] l) -> -Contours.area(l)));
        int added = 0, budget = (int) (0.9 * o.maxBytes()) - bytes;
        for (double[] outline : outlines) {
            if (added >= 16 || drawing.shapes.size() >= o.paths()) break;
            // Mean colour of the target inside the outline's bounding box pixels that are wrong and inside.
            double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -1, maxY = -1;
            for (int i = 0; i < outline.length; i += 2) {
                minX = Math.min(minX, outline[i]);
                maxX = Math.max(maxX, outline[i]);
                minY = Math.min(minY, outline[i + 1]);
                maxY = Math.max(maxY, outline[i + 1]);
            }
            double r = 0, g = 0, b = 0, a = 0;
            int n = 0;
            for (int y = (int) minY; y < Math.min(h, (int) Math.ceil(maxY)); y++) {
                for (int x = (int) minX; x < Math.min(w, (int) Math.ceil(maxX)); x++) {
                    if (!wrong[y * w + x] || !Contours.contains(outline, x + 0.5, y + 0.5)) continue;
                    int i = 4 * (y * w + x);
                    r += target[i];
                    g += target[i + 1];
                    b += target[i + 2];
                    a += target[i + 3];
                    n++;
                }
            }
            if (n == 0 || a / n < 0.5) continue;
            float[] colour = {(float) (r / a), (float) (g / a), (float) (b / a), 1f};
            List<float[]> loops = new ArrayList<>();
            double[] fitted = CurveFit.fit(outline, 1.5);
            float[] f = new float[fitted.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) fitted[i];
            loops.add(f);
            Drawing.Shape shape = new Drawing.Shape(colour, loops);
            int cost = Drawing.bytes(shape, DECIMALS);
            if (cost > budget) continue;
            budget -= cost;
            drawing.shapes.add(shape);
            added++;
        }
        return added;
    }

    /** Removes shapes that stopped contributing: collapsed below the minimum area, or nearly transparent. */
    static int prune(Drawing drawing) {
        int before = drawing.shapes.size();
        drawing.shapes.removeIf(sh -> Drawing.area(sh) < MIN_AREA || sh.color()[3] < 0.02f);
        return before - drawing.shapes.size();
    }

    /** Most shapes {@link #trim} weighs by rendering: beyond, only the smallest by area are candidates. */
    static final int TRIM_CANDIDATES = 128;

    /**
     * Drops shapes (never the first) until the drawing's real size fits; returns how many. The
     * shapes that go are those whose removal adds the least error per byte it saves, each weighed
     * by rendering the drawing without it: the smallest shapes are not always the cheapest to
     * lose (a small, bright window or highlight can matter more than a large shape close to its
     * neighbours' colour), and ranking by area alone made the choice fragile, so that tiny
     * numeric differences picked a different shape to drop.
     */
    static int trim(Drawing drawing, ImageInput.Bitmap image, Rasterizer raster, Options o, BooleanSupplier halt) {
        int removed = 0;
        float[] rendered = new float[image.rgba().length];
        for (int round = 0; round < 32 && !halt.getAsBoolean(); round++) {
            int bytes = writtenBytes(drawing, image);
            if (bytes <= o.maxBytes() || drawing.shapes.size() <= 1) return removed;
            double excess = excess(drawing, bytes, o);
            List<Drawing.Shape> candidates = new ArrayList<>(drawing.shapes.subList(1, drawing.shapes.size()));
            if (candidates.size() > TRIM_CANDIDATES) {
                candidates.sort(Comparator.comparingDouble(Drawing::area));
                candidates = new ArrayList<>(candidates.subList(0, TRIM_CANDIDATES));
            }
            double base = error(drawing.shapes, drawing, image, raster, rendered);
            Map<Drawing.Shape, Double> lost = new IdentityHashMap<>();
            Map<Drawing.Shape, Integer> size = new IdentityHashMap<>();
            for (Drawing.Shape candidate : candidates) {
                lost.put(candidate, error(without(drawing.shapes, List.of(candidate)), drawing, image, raster, rendered)
                        - base);
                size.put(candidate, Math.max(1, Drawing.bytes(candidate, DECIMALS)));
            }
            // Cover the excess at the least added error: walking the shapes by error per byte, each
            // prefix of the ones that leave some excess, completed by one shape that covers the
            // rest, is a way to fit; keep the cheapest. (Taking shapes only until the excess is
            // covered overshoots with large shapes and can take an expensive small one that a
            // larger, harmless shape would have made unnecessary.)
            candidates.sort(Comparator.comparingDouble(sh -> lost.get(sh) / size.get(sh)));
            List<Drawing.Shape> prefix = new ArrayList<>();
            List<Drawing.Shape> chosen = null;
            double prefixLost = 0, chosenLost = Double.POSITIVE_INFINITY;
            for (Drawing.Shape sh : candidates) {
                int cost = size.get(sh);
                if (cost >= excess) {
                    if (prefixLost + lost.get(sh) < chosenLost) {
                        chosen = new ArrayList<>(prefix);
                        chosen.add(sh);
                        chosenLost = prefixLost + lost.get(sh);
                    }
                } else {
                    prefix.add(sh);
                    prefixLost += lost.get(sh);
                    excess -= cost;
                }
            }
            if (chosen == null) chosen = prefix;
            if (chosen.size() > 1) {
                // Each shape was weighed alone; shapes that stand in for each other (overlapping
                // near-duplicates) cost little alone and much together. If the set costs clearly
                // more than its parts, drop only the best one now and weigh the rest again.
                double estimate = 0;
                for (Drawing.Shape sh : chosen) estimate += Math.max(0, lost.get(sh));
                double actual = error(without(drawing.shapes, chosen), drawing, image, raster, rendered) - base;
                // In the last rounds the set goes whole, so that the loop always reaches the budget.
                if (actual > 1.5 * estimate + 0.02 * base && round < 24) chosen = List.of(chosen.get(0));
            }
            List<Drawing.Shape> kept = without(drawing.shapes, chosen);
            removed += drawing.shapes.size() - kept.size();
            drawing.shapes.clear();
            drawing.shapes.addAll(kept);
        }
        // Out of time or rounds and still over: the smallest shapes go, without rendering.
        for (int round = 0; round < 8; round++) {
            int bytes = writtenBytes(drawing, image);
            if (bytes <= o.maxBytes() || drawing.shapes.size() <= 1) return removed;
            double excess = excess(drawing, bytes, o);
            List<Drawing.Shape> bySize = new ArrayList<>(drawing.shapes.subList(1, drawing.shapes.size()));
            bySize.sort(Comparator.comparingDouble(Drawing::area));
            List<Drawing.Shape> gone = new ArrayList<>();
            for (Drawing.Shape sh : bySize) {
                if (excess <= 0) break;
                excess -= Drawing.bytes(sh, DECIMALS);
                gone.add(sh);
            }
            List<Drawing.Shape> kept = without(drawing.shapes, gone);
            removed += drawing.shapes.size() - kept.size();
            drawing.shapes.clear();
            drawing.shapes.addAll(kept);
        }
        return removed;
    }

    /**
     * How many bytes of the shapes' own estimated sizes must go for a drawing written in
     * {@code bytes} to fit the budget with a 2% margin.
     */
    private static double excess(Drawing drawing, int bytes, Options o) {
        double scale = bytes / (double) drawing.shapes.stream().mapToInt(sh -> Drawing.bytes(sh, DECIMALS)).sum();
        return (bytes - 0.98 * o.maxBytes()) / scale;
    }

    /** {@code shapes} less those in {@code gone}, compared by identity; order kept. */
    private static List<Drawing.Shape> without(List<Drawing.Shape> shapes, List<Drawing.Shape> gone) {
        Set<Drawing.Shape> drop = Collections.newSetFromMap(new IdentityHashMap<>());
        drop.addAll(gone);
        List<Drawing.Shape> kept = new ArrayList<>(shapes.size());
        for (Drawing.Shape sh : shapes) {
            if (!drop.contains(sh)) kept.add(sh);
        }
        return kept;
    }

    /** Mean squared error against the image of the drawing's canvas with {@code shapes}. */
    private static double error(List<Drawing.Shape> shapes, Drawing drawing, ImageInput.Bitmap image,
            Rasterizer raster, float[] rendered) {
        raster.render(new Drawing(drawing.width, drawing.height, shapes).pack(), rendered);
        return Compressor.mse(rendered, image.rgba());
    }

    private static Result finish(Drawing drawing, ImageInput.Bitmap image, Options o, int iterations,
            Map<String, Double> ms, ScorerLoss scorer, Consumer<String> progress) {
        long t3 = System.nanoTime();
        String svg = drawing.toSvg(image.originalWidth(), image.originalHeight(), DECIMALS);
        Compressor.Result compressed;
        try (CheckRenderer checker = new CheckRenderer(o.threads(), SvgImporter.Options.DEFAULT)) {
            compressed = Compressor.compress(svg.getBytes(StandardCharsets.UTF_8), "vectorized", new Compressor.Options(
                    DECIMALS, o.maxBytes(), false, checker, SvgParser.Limits.DEFAULT, progress));
        } catch (CompressException e) {
            throw new DiffInkException(DiffInkException.Kind.FAILED, e.getMessage() + "; raise --max-bytes", e);
        }
        long t4 = System.nanoTime();
        ms.put("write", (t4 - t3) / 1e6);

        float[] rendered;
        try (Renderer renderer = new Renderer(o.threads())) {
            var scene = SvgImporter.importBytes(compressed.svg().getBytes(StandardCharsets.UTF_8), "vectorized",
                    SvgImporter.Options.DEFAULT).scene();
            rendered = renderer.render(scene, image.width(), image.height(), null);
        }
        double psnr = Quality.psnr(rendered, image.rgba());
        double ssim = Quality.ssim(rendered, image.rgba(), image.width(), image.height());
        double[] scores = new double[0];
        if (scorer != null) {
            // The final scores: of the written SVG's render, whole picture only, so they do not depend on the seed.
            scores = scorer.scoreWhole(rendered, image.width(), image.height());
            progress.accept("scorer similarity " + java.util.Arrays.stream(scores)
                    .mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).collect(java.util.stream.Collectors.joining(", ")));
        }
        return new Result(compressed.svg(), compressed.outputBytes(), psnr, ssim, drawing.shapes.size(), iterations, ms,
                scores);
    }

    /** What the compressor writes for this drawing as it is, on the fixed grid (no rendering). */
    static int writtenBytes(Drawing drawing, ImageInput.Bitmap image) {
        String svg = drawing.toSvg(image.originalWidth(), image.originalHeight(), DECIMALS);
        return Compressor.compress(svg.getBytes(StandardCharsets.UTF_8), "vectorized", new Compressor.Options(DECIMALS,
                null, false, null, SvgParser.Limits.DEFAULT, null)).outputBytes();
    }

    /** The shapes of a trace that fit {@code fill} of the budget once refined (see {@link #select}). */
    static Drawing fit(ImageInput.Bitmap image, List<Tracer.Traced> traced, Options o, double fill) {
        List<Tracer.Traced> byArea = new ArrayList<>(traced);
        byArea.sort(Comparator.comparingDouble((Tracer.Traced t) -> -t.area()));
        int[] costs = new int[byArea.size()];
        for (int i = 0; i < costs.length; i++) costs[i] = Drawing.bytes(byArea.get(i).shape(), DECIMALS);
        int target = (int) (fill * o.maxBytes());
        double share = 0.92 * fill;
        Drawing drawing = select(image, byArea, costs, o, share);
        for (int round = 0; round < 4; round++) {
            int bytes = refinedBytes(drawing, image);
            if (bytes <= target && (bytes >= 0.97 * target || drawing.shapes.size() == traced.size())) break;
            share = Math.min(1.5, share * target * 0.985 / Math.max(1, bytes));
            drawing = select(image, byArea, costs, o, share);
        }
        return drawing;
    }

    /** What the compressor will write for this drawing once refined, on the fixed grid (no rendering). */
    static int refinedBytes(Drawing drawing, ImageInput.Bitmap image) {
        // Traced points sit on the pixel grid; refined ones do not, and need their decimal. Measure
        // the drawing as it will be: every coordinate off the integer grid.
        List<Drawing.Shape> moved = new ArrayList<>();
        int k = 0;
        for (Drawing.Shape sh : drawing.shapes) {
            List<float[]> loops = new ArrayList<>();
            for (float[] l : sh.loops()) {
                float[] m = l.clone();
                for (int i = 0; i < m.length; i++) m[i] += 0.1f * (1 + (k++ * 7) % 9);
                loops.add(m);
            }
            moved.add(new Drawing.Shape(sh.color(), loops));
        }
        return writtenBytes(new Drawing(drawing.width, drawing.height, moved), image);
    }

    /**
     * The shapes that fit: in the given order (largest area first), while their estimated bytes
     * ({@code costs}, per shape) fit {@code share} of the budget; drawn in layer order.
     */
    static Drawing select(ImageInput.Bitmap image, List<Tracer.Traced> byArea, int[] costs, Options o, double share) {
        int budget = (int) (o.maxBytes() * share) - 120;
        List<Tracer.Traced> kept = new ArrayList<>();
        int used = 0;
        for (int i = 0; i < byArea.size(); i++) {
            if (kept.size() >= o.paths()) break;
            if (used + costs[i] > budget) continue;
            used += costs[i];
            kept.add(byArea.get(i));
        }
        kept.sort(Comparator.comparingInt(Tracer.Traced::layer));
        List<Drawing.Shape> shapes = new ArrayList<>();
        for (Tracer.Traced t : kept) shapes.add(t.shape());
        return new Drawing(image.width(), image.height(), shapes);
    }
}
