package dev.diffink.render;

import dev.diffink.DiffInkException;
import dev.diffink.compress.RenderCheck;
import dev.diffink.scene.Scene;
import dev.diffink.svg.SvgImporter;
import java.nio.charset.StandardCharsets;

/**
 * The compressor's {@link RenderCheck}: imports SVG text with DiffInk's importer and renders it
 * with DiffInk's rasterizer at {@link Renderer#CHECK_TOLERANCE}, so that what it measures is the
 * picture, not how a curve happened to be flattened.
 */
public final class CheckRenderer implements RenderCheck, AutoCloseable {
    private final Renderer renderer;
    private final SvgImporter.Options options;

    public CheckRenderer(int threads, SvgImporter.Options options) {
        this.renderer = new Renderer(threads, Renderer.CHECK_TOLERANCE);
        this.options = options;
    }

    @Override
    public float[] render(String svg, int width, int height) {
        Scene scene;
        try {
            scene = SvgImporter.importBytes(svg.getBytes(StandardCharsets.UTF_8), "svg", options).scene();
        } catch (DiffInkException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return renderer.render(scene, width, height, null);
    }

    @Override
    public void close() {
        renderer.close();
    }
}
