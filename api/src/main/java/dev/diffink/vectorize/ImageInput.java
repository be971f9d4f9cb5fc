package dev.diffink.vectorize;

import dev.diffink.DiffInkException;
import dev.diffink.render.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a bitmap (PNG, JPEG, GIF's first frame, BMP) as premultiplied RGBA floats at a bounded
 * working size. The header is read first, so an absurd size is refused or decoded subsampled
 * without ever holding the full image; the result is box-filtered down to the working size.
 */
public final class ImageInput {
    private ImageInput() {}

    /** Images with more pixels than this are refused (a 20000 x 20000 image has 4e8). */
    public static final long MAX_PIXELS = 1_000_000_000L;

    /**
     * A bitmap in premultiplied RGBA floats, row-major.
     *
     * @param originalWidth  width of the file's image, before any downscaling
     * @param originalHeight its height
     */
    public record Bitmap(int width, int height, float[] rgba, int originalWidth, int originalHeight) {
        public boolean downscaled() {
            return width != originalWidth || height != originalHeight;
        }
    }

    public static Bitmap read(Path file, int workSize) {
        if (Files.isDirectory(file)) throw DiffInkException.badInput(file + " is a folder, not an image");
        try (ImageInputStream in = ImageIO.createImageInputStream(Files.newInputStream(file))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw DiffInkException.badInput(file + ": not an image in a format DiffInk reads (PNG, JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0) throw DiffInkException.badInput(file + ": the image is " + w + "x" + h + ", empty");
                if ((long) w * h > MAX_PIXELS) {
                    throw DiffInkException.limit(file + ": " + w + "x" + h + " is over " + MAX_PIXELS
                            + " pixels; scale it down first");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                // Decode at most 4x the working size per side: the box filter then has enough samples.
                int step = Math.max(1, Math.max(w, h) / (4 * workSize));
                if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage img = reader.read(0, param);
                return downscale(Images.toPremultiplied(img), img.getWidth(), img.getHeight(), workSize, w, h);
            } finally {
                reader.dispose();
            }
        } catch (NoSuchFileException e) {
            throw DiffInkException.badInput(file + ": no such file");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DiffInkException d) throw d;
            throw DiffInkException.badInput(file + ": corrupt or truncated image (" + e.getMessage() + ")");
        }
    }

    /** A copy blurred by two passes of a (2r+1)-wide box filter in each direction (close to a Gaussian). */
    public static Bitmap blurred(Bitmap b, int r) {
        int w = b.width(), h = b.height();
        float[] a = b.rgba().clone(), t = new float[a.length];
        for (int pass = 0; pass < 2; pass++) {
            box(a, t, w, h, r, true);
            box(t, a, w, h, r, false);
        }
        return new Bitmap(w, h, a, b.originalWidth(), b.originalHeight());
    }

    private static void box(float[] src, float[] dst, int w, int h, int r, boolean horizontal) {
        int len = horizontal ? w : h, lines = horizontal ? h : w;
        for (int line = 0; line < lines; line++) {
            for (int i = 0; i < len; i++) {
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int n = 0;
                for (int k = Math.max(0, i - r); k <= Math.min(len - 1, i + r); k++) {
                    int p = 4 * (horizontal ? line * w + k : k * w + line);
                    s0 += src[p];
                    s1 += src[p + 1];
                    s2 += src[p + 2];
                    s3 += src[p + 3];
                    n++;
                }
                int o = 4 * (horizontal ? line * w + i : i * w + line);
                dst[o] = s0 / n;
                dst[o + 1] = s1 / n;
                dst[o + 2] = s2 / n;
                dst[o + 3] = s3 / n;
            }
        }
    }

    /** Box-filters (area-weighted, premultiplied) so that the longer side is at most {@code workSize}. */
    static Bitmap downscale(float[] src, int sw, int sh, int workSize, int originalWidth, int originalHeight) {
        double scale = Math.min(1.0, workSize / (double) Math.max(originalWidth, originalHeight));
        int dw = Math.max(1, (int) Math.round(originalWidth * scale)), dh = Math.max(1, (int) Math.round(originalHeight * scale));
        if (dw == sw && dh == sh) return new Bitmap(sw, sh, src, originalWidth, originalHeight);
        float[] out = new float[dw * dh * 4];
        double fx = sw / (double) dw, fy = sh / (double) dh;
        for (int y = 0; y < dh; y++) {
            double y0 = y * fy, y1 = (y + 1) * fy;
            for (int x = 0; x < dw; x++) {
                double x0 = x * fx, x1 = (x + 1) * fx;
                double r = 0, g = 0, b = 0, a = 0, area = 0;
                for (int sy = (int) y0; sy < Math.min(sh, Math.ceil(y1)); sy++) {
                    double wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
                    for (int sx = (int) x0; sx < Math.min(sw, Math.ceil(x1)); sx++) {
                        double wgt = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx));
                        int i = 4 * (sy * sw + sx);
                        r += wgt * src[i];
                        g += wgt * src[i + 1];
                        b += wgt * src[i + 2];
                        a += wgt * src[i + 3];
                        area += wgt;
                    }
                }
                int o = 4 * (y * dw + x);
                out[o] = (float) (r / area);
                out[o + 1] = (float) (g / area);
                out[o + 2] = (float) (b / area);
                out[o + 3] = (float) (a / area);
            }
        }
        return new Bitmap(dw, dh, out, originalWidth, originalHeight);
    }
}
