package dev.diffink.compress;

import java.math.BigDecimal;

/**
 * Shortest text for numbers on a decimal grid. A value is first rounded to {@code decimals}
 * places, then written in whichever of plain or exponent form is shorter, without a leading zero
 * ({@code .5}, {@code -.25}), trailing zeros or a point after an integer ({@code 1e3} over
 * {@code 1000}, {@code 1e-4} over {@code .0001}).
 *
 * <p>Values on the grid are carried as longs ({@code value * 10^decimals}) so that sums and
 * differences of rounded coordinates are exact.
 */
public final class Numbers {
    private Numbers() {}

    /** The most decimals DiffInk writes. */
    public static final int MAX_DECIMALS = 9;

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }

    public static long pow10(int d) {
        return POW10[d];
    }

    /** {@code v} rounded to {@code decimals} places, as {@code v * 10^decimals}. */
    public static long toGrid(double v, int decimals) {
        return Math.round(v * POW10[decimals]);
    }

    /** Whether {@code v} at this precision fits a long with room to spare. */
    public static boolean fitsGrid(double v, int decimals) {
        return Math.abs(v) * POW10[decimals] < 1e15;
    }

    public static String format(double v, int decimals) {
        if (!Double.isFinite(v)) {
            // The parser refuses such numbers in attributes it knows; this catches the rest (style sheets).
            throw new SvgFormatException(SvgFormatException.Kind.MALFORMED, "a number is out of range "
                    + "(beyond +-1.8e308); fix the value in the input");
        }
        if (!fitsGrid(v, decimals)) {
            return shortest(new BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_UP));
        }
        return format(toGrid(v, decimals), decimals);
    }

    /** Shortest text for {@code n / 10^d}. */
    public static String format(long n, int d) {
        if (n == 0) return "0";
        while (d > 0 && n % 10 == 0) {
            n /= 10;
            d--;
        }
        boolean negative = n < 0;
        String digits = Long.toString(Math.abs(n));
        String plain;
        if (d == 0) {
            plain = digits;
            int zeros = 0;
            while (zeros < digits.length() - 1 && digits.charAt(digits.length() - 1 - zeros) == '0') zeros++;
            if (zeros > 2) {
                String exp = digits.substring(0, digits.length() - zeros) + "e" + zeros;
                if (exp.length() < plain.length()) plain = exp;
            }
        } else if (digits.length() > d) {
            plain = digits.substring(0, digits.length() - d) + "." + digits.substring(digits.length() - d);
        } else {
            plain = "." + "0".repeat(d - digits.length()) + digits;
            String exp = digits + "e-" + d;
            if (exp.length() < plain.length()) plain = exp;
        }
        return negative ? "-" + plain : plain;
    }

    private static String shortest(BigDecimal v) {
        String s = v.stripTrailingZeros().toPlainString();
        if (s.startsWith("0.")) s = s.substring(1);
        else if (s.startsWith("-0.")) s = "-" + s.substring(2);
        String e = v.stripTrailingZeros().toString().replace("E+", "e").replace("E", "e");
        return e.length() < s.length() ? e : s;
    }

    /** Decimals in a number as written (1.25 has 2, 3e-2 has 2, 1e3 has 0), at most {@link #MAX_DECIMALS}. */
    public static int decimalsOf(String text) {
        String t = text.trim();
        int e = Math.max(t.indexOf('e'), t.indexOf('E'));
        int exp = 0;
        if (e >= 0) {
            try {
                exp = Integer.parseInt(t.substring(e + 1).replace("+", ""));
            } catch (NumberFormatException ex) {
                return MAX_DECIMALS;
            }
            t = t.substring(0, e);
        }
        int dot = t.indexOf('.');
        int frac = dot < 0 ? 0 : t.length() - dot - 1;
        // Trailing zeros of the fraction do not count.
        while (frac > 0 && t.charAt(t.length() - 1) == '0') {
            t = t.substring(0, t.length() - 1);
            frac--;
        }
        return Math.max(0, Math.min(MAX_DECIMALS, frac - exp));
    }
}
