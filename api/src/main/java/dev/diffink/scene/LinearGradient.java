package dev.diffink.scene;

import java.util.List;

/**
 * A linear gradient from (x1, y1) to (x2, y2) in gradient space, which {@code transform} maps into
 * the user space of the shape it paints. (SVG's objectBoundingBox units are resolved into the
 * transform at import.)
 */
public record LinearGradient(float x1, float y1, float x2, float y2, List<GradientStop> stops, Affine transform,
        SpreadMethod spread) implements Paint {

    public LinearGradient {
        stops = GradientStop.check(stops);
    }

    public LinearGradient withStops(List<GradientStop> newStops) {
        return new LinearGradient(x1, y1, x2, y2, newStops, transform, spread);
    }
}
