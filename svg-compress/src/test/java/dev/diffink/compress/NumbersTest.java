package dev.diffink.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void formatWritesTheShortestForm() {
        assertEquals("0", Numbers.format(0, 3));
        assertEquals(".5", Numbers.format(500, 3));
        assertEquals("-.05", Numbers.format(-50, 3));
        assertEquals("1.25", Numbers.format(1250, 3));
        assertEquals("4e3", Numbers.format(4000, 0));
        assertEquals("400", Numbers.format(400, 0));
        assertEquals("1e-7", Numbers.format(1, 7));
        assertEquals(".001", Numbers.format(1, 3));
    }

    @Test
    void maxDecimalsCountsTheDecimalsANumberNeeds() {
        assertEquals(3, Numbers.maxDecimals("M1.5 2.125L3 4.100"));
        assertEquals(2, Numbers.maxDecimals("3e-2 1e3 .5"));
        assertEquals(0, Numbers.maxDecimals("1.5e1 10 200"));
        assertEquals(Numbers.MAX_DECIMALS, Numbers.maxDecimals("1e-30"));
        assertEquals(0, Numbers.maxDecimals("none"));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            String n = random.nextInt(0, 1000) + (random.nextBoolean() ? "." + random.nextInt(0, 100000) : "")
                    + (random.nextInt(4) == 0 ? "e" + random.nextInt(-12, 12) : "");
            int exact = Math.max(0, Math.min(Numbers.MAX_DECIMALS, new java.math.BigDecimal(n).stripTrailingZeros().scale()));
            assertEquals(exact, Numbers.maxDecimals("M" + n + ",0"), n);
        }
    }

    @Test
    void shapeAndAppendAgreeWithFormat() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            int digits = random.nextInt(1, 16);
            long n = random.nextLong((long) Math.pow(10, digits));
            if (random.nextBoolean()) n = -n;
            if (random.nextInt(4) == 0) n = n / 1000 * 1000;
            int d = random.nextInt(0, Numbers.MAX_DECIMALS + 1);
            String text = Numbers.format(n, d);
            long shape = Numbers.shape(n, d);
            assertEquals(text.length(), Numbers.shapeLength(shape), text);
            assertEquals(text.charAt(0), Numbers.shapeFirst(shape), text);
            assertEquals(text.indexOf('.') >= 0 || text.indexOf('e') >= 0, Numbers.shapeHasDotOrE(shape), text);
            StringBuilder sb = new StringBuilder("x");
            Numbers.appendTo(sb, n, d);
            assertEquals("x" + text, sb.toString());
        }
    }
}
