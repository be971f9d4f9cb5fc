package dev.diffink.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * librsvg's {@code rsvg-convert} as an independent reference renderer, for tests and benchmarks
 * that check two SVGs draw the same picture (Debian package {@code librsvg2-bin}).
 *
 * <p>cairo, under librsvg, flattens curves to within 0.1 pixel and samples coverage on 15
 * sub-rows per pixel, so its own render of a picture is off the exact one by up to about 1/15 of
 * the contrast at an edge. Two representations of the same geometry (an arc as a path or as an
 * ellipse; coordinates scaled by 100 with the viewBox) can therefore differ in its renders by far
 * more than 2/255 although the picture is the same. {@link #compare} measures the strict
 * difference and, separately, how much farther the output's render is from the input's exact
 * picture (cairo's own render supersampled) than the input's render is: the part of the
 * difference that is not cairo's sampling error.
 */
public final class RsvgReference {
    private RsvgReference() {}

    /** Supersampling used for the reference picture, per axis. */
    static final int SUPERSAMPLE = 8;
    /** The supersampled reference is capped at this many pixels per side. */
    static final int MAX_REFERENCE_SIDE = 4096;

    /**
     * @param maxDiff   largest per-channel difference between the two renders, in 1/255
     * @param maxExcess largest per-channel amount by which the output's render is farther from the
     *                  input's supersampled render than the input's own render is, in 1/255
     */
    public record Comparison(double maxDiff, double maxExcess) {}

    /** True when {@code rsvg-convert} runs on this machine. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("rsvg-convert", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Renders SVG text at {@code width} x {@code height} to premultiplied RGBA floats. */
    public static float[] render(String svg, int width, int height) {
        try {
            Path dir = Files.createTempDirectory("diffink-rsvg");
            try {
                Path in = dir.resolve("in.svg");
                Files.writeString(in, svg, StandardCharsets.UTF_8);
                return render(in, width, height);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("rsvg-convert: " + e.getMessage(), e);
        }
    }

    /** Renders an SVG file at {@code width} x {@code height} to premultiplied RGBA floats. */
    public static float[] render(Path svg, int width, int height) {
        try {
            Path png = Files.createTempFile("diffink-rsvg", ".png");
            try {
                Process p = new ProcessBuilder("rsvg-convert", "-w", Integer.toString(width), "-h",
                        Integer.toString(height), "-o", png.toString(), svg.toString()).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalArgumentException("rsvg-convert failed on " + svg + ": " + output.strip());
                }
                float[] image = Images.toPremultiplied(Images.readImage(png));
                if (image.length != width * height * 4) {
                    throw new IllegalStateException("rsvg-convert wrote a different size than asked for " + svg);
                }
                return image;
            } finally {
                Files.deleteIfExists(png);
            }
        } catch (IOException e) {
            throw new IllegalStateException("rsvg-convert: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running rsvg-convert", e);
        }
    }

    /** Compares the renders of {@code input} and {@code output} at {@code width} x {@code height}. */
    public static Comparison compare(String input, String output, int width, int height) {
        float[] in = render(input, width, height);
        float[] out = render(output, width, height);
        double maxDiff = 0;
        for (int i = 0; i < in.length; i++) maxDiff = Math.max(maxDiff, Math.abs(in[i] - out[i]));
        if (maxDiff * 255 <= 2) return new Comparison(maxDiff * 255, maxDiff * 255);
        int s = Math.max(1, Math.min(SUPERSAMPLE, MAX_REFERENCE_SIDE / Math.max(width, height)));
        float[] exact = downsample(render(input, width * s, height * s), width, height, s);
        double maxExcess = 0;
        for (int i = 0; i < in.length; i++) {
            maxExcess = Math.max(maxExcess, Math.abs(out[i] - exact[i]) - Math.abs(in[i] - exact[i]));
        }
        return new Comparison(maxDiff * 255, maxExcess * 255);
    }

    /** Box-filters a premultiplied image by {@code s} per axis. */
    static float[] downsample(float[] big, int width, int height, int s) {
        float[] out = new float[width * height * 4];
        int bigWidth = width * s;
        float norm = 1f / (s * s);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 4; c++) {
                    float sum = 0;
                    for (int dy = 0; dy < s; dy++) {
                        int row = (y * s + dy) * bigWidth;
                        for (int dx = 0; dx < s; dx++) sum += big[4 * (row + x * s + dx) + c];
                    }
                    out[4 * (y * width + x) + c] = sum * norm;
                }
            }
        }
        return out;
    }
}
