package dev.diffink.vectorize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContoursTest {

    static boolean[] mask(String... rows) {
        boolean[] m = new boolean[rows.length * rows[0].length()];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[0].length(); x++) m[y * rows[0].length() + x] = rows[y].charAt(x) == '#';
        }
        return m;
    }

    static double area(int[] loop) {
        double[] d = new double[loop.length];
        for (int i = 0; i < loop.length; i++) d[i] = loop[i];
        return Contours.area(d);
    }

    @Test
    void ringHasAnOutlineAndAHoleOfOppositeSign() {
        List<int[]> loops = Contours.trace(mask("####", "#..#", "####"), 4, 3);
        assertEquals(2, loops.size());
        double a = area(loops.get(0)), b = area(loops.get(1));
        assertEquals(12, Math.max(a, b));
        assertEquals(-2, Math.min(a, b));
        assertEquals(8, loops.get(0).length, "a rectangle has four vertices");
    }

    @Test
    void pixelsTouchingAtACornerAreSeparateShapes() {
        List<int[]> loops = Contours.trace(mask("#.", ".#"), 2, 2);
        assertEquals(2, loops.size());
        assertEquals(1, area(loops.get(0)));
        assertEquals(1, area(loops.get(1)));
    }

    @Test
    void simplificationKeepsCornersAndDropsStaircases() {
        // A 45-degree staircase edge: one segment after simplification at one pixel.
        double[] stairs = {0, 0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 4, 3, 4, 4, 0, 4};
        double[] s = CurveFit.simplify(stairs, 1.0);
        assertEquals(3, s.length / 2, java.util.Arrays.toString(s));
    }
}
