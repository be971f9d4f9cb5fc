package dev.diffink.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.compress.PathEncoder.Starts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subpaths written from another first point, so that a line becomes the closing one. */
class PathStartsTest {

    private static String encode(String d, Starts starts) {
        return PathEncoder.encode(PathData.parse(d), 2, 0, starts);
    }

    /** The subpath's vertices from its first point to its last, as a cycle starting at {@code x, y}. */
    private static List<String> cycle(String d, double x, double y) {
        List<PathData.Segment> segs = PathData.parse(d);
        List<String> ends = new ArrayList<>();
        for (PathData.Segment s : segs) {
            if (s.cmd() == 'Z') continue;
            double[] v = s.v();
            String p = v[v.length - 2] + "," + v[v.length - 1];
            if (ends.isEmpty() || !ends.getLast().equals(p)) ends.add(p);
        }
        if (ends.size() > 1 && ends.getFirst().equals(ends.getLast())) ends.removeLast();
        int at = ends.indexOf(x + "," + y);
        List<String> out = new ArrayList<>(ends.subList(at, ends.size()));
        out.addAll(ends.subList(0, at));
        return out;
    }

    @Test
    void aFilledOutlineStartsAfterItsLongestLine() {
        String d = "M0 0L30 0C35 5 35 10 30 15L20 15C5 15 0 10 0 0";
        String any = encode(d, Starts.ANY);
        assertTrue(any.length() < encode(d, Starts.KEEP).length(), any);
        assertTrue(any.startsWith("M30 0"), any);
        assertEquals(cycle(d, 30, 0), cycle(any, 30, 0), any);
        // Open, so a stroke would see the change: left alone unless only filled.
        assertEquals(encode(d, Starts.KEEP), encode(d, Starts.CLOSED));
    }

    @Test
    void aClosedSubpathRotatesForStrokesToo() {
        String d = "M0 0L30 0C35 5 35 10 30 15C20 20 5 15 0 0zM50 50h10v10z";
        // (The triangle would need its diagonal written: it keeps its start.)
        String closed = encode(d, Starts.CLOSED);
        assertTrue(closed.length() < encode(d, Starts.KEEP).length(), closed);
        assertTrue(closed.startsWith("M30 0"), closed);
        // The next subpath's move is unchanged on the canvas.
        assertTrue(PathData.parse(closed).stream().anyMatch(s -> s.cmd() == 'M' && s.v()[0] == 50 && s.v()[1] == 50),
                closed);
    }

    @Test
    void drawingThatGoesOnAfterZWithoutAMoveKeepsItsStart() {
        // After z the pen is back at the subpath's start, and "l5 5" draws from there.
        String d = "M0 0L30 0C35 5 35 10 30 15C20 20 5 15 0 0zl5 5";
        assertEquals(encode(d, Starts.KEEP), encode(d, Starts.ANY));
    }

    @Test
    void anOutlineEndingAwayFromItsStartGetsItsClosingLineWritten() {
        String d = "M11.11 22.22L123.45 67.89C130 80 120 90 100 95C60 99 20 60 12.11 23.22";
        String any = encode(d, Starts.ANY);
        assertTrue(any.length() < encode(d, Starts.KEEP).length(), any);
        List<PathData.Segment> segs = PathData.parse(any);
        // Starts at the long line's end, and comes back to the old start with a line of its own.
        assertEquals(123.45, segs.getFirst().v()[0]);
        assertTrue(segs.stream().anyMatch(s -> s.cmd() == 'L' && s.v()[0] == 11.11 && s.v()[1] == 22.22), any);
        assertEquals(cycle(d + "L11.11 22.22", 123.45, 67.89), cycle(any, 123.45, 67.89), any);
    }

    @Test
    void aRotationThatWouldBeLongerIsNotMade() {
        // Dropping "H30" here costs "L0 0" back and a longer first point.
        String d = "M0 0L30 0C35 5 35 10 30 15C20 20 10 20 5 10";
        assertEquals(encode(d, Starts.KEEP), encode(d, Starts.ANY));
    }

    @Test
    void aFillDropsWhatItClosesItselfButNotAZThatDrawingGoesOnFrom() {
        // Z, and the last line back to the start, go; the second subpath's move stays where it was.
        assertEquals("M0 0H30V15M50 50H60V60", encode("M0 0L30 0L30 15L0 0ZM50 50L60 50L60 60Z", Starts.ANY));
        assertEquals("M0 0H30V15zM50 50H60V60z", encode("M0 0L30 0L30 15L0 0ZM50 50L60 50L60 60Z", Starts.CLOSED));
        // After this Z the pen is back at (0, 0), and the line to (5, 5) starts there.
        String goesOn = encode("M0 0L30 0L30 15ZL5 5", Starts.ANY);
        assertTrue(goesOn.contains("z"), goesOn);
    }
}
