package dev.diffink.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Path data of a shape only filled, which need not close what the fill closes. */
class PathFillTest {

    private static String encode(String d, boolean filled) {
        return PathEncoder.encode(PathData.parse(d), 2, 0, filled);
    }

    @Test
    void aFillDropsItsZsAndItsLastLinesBackToTheStart() {
        String d = "M0 0L30 0L30 15L0 0ZM50 50L60 50L60 60Z";
        assertEquals("M0 0H30V15M50 50H60V60", encode(d, true));
        // A stroke keeps them: Z joins where a line back would put caps.
        assertEquals("M0 0H30V15zM50 50H60V60z", encode(d, false));
    }

    @Test
    void aStraightCurveBackToTheStartGoesLikeALine() {
        // A rectangle as tracers write it: each side a cubic with its controls on the side.
        String d = "M0 0C10 0 20 0 30 0C30 10 30 20 30 30C20 30 10 30 0 30C0 20 0 10 0 0Z";
        assertEquals("M0 0H30V30H0", encode(d, true));
        assertEquals("M0 0H30V30H0z", encode(d, false));
    }

    @Test
    void anOpenFillLosesItsLastLineBackToo() {
        assertEquals("M0 0H30V15", encode("M0 0L30 0L30 15L0 0", true));
        // A line is not dropped when it is all the subpath has besides its move.
        assertEquals("M0 0H30", encode("M0 0L30 0", true));
    }

    @Test
    void aZThatDrawingGoesOnFromStays() {
        // After this Z the pen is back at (0, 0), and the line to (5, 5) starts there.
        String goesOn = encode("M0 0L30 0L30 15ZL5 5", true);
        assertTrue(goesOn.contains("z"), goesOn);
        assertEquals(goesOn, encode("M0 0L30 0L30 15ZL5 5", false));
    }
}
