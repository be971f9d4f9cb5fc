package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.VERB_CLOSE;
import static dev.diffink.raster.PackedScene.VERB_CUBIC;
import static dev.diffink.raster.PackedScene.VERB_LINE;
import static dev.diffink.raster.PackedScene.VERB_MOVE;
import static dev.diffink.raster.PackedScene.VERB_QUAD;

/**
 * Stage 1: curves to polylines, one path per work item.
 *
 * <p>Each quadratic or cubic segment is cut at {@code n} uniform parameter values, with
 * {@code n} chosen from the bound on the chord error of uniform subdivision,
 * {@code max|B''| / (8 n^2) <= tolerance} (for a cubic {@code |B''| <= 6 max|P0-2P1+P2|,
 * |P1-2P2+P3|}). Uniform parameters make every flattened point a fixed Bernstein combination of
 * its segment's control points, so the backward pass maps a point's adjoint onto the control
 * points exactly ({@link #scatterPointAdjoint}); {@code n} is piecewise constant in the control
 * points, so it does not enter the derivative.
 *
 * <p>Output per flattened point: its position in user space, {@code flatSrc} (the index of the
 * segment's first control point, in points), {@code flatDeg} (0 for the point of a move, else the
 * segment's degree) and {@code flatT}. Contours start at a move; {@code contourClosed} is 1 when the
 * contour ends with a close verb.
 */
public final class FlattenKernels {
    private FlattenKernels() {}

    /** Subdivisions are capped so a hostile control point cannot ask for millions of lines. */
    public static final int MAX_SUBDIVISIONS = 512;

    /**
     * Number of lines a segment of degree {@code deg} whose first control point is at point index
     * {@code p0} is cut into, for chord tolerance {@code tol} (in the points' own units).
     */
    public static int subdivisions(int deg, float[] points, int p0, float tol) {
        if (deg < 2) return 1;
        float x0 = points[2 * p0], y0 = points[2 * p0 + 1];
        float x1 = points[2 * p0 + 2], y1 = points[2 * p0 + 3];
        float x2 = points[2 * p0 + 4], y2 = points[2 * p0 + 5];
        float ddx = x0 - 2 * x1 + x2, ddy = y0 - 2 * y1 + y2;
        float dd = (float) Math.sqrt(ddx * ddx + ddy * ddy);
        float bound;
        if (deg == 2) {
            bound = 2f * dd;
        } else {
            float x3 = points[2 * p0 + 6], y3 = points[2 * p0 + 7];
            float ex = x1 - 2 * x2 + x3, ey = y1 - 2 * y2 + y3;
            bound = 6f * Math.max(dd, (float) Math.sqrt(ex * ex + ey * ey));
        }
        float n = (float) Math.sqrt(bound / (8f * tol));
        if (!(n > 1f)) return 1;
        return n > MAX_SUBDIVISIONS ? MAX_SUBDIVISIONS : Kmath.ceil(n);
    }

    /**
     * Counts the flattened points and contours of one path.
     *
     * <p>Launch: one work item per path. Writes {@code counts[2p]} = points and
     * {@code counts[2p+1]} = contours.
     */
    public static void countPath(int p, int[] pathVerbStart, int[] verbs, int[] pathPointStart, float[] points,
            float[] tolerance, int[] counts) {
        int pi = pathPointStart[p];
        int nPoints = 0, nContours = 0;
        float tol = tolerance[p];
        for (int v = pathVerbStart[p]; v < pathVerbStart[p + 1]; v++) {
            int verb = verbs[v];
            if (verb == VERB_MOVE) {
                nContours++;
                nPoints++;
                pi++;
            } else if (verb == VERB_LINE) {
                nPoints++;
                pi++;
            } else if (verb == VERB_QUAD) {
                nPoints += subdivisions(2, points, pi - 1, tol);
                pi += 2;
            } else if (verb == VERB_CUBIC) {
                nPoints += subdivisions(3, points, pi - 1, tol);
                pi += 3;
            }
        }
        counts[2 * p] = nPoints;
        counts[2 * p + 1] = nContours;
    }

    /**
     * Writes the flattened points and contours of one path, at {@code pathFlatStart[p]} and
     * {@code pathContourStart[p]} (prefix sums of {@link #countPath}'s counts).
     *
     * <p>Launch: one work item per path.
     */
    public static void emitPath(int p, int[] pathVerbStart, int[] verbs, int[] pathPointStart, float[] points,
            float[] tolerance, int[] pathFlatStart, int[] pathContourStart, float[] flatX, float[] flatY,
            int[] flatSrc, int[] flatDeg, float[] flatT, int[] contourStart, int[] contourClosed) {
        int pi = pathPointStart[p];
        int fp = pathFlatStart[p];
        int cc = pathContourStart[p];
        float tol = tolerance[p];
        for (int v = pathVerbStart[p]; v < pathVerbStart[p + 1]; v++) {
            int verb = verbs[v];
            if (verb == VERB_MOVE) {
                contourStart[cc] = fp;
                contourClosed[cc] = 0;
                cc++;
                flatX[fp] = points[2 * pi];
                flatY[fp] = points[2 * pi + 1];
                flatSrc[fp] = pi;
                flatDeg[fp] = 0;
                flatT[fp] = 0f;
                fp++;
                pi++;
            } else if (verb == VERB_LINE) {
                flatX[fp] = points[2 * pi];
                flatY[fp] = points[2 * pi + 1];
                flatSrc[fp] = pi - 1;
                flatDeg[fp] = 1;
                flatT[fp] = 1f;
                fp++;
                pi++;
            } else if (verb == VERB_QUAD || verb == VERB_CUBIC) {
                int deg = verb == VERB_QUAD ? 2 : 3;
                int n = subdivisions(deg, points, pi - 1, tol);
                for (int k = 1; k <= n; k++) {
                    float t = k == n ? 1f : (float) k / n;
                    evalBezier(deg, points, pi - 1, t, flatX, flatY, fp);
                    flatSrc[fp] = pi - 1;
                    flatDeg[fp] = deg;
                    flatT[fp] = t;
                    fp++;
                }
                pi += deg;
            } else if (verb == VERB_CLOSE) {
                contourClosed[cc - 1] = 1;
            }
        }
    }

    /** Evaluates a Bézier segment at t; the end point is copied exactly at t = 1. */
    static void evalBezier(int deg, float[] points, int p0, float t, float[] outX, float[] outY, int o) {
        if (t == 1f) {
            outX[o] = points[2 * (p0 + deg)];
            outY[o] = points[2 * (p0 + deg) + 1];
            return;
        }
        float x = 0f, y = 0f;
        for (int j = 0; j <= deg; j++) {
            float w = bernstein(deg, j, t);
            x += w * points[2 * (p0 + j)];
            y += w * points[2 * (p0 + j) + 1];
        }
        outX[o] = x;
        outY[o] = y;
    }

    /** The Bernstein basis polynomial {@code b_{j,deg}(t)} for deg at most 3. */
    static float bernstein(int deg, int j, float t) {
        float u = 1f - t;
        if (deg == 1) return j == 0 ? u : t;
        if (deg == 2) return j == 0 ? u * u : j == 1 ? 2f * u * t : t * t;
        return j == 0 ? u * u * u : j == 1 ? 3f * u * u * t : j == 2 ? 3f * u * t * t : t * t * t;
    }

    /**
     * Adds the adjoint (gx, gy) of flattened point {@code fp} (user space) to the control points it
     * was computed from.
     */
    public static void scatterPointAdjoint(int fp, int[] flatSrc, int[] flatDeg, float[] flatT, float gx, float gy,
            float[] dPoints) {
        int deg = flatDeg[fp];
        int src = flatSrc[fp];
        if (deg == 0) {
            dPoints[2 * src] += gx;
            dPoints[2 * src + 1] += gy;
            return;
        }
        float t = flatT[fp];
        if (t == 1f) {
            dPoints[2 * (src + deg)] += gx;
            dPoints[2 * (src + deg) + 1] += gy;
            return;
        }
        for (int j = 0; j <= deg; j++) {
            float w = bernstein(deg, j, t);
            dPoints[2 * (src + j)] += w * gx;
            dPoints[2 * (src + j) + 1] += w * gy;
        }
    }

    /** Whether flattened point {@code fp} lies inside a curve (a smooth joint, not a path vertex). */
    public static boolean isCurveInterior(int fp, int[] flatDeg, float[] flatT) {
        return flatDeg[fp] >= 2 && flatT[fp] < 1f;
    }
}
