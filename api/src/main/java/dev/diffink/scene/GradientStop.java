package dev.diffink.scene;

import java.util.List;

/** A colour at an offset in [0, 1] along a gradient; stop-opacity is folded into the colour's alpha. */
public record GradientStop(float offset, Rgba color) {

    public GradientStop {
        if (!(offset >= 0 && offset <= 1)) throw new IllegalArgumentException("stop offset outside [0, 1]: " + offset);
    }

    static List<GradientStop> fade(List<GradientStop> stops, float factor) {
        return stops.stream().map(s -> new GradientStop(s.offset, s.color.fade(factor))).toList();
    }

    /** Checks a stop list: at least one stop, offsets non-decreasing. */
    static List<GradientStop> check(List<GradientStop> stops) {
        if (stops.isEmpty()) throw new IllegalArgumentException("a gradient needs at least one stop");
        for (int i = 1; i < stops.size(); i++) {
            if (stops.get(i).offset < stops.get(i - 1).offset) {
                throw new IllegalArgumentException("gradient stop offsets must not decrease");
            }
        }
        return List.copyOf(stops);
    }
}
