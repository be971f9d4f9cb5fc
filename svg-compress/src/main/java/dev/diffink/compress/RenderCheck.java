package dev.diffink.compress;

/**
 * A renderer, for the checks that must see pixels (the coarsest safe precision, which shapes
 * matter least, the final equivalence check). The compressor needs none for its passes; the api
 * module supplies DiffInk's rasterizer.
 */
@FunctionalInterface
public interface RenderCheck {
    /**
     * Renders SVG text at {@code width} x {@code height} pixels as premultiplied RGBA floats in
     * [0, 1], row-major; throws IllegalArgumentException when the SVG cannot be rendered.
     */
    float[] render(String svg, int width, int height);
}
