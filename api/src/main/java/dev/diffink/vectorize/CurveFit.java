package dev.diffink.vectorize;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a closed boundary polygon into a closed chain of cubic Béziers. Corners are found on a
 * Douglas-Peucker simplification (a turn of more than {@link #CORNER_DEGREES}); between corners
 * the points are fitted by least squares, Philip Schneider's method (Graphics Gems, 1990): chord-
 * length parameters, control-point distances along fixed end tangents solved in closed form,
 * Newton steps on the parameters, and a split at the worst point while the error is over the
 * tolerance. So a circle takes four cubics, and a coarser tolerance means fewer curves that still
 * follow the outline, which is what a small byte budget needs.
 */
final class CurveFit {
    private CurveFit() {}

    /** Turning angle above which a vertex is a corner. */
    static final double CORNER_DEGREES = 60;

    /**
     * @param loop      boundary polygon, x, y pairs, dense (every few pixels)
     * @param tolerance largest distance (pixels) of a boundary point from the fitted curves
     * @return x0, y0 then (c1x, c1y, c2x, c2y, x, y) per cubic, closing back at (x0, y0)
     */
    static double[] fit(double[] loop, double tolerance) {
        int n = loop.length / 2;
        if (n < 3) return line(loop);
        int[] corners = corners(loop, Math.max(1.0, Math.min(tolerance, 2.0)));
        // A loop without corners is cut at two far-apart points, with tangents there from the neighbours.
        boolean smooth = corners.length == 0;
        if (smooth) corners = new int[] {0, farthest(loop, 0)};
        List<double[]> cubics = new ArrayList<>();
        for (int c = 0; c < corners.length; c++) {
            int a = corners[c], b = corners[(c + 1) % corners.length];
            int len = ((b - a) % n + n) % n;
            if (len == 0) len = n;
            double[] pts = new double[2 * (len + 1)];
            for (int i = 0; i <= len; i++) {
                int k = (a + i) % n;
                pts[2 * i] = loop[2 * k];
                pts[2 * i + 1] = loop[2 * k + 1];
            }
            double[] t1 = smooth ? centralTangent(loop, a, true) : endTangent(pts, true);
            double[] t2 = smooth ? centralTangent(loop, b, false) : endTangent(pts, false);
            fitCubic(pts, 0, len, t1, t2, tolerance * tolerance, cubics, 0);
        }
        double[] out = new double[2 + 6 * cubics.size()];
        out[0] = loop[2 * corners[0]];
        out[1] = loop[2 * corners[0] + 1];
        for (int i = 0; i < cubics.size(); i++) {
            double[] b = cubics.get(i);
            System.arraycopy(b, 2, out, 2 + 6 * i, 6);
        }
        return out;
    }

    /**
     * The other fitter: Douglas-Peucker vertices joined by cubics whose tangents come from the
     * neighbouring vertices (straight into and out of corners). Cheaper in bytes than the least-
     * squares fit on ragged outlines (photos), where following every wiggle is not worth it; the
     * vectoriser tries both and keeps the better drawing.
     */
    static double[] fitPolygon(double[] loop, double tolerance) {
        double[] p = simplify(loop, tolerance);
        int n = p.length / 2;
        double[] tx = new double[n], ty = new double[n];
        boolean[] corner = new boolean[n];
        double cos = Math.cos(Math.toRadians(CORNER_DEGREES));
        for (int i = 0; i < n; i++) {
            int a = (i + n - 1) % n, b = (i + 1) % n;
            double ix = p[2 * i] - p[2 * a], iy = p[2 * i + 1] - p[2 * a + 1];
            double ox = p[2 * b] - p[2 * i], oy = p[2 * b + 1] - p[2 * i + 1];
            double li = norm(ix, iy), lo = norm(ox, oy);
            corner[i] = n <= 3 || (ix * ox + iy * oy) < cos * li * lo;
            double sx = p[2 * b] - p[2 * a], sy = p[2 * b + 1] - p[2 * a + 1], ls = norm(sx, sy);
            tx[i] = ls == 0 ? 0 : sx / ls;
            ty[i] = ls == 0 ? 0 : sy / ls;
        }
        double[] out = new double[2 + 6 * n];
        out[0] = p[0];
        out[1] = p[1];
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double x0 = p[2 * i], y0 = p[2 * i + 1], x1 = p[2 * j], y1 = p[2 * j + 1];
            double len = norm(x1 - x0, y1 - y0) / 3;
            double dx = len == 0 ? 0 : (x1 - x0) / (3 * len), dy = len == 0 ? 0 : (y1 - y0) / (3 * len);
            double ax = corner[i] ? dx : tx[i], ay = corner[i] ? dy : ty[i];
            double bx = corner[j] ? dx : tx[j], by = corner[j] ? dy : ty[j];
            int o = 2 + 6 * i;
            out[o] = x0 + ax * len;
            out[o + 1] = y0 + ay * len;
            out[o + 2] = x1 - bx * len;
            out[o + 3] = y1 - by * len;
            out[o + 4] = x1;
            out[o + 5] = y1;
        }
        return out;
    }

    /** A closed polygon (x, y pairs) as a loop of straight cubics: start point, then 6 numbers per side. */
    static double[] line(double[] loop) {
        int n = loop.length / 2;
        double[] out = new double[2 + 6 * n];
        out[0] = loop[0];
        out[1] = loop[1];
        for (int i = 0; i < n; i++) {
            int a = i, b = (i + 1) % n;
            double ax = loop[2 * a], ay = loop[2 * a + 1], bx = loop[2 * b], by = loop[2 * b + 1];
            int o = 2 + 6 * i;
            out[o] = ax + (bx - ax) / 3;
            out[o + 1] = ay + (by - ay) / 3;
            out[o + 2] = ax + 2 * (bx - ax) / 3;
            out[o + 3] = ay + 2 * (by - ay) / 3;
            out[o + 4] = bx;
            out[o + 5] = by;
        }
        return out;
    }

    /** Indices of the corners: simplified vertices where the outline turns by more than the corner angle. */
    static int[] corners(double[] loop, double tolerance) {
        int[] kept = simplifiedIndices(loop, tolerance);
        int m = kept.length;
        if (m < 3) return kept;
        double cos = Math.cos(Math.toRadians(CORNER_DEGREES));
        int[] out = new int[m];
        int count = 0;
        for (int i = 0; i < m; i++) {
            int a = kept[(i + m - 1) % m], v = kept[i], b = kept[(i + 1) % m];
            double ix = loop[2 * v] - loop[2 * a], iy = loop[2 * v + 1] - loop[2 * a + 1];
            double ox = loop[2 * b] - loop[2 * v], oy = loop[2 * b + 1] - loop[2 * v + 1];
            double li = norm(ix, iy), lo = norm(ox, oy);
            if (m <= 3 || ix * ox + iy * oy < cos * li * lo) out[count++] = v;
        }
        return java.util.Arrays.copyOf(out, count);
    }

    private static int farthest(double[] loop, int from) {
        int n = loop.length / 2, far = 0;
        double best = -1;
        for (int i = 0; i < n; i++) {
            double d = norm(loop[2 * i] - loop[2 * from], loop[2 * i + 1] - loop[2 * from + 1]);
            if (d > best) {
                best = d;
                far = i;
            }
        }
        return far;
    }

    /** Unit tangent at a smooth cut point: along the loop (out of it when {@code forward}, back into it otherwise). */
    private static double[] centralTangent(double[] loop, int i, boolean forward) {
        int n = loop.length / 2;
        int a = (i + n - 1) % n, b = (i + 1) % n;
        double dx = loop[2 * b] - loop[2 * a], dy = loop[2 * b + 1] - loop[2 * a + 1];
        double l = norm(dx, dy);
        if (l == 0) return new double[] {0, 0};
        return forward ? new double[] {dx / l, dy / l} : new double[] {-dx / l, -dy / l};
    }

    /** Unit tangent at an end of a run, from the nearest points at least two pixels away. */
    private static double[] endTangent(double[] pts, boolean start) {
        int n = pts.length / 2;
        int e = start ? 0 : n - 1, step = start ? 1 : -1;
        int k = e + step;
        while (k + step >= 0 && k + step < n && norm(pts[2 * k] - pts[2 * e], pts[2 * k + 1] - pts[2 * e + 1]) < 2) {
            k += step;
        }
        double dx = pts[2 * k] - pts[2 * e], dy = pts[2 * k + 1] - pts[2 * e + 1], l = norm(dx, dy);
        return l == 0 ? new double[] {0, 0} : new double[] {dx / l, dy / l};
    }

    /** Fits pts[first..last] with tangents t1 (out of first) and t2 (into last, pointing back); appends cubics. */
    private static void fitCubic(double[] p, int first, int last, double[] t1, double[] t2, double error2,
            List<double[]> out, int depth) {
        int count = last - first + 1;
        double dist = norm(p[2 * last] - p[2 * first], p[2 * last + 1] - p[2 * first + 1]) / 3;
        if (count == 2 || depth > 24) {
            out.add(bezier(p, first, last, t1, t2, dist, dist));
            return;
        }
        double[] u = chordLength(p, first, last);
        double[] bez = generate(p, first, last, u, t1, t2);
        int[] split = new int[1];
        double max = maxError(p, first, last, bez, u, split);
        if (max < error2) {
            out.add(bez);
            return;
        }
        if (max < error2 * 4) {
            for (int i = 0; i < 4; i++) {
                u = reparameterize(p, first, last, u, bez);
                bez = generate(p, first, last, u, t1, t2);
                max = maxError(p, first, last, bez, u, split);
                if (max < error2) {
                    out.add(bez);
                    return;
                }
            }
        }
        int s = Math.max(first + 1, Math.min(last - 1, split[0]));
        double dx = p[2 * (s - 1)] - p[2 * (s + 1)], dy = p[2 * (s - 1) + 1] - p[2 * (s + 1) + 1];
        double l = norm(dx, dy);
        double[] back = l == 0 ? new double[] {0, 0} : new double[] {dx / l, dy / l};
        fitCubic(p, first, s, t1, back, error2, out, depth + 1);
        fitCubic(p, s, last, new double[] {-back[0], -back[1]}, t2, error2, out, depth + 1);
    }

    private static double[] bezier(double[] p, int first, int last, double[] t1, double[] t2, double a1, double a2) {
        double x0 = p[2 * first], y0 = p[2 * first + 1], x3 = p[2 * last], y3 = p[2 * last + 1];
        return new double[] {x0, y0, x0 + t1[0] * a1, y0 + t1[1] * a1, x3 + t2[0] * a2, y3 + t2[1] * a2, x3, y3};
    }

    /** Least-squares distances of the inner control points along the end tangents (Schneider). */
    private static double[] generate(double[] p, int first, int last, double[] u, double[] t1, double[] t2) {
        double c00 = 0, c01 = 0, c11 = 0, x0 = 0, x1 = 0;
        double px0 = p[2 * first], py0 = p[2 * first + 1], px3 = p[2 * last], py3 = p[2 * last + 1];
        for (int i = 0; i <= last - first; i++) {
            double t = u[i], mt = 1 - t;
            double b0 = mt * mt * mt, b1 = 3 * t * mt * mt, b2 = 3 * t * t * mt, b3 = t * t * t;
            double a1x = t1[0] * b1, a1y = t1[1] * b1, a2x = t2[0] * b2, a2y = t2[1] * b2;
            c00 += a1x * a1x + a1y * a1y;
            c01 += a1x * a2x + a1y * a2y;
            c11 += a2x * a2x + a2y * a2y;
            double tx = p[2 * (first + i)] - (px0 * (b0 + b1) + px3 * (b2 + b3));
            double ty = p[2 * (first + i) + 1] - (py0 * (b0 + b1) + py3 * (b2 + b3));
            x0 += a1x * tx + a1y * ty;
            x1 += a2x * tx + a2y * ty;
        }
        double det = c00 * c11 - c01 * c01;
        double seg = norm(px3 - px0, py3 - py0);
        double a1 = 0, a2 = 0;
        if (Math.abs(det) > 1e-12) {
            a1 = (x0 * c11 - x1 * c01) / det;
            a2 = (c00 * x1 - c01 * x0) / det;
        }
        double eps = 1e-6 * seg;
        if (a1 < eps || a2 < eps || a1 > 2 * seg || a2 > 2 * seg) a1 = a2 = seg / 3;
        return bezier(p, first, last, t1, t2, a1, a2);
    }

    private static double[] chordLength(double[] p, int first, int last) {
        double[] u = new double[last - first + 1];
        for (int i = 1; i < u.length; i++) {
            u[i] = u[i - 1] + norm(p[2 * (first + i)] - p[2 * (first + i - 1)],
                    p[2 * (first + i) + 1] - p[2 * (first + i - 1) + 1]);
        }
        double total = u[u.length - 1];
        for (int i = 1; i < u.length; i++) u[i] = total == 0 ? i / (double) (u.length - 1) : u[i] / total;
        return u;
    }

    private static double maxError(double[] p, int first, int last, double[] bez, double[] u, int[] split) {
        double max = 0;
        split[0] = (first + last) / 2;
        for (int i = 1; i < last - first; i++) {
            double[] q = point(bez, u[i]);
            double dx = q[0] - p[2 * (first + i)], dy = q[1] - p[2 * (first + i) + 1];
            double d = dx * dx + dy * dy;
            if (d >= max) {
                max = d;
                split[0] = first + i;
            }
        }
        return max;
    }

    /** One Newton step per point towards the parameter of its nearest curve point. */
    private static double[] reparameterize(double[] p, int first, int last, double[] u, double[] bez) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            double t = u[i];
            double[] q = point(bez, t), d1 = derivative(bez, t), d2 = second(bez, t);
            double px = p[2 * (first + i)], py = p[2 * (first + i) + 1];
            double num = (q[0] - px) * d1[0] + (q[1] - py) * d1[1];
            double den = d1[0] * d1[0] + d1[1] * d1[1] + (q[0] - px) * d2[0] + (q[1] - py) * d2[1];
            out[i] = den == 0 ? t : Math.clamp(t - num / den, 0, 1);
        }
        return out;
    }

    static double[] point(double[] b, double t) {
        double mt = 1 - t, b0 = mt * mt * mt, b1 = 3 * t * mt * mt, b2 = 3 * t * t * mt, b3 = t * t * t;
        return new double[] {b0 * b[0] + b1 * b[2] + b2 * b[4] + b3 * b[6], b0 * b[1] + b1 * b[3] + b2 * b[5] + b3 * b[7]};
    }

    private static double[] derivative(double[] b, double t) {
        double mt = 1 - t;
        double x = 3 * (mt * mt * (b[2] - b[0]) + 2 * t * mt * (b[4] - b[2]) + t * t * (b[6] - b[4]));
        double y = 3 * (mt * mt * (b[3] - b[1]) + 2 * t * mt * (b[5] - b[3]) + t * t * (b[7] - b[5]));
        return new double[] {x, y};
    }

    private static double[] second(double[] b, double t) {
        double mt = 1 - t;
        double x = 6 * (mt * (b[4] - 2 * b[2] + b[0]) + t * (b[6] - 2 * b[4] + b[2]));
        double y = 6 * (mt * (b[5] - 2 * b[3] + b[1]) + t * (b[7] - 2 * b[5] + b[3]));
        return new double[] {x, y};
    }

    /** Douglas-Peucker on a closed polygon, split at vertex 0 and the vertex farthest from it. */
    static double[] simplify(double[] loop, double tolerance) {
        int[] kept = simplifiedIndices(loop, tolerance);
        double[] out = new double[2 * kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[2 * i] = loop[2 * kept[i]];
            out[2 * i + 1] = loop[2 * kept[i] + 1];
        }
        return out;
    }

    static int[] simplifiedIndices(double[] loop, double tolerance) {
        int n = loop.length / 2;
        if (n <= 4) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int far = farthest(loop, 0);
        boolean[] keep = new boolean[n];
        keep[0] = keep[far] = true;
        dp(loop, 0, far, tolerance, keep, n);
        dp(loop, far, n, tolerance, keep, n);
        int count = 0;
        for (boolean k : keep) if (k) count++;
        int[] out = new int[count];
        for (int i = 0, j = 0; i < n; i++) if (keep[i]) out[j++] = i;
        return out;
    }

    /**
     * Keeps the farthest vertex strictly between a and b (b may be n: vertex 0) while it is beyond
     * tolerance, recursively; with an explicit stack, since noisy boundaries can be long.
     */
    private static void dp(double[] p, int a0, int b0, double tol, boolean[] keep, int n) {
        int[] stack = new int[64];
        int top = 0;
        stack[top++] = a0;
        stack[top++] = b0;
        while (top > 0) {
            int b = stack[--top], a = stack[--top];
            if (b - a < 2) continue;
            double ax = p[2 * a], ay = p[2 * a + 1], bx = p[2 * (b % n)], by = p[2 * (b % n) + 1];
            double dx = bx - ax, dy = by - ay, len = norm(dx, dy);
            int far = -1;
            double best = tol;
            for (int i = a + 1; i < b; i++) {
                double px = p[2 * i] - ax, py = p[2 * i + 1] - ay;
                double d = len == 0 ? norm(px, py) : Math.abs(px * dy - py * dx) / len;
                if (d > best) {
                    best = d;
                    far = i;
                }
            }
            if (far < 0) continue;
            keep[far] = true;
            if (top + 4 > stack.length) stack = java.util.Arrays.copyOf(stack, stack.length * 2);
            stack[top++] = a;
            stack[top++] = far;
            stack[top++] = far;
            stack[top++] = b;
        }
    }

    /**
     * Length of (x, y). Not {@link Math#hypot}, whose guard against overflow (irrelevant at pixel
     * scale) cost 8% of a trace in a profile.
     */
    private static double norm(double x, double y) {
        return Math.sqrt(x * x + y * y);
    }
}
