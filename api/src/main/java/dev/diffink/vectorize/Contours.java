package dev.diffink.vectorize;

import java.util.ArrayList;
import java.util.List;

/**
 * The boundaries of a binary mask as closed polygons on the pixel-corner grid. Edges are directed
 * with the inside on their right (clockwise in y-down coordinates for outer boundaries,
 * anticlockwise for holes); where two inside pixels touch only at a corner the trace turns right,
 * so they are separate shapes (4-connected inside). Vertices are kept only where the direction
 * changes.
 */
final class Contours {
    private Contours() {}

    private static final int[] DX = {1, 0, -1, 0}, DY = {0, 1, 0, -1};

    /** Each loop as x, y pairs of corner coordinates. */
    static List<int[]> trace(boolean[] inside, int w, int h) {
        int cw = w + 1, corners = cw * (h + 1);
        // Up to two outgoing edges per corner, stored as direction + 1 (0 = none).
        byte[] out1 = new byte[corners], out2 = new byte[corners];
        int edges = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!inside[y * w + x]) continue;
                if (y == 0 || !inside[(y - 1) * w + x]) edges += add(out1, out2, y * cw + x, 0);
                if (x == w - 1 || !inside[y * w + x + 1]) edges += add(out1, out2, y * cw + x + 1, 1);
                if (y == h - 1 || !inside[(y + 1) * w + x]) edges += add(out1, out2, (y + 1) * cw + x + 1, 2);
                if (x == 0 || !inside[y * w + x - 1]) edges += add(out1, out2, (y + 1) * cw + x, 3);
            }
        }
        List<int[]> loops = new ArrayList<>();
        int[] buf = new int[64];
        // Every loop has a convex corner, which is never a saddle: starting only there, a trace
        // that comes back to its start has closed its loop.
        for (int start = 0; start < corners && edges > 0; start++) {
            while (out1[start] != 0 && out2[start] == 0) {
                int n = 0, c = start, prevDir = -1, firstDir = -1;
                do {
                    int dir = take(out1, out2, c, prevDir);
                    if (dir != prevDir) {
                        if (n + 2 > buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                        buf[n++] = c % cw;
                        buf[n++] = c / cw;
                        if (firstDir < 0) firstDir = dir;
                    }
                    edges--;
                    c += DX[dir] + DY[dir] * cw;
                    prevDir = dir;
                } while (c != start);
                // A start in the middle of a straight run is no vertex.
                loops.add(prevDir == firstDir ? java.util.Arrays.copyOfRange(buf, 2, n) : java.util.Arrays.copyOf(buf, n));
            }
        }
        return loops;
    }

    private static int add(byte[] out1, byte[] out2, int corner, int dir) {
        if (out1[corner] == 0) out1[corner] = (byte) (dir + 1);
        else out2[corner] = (byte) (dir + 1);
        return 1;
    }

    /** Removes and returns an outgoing edge of {@code corner}: the right turn when there are two. */
    private static int take(byte[] out1, byte[] out2, int corner, int prevDir) {
        int a = out1[corner] - 1, b = out2[corner] - 1;
        int pick = a;
        if (b >= 0 && prevDir >= 0 && b == (prevDir + 1) % 4) pick = b;
        if (pick == a) {
            out1[corner] = out2[corner];
            out2[corner] = 0;
        } else {
            out2[corner] = 0;
        }
        return pick;
    }

    /**
     * A smoother polygon for a corner loop: the midpoint of every straight run, and the corner
     * between two runs of at least three pixels. A pixel staircase (runs of one beside longer
     * ones) becomes points on the edge it samples, while real corners stay where they are.
     */
    static double[] smoothed(int[] loop) {
        int n = loop.length / 2;
        double[] out = new double[4 * n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n, h = (i + n - 1) % n;
            double runBefore = Math.abs(loop[2 * i] - loop[2 * h]) + Math.abs(loop[2 * i + 1] - loop[2 * h + 1]);
            double runAfter = Math.abs(loop[2 * j] - loop[2 * i]) + Math.abs(loop[2 * j + 1] - loop[2 * i + 1]);
            if (runBefore >= 3 && runAfter >= 3) {
                out[m++] = loop[2 * i];
                out[m++] = loop[2 * i + 1];
            }
            out[m++] = (loop[2 * i] + loop[2 * j]) / 2.0;
            out[m++] = (loop[2 * i + 1] + loop[2 * j + 1]) / 2.0;
        }
        return java.util.Arrays.copyOf(out, m);
    }

    /** Signed area (positive for the clockwise outer loops of this class in y-down coordinates). */
    static double area(double[] loop) {
        double s = 0;
        int n = loop.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            s += loop[2 * i] * loop[2 * j + 1] - loop[2 * j] * loop[2 * i + 1];
        }
        return s / 2;
    }

    /** Whether (x, y) is inside the polygon (even-odd). */
    static boolean contains(double[] loop, double x, double y) {
        boolean in = false;
        int n = loop.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = loop[2 * i], yi = loop[2 * i + 1], xj = loop[2 * j], yj = loop[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
        }
        return in;
    }
}
