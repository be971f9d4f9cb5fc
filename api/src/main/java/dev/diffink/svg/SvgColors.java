package dev.diffink.svg;

import dev.diffink.scene.Rgba;

/** Public entry to DiffInk's CSS colour reading, for options and tools. */
public final class SvgColors {
    private SvgColors() {}

    /** Parses any CSS colour form SVG accepts; throws IllegalArgumentException otherwise. */
    public static Rgba parse(String text) {
        return CssValues.color(text);
    }
}
