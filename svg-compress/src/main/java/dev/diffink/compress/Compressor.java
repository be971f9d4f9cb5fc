package dev.diffink.compress;

import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.passes.BakeTransforms;
import dev.diffink.compress.passes.CleanupIds;
import dev.diffink.compress.passes.CleanupNumbers;
import dev.diffink.compress.passes.CollapseGroups;
import dev.diffink.compress.passes.ConvertColors;
import dev.diffink.compress.passes.InlineStyles;
import dev.diffink.compress.passes.MergePaths;
import dev.diffink.compress.passes.PathDataPass;
import dev.diffink.compress.passes.RemoveComments;
import dev.diffink.compress.passes.RemoveDefaults;
import dev.diffink.compress.passes.RemoveEditorData;
import dev.diffink.compress.passes.RemoveUnusedDefs;
import dev.diffink.compress.passes.RescaleViewBox;
import dev.diffink.compress.passes.Sanitize;
import dev.diffink.compress.passes.ShortestShape;
import java.awt.geom.AffineTransform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compressor: parses an SVG, runs the passes, and checks the result.
 *
 * <p><b>Precision.</b> Unless the caller fixes it, the grid keeps the decimals the input's
 * geometry already has, so lossless output is exact. Only beyond a thousandth of the invisible
 * step does it round (inputs with absurd precision, or rotations, which are never exact): a shift
 * of d user units moves an edge by d x (pixels per unit) x 4 pixels at 4x and changes an
 * exact-coverage pixel by that fraction of its contrast, but cairo (librsvg) samples coverage on 15
 * sub-rows, and a shift of even a few thousandths of a pixel can move an edge across a sample row
 * (measured: rounding 4-decimal input to 3 decimals changed librsvg's render by 8/255). With a
 * {@link RenderCheck}, coarser grids are then tried and kept while the render stays within 2/255
 * at 1x and 4x.
 *
 * <p><b>Byte budget.</b> With {@code maxBytes}, the grid is coarsened until the file fits (unless
 * the caller fixed it), then (with a renderer) the shapes whose removal changes the render least
 * are removed; the PSNR kept against the original render is reported.
 */
public final class Compressor {
    private Compressor() {}

    /** The largest per-channel difference, in 1/255, that lossless mode allows at 1x and 4x. */
    public static final double LOSSLESS_TOLERANCE = 2.0;
    /** The 4x check renders at most this many pixels on the longest side. */
    static final int MAX_CHECK_SIDE = 2048;

    /**
     * @param decimals  fixed decimals, or null to choose them
     * @param maxBytes  byte budget, or null for lossless
     * @param kaggle    apply and check the drawing competition's constraints
     * @param renderer  for render checks, or null
     * @param limits    parser limits
     * @param progress  receives a line about each long step (render checks, shape removal)
     */
    public record Options(Integer decimals, Integer maxBytes, boolean kaggle, RenderCheck renderer,
            SvgParser.Limits limits, Consumer<String> progress) {
        public Options {
            if (decimals != null && (decimals < 0 || decimals > Numbers.MAX_DECIMALS)) {
                throw new IllegalArgumentException("decimals must be 0 to " + Numbers.MAX_DECIMALS);
            }
            if (maxBytes != null && maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive");
            if (progress == null) progress = line -> { };
        }

        /** No budget, no profile, no fixed precision: the output must render like the input. */
        public boolean isLossless() {
            return maxBytes == null && !kaggle && decimals == null;
        }

        public static Options lossless() {
            return new Options(null, null, false, null, SvgParser.Limits.DEFAULT, null);
        }
    }

    /**
     * @param maxDiff1x largest channel difference (in 1/255) from the input's render at 1x, or NaN without a renderer
     * @param maxDiff4x the same at 4x
     * @param psnr      PSNR (dB) against the input's render at 1x, or NaN
     */
    public record Result(String svg, int inputBytes, int outputBytes, int decimals, double maxDiff1x,
            double maxDiff4x, double psnr, int removedShapes, List<String> warnings,
            List<Violation> violations) {}

    /** The lossless passes, in the order they run. */
    public static List<Pass> passes() {
        return passes(false);
    }

    /**
     * The passes, in order. {@link MergePaths} runs only when {@code merge} is set (under a byte
     * budget): merging shapes that no pixel sees together changes nothing for an exact-coverage
     * renderer such as DiffInk's, but cairo (librsvg) samples coverage on a grid placed by the
     * whole path's extent, so a merged shape's edges can move by up to 1/15 of a pixel (measured:
     * up to 13/255 on traced emoji), which the lossless promise does not allow.
     */
    public static List<Pass> passes(boolean merge) {
        return passes(merge, true);
    }

    /** The passes, in order, with or without {@link RescaleViewBox}. */
    static List<Pass> passes(boolean merge, boolean rescale) {
        List<Pass> passes = new ArrayList<>(List.of(new Sanitize(), new RemoveComments(), new RemoveEditorData(),
                new InlineStyles(), new ConvertColors(), new RemoveUnusedDefs(),
                new CleanupIds(new CleanupIds.Options(false)), new CollapseGroups(), new BakeTransforms()));
        if (merge) passes.add(new MergePaths());
        passes.addAll(List.of(new PathDataPass(), new CleanupNumbers(), new RemoveDefaults(), new CollapseGroups(),
                new ShortestShape(), new RescaleViewBox(), new CleanupIds()));
        if (!rescale) passes.removeIf(p -> p instanceof RescaleViewBox);
        return passes;
    }

    public static Result compress(byte[] input, String source, Options options) {
        SvgDocument original = SvgParser.parse(input, source, options.limits());
        double[] size = naturalSize(original);
        double unitsPerPixel = unitsPerPixel(original, size);
        int decimals = options.decimals() != null ? options.decimals()
                : Math.min(inputDecimals(original), toleranceDecimals(original, unitsPerPixel) + 3);
        RenderCheck r = options.renderer();
        int w1 = (int) Math.max(1, Math.round(size[0])), h1 = (int) Math.max(1, Math.round(size[1]));
        double s4 = Math.min(4, MAX_CHECK_SIDE / (double) Math.max(w1, h1));
        int w4 = (int) Math.max(1, Math.round(size[0] * s4)), h4 = (int) Math.max(1, Math.round(size[1] * s4));
        String originalText = r == null ? null : SvgSerializer.write(original);
        float[] ref1 = r == null ? null : r.render(originalText, w1, h1);
        float[] ref4 = r == null ? null : r.render(originalText, w4, h4);

        boolean merge = options.maxBytes() != null || options.kaggle();
        Run best = run(original, decimals, unitsPerPixel, merge);
        if (r != null && options.decimals() == null) {
            // Coarser grids, while the render stays within tolerance; the shortest wins (a
            // coarser grid can be longer: an arc whose radius it cannot hold becomes cubics).
            for (int d = decimals - 1; d >= 0; d--) {
                options.progress().accept("trying " + d + " decimals");
                Run coarser = run(original, d, unitsPerPixel, merge);
                if (maxDiff(ref1, r.render(coarser.text, w1, h1)) > LOSSLESS_TOLERANCE
                        || maxDiff(ref4, r.render(coarser.text, w4, h4)) > LOSSLESS_TOLERANCE) {
                    break;
                }
                if (coarser.bytes() < best.bytes()) best = coarser;
            }
        }
        int removed = 0;
        Integer budget = options.maxBytes() != null ? options.maxBytes() : options.kaggle() ? KaggleProfile.MAX_BYTES : null;
        if (options.kaggle()) best = comply(best, unitsPerPixel);
        if (budget != null && best.bytes() > budget) {
            // Coarser grids first, unless the caller fixed the precision; then shapes.
            for (int d = best.decimals - 1; d >= 0 && best.bytes() > budget && options.decimals() == null; d--) {
                best = run(original, d, unitsPerPixel, merge);
                if (options.kaggle()) best = comply(best, unitsPerPixel);
            }
            if (best.bytes() > budget) {
                if (r == null) {
                    throw new CompressException(CompressException.Kind.BUDGET, "cannot fit " + budget
                            + " bytes without removing shapes, and removing shapes needs a renderer");
                }
                options.progress().accept(best.bytes() + " bytes at " + best.decimals + " decimals; ranking shapes "
                        + "by how much their removal changes the render");
                removed = removeShapes(best, budget, r, ref1, w1, h1, options.progress());
            }
        }
        double diff1 = Double.NaN, diff4 = Double.NaN, psnr = Double.NaN;
        boolean lossless = options.isLossless();
        if (r != null) {
            float[] out1 = r.render(best.text, w1, h1);
            diff1 = maxDiff(ref1, out1);
            diff4 = maxDiff(ref4, r.render(best.text, w4, h4));
            psnr = psnr(ref1, out1);
            if (lossless && Math.max(diff1, diff4) > LOSSLESS_TOLERANCE) {
                // The rescaled coordinate system is exact, but renderers flatten and sample it
                // differently; without the rescale, the grid's own rounding is all that changed.
                options.progress().accept(String.format(java.util.Locale.ROOT, "render differs by %.1f/255; "
                        + "trying without the viewBox rescale", Math.max(diff1, diff4)));
                Run plain = run(original, best.decimals, unitsPerPixel, merge, false);
                float[] p1 = r.render(plain.text, w1, h1);
                double pd1 = maxDiff(ref1, p1), pd4 = maxDiff(ref4, r.render(plain.text, w4, h4));
                if (Math.max(pd1, pd4) < Math.max(diff1, diff4)) {
                    best = plain;
                    diff1 = pd1;
                    diff4 = pd4;
                    psnr = psnr(ref1, p1);
                }
            }
        }
        if (lossless && best.bytes() >= input.length && Safety.check(original).isEmpty()) {
            // Never larger: a file the passes cannot shorten is returned as it came (it is safe).
            options.progress().accept("no pass made the file smaller; keeping it as it is");
            return new Result(new String(input, StandardCharsets.UTF_8), input.length, input.length, decimals,
                    r == null ? Double.NaN : 0, r == null ? Double.NaN : 0,
                    r == null ? Double.NaN : Double.POSITIVE_INFINITY, 0, best.ctx.warnings, List.of());
        }
        List<Violation> violations = options.kaggle()
                ? KaggleProfile.check(best.doc, best.bytes()) : List.of();
        return new Result(best.text, input.length, best.bytes(), best.decimals, diff1, diff4, psnr, removed,
                best.ctx.warnings, violations);
    }

    /** A compressed version of the document. */
    private static final class Run {
        SvgDocument doc;
        String text;
        final int decimals;
        final CompressContext ctx;

        Run(SvgDocument doc, int decimals, CompressContext ctx) {
            this.doc = doc;
            this.decimals = decimals;
            this.ctx = ctx;
            this.text = SvgSerializer.write(doc);
        }

        int bytes() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }

        void refresh() {
            text = SvgSerializer.write(doc);
        }
    }

    private static Run run(SvgDocument original, int decimals, double unitsPerPixel, boolean merge) {
        return run(original, decimals, unitsPerPixel, merge, true);
    }

    private static Run run(SvgDocument original, int decimals, double unitsPerPixel, boolean merge,
            boolean rescale) {
        SvgDocument doc = original.copy();
        CompressContext ctx = new CompressContext(decimals);
        ctx.unitsPerPixel = unitsPerPixel;
        // Twice: later passes open chances for earlier ones (a default dropped lets a group go).
        for (int round = 0; round < 2; round++) {
            for (Pass p : passes(merge, rescale)) p.apply(doc, ctx);
        }
        return new Run(doc, decimals, ctx);
    }

    /** Drops what the profile forbids and renders nothing; refuses what it forbids and renders. */
    private static Run comply(Run run, double unitsPerPixel) {
        List<String> blocking = new ArrayList<>();
        for (Element e : run.doc.elements()) {
            if (KaggleProfile.ALLOWED.contains(e.name)) continue;
            if (e.localName().equals("style") && !e.text().isBlank()) {
                blocking.add("a <style> sheet with selectors DiffInk cannot fold into attributes");
            } else if (KaggleProfile.DROPPABLE.contains(e.localName()) || e.prefixed()) {
                e.detach();
            } else {
                blocking.add("<" + e.name + ">");
            }
        }
        if (!blocking.isEmpty()) {
            throw new CompressException(CompressException.Kind.FORBIDDEN_CONTENT, "the kaggle profile forbids " + String.join(", ", blocking.stream()
                    .distinct().toList()) + ", which this file draws with; DiffInk cannot yet rewrite them "
                    + "into allowed elements");
        }
        run.refresh();
        return run;
    }

    /**
     * Removes the shapes that matter least to the render until the file fits; returns how many.
     * Lazy greedy on the error added per byte saved: each shape is first ranked by removing it
     * alone; the best-ranked is then re-measured against the current (already thinned) drawing
     * and removed only if it still ranks first, else put back with its new cost. Ranking once is
     * not enough for stacked shapes, which each hide the one below: alone each costs nothing,
     * together they are the picture.
     */
    private static int removeShapes(Run run, int budget, RenderCheck r, float[] ref, int w, int h,
            Consumer<String> progress) {
        List<Element> shapes = run.doc.elements().stream()
                .filter(e -> SvgProperties.SHAPES.contains(e.localName()) && !inNonRendering(e)).toList();
        java.util.PriorityQueue<Impact> queue = new java.util.PriorityQueue<>(Comparator.comparingDouble(Impact::cost));
        double current = mse(ref, r.render(run.text, w, h));
        for (Element s : shapes) {
            queue.add(measure(run, s, r, ref, w, h, current));
            if (queue.size() % 100 == 0) progress.accept(queue.size() + "/" + shapes.size() + " shapes ranked");
        }
        int removed = 0;
        while (run.bytes() > budget && !queue.isEmpty()) {
            Impact top = queue.poll();
            Impact now = measure(run, top.shape(), r, ref, w, h, current);
            if (!queue.isEmpty() && now.cost() > queue.peek().cost() * 1.0001 + 1e-15) {
                queue.add(now);
                continue;
            }
            top.shape().detach();
            run.refresh();
            current = mse(ref, r.render(run.text, w, h));
            removed++;
        }
        if (run.bytes() > budget) {
            throw new CompressException(CompressException.Kind.BUDGET, "even with every shape removed the file "
                    + "is " + run.bytes() + " bytes, over the " + budget + "-byte budget");
        }
        return removed;
    }

    /** A shape and the error its removal adds per byte it saves. */
    private record Impact(Element shape, double cost) {}

    /** The error a shape's removal adds to the current drawing, per byte it saves. */
    private static Impact measure(Run run, Element s, RenderCheck r, float[] ref, int w, int h, double current) {
        Element parent = s.parent();
        int at = parent.children.indexOf(s);
        s.detach();
        String without = SvgSerializer.write(run.doc);
        float[] image = r.render(without, w, h);
        parent.insert(at, s);
        int saved = Math.max(1, run.text.length() - without.length());
        return new Impact(s, Math.max(0, mse(ref, image) - current) / saved);
    }

    private static boolean inNonRendering(Element e) {
        for (Element p = e.parent(); p != null; p = p.parent()) {
            if (SvgProperties.NON_RENDERING.contains(p.localName()) && !p.localName().equals("defs")) return true;
            if (p.localName().equals("defs")) return true;
        }
        return false;
    }

    /** Largest per-channel difference in 1/255 steps. */
    public static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m * 255;
    }

    public static double mse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return s / a.length;
    }

    /** PSNR over all channels of two premultiplied images. */
    public static double psnr(float[] a, float[] b) {
        double m = mse(a, b);
        return m == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / m);
    }

    /** The natural size in pixels: width and height, else the viewBox's, else 300 x 150 (as browsers). */
    static double[] naturalSize(SvgDocument doc) {
        Element root = doc.root();
        double[] vb = viewBox(root);
        double w = Geometry.length(root.attr("width")), h = Geometry.length(root.attr("height"));
        if (Double.isNaN(w)) w = vb != null ? vb[2] : 300;
        if (Double.isNaN(h)) h = vb != null ? vb[3] : 150;
        return new double[] {w, h};
    }

    static double[] viewBox(Element root) {
        String v = root.attr("viewBox");
        if (v == null) return null;
        String[] p = v.trim().split("[\\s,]+");
        if (p.length != 4) return null;
        try {
            double[] out = new double[4];
            for (int i = 0; i < 4; i++) out[i] = Double.parseDouble(p[i]);
            return out[2] > 0 && out[3] > 0 ? out : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** User units per pixel at the natural size (the smaller of the two axes, for safety). */
    static double unitsPerPixel(SvgDocument doc, double[] size) {
        double[] vb = viewBox(doc.root());
        if (vb == null) return 1;
        return Math.min(vb[2] / size[0], vb[3] / size[1]);
    }


    private static final Pattern TRANSFORM = Pattern.compile("(\\w+)\\s*\\(([^)]*)\\)");

    /**
     * The decimals that write the input's geometry exactly once transforms are baked in: the most
     * any coordinate has, plus, where a transform scales (products of numbers add their decimals),
     * the most its factors have; translations add nothing beyond their own decimals. Rotations
     * and skews are never exact: for them the tolerance bound ({@link #toleranceDecimals}) decides.
     */
    static int inputDecimals(SvgDocument doc) {
        int coords = 0, factors = 0;
        boolean irrational = false;
        for (Element e : doc.elements()) {
            for (var a : e.attributes.entrySet()) {
                String name = a.getKey();
                if (name.equals("transform")) {
                    Matcher t = TRANSFORM.matcher(a.getValue());
                    while (t.find()) {
                        String kind = t.group(1);
                        Matcher m = Geometry.NUMBER.matcher(t.group(2));
                        int k = 0;
                        while (m.find()) {
                            int d = Numbers.maxDecimals(m.group());
                            boolean translation = kind.equals("translate") || (kind.equals("matrix") && k >= 4);
                            if (translation) coords = Math.max(coords, d);
                            else factors = Math.max(factors, d);
                            k++;
                        }
                        if (kind.equals("rotate") || kind.startsWith("skew")) irrational = true;
                    }
                    continue;
                }
                if (!(name.equals("d") || name.equals("points") || name.equals("x") || name.equals("y")
                        || name.equals("width") || name.equals("height") || name.equals("cx") || name.equals("cy")
                        || name.equals("r") || name.equals("rx") || name.equals("ry") || name.startsWith("x1")
                        || name.startsWith("x2") || name.startsWith("y1") || name.startsWith("y2"))) {
                    continue;
                }
                coords = Math.max(coords, Numbers.maxDecimals(a.getValue()));
            }
        }
        return irrational ? Numbers.MAX_DECIMALS : Math.min(coords + factors, Numbers.MAX_DECIMALS);
    }

    /**
     * Decimals fine enough that rounding cannot show: half a step is at most 1/255 of a pixel at
     * 4x, at the largest scale any element is drawn at (the document's pixels per unit times the
     * element's transforms).
     */
    static int toleranceDecimals(SvgDocument doc, double unitsPerPixel) {
        double maxScale = maxTransformScale(doc.root(), new AffineTransform());
        double pixelsPerUnit = maxScale / unitsPerPixel * 4;
        double halfStep = 1 / (255 * pixelsPerUnit);
        int d = (int) Math.ceil(-Math.log10(2 * halfStep));
        return Math.max(0, Math.min(Numbers.MAX_DECIMALS, d));
    }

    private static double maxTransformScale(Element e, AffineTransform parent) {
        AffineTransform t = new AffineTransform(parent);
        AffineTransform own = Geometry.transform(e.attr("transform"));
        if (own != null) t.concatenate(own);
        double a = t.getScaleX(), b = t.getShearY(), c = t.getShearX(), d = t.getScaleY();
        double s = Math.sqrt(Math.max(a * a + b * b, c * c + d * d));
        for (Element child : e.elements()) s = Math.max(s, maxTransformScale(child, t));
        return s;
    }
}
