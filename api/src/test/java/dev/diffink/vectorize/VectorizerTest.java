package dev.diffink.vectorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.render.Images;
import dev.diffink.render.Renderer;
import dev.diffink.svg.SvgImporter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorizerTest {

    /** A flat icon: white card, red disc, blue square, dark ring; anti-aliased. */
    static BufferedImage icon(int size, boolean transparent) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (!transparent) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);
        }
        g.setColor(new Color(220, 40, 40));
        g.fill(new Ellipse2D.Double(size * 0.1, size * 0.1, size * 0.5, size * 0.5));
        g.setColor(new Color(30, 60, 200));
        g.fillRect((int) (size * 0.55), (int) (size * 0.5), (int) (size * 0.35), (int) (size * 0.35));
        g.setColor(new Color(40, 40, 40));
        g.setStroke(new BasicStroke(size / 40f));
        g.draw(new Ellipse2D.Double(size * 0.2, size * 0.6, size * 0.25, size * 0.25));
        g.dispose();
        return img;
    }

    static ImageInput.Bitmap bitmap(BufferedImage img, int workSize) {
        return ImageInput.downscale(Images.toPremultiplied(img), img.getWidth(), img.getHeight(), workSize,
                img.getWidth(), img.getHeight());
    }

    static Vectorizer.Options options(int iterations, int maxBytes) {
        return new Vectorizer.Options(12, 4000, iterations, 128, maxBytes, 600, 1, 2, false, Vectorizer.Loss.L2);
    }

    static float[] render(String svg, int w, int h) {
        try (Renderer r = new Renderer(2)) {
            return r.render(SvgImporter.importBytes(svg.getBytes(StandardCharsets.UTF_8), "out",
                    SvgImporter.Options.DEFAULT).scene(), w, h, null);
        }
    }

    @Test
    void flatIconComesOutCloseAndWithinTheBudget() {
        ImageInput.Bitmap image = bitmap(icon(128, false), 128);
        Vectorizer.Result traced = Vectorizer.run(image, options(0, 10_000), s -> { }, () -> false);
        Vectorizer.Result refined = Vectorizer.run(image, options(80, 10_000), s -> { }, () -> false);
        assertTrue(traced.psnr() > 24, "trace alone: " + traced.psnr());
        assertTrue(refined.psnr() > 30 && refined.ssim() > 0.98, refined.psnr() + " dB, SSIM " + refined.ssim());
        assertTrue(refined.psnr() > traced.psnr() + 2, "refinement must help: " + traced.psnr() + " -> " + refined.psnr());
        for (Vectorizer.Result r : List.of(traced, refined)) {
            assertTrue(r.bytes() <= 10_000);
            assertEquals(r.bytes(), r.svg().getBytes(StandardCharsets.UTF_8).length);
            // The reported quality is the written file's.
            assertEquals(r.psnr(), Quality.psnr(render(r.svg(), 128, 128), image.rgba()), 1e-6);
        }
    }

    @Test
    void l1LossRefinesToo() {
        ImageInput.Bitmap image = bitmap(icon(96, false), 96);
        Vectorizer.Options l2 = options(0, 10_000);
        Vectorizer.Options l1 = new Vectorizer.Options(12, 4000, 60, 128, 10_000, 600, 1, 2, false, Vectorizer.Loss.L1);
        double traced = Vectorizer.run(image, l2, s -> { }, () -> false).psnr();
        double refined = Vectorizer.run(image, l1, s -> { }, () -> false).psnr();
        assertTrue(refined > traced + 2, traced + " -> " + refined);
    }

    @Test
    void neverOverTheBudgetEvenForNoise() {
        BufferedImage noise = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(5);
        for (int y = 0; y < 96; y += 3) {
            for (int x = 0; x < 96; x += 3) {
                int rgb = random.nextInt(0x1000000);
                for (int j = 0; j < 3; j++) for (int i = 0; i < 3; i++) noise.setRGB(x + i, y + j, rgb);
            }
        }
        for (int budget : new int[] {600, 2000}) {
            Vectorizer.Result r = Vectorizer.run(bitmap(noise, 96), options(20, budget), s -> { }, () -> false);
            assertTrue(r.bytes() <= budget, r.bytes() + " > " + budget);
            assertTrue(r.paths() >= 1);
        }
    }

    @Test
    void transparentStaysTransparent() {
        ImageInput.Bitmap image = bitmap(icon(96, true), 96);
        Vectorizer.Result r = Vectorizer.run(image, options(30, 10_000), s -> { }, () -> false);
        float[] out = render(r.svg(), 96, 96);
        for (int[] corner : new int[][] {{1, 1}, {94, 1}, {1, 94}, {94, 94}}) {
            assertEquals(0f, out[4 * (corner[1] * 96 + corner[0]) + 3], 1e-3f, "alpha at " + corner[0] + "," + corner[1]);
        }
        assertTrue(r.psnr() > 25, r.psnr() + " dB");
    }

    @Test
    void sameSeedSameSvg() {
        ImageInput.Bitmap image = bitmap(icon(96, false), 96);
        String a = Vectorizer.run(image, options(25, 4000), s -> { }, () -> false).svg();
        String b = Vectorizer.run(image, options(25, 4000), s -> { }, () -> false).svg();
        assertEquals(a, b);
    }

    @Test
    void stopRequestStillWritesAWholeDrawing() {
        ImageInput.Bitmap image = bitmap(icon(96, false), 96);
        Vectorizer.Result r = Vectorizer.run(image, options(10_000, 10_000), s -> { }, () -> true);
        assertEquals(0, r.iterations());
        assertTrue(r.svg().endsWith("</svg>") && r.psnr() > 20, r.psnr() + " dB");
    }

    @Test
    void parallelTasksRethrowWhatTheyThrewEvenThroughAnotherTask() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.diffink.DiffInkException.class,
                () -> Vectorizer.inParallel(2, pool -> {
                    java.util.concurrent.Future<Integer> first = pool.submit(
                            (java.util.concurrent.Callable<Integer>) () -> {
                                throw dev.diffink.DiffInkException.badInput("bad region");
                            });
                    java.util.concurrent.Future<Integer> second = pool.submit(() -> first.get() + 1);
                    return List.of(second, first);
                }));
        assertEquals("bad region", e.getMessage());
        assertEquals(List.of(1, 2, 3), Vectorizer.inParallel(1, pool -> List.of(pool.submit(() -> 1),
                pool.submit(() -> 2), pool.submit(() -> 3))));
    }

    /** A closed loop around an axis-aligned square, as straight cubics (the tracer's shape format). */
    static float[] square(float x, float y, float side) {
        double[] loop = CurveFit.line(new double[] {x, y, x + side, y, x + side, y + side, x, y + side});
        float[] f = new float[loop.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) loop[i];
        return f;
    }

    @Test
    void trimDropsTheShapeThatMattersLeastNotTheSmallest() {
        // White picture with a small red square. The drawing has the white card, a large white
        // square that changes nothing, and the small red one; the budget allows one square.
        int size = 64;
        float[] rgba = new float[4 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean red = x >= 8 && x < 16 && y >= 8 && y < 16;
                int i = 4 * (y * size + x);
                rgba[i] = 1f;
                rgba[i + 1] = red ? 0f : 1f;
                rgba[i + 2] = red ? 0f : 1f;
                rgba[i + 3] = 1f;
            }
        }
        ImageInput.Bitmap image = new ImageInput.Bitmap(size, size, rgba, size, size);
        Drawing.Shape card = new Drawing.Shape(new float[] {1, 1, 1, 1}, List.of(square(0, 0, size)));
        Drawing.Shape big = new Drawing.Shape(new float[] {1, 1, 1, 1}, List.of(square(24.25f, 24.75f, 30.25f)));
        Drawing.Shape small = new Drawing.Shape(new float[] {1, 0, 0, 1}, List.of(square(8, 8, 8)));
        Drawing drawing = new Drawing(size, size, new java.util.ArrayList<>(List.of(card, big, small)));
        int bytes = Vectorizer.writtenBytes(drawing, image);
        Vectorizer.Options base = Vectorizer.Options.of(Vectorizer.Preset.BALANCED);
        Vectorizer.Options o = new Vectorizer.Options(base.colors(), base.paths(), base.iterations(), base.workSize(),
                bytes - 5, base.maxSeconds(), base.seed(), 1, base.quick(), base.loss());
        try (dev.diffink.raster.Rasterizer raster = new dev.diffink.raster.Rasterizer(1,
                dev.diffink.raster.Rasterizer.DEFAULT_TOLERANCE)) {
            assertEquals(1, Vectorizer.trim(drawing, image, raster, o, () -> false));
        }
        assertTrue(drawing.shapes.contains(small), "the red square must stay");
        assertTrue(!drawing.shapes.contains(big), "the invisible large square must go");
        assertTrue(Vectorizer.writtenBytes(drawing, image) <= o.maxBytes());
    }
}
