package dev.diffink.scene;

import java.util.Objects;

/**
 * A path, filled and/or stroked (fill below stroke), with {@code transform} mapping its user space
 * to the scene's canvas. {@code opacity} is SVG's element opacity: it applies to fill and stroke
 * together, as one layer.
 *
 * @param fill   the fill, or null
 * @param stroke the stroke, or null
 */
public record Shape(BezPath path, Affine transform, Fill fill, Stroke stroke, float opacity) implements Node {

    public Shape {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(transform, "transform");
        if (!(opacity >= 0 && opacity <= 1)) throw new IllegalArgumentException("opacity outside [0, 1]");
    }

    public static Shape filled(BezPath path, Paint paint) {
        return new Shape(path, Affine.IDENTITY, Fill.of(paint), null, 1f);
    }
}
