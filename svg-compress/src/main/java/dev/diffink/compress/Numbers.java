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

    /** Appends exactly what {@link #format(long, int)} returns, without building strings on the way. */
    public static void appendTo(StringBuilder sb, long n, int d) {
        if (n == 0) {
            sb.append('0');
            return;
        }
        while (d > 0 && n % 10 == 0) {
            n /= 10;
            d--;
        }
        if (n < 0) sb.append('-');
        long m = Math.abs(n);
        int digits = digitCount(m);
        if (d == 0) {
            int zeros = 0;
            for (long t = m; zeros < digits - 1 && t % 10 == 0; t /= 10) zeros++;
            if (zeros > 2 && digits - zeros + 1 + digitCount(zeros) < digits) {
                sb.append(m / POW10[zeros]).append('e').append(zeros);
            } else {
                sb.append(m);
            }
        } else if (digits > d) {
            long frac = m % POW10[d];
            sb.append(m / POW10[d]).append('.');
            for (int i = digitCount(frac); i < d; i++) sb.append('0');
            sb.append(frac);
        } else if (digits + 2 + digitCount(d) < d + 1) {
            sb.append(m).append("e-").append(d);
        } else {
            sb.append('.');
            for (int i = digits; i < d; i++) sb.append('0');
            sb.append(m);
        }
    }

    /**
     * What {@link #format(long, int)} would write, without writing it: its length in the low 16
     * bits, its first character in bits 16-31, and bit 32 set when it holds a '.' or an 'e'. The
     * path encoder weighs every way to write a segment by these and formats only the winners.
     */
    public static long shape(long n, int d) {
        if (n == 0) return 1 | ('0' << 16);
        while (d > 0 && n % 10 == 0) {
            n /= 10;
            d--;
        }
        boolean negative = n < 0;
        long m = Math.abs(n);
        int digits = digitCount(m);
        char lead = (char) ('0' + m / POW10[digits - 1]);
        int length;
        char first;
        boolean dotOrE;
        if (d == 0) {
            length = digits;
            first = lead;
            dotOrE = false;
            int zeros = 0;
            for (long t = m; zeros < digits - 1 && t % 10 == 0; t /= 10) zeros++;
            if (zeros > 2) {
                int exp = digits - zeros + 1 + digitCount(zeros);
                if (exp < length) {
                    length = exp;
                    dotOrE = true;
                }
            }
        } else if (digits > d) {
            length = digits + 1;
            first = lead;
            dotOrE = true;
        } else {
            length = d + 1;
            first = '.';
            dotOrE = true;
            int exp = digits + 2 + digitCount(d);
            if (exp < length) {
                length = exp;
                first = lead;
            }
        }
        if (negative) {
            length++;
            first = '-';
        }
        return length | ((long) first << 16) | (dotOrE ? 1L << 32 : 0);
    }

    public static int shapeLength(long shape) {
        return (int) (shape & 0xffff);
    }

    public static char shapeFirst(long shape) {
        return (char) ((shape >>> 16) & 0xffff);
    }

    public static boolean shapeHasDotOrE(long shape) {
        return (shape >>> 32) != 0;
    }

    private static int digitCount(long m) {
        if (m < 10) return 1;
        // An estimate of log10 from the bit length (1233/4096 ~ log10(2)), corrected by one comparison.
        int t = Math.min(POW10.length - 1, ((64 - Long.numberOfLeadingZeros(m)) * 1233) >>> 12);
        return m >= POW10[t] ? t + 1 : t;
    }

    private static String shortest(BigDecimal v) {
        String s = v.stripTrailingZeros().toPlainString();
        if (s.startsWith("0.")) s = s.substring(1);
        else if (s.startsWith("-0.")) s = "-" + s.substring(2);
        String e = v.stripTrailingZeros().toString().replace("E+", "e").replace("E", "e");
        return e.length() < s.length() ? e : s;
    }

    /**
     * The most decimals any number in a text (a number, path data, a list, a transform) needs as
     * written: 1.25 needs 2, 3e-2 needs 2, 1e3 and 1.50e1 need 0; at most {@link #MAX_DECIMALS}.
     * One pass, no strings built.
     */
    public static int maxDecimals(String text) {
        int max = 0, i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.') {
                i++;
                continue;
            }
            int integerZeros = 0;
            while (i < n && (c = text.charAt(i)) >= '0' && c <= '9') {
                integerZeros = c == '0' ? integerZeros + 1 : 0;
                i++;
            }
            int frac = 0, zeros = 0;
            if (i < n && text.charAt(i) == '.') {
                i++;
                while (i < n && (c = text.charAt(i)) >= '0' && c <= '9') {
                    frac++;
                    zeros = c == '0' ? zeros + 1 : 0;
                    i++;
                }
            }
            frac -= zeros;
            // With no fraction left, trailing zeros of the integer part count against an exponent
            // (830e-4 is .083: three decimals, not four).
            if (frac == 0) frac = -integerZeros;
            int exp = 0;
            if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                int j = i + 1;
                boolean negative = false;
                if (j < n && (text.charAt(j) == '-' || text.charAt(j) == '+')) negative = text.charAt(j++) == '-';
                int start = j;
                while (j < n && (c = text.charAt(j)) >= '0' && c <= '9') {
                    if (j - start < 6) exp = exp * 10 + (c - '0');
                    j++;
                }
                if (j > start) {
                    i = j;
                    if (negative) exp = -exp;
                }
            }
            max = Math.max(max, Math.min(MAX_DECIMALS, frac - exp));
            if (max >= MAX_DECIMALS) return MAX_DECIMALS;
        }
        return max;
    }

}
