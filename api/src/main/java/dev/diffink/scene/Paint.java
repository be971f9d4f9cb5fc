package dev.diffink.scene;

/** What fills or strokes a shape: a colour or a gradient. */
public sealed interface Paint permits Rgba, LinearGradient, RadialGradient {

    /** This paint with every alpha multiplied by {@code factor}. */
    default Paint fade(float factor) {
        return switch (this) {
            case Rgba c -> c.fade(factor);
            case LinearGradient g -> g.withStops(GradientStop.fade(g.stops(), factor));
            case RadialGradient g -> g.withStops(GradientStop.fade(g.stops(), factor));
        };
    }
}
