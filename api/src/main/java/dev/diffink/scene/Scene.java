package dev.diffink.scene;

import java.util.List;

/**
 * A picture: a canvas of {@code width} x {@code height} user units (CSS pixels at 1x), an optional
 * background, and nodes drawn in order (first at the bottom). Every shape's transform maps into
 * canvas units.
 *
 * @param background the canvas colour, or null for transparent
 */
public record Scene(double width, double height, Rgba background, List<Node> nodes) {

    public Scene {
        if (!(width > 0 && height > 0 && Double.isFinite(width) && Double.isFinite(height))) {
            throw new IllegalArgumentException("scene size must be positive and finite: " + width + " x " + height);
        }
        nodes = List.copyOf(nodes);
    }

    /** Every shape in drawing order, descending into groups. */
    public List<Shape> shapes() {
        var out = new java.util.ArrayList<Shape>();
        collect(nodes, out);
        return out;
    }

    private static void collect(List<Node> nodes, List<Shape> out) {
        for (Node n : nodes) {
            switch (n) {
                case Shape s -> out.add(s);
                case Group g -> collect(g.children(), out);
            }
        }
    }
}
