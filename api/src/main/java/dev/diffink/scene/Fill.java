package dev.diffink.scene;

import java.util.Objects;

/** How a shape's interior is painted; {@code opacity} is SVG's fill-opacity. */
public record Fill(Paint paint, FillRule rule, float opacity) {

    public Fill {
        Objects.requireNonNull(paint, "paint");
        Objects.requireNonNull(rule, "rule");
        if (!(opacity >= 0 && opacity <= 1)) throw new IllegalArgumentException("fill opacity outside [0, 1]");
    }

    public static Fill of(Paint paint) {
        return new Fill(paint, FillRule.NONZERO, 1f);
    }
}
