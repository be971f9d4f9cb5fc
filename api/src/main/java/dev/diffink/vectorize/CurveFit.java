package dev.diffink.vectorize;

/**
 * Turns a pixel-boundary polygon into a closed chain of cubic Béziers: Douglas-Peucker
 * simplification (which removes the one-pixel staircase of slanted and curved edges), then corner
 * detection by turning angle, then one cubic per simplified edge with tangents from the
 * neighbours (straight into and out of corners). The refinement moves every point afterwards,
 * so the fit only has to start close.
 */
final class CurveFit {
    private CurveFit() {}

    /** Turning angle above which a vertex is a corner. */
    static final double CORNER_DEGREES = 60;

    /**
     * @param loop      corner polygon, x, y pairs
     * @param tolerance largest distance (pixels) of a dropped vertex from the simplified outline
     * @return x0, y0 then (c1x, c1y, c2x, c2y, x, y) per cubic, closing back at (x0, y0)
     */
    static double[] fit(double[] loop, double tolerance) {
        double[] p = simplify(loop, tolerance);
        int n = p.length / 2;
        double[] tx = new double[n], ty = new double[n];
        boolean[] corner = new boolean[n];
        double cos = Math.cos(Math.toRadians(CORNER_DEGREES));
        for (int i = 0; i < n; i++) {
            int a = (i + n - 1) % n, b = (i + 1) % n;
            double ix = p[2 * i] - p[2 * a], iy = p[2 * i + 1] - p[2 * a + 1];
            double ox = p[2 * b] - p[2 * i], oy = p[2 * b + 1] - p[2 * i + 1];
            double li = Math.hypot(ix, iy), lo = Math.hypot(ox, oy);
            corner[i] = n <= 3 || (ix * ox + iy * oy) < cos * li * lo;
            double sx = p[2 * b] - p[2 * a], sy = p[2 * b + 1] - p[2 * a + 1], ls = Math.hypot(sx, sy);
            tx[i] = ls == 0 ? 0 : sx / ls;
            ty[i] = ls == 0 ? 0 : sy / ls;
        }
        double[] out = new double[2 + 6 * n];
        out[0] = p[0];
        out[1] = p[1];
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double x0 = p[2 * i], y0 = p[2 * i + 1], x1 = p[2 * j], y1 = p[2 * j + 1];
            double len = Math.hypot(x1 - x0, y1 - y0) / 3;
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

    /** Douglas-Peucker on a closed polygon, split at vertex 0 and the vertex farthest from it. */
    static double[] simplify(double[] loop, double tolerance) {
        int n = loop.length / 2;
        if (n <= 4) return loop.clone();
        int far = 0;
        double best = -1;
        for (int i = 1; i < n; i++) {
            double d = Math.hypot(loop[2 * i] - loop[0], loop[2 * i + 1] - loop[1]);
            if (d > best) {
                best = d;
                far = i;
            }
        }
        boolean[] keep = new boolean[n];
        keep[0] = keep[far] = true;
        dp(loop, 0, far, tolerance, keep, n);
        dp(loop, far, n, tolerance, keep, n);
        int count = 0;
        for (boolean k : keep) if (k) count++;
        double[] out = new double[2 * count];
        for (int i = 0, j = 0; i < n; i++) {
            if (!keep[i]) continue;
            out[j++] = loop[2 * i];
            out[j++] = loop[2 * i + 1];
        }
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
            double dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
            int far = -1;
            double best = tol;
            for (int i = a + 1; i < b; i++) {
                double px = p[2 * i] - ax, py = p[2 * i + 1] - ay;
                double d = len == 0 ? Math.hypot(px, py) : Math.abs(px * dy - py * dx) / len;
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
}
