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
     * Which subpaths may be written from another first point (the same outline, drawn in the same
     * direction): none; those closed with Z (a stroke joins every vertex of those alike, so only
     * dashes and markers tell where it starts); or every one (a fill closes an open subpath with a
     * line of its own).
     */
    public enum Starts { KEEP, CLOSED, ANY }

    /**
     * As {@link #encode(List, int, double)}, and where {@code starts} allows, each subpath that
     * has a line may start at that line's end instead, so that the line becomes the one Z (or the
     * fill) draws back to the start and is not written; the shorter text wins. A fill ({@link
     * Starts#ANY}) also loses what it draws anyway ({@link #unclosed}).
     */
    public static String encode(List<Segment> segments, int decimals, double straightTolerance, Starts starts) {
        if (starts == Starts.ANY) segments = unclosed(segments, decimals);
        String plain = encode(segments, decimals, straightTolerance);
        if (starts == Starts.KEEP) return plain;
        List<Segment> rotated = startAtLines(segments, decimals, straightTolerance, starts == Starts.ANY);
        if (rotated == null) return plain;
        String other = encode(rotated, decimals, straightTolerance);
        return other.length() < plain.length() ? other : plain;
    }

    /**
     * A fill's segments without what the fill draws anyway: the Z of each subpath (a fill closes
     * every subpath with a line), unless drawing goes on after it without a move (from the
     * subpath's start, where Z leaves the pen), and a last line back to the start.
     */
    static List<Segment> unclosed(List<Segment> segs, int decimals) {
        List<Segment> out = new ArrayList<>(segs.size());
        int start = -1;
        for (int k = 0; k < segs.size(); k++) {
            Segment s = segs.get(k);
            boolean end = k + 1 == segs.size() || segs.get(k + 1).cmd() == 'M';
            if (s.cmd() == 'M') start = out.size();
            if (s.cmd() != 'Z' || !end) out.add(s);
            if (!end || start < 0) continue;
            // The subpath's end: a last line back to its start is the fill's closing line.
            Segment last = out.getLast();
            double[] m = out.get(start).v(), v = last.v();
            if (last.cmd() == 'L' && out.size() - start > 2
                    && Numbers.toGrid(v[0], decimals) == Numbers.toGrid(m[0], decimals)
                    && Numbers.toGrid(v[1], decimals) == Numbers.toGrid(m[1], decimals)) {
                out.removeLast();
            }
        }
        return out.size() == segs.size() ? segs : out;
    }

    /**
     * The segments with each eligible subpath started after the line (or curve the encoder writes
     * as one) whose dropping saves the most text, by an estimate (see {@link #encode(List, int,
     * double, Starts)}), or null when no subpath changes. A subpath that ended
     * away from its start gets an explicit line back to it (on the grid). Not rotated: a subpath
     * that Z closes when drawing goes on after the Z without a move (it would go on from the new
     * start), and a subpath whose only line is its last.
     */
    static List<Segment> startAtLines(List<Segment> segs, int decimals, double straightTolerance, boolean open) {
        double tol = straightTolerance * Numbers.pow10(decimals);
        List<Segment> out = new ArrayList<>(segs.size() + 8);
        boolean changed = false;
        int n = segs.size(), i = 0;
        while (i < n) {
            Segment m = segs.get(i);
            if (m.cmd() != 'M') {
                out.add(m);
                i++;
                continue;
            }
            int end = i + 1;
            while (end < n && segs.get(end).cmd() != 'M' && segs.get(end).cmd() != 'Z') end++;
            boolean closed = end < n && segs.get(end).cmd() == 'Z';
            boolean goesOn = closed && end + 1 < n && segs.get(end + 1).cmd() != 'M';
            int line = -1;
            boolean back = false;
            if ((closed || open) && !goesOn && end - 1 > i + 1) {
                double[] lv = segs.get(end - 1).v();
                long sx = Numbers.toGrid(m.v()[0], decimals), sy = Numbers.toGrid(m.v()[1], decimals);
                long ex = Numbers.toGrid(lv[lv.length - 2], decimals), ey = Numbers.toGrid(lv[lv.length - 1], decimals);
                back = ex != sx || ey != sy;
                // Characters saved, roughly: the line dropped, less the line back written and a
                // longer first point; the caller keeps the rotation only when the text is shorter.
                int fixed = (back ? lineText(sx - ex, sy - ey, decimals) : 0) - pointText(sx, sy, decimals);
                int best = 0;
                long px = sx, py = sy;
                for (int j = i + 1; j < end - 1; j++) {
                    Segment sj = segs.get(j);
                    double[] v = sj.v();
                    long x = Numbers.toGrid(v[v.length - 2], decimals), y = Numbers.toGrid(v[v.length - 1], decimals);
                    if (lineOnGrid(sj, px, py, decimals, tol)) {
                        int gain = lineText(x - px, y - py, decimals) - pointText(x, y, decimals) - fixed;
                        if (gain > best) {
                            best = gain;
                            line = j;
                        }
                    }
                    px = x;
                    py = y;
                }
            }
            if (line < 0) {
                for (int j = i; j < (closed ? end + 1 : end); j++) out.add(segs.get(j));
                i = closed ? end + 1 : end;
                continue;
            }
            changed = true;
            double[] at = segs.get(line).v();
            out.add(new Segment('M', new double[] {at[at.length - 2], at[at.length - 1]}));
            for (int j = line + 1; j < end; j++) out.add(segs.get(j));
            if (back) out.add(new Segment('L', new double[] {m.v()[0], m.v()[1]}));
            for (int j = i + 1; j < line; j++) out.add(segs.get(j));
            if (closed) out.add(segs.get(end));
            i = closed ? end + 1 : end;
        }
        return changed ? out : null;
    }

    /** About the length of a relative line by (dx, dy) on the grid: h, v or l with its numbers. */
    private static int lineText(long dx, long dy, int decimals) {
        if (dx == 0 || dy == 0) return 1 + Numbers.format(dx + dy, decimals).length();
        return 2 + Numbers.format(dx, decimals).length() + Numbers.format(dy, decimals).length();
    }

    private static int pointText(long x, long y, int decimals) {
        return Numbers.format(x, decimals).length() + Numbers.format(y, decimals).length();
    }

    /** Whether the encoder writes {@code s} (from grid point x0, y0) as a line: a line, or a curve straight on the grid. */
    private static boolean lineOnGrid(Segment s, long x0, long y0, int decimals, double tol) {
        double[] v = s.v();
        if (s.cmd() == 'L') return true;
        if (s.cmd() != 'C' && s.cmd() != 'Q') return false;
        long[] g = new long[v.length];
        for (int k = 0; k < v.length; k++) g[k] = Numbers.toGrid(v[k], decimals);
        return s.cmd() == 'C' ? straight(x0, y0, g[0], g[1], g[2], g[3], g[4], g[5], tol)
                : straight(x0, y0, g[0], g[1], g[0], g[1], g[2], g[3], tol);
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
