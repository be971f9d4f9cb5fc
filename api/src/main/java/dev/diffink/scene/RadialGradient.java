package dev.diffink.scene;

import java.util.List;

/**
 * A radial gradient: circle (cx, cy, r), focal circle (fx, fy, fr), in gradient space mapped into
 * the shape's user space by {@code transform}. t = 0 at the focal circle, 1 at the outer circle.
 */
public record RadialGradient(float cx, float cy, float r, float fx, float fy, float fr, List<GradientStop> stops,
        Affine transform, SpreadMethod spread) implements Paint {

    public RadialGradient {
        stops = GradientStop.check(stops);
        if (!(r >= 0 && fr >= 0)) throw new IllegalArgumentException("radial gradient radii must not be negative");
    }

    public RadialGradient withStops(List<GradientStop> newStops) {
        return new RadialGradient(cx, cy, r, fx, fy, fr, newStops, transform, spread);
    }
}
