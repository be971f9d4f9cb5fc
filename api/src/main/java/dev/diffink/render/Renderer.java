package dev.diffink.render;

import dev.diffink.DiffInkException;
import dev.diffink.raster.Rasterizer;
import dev.diffink.raster.PackedScene;
import dev.diffink.scene.Rgba;
import dev.diffink.scene.Scene;

/** Renders scenes to premultiplied float images with DiffInk's rasterizer. */
public final class Renderer implements AutoCloseable {
    /** Default largest output side; the CLI's --max-size raises it. */
    public static final int DEFAULT_MAX_SIDE = 8192;

    /**
     * Flattening tolerance, in device pixels, for renders that check equivalence rather than show
     * a picture: two exact representations of the same curve (an arc as two cubics or as three)
     * flatten to different polylines, and at the default tolerance that alone moves a pixel by up
     * to a few 1/255; at this one, by about one at most.
     */
    public static final float CHECK_TOLERANCE = 0.01f;

    private final Rasterizer raster;

    public Renderer(int threads) {
        this(threads, Rasterizer.DEFAULT_TOLERANCE);
    }

    /** @param tolerance largest distance, in device pixels, between a curve and its flattening */
    public Renderer(int threads, float tolerance) {
        this.raster = Backend.rasterizer(threads, tolerance);
    }

    public float[] render(Scene scene, int width, int height, Rgba background) {
        PackedScene packed = ScenePacker.pack(scene, width, height, background);
        float[] image = new float[packed.imageLength()];
        raster.render(packed, image);
        return image;
    }

    public Rasterizer rasterizer() {
        return raster;
    }

    /**
     * The output size for a scene: as asked, or the scene's own size, keeping the aspect ratio when
     * only one side is given. Refuses sizes over {@code maxSide}.
     */
    public static int[] outputSize(Scene scene, Integer width, Integer height, int maxSide) {
        double w, h;
        if (width != null && height != null) {
            w = width;
            h = height;
        } else if (width != null) {
            w = width;
            h = width * scene.height() / scene.width();
        } else if (height != null) {
            h = height;
            w = height * scene.width() / scene.height();
        } else {
            w = scene.width();
            h = scene.height();
        }
        long iw = Math.max(1, Math.round(w)), ih = Math.max(1, Math.round(h));
        if ((width != null && width < 1) || (height != null && height < 1)) {
            throw DiffInkException.badInput("the output size must be at least 1 pixel");
        }
        if (iw > maxSide || ih > maxSide) {
            throw DiffInkException.limit("output size " + iw + "x" + ih + " is over the " + maxSide
                    + "-pixel limit per side; raise it with --max-size (16 bytes of memory per pixel)");
        }
        return new int[] {(int) iw, (int) ih};
    }

    @Override
    public void close() {
        raster.close();
    }
}
