package dev.diffink.render;

import dev.diffink.DiffInkException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Conversions between the rasterizer's float images and 8-bit images, and PNG files. */
public final class Images {
    private Images() {}

    /** Premultiplied RGBA floats to an 8-bit straight-alpha ARGB image (rounded to nearest). */
    public static BufferedImage toImage(float[] premul, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = 4 * (y * width + x);
                float a = premul[i + 3];
                int a8 = to8(a);
                int r8 = 0, g8 = 0, b8 = 0;
                if (a8 > 0) {
                    r8 = to8(premul[i] / a);
                    g8 = to8(premul[i + 1] / a);
                    b8 = to8(premul[i + 2] / a);
                }
                row[x] = a8 << 24 | r8 << 16 | g8 << 8 | b8;
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    /** An 8-bit image to premultiplied RGBA floats. */
    public static float[] toPremultiplied(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        float[] out = new float[w * h * 4];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                float a = (argb >>> 24) / 255f;
                int i = 4 * (y * w + x);
                out[i] = ((argb >> 16) & 255) / 255f * a;
                out[i + 1] = ((argb >> 8) & 255) / 255f * a;
                out[i + 2] = (argb & 255) / 255f * a;
                out[i + 3] = a;
            }
        }
        return out;
    }

    private static int to8(float v) {
        int q = Math.round(v * 255f);
        return q < 0 ? 0 : q > 255 ? 255 : q;
    }

    /** Writes a PNG through a temporary file in the same folder, then renames it into place. */
    public static void writePng(BufferedImage img, Path target) {
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        });
    }

    public static BufferedImage readImage(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) throw DiffInkException.badInput(file + ": not an image in a format DiffInk reads");
            return img;
        } catch (IOException e) {
            throw DiffInkException.badInput(file + ": cannot read image: " + e.getMessage());
        }
    }

    /** For tests and tools: true when two paths name the same file. */
    static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }
}
