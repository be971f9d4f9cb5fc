package dev.diffink.scene;

import java.util.List;

/**
 * Nodes composited together, then onto what lies below at {@code opacity} (SVG group opacity),
 * masked by {@code clip} when it is not null: the union of the clip shapes' fill areas (their
 * paints are ignored, their fill rule is the clip rule; an empty list clips everything away).
 * Transforms are not kept here: import bakes them into each shape.
 */
public record Group(List<Node> children, float opacity, List<Shape> clip) implements Node {

    public Group {
        children = List.copyOf(children);
        clip = clip == null ? null : List.copyOf(clip);
        if (!(opacity >= 0 && opacity <= 1)) throw new IllegalArgumentException("group opacity outside [0, 1]");
    }

    public Group(List<Node> children, float opacity) {
        this(children, opacity, null);
    }

    public Group withOpacity(float newOpacity) {
        return new Group(children, newOpacity, clip);
    }
}
