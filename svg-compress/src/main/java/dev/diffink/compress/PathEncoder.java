package dev.diffink.compress;

import dev.diffink.compress.PathData.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes path data as short as this grammar allows, on a decimal grid.
 *
 * <p>Every coordinate is first rounded to the grid ({@code decimals} places), as a long, so that
 * relative values are exact differences of rounded absolute positions and rounding never
 * accumulates along a path. Then, per segment, every equivalent form is a candidate: absolute or
 * relative; H/V for axis-aligned lines; S/T where the first control point is the reflection of
 * the previous one (or the current point after a non-curve); compact arc flags. Straight curves
 * (control points on the chord within a tolerance the caller sets from what a pixel can show,
 * between its ends) become lines, and a line back to the subpath start before Z is dropped. A dynamic programme over the sequence picks
 * the candidates whose text is shortest, counting the command letters that may be left implicit
 * (a repeated command, L after M) and the separators that may be dropped ({@code M10-5},
 * {@code .5.5}).
 */
public final class PathEncoder {
    private PathEncoder() {}

    /**
     * One way to write a segment: its command letter and grid values, with the shape of each
     * value's text ({@link Numbers#shape}); the text itself is written only for the winners.
     */
    private record Candidate(char letter, long[] values, long[] shapes, int innerLength, boolean arc) {
        boolean lastHasDot() {
            return shapes.length > 0 && Numbers.shapeHasDotOrE(shapes[shapes.length - 1]);
        }

        char first() {
            return Numbers.shapeFirst(shapes[0]);
        }
    }

    /**
     * As {@link #encode(List, int, double)}; for a shape only filled ({@code filled}), without
     * what the fill draws anyway: the Z of each subpath (a fill closes every subpath with a line),
     * unless drawing goes on after it without a move (from the subpath's start, where Z leaves
     * the pen), and a last line (or curve written as one) back to a subpath's start. (Starting a
     * subpath elsewhere, so that one of its lines became the closing one, was tried and dropped:
     * the outline is the same, but librsvg draws it differently by up to 15/255 when its first
     * point moves.)
     */
    public static String encode(List<Segment> segments, int decimals, double straightTolerance, boolean filled) {
        return write(segments, decimals, straightTolerance, filled);
    }

    /** As {@link #encode(List, int, double)}, treating as straight only curves exactly so on the grid. */
    public static String encode(List<Segment> segments, int decimals) {
        return encode(segments, decimals, 0);
    }

    /**
     * Encodes on a grid of {@code decimals} places; a curve whose control points lie within
     * {@code straightTolerance} (user units) of its chord, between its ends, becomes a line.
     */
    public static String encode(List<Segment> segments, int decimals, double straightTolerance) {
        return write(segments, decimals, straightTolerance, false);
    }

    private static String write(List<Segment> segments, int decimals, double straightTolerance, boolean filled) {
        double tol = straightTolerance * Numbers.pow10(decimals);
        List<long[]> grid = new ArrayList<>();
        List<Character> cmds = new ArrayList<>();
        long scale = Numbers.pow10(decimals);
        long cx = 0, cy = 0, sx = 0, sy = 0;
        // Arcs whose shape rounding would move visibly become something that rounds safely.
        segments = stableArcs(segments, decimals, straightTolerance);
        for (Segment s : segments) {
            long[] g = new long[s.v().length];
            for (int k = 0; k < g.length; k++) {
                g[k] = s.cmd() == 'A' && (k == 3 || k == 4) ? (long) s.v()[k] : Numbers.toGrid(s.v()[k], decimals);
            }
            char c = s.cmd();
            if (c == 'C' && straight(cx, cy, g[0], g[1], g[2], g[3], g[4], g[5], tol)) {
                g = new long[] {g[4], g[5]};
                c = 'L';
            } else if (c == 'Q' && straight(cx, cy, g[0], g[1], g[0], g[1], g[2], g[3], tol)) {
                g = new long[] {g[2], g[3]};
                c = 'L';
            }
            cmds.add(c);
            grid.add(g);
            if (c == 'M') {
                sx = g[0];
                sy = g[1];
            }
            if (c == 'Z') {
                cx = sx;
                cy = sy;
            } else {
                cx = g[g.length - 2];
                cy = g[g.length - 1];
            }
        }
        // A line back to the start right before Z is the line Z draws.
        for (int i = cmds.size() - 1; i > 0; i--) {
            if (cmds.get(i) == 'Z' && cmds.get(i - 1) == 'L') {
                long[] start = subpathStart(cmds, grid, i - 1);
                long[] l = grid.get(i - 1);
                if (start != null && l[0] == start[0] && l[1] == start[1] && cmds.get(i - 2) != 'M') {
                    cmds.remove(i - 1);
                    grid.remove(i - 1);
                    i--;
                }
            }
        }
        if (filled) {
            for (int i = cmds.size() - 1; i >= 0; i--) {
                if (cmds.get(i) == 'Z' && (i + 1 == cmds.size() || cmds.get(i + 1) == 'M')) {
                    cmds.remove(i);
                    grid.remove(i);
                }
            }
            // A last line back to an open subpath's start is the line the fill draws.
            for (int i = cmds.size() - 1; i > 1; i--) {
                boolean last = i + 1 == cmds.size() || cmds.get(i + 1) == 'M';
                if (last && cmds.get(i) == 'L' && cmds.get(i - 1) != 'M') {
                    long[] start = subpathStart(cmds, grid, i);
                    long[] l = grid.get(i);
                    if (start != null && l[0] == start[0] && l[1] == start[1]) {
                        cmds.remove(i);
                        grid.remove(i);
                    }
                }
            }
        }
        return choose(cmds, grid, decimals);
    }

    /**
     * The centre of an SVG arc is ill-conditioned near a half turn: rounding its end points by a
     * grid step can move the centre by the square root of that, and each half of a circle drawn as
     * two half arcs then shifts visibly (seen: 90/255 at 4x). Each arc is checked at its quarter
     * points after rounding; one that moves more than {@code tolerance} (at least a tenth of a
     * grid step) is written instead with radii just under what its rounded chord needs, which the
     * renderer scales up to a half turn centred between the rounded ends, when the arc is a half
     * turn; else as cubics of at most 45 degrees (error under 5e-6 of the radius).
     */
    private static List<Segment> stableArcs(List<Segment> segments, int decimals, double tolerance) {
        boolean any = false;
        for (Segment s : segments) any |= s.cmd() == 'A';
        if (!any) return segments;
        double step = 1.0 / Numbers.pow10(decimals);
        double tol = Math.max(tolerance, 0.1 * step);
        List<Segment> out = new ArrayList<>(segments.size());
        double[] starts = PathData.startPoints(segments);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            double x = starts[2 * i], y = starts[2 * i + 1];
            if (s.cmd() == 'A') {
                double[] exact = Geometry.arcCenter(x, y, s.v());
                double rx0 = round(x, decimals), ry0 = round(y, decimals);
                double[] v = s.v().clone();
                double[] rounded = v.clone();
                for (int k : new int[] {0, 1, 2, 5, 6}) rounded[k] = round(v[k], decimals);
                if (exact == null || deviation(exact, Geometry.arcCenter(rx0, ry0, rounded)) <= tol) {
                    out.add(s);
                } else {
                    double[] halfTurn = halfTurn(exact, rx0, ry0, rounded, decimals);
                    if (halfTurn != null && deviation(exact, Geometry.arcCenter(rx0, ry0, halfTurn)) <= tol) {
                        out.add(new Segment('A', halfTurn));
                    } else {
                        out.addAll(Geometry.arcToCubics(exact, Math.PI / 4));
                    }
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static double round(double v, int decimals) {
        return Numbers.toGrid(v, decimals) / (double) Numbers.pow10(decimals);
    }

    /** Largest distance between the two arcs at t = 0.25, 0.5, 0.75 (the ends are the rounding itself). */
    private static double deviation(double[] a, double[] b) {
        if (b == null) return Double.POSITIVE_INFINITY;
        double d = 0;
        for (double t : new double[] {0.25, 0.5, 0.75}) {
            double[] p = Geometry.arcPoint(a, t), q = Geometry.arcPoint(b, t);
            d = Math.max(d, Math.hypot(p[0] - q[0], p[1] - q[1]));
        }
        return d;
    }

    /**
     * For an arc within a degree of a half turn: the rounded parameters with radii shrunk one grid
     * step below the rounded chord's need, so the renderer scales them back up (SVG's rule for too
     * small radii) to a half turn between the rounded ends; null otherwise.
     */
    private static double[] halfTurn(double[] exact, double x0, double y0, double[] rounded, int decimals) {
        if (Math.abs(Math.abs(exact[6]) - Math.PI) > Math.toRadians(1)) return null;
        double step = 1.0 / Numbers.pow10(decimals);
        double[] v = rounded.clone();
        double ratio = v[1] / v[0];
        // Shrink until the rounded radii are too small for the rounded chord.
        for (int i = 0; i < 64; i++) {
            double phi = Math.toRadians(v[2]), cos = Math.cos(phi), sin = Math.sin(phi);
            double dx2 = (x0 - v[5]) / 2, dy2 = (y0 - v[6]) / 2;
            double x1p = cos * dx2 + sin * dy2, y1p = -sin * dx2 + cos * dy2;
            if (x1p * x1p / (v[0] * v[0]) + y1p * y1p / (v[1] * v[1]) > 1) return v;
            v[0] = round(Math.max(step, v[0] - step), decimals);
            v[1] = round(Math.max(step, v[0] * ratio), decimals);
        }
        return null;
    }

    private static long[] subpathStart(List<Character> cmds, List<long[]> grid, int i) {
        for (int k = i; k >= 0; k--) {
            if (cmds.get(k) == 'M') return grid.get(k);
        }
        return null;
    }

    /** Control points within {@code tol} grid steps of the chord, and between its ends. */
    private static boolean straight(long x0, long y0, long x1, long y1, long x2, long y2, long x3, long y3,
            double tol) {
        double dx = x3 - x0, dy = y3 - y0;
        double len2 = dx * dx + dy * dy;
        if (len2 == 0) return x1 == x0 && y1 == y0 && x2 == x0 && y2 == y0;
        for (int k = 0; k < 2; k++) {
            double px = (k == 0 ? x1 : x2) - x0, py = (k == 0 ? y1 : y2) - y0;
            double t = (px * dx + py * dy) / len2;
            if (t < 0 || t > 1) return false;
            double cross = px * dy - py * dx;
            if (cross * cross > tol * tol * len2) return false;
        }
        return true;
    }

    private static String choose(List<Character> cmds, List<long[]> grid, int decimals) {
        int n = cmds.size();
        List<List<Candidate>> cands = new ArrayList<>(n);
        long cx = 0, cy = 0, sx = 0, sy = 0;
        long c2x = 0, c2y = 0, q1x = 0, q1y = 0;
        char prev = ' ';
        for (int i = 0; i < n; i++) {
            char c = cmds.get(i);
            long[] g = grid.get(i);
            List<Candidate> list = new ArrayList<>(6);
            switch (c) {
                case 'M' -> {
                    list.add(cand('M', decimals, g[0], g[1]));
                    list.add(cand('m', decimals, g[0] - cx, g[1] - cy));
                    sx = g[0];
                    sy = g[1];
                }
                case 'L' -> {
                    long dx = g[0] - cx, dy = g[1] - cy;
                    list.add(cand('L', decimals, g[0], g[1]));
                    list.add(cand('l', decimals, dx, dy));
                    if (dy == 0) {
                        list.add(cand('H', decimals, g[0]));
                        list.add(cand('h', decimals, dx));
                    }
                    if (dx == 0) {
                        list.add(cand('V', decimals, g[1]));
                        list.add(cand('v', decimals, dy));
                    }
                }
                case 'C' -> {
                    list.add(cand('C', decimals, g[0], g[1], g[2], g[3], g[4], g[5]));
                    list.add(cand('c', decimals, g[0] - cx, g[1] - cy, g[2] - cx, g[3] - cy, g[4] - cx, g[5] - cy));
                    boolean cubicBefore = prev == 'C';
                    long rx = cubicBefore ? 2 * cx - c2x : cx, ry = cubicBefore ? 2 * cy - c2y : cy;
                    if (g[0] == rx && g[1] == ry) {
                        list.add(cand('S', decimals, g[2], g[3], g[4], g[5]));
                        list.add(cand('s', decimals, g[2] - cx, g[3] - cy, g[4] - cx, g[5] - cy));
                    }
                    c2x = g[2];
                    c2y = g[3];
                }
                case 'Q' -> {
                    list.add(cand('Q', decimals, g[0], g[1], g[2], g[3]));
                    list.add(cand('q', decimals, g[0] - cx, g[1] - cy, g[2] - cx, g[3] - cy));
                    boolean quadBefore = prev == 'Q';
                    long rx = quadBefore ? 2 * cx - q1x : cx, ry = quadBefore ? 2 * cy - q1y : cy;
                    if (g[0] == rx && g[1] == ry) {
                        list.add(cand('T', decimals, g[2], g[3]));
                        list.add(cand('t', decimals, g[2] - cx, g[3] - cy));
                    }
                    q1x = g[0];
                    q1y = g[1];
                }
                case 'A' -> {
                    list.add(arc('A', decimals, g, g[5], g[6]));
                    list.add(arc('a', decimals, g, g[5] - cx, g[6] - cy));
                }
                default -> list.add(new Candidate('z', new long[0], new long[0], 0, false));
            }
            cands.add(list);
            if (c == 'Z') {
                cx = sx;
                cy = sy;
            } else {
                cx = g[g.length - 2];
                cy = g[g.length - 1];
            }
            prev = c;
        }
        // Dynamic programme: best[i][j] = shortest text up to segment i written as candidate j.
        int[][] best = new int[n][];
        int[][] from = new int[n][];
        boolean[][] implicit = new boolean[n][];
        for (int i = 0; i < n; i++) {
            List<Candidate> list = cands.get(i);
            best[i] = new int[list.size()];
            from[i] = new int[list.size()];
            implicit[i] = new boolean[list.size()];
            for (int j = 0; j < list.size(); j++) {
                Candidate cj = list.get(j);
                if (i == 0) {
                    best[i][j] = 1 + cj.innerLength;
                    from[i][j] = -1;
                    continue;
                }
                best[i][j] = Integer.MAX_VALUE;
                List<Candidate> prevList = cands.get(i - 1);
                for (int k = 0; k < prevList.size(); k++) {
                    Candidate ck = prevList.get(k);
                    int explicit = best[i - 1][k] + 1 + cj.innerLength;
                    if (explicit < best[i][j]) {
                        best[i][j] = explicit;
                        from[i][j] = k;
                        implicit[i][j] = false;
                    }
                    if (canOmit(ck.letter, cj.letter)) {
                        int cost = best[i - 1][k] + cj.innerLength + separator(ck, cj.first());
                        if (cost < best[i][j]) {
                            best[i][j] = cost;
                            from[i][j] = k;
                            implicit[i][j] = true;
                        }
                    }
                }
            }
        }
        if (n == 0) return "";
        int j = 0;
        for (int k = 1; k < best[n - 1].length; k++) if (best[n - 1][k] < best[n - 1][j]) j = k;
        int[] pick = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            pick[i] = j;
            j = from[i][j];
        }
        StringBuilder sb = new StringBuilder(best[n - 1][pick[n - 1]]);
        Candidate previous = null;
        for (int i = 0; i < n; i++) {
            Candidate c = cands.get(i).get(pick[i]);
            if (i > 0 && implicit[i][pick[i]]) {
                if (separator(previous, c.first()) == 1) sb.append(' ');
            } else {
                sb.append(c.letter);
            }
            appendNumbers(c, sb, decimals);
            previous = c;
        }
        return sb.toString();
    }

    /** Whether {@code next}'s letter may be left out after {@code prev}'s. */
    private static boolean canOmit(char prev, char next) {
        if (next == 'z' || next == 'M' || next == 'm') return false;
        return prev == next || (prev == 'M' && next == 'L') || (prev == 'm' && next == 'l');
    }

    /** 1 when a number written right after {@code prev}'s last number needs a separator. */
    private static int separator(Candidate prev, char next) {
        if (next == '-') return 0;
        if (next == '.' && prev.lastHasDot()) return 0;
        return 1;
    }

    private static Candidate cand(char letter, int decimals, long... values) {
        long[] shapes = new long[values.length];
        for (int k = 0; k < values.length; k++) shapes[k] = Numbers.shape(values[k], decimals);
        return new Candidate(letter, values, shapes, numbersLength(shapes, false), false);
    }

    private static Candidate arc(char letter, int decimals, long[] g, long x, long y) {
        long[] values = {g[0], g[1], g[2], g[3], g[4], x, y};
        long[] shapes = new long[7];
        for (int k = 0; k < 7; k++) shapes[k] = Numbers.shape(values[k], k == 3 || k == 4 ? 0 : decimals);
        return new Candidate(letter, values, shapes, numbersLength(shapes, true), true);
    }

    private static int numbersLength(long[] shapes, boolean arc) {
        int len = 0;
        for (int k = 0; k < shapes.length; k++) {
            len += Numbers.shapeLength(shapes[k]);
            if (k > 0) len += separatorBetween(shapes, k, arc) ? 1 : 0;
        }
        return len;
    }

    /** Whether number k needs a separator before it (arc flags are single characters needing none after them). */
    private static boolean separatorBetween(long[] shapes, int k, boolean arc) {
        if (arc && (k == 4 || k == 5)) return false;
        char first = Numbers.shapeFirst(shapes[k]);
        if (first == '-') return false;
        return !(first == '.' && Numbers.shapeHasDotOrE(shapes[k - 1]));
    }

    private static void appendNumbers(Candidate c, StringBuilder sb, int decimals) {
        for (int k = 0; k < c.values.length; k++) {
            if (k > 0 && separatorBetween(c.shapes, k, c.arc)) sb.append(' ');
            Numbers.appendTo(sb, c.values[k], c.arc && (k == 3 || k == 4) ? 0 : decimals);
        }
    }
}
