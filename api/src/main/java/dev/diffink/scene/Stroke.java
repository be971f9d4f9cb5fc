package dev.diffink.scene;

import java.util.Objects;

/** How a shape's outline is painted, in the shape's user space; {@code opacity} is stroke-opacity. */
public record Stroke(Paint paint, float width, LineJoin join, LineCap cap, float miterLimit, float opacity) {

    public Stroke {
        Objects.requireNonNull(paint, "paint");
        Objects.requireNonNull(join, "join");
        Objects.requireNonNull(cap, "cap");
        if (!(width >= 0 && Float.isFinite(width))) throw new IllegalArgumentException("bad stroke width " + width);
        if (!(miterLimit >= 1)) throw new IllegalArgumentException("miter limit must be at least 1: " + miterLimit);
        if (!(opacity >= 0 && opacity <= 1)) throw new IllegalArgumentException("stroke opacity outside [0, 1]");
    }

    public static Stroke of(Paint paint, float width) {
        return new Stroke(paint, width, LineJoin.MITER, LineCap.BUTT, 4f, 1f);
    }
}
