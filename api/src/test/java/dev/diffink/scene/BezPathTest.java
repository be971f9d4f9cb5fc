package dev.diffink.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BezPathTest {

    @Test
    void boundsAreTheCurveNotItsControlPolygon() {
        BezPath p = new BezPath.Builder().moveTo(0, 0).cubicTo(0, 10, 10, 10, 10, 0).finish().orElseThrow();
        double[] b = p.bounds();
        assertArrayEquals(new double[] {0, 0, 10, 7.5}, b, 1e-6);
        BezPath q = new BezPath.Builder().moveTo(0, 0).quadTo(5, 10, 10, 0).finish().orElseThrow();
        assertEquals(5, q.bounds()[3], 1e-6);
    }

    @Test
    void arcsBecomeCubicsThatPassThroughTheirEnds() {
        BezPath p = new BezPath.Builder().moveTo(10, 0).arcTo(10, 10, 0, false, true, -10, 0).finish().orElseThrow();
        assertEquals(BezPath.CUBIC, p.verb(1));
        assertEquals(-10f, p.x(p.pointCount() - 1), 1e-5);
        double[] b = p.bounds();
        assertEquals(10, b[3], 1e-2); // the half circle bulges down to y = 10
    }

    @Test
    void tooSmallArcRadiiAreScaledUp() {
        // Sweep flag 1 turns clockwise on screen (y down): from the left end it bulges up to y = -10.
        BezPath p = new BezPath.Builder().moveTo(0, 0).arcTo(1, 1, 0, false, true, 20, 0).finish().orElseThrow();
        assertEquals(-10, p.bounds()[1], 0.05);
        assertEquals(0, p.bounds()[3], 1e-4);
    }

    @Test
    void emptyOrNonFinitePathsAreNotBuilt() {
        assertTrue(new BezPath.Builder().moveTo(1, 1).finish().isEmpty());
        assertTrue(new BezPath.Builder().moveTo(0, 0).lineTo(Double.NaN, 1).finish().isEmpty());
    }

    @Test
    void segmentsAfterCloseStartAtTheContourStart() {
        BezPath p = new BezPath.Builder().moveTo(1, 2).lineTo(5, 2).close().lineTo(3, 3).finish().orElseThrow();
        assertEquals(BezPath.MOVE, p.verb(3));
        assertEquals(1f, p.x(2));
        assertEquals(2f, p.y(2));
    }
}
