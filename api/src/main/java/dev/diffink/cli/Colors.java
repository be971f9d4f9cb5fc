package dev.diffink.cli;

import dev.diffink.DiffInkException;
import dev.diffink.scene.Rgba;
import dev.diffink.svg.SvgColors;

/** Colours given on the command line. */
final class Colors {
    private Colors() {}

    static Rgba parse(String text, String option) {
        if (text.equalsIgnoreCase("none")) return null;
        try {
            return SvgColors.parse(text);
        } catch (IllegalArgumentException e) {
            throw DiffInkException.badInput(option + ": \"" + text + "\" is not a colour (try white, #ffffff or "
                    + "rgb(255,255,255))");
        }
    }
}
