package dev.diffink.compress;

import java.util.ArrayList;
import java.util.List;

/**
 * Path data as absolute segments: {@code M x y}, {@code L x y}, {@code C x1 y1 x2 y2 x y},
 * {@code Q x1 y1 x y}, {@code A rx ry rotation large sweep x y}, {@code Z}. Parsing resolves
 * relative commands and the H, V, S and T shorthands; {@link PathEncoder}
 * chooses them again when writing.
 */
public final class PathData {
    private PathData() {}

    /** One absolute segment; {@code v} holds its numbers in SVG order. */
    public record Segment(char cmd, double[] v) {
        public double x() {
            return v[v.length - 2];
        }

        public double y() {
            return v[v.length - 1];
        }
    }

    /**
     * The point each segment starts from, as x, y per segment: the previous segment's end, or
     * after a Z the start of its subpath (the origin before the first segment).
     */
    public static double[] startPoints(List<Segment> segments) {
        double[] out = new double[2 * segments.size()];
        double x = 0, y = 0, sx = 0, sy = 0;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            out[2 * i] = x;
            out[2 * i + 1] = y;
            if (s.cmd() == 'M') {
                sx = s.x();
                sy = s.y();
            }
            if (s.cmd() == 'Z') {
                x = sx;
                y = sy;
            } else {
                x = s.x();
                y = s.y();
            }
        }
        return out;
    }

    /**
     * Parses path data; throws IllegalArgumentException naming the position when malformed.
     *
     * <p>Not Batik's parser, which reports floats: a lossless compressor needs the numbers as
     * written, so this reads doubles (the grammar is SVG 2's, compact arc flags included) and feeds
     * the same handler interface.
     */
    public static List<Segment> parse(String d) {
        List<Segment> out = new ArrayList<>();
        if (d == null || d.isBlank()) return out;
        new Reader(d, new Collector(out)).read();
        for (Segment s : out) {
            for (double v : s.v) {
                if (!Double.isFinite(v)) throw new IllegalArgumentException("path data has a number out of range");
            }
        }
        return out;
    }

    /** A path-data tokenizer over doubles. */
    private static final class Reader {
        private final String s;
        private final Collector h;
        private int i;

        Reader(String s, Collector h) {
            this.s = s;
            this.h = h;
        }

        void read() {
            skipSpace();
            char cmd = 0;
            boolean first = true;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isLetter(c) && c != 'e' && c != 'E') {
                    cmd = c;
                    i++;
                } else if (cmd == 0 || cmd == 'z' || cmd == 'Z') {
                    throw error("expected a command");
                } else if (cmd == 'M') {
                    cmd = 'L';
                } else if (cmd == 'm') {
                    cmd = 'l';
                }
                if (first && cmd != 'M' && cmd != 'm') throw error("path data must start with M or m");
                first = false;
                command(cmd);
                skipSpace();
            }
        }

        private void command(char c) {
            switch (c) {
                case 'M' -> h.movetoAbs2(num(), num());
                case 'm' -> h.movetoRel2(num(), num());
                case 'Z', 'z' -> h.closePath();
                case 'L' -> h.line(num(), num());
                case 'l' -> { double dx = num(), dy = num(); h.line(h.x + dx, h.y + dy); }
                case 'H' -> h.line(num(), h.y);
                case 'h' -> h.line(h.x + num(), h.y);
                case 'V' -> h.line(h.x, num());
                case 'v' -> h.line(h.x, h.y + num());
                case 'C' -> h.cubic(num(), num(), num(), num(), num(), num());
                case 'c' -> { double[] v = nums(6); h.cubic(h.x + v[0], h.y + v[1], h.x + v[2], h.y + v[3], h.x + v[4], h.y + v[5]); }
                case 'S' -> h.smoothCubic(num(), num(), num(), num());
                case 's' -> { double[] v = nums(4); h.smoothCubic(h.x + v[0], h.y + v[1], h.x + v[2], h.y + v[3]); }
                case 'Q' -> h.quad(num(), num(), num(), num());
                case 'q' -> { double[] v = nums(4); h.quad(h.x + v[0], h.y + v[1], h.x + v[2], h.y + v[3]); }
                case 'T' -> h.smoothQuad(num(), num());
                case 't' -> { double dx = num(), dy = num(); h.smoothQuad(h.x + dx, h.y + dy); }
                case 'A', 'a' -> {
                    double rx = num(), ry = num(), rot = num();
                    boolean large = flag(), sweep = flag();
                    double x = num(), y = num();
                    if (c == 'a') {
                        x += h.x;
                        y += h.y;
                    }
                    h.arc(rx, ry, rot, large, sweep, x, y);
                }
                default -> throw error("unknown command '" + c + "'");
            }
        }

        private double[] nums(int n) {
            double[] v = new double[n];
            for (int k = 0; k < n; k++) v[k] = num();
            return v;
        }

        private void skipSpace() {
            while (i < s.length() && (Character.isWhitespace(s.charAt(i)))) i++;
        }

        private void skipSeparator() {
            skipSpace();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                skipSpace();
            }
        }

        private boolean flag() {
            skipSeparator();
            if (i >= s.length() || (s.charAt(i) != '0' && s.charAt(i) != '1')) throw error("expected an arc flag");
            return s.charAt(i++) == '1';
        }

        private double num() {
            skipSeparator();
            int start = i;
            boolean negative = false;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) negative = s.charAt(i++) == '-';
            int digits = 0, fraction = 0;
            long mantissa = 0;
            char c;
            while (i < s.length() && (c = s.charAt(i)) >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                i++;
                digits++;
            }
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                while (i < s.length() && (c = s.charAt(i)) >= '0' && c <= '9') {
                    mantissa = mantissa * 10 + (c - '0');
                    i++;
                    digits++;
                    fraction++;
                }
            }
            if (digits == 0) {
                i = start;
                throw error("expected a number");
            }
            boolean exponent = false;
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                int mark = i++;
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
                int expDigits = 0;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                    expDigits++;
                }
                if (expDigits == 0) i = mark;
                else exponent = true;
            }
            // Fast path: at most 15 digits and no exponent. The mantissa and 10^fraction are then
            // exact doubles, and one division is correctly rounded, as Double.parseDouble is.
            if (!exponent && digits <= 15) {
                double v = fraction == 0 ? mantissa : mantissa / (double) Numbers.pow10(fraction);
                return negative ? -v : v;
            }
            double v = Double.parseDouble(s.substring(start, i));
            if (!Double.isFinite(v)) throw new IllegalArgumentException("path data has a number out of range: "
                    + s.substring(start, i));
            return v;
        }

        private IllegalArgumentException error(String what) {
            String near = s.substring(i, Math.min(s.length(), i + 12));
            return new IllegalArgumentException("bad path data at character " + (i + 1) + " (\"" + near + "\"): " + what);
        }
    }

    private static final class Collector {
        private final List<Segment> out;
        private double x, y, sx, sy, cx, cy;
        private char last = ' ';

        Collector(List<Segment> out) {
            this.out = out;
        }

        private void add(char c, double... v) {
            out.add(new Segment(c, v));
            if (c != 'Z') {
                x = v[v.length - 2];
                y = v[v.length - 1];
            }
        }

        void movetoRel2(double dx, double dy) {
            movetoAbs2(x + dx, y + dy);
        }

        void movetoAbs2(double ax, double ay) {
            add('M', ax, ay);
            sx = ax;
            sy = ay;
            last = 'M';
        }

        void closePath() {
            add('Z');
            x = sx;
            y = sy;
            last = 'Z';
        }

        void line(double ax, double ay) {
            add('L', ax, ay);
            last = 'L';
        }





        void smoothCubic(double x2, double y2, double ax, double ay) {
            double x1 = last == 'C' ? 2 * x - cx : x, y1 = last == 'C' ? 2 * y - cy : y;
            cubic(x1, y1, x2, y2, ax, ay);
        }

        void cubic(double x1, double y1, double x2, double y2, double ax, double ay) {
            add('C', x1, y1, x2, y2, ax, ay);
            cx = x2;
            cy = y2;
            last = 'C';
        }





        void smoothQuad(double ax, double ay) {
            double x1 = last == 'Q' ? 2 * x - cx : x, y1 = last == 'Q' ? 2 * y - cy : y;
            quad(x1, y1, ax, ay);
        }

        void quad(double x1, double y1, double ax, double ay) {
            add('Q', x1, y1, ax, ay);
            cx = x1;
            cy = y1;
            last = 'Q';
        }



        void arc(double rx, double ry, double rot, boolean large, boolean sweep, double ax, double ay) {
            add('A', rx, ry, rot, large ? 1 : 0, sweep ? 1 : 0, ax, ay);
            last = 'A';
        }
    }
}
