package dev.diffink.vectorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.DiffInkException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {
    @TempDir
    Path dir;

    /** A PNG signature and header chunk claiming the given size, and no image data. */
    static byte[] headerOnly(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    DiffInkException failure(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return assertThrows(DiffInkException.class, () -> ImageInput.read(p, 256));
    }

    @Test
    void badFilesAreNamedAndExplained() throws Exception {
        assertTrue(failure("a.png", "hello".getBytes()).getMessage().contains("not an image in a format"));
        DiffInkException truncated = failure("t.png", headerOnly(64, 64));
        assertTrue(truncated.getMessage().contains("corrupt or truncated"), truncated.getMessage());
        DiffInkException huge = failure("h.png", headerOnly(60_000, 60_000));
        assertEquals(DiffInkException.Kind.LIMIT, huge.kind());
        assertTrue(huge.getMessage().contains("60000x60000"), huge.getMessage());
        DiffInkException missing = assertThrows(DiffInkException.class, () -> ImageInput.read(dir.resolve("none.png"), 256));
        assertTrue(missing.getMessage().contains("no such file"));
    }

    @Test
    void readsJpegGifAndBmpAsWellAsPng() throws Exception {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 40; x++) img.setRGB(x, y, x < 20 ? 0xff0000 : 0x0000ff);
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            Path p = dir.resolve("img." + format);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertTrue(ImageIO.write(img, format, out), format);
            Files.write(p, out.toByteArray());
            ImageInput.Bitmap b = ImageInput.read(p, 256);
            assertEquals(40, b.width(), format);
            assertEquals(20, b.height(), format);
            float[] left = java.util.Arrays.copyOfRange(b.rgba(), 4 * (10 * 40 + 5), 4 * (10 * 40 + 5) + 4);
            float[] right = java.util.Arrays.copyOfRange(b.rgba(), 4 * (10 * 40 + 35), 4 * (10 * 40 + 35) + 4);
            assertEquals(1, left[0], 0.05, format + " red on the left");
            assertEquals(1, right[2], 0.05, format + " blue on the right");
            assertEquals(1, left[3], 1e-6, format + " opaque");
        }
    }

    @Test
    void largeImagesAreDownscaledKeepingTheAspectAndTheMeanColour() throws Exception {
        BufferedImage img = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 500; y++) for (int x = 0; x < 1000; x++) img.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        Path p = dir.resolve("big.png");
        Files.write(p, out.toByteArray());
        ImageInput.Bitmap b = ImageInput.read(p, 256);
        assertEquals(256, b.width());
        assertEquals(128, b.height());
        assertTrue(b.downscaled());
        assertEquals(0.5f, b.rgba()[4 * (60 * 256 + 100)], 0.1f, "a checkerboard averages to grey");
    }
}
