package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.CAP_ROUND;
import static dev.diffink.raster.PackedScene.CAP_SQUARE;
import static dev.diffink.raster.PackedScene.JOIN_MITER;
import static dev.diffink.raster.PackedScene.JOIN_ROUND;

/**
 * Stage 2: outlines. Every draw becomes closed polygons in device space whose non-zero (or, for
 * fills, the draw's own rule) fill is the draw's coverage.
 *
 * <p>A fill's outline is its flattened path. A stroke's outline is built per contour: the left
 * offset forward with joins, the end cap, the right offset backward, the start cap (two loops for
 * a closed contour). Each piece of that outline (segment quads, join wedges, caps) has the same
 * orientation, so the non-zero fill of the outline is the union the SVG stroke paints; the inner
 * side of a join uses the intersection of the offset lines where it lies on both segments, and
 * otherwise goes through the vertex itself.
 *
 * <p>The stroker only decides the outline's topology: every outline vertex is a <em>recipe</em>
 * (a kind, three point references a, p, b, a side s and a fraction f) and its position
 * is computed by {@link #outlineVertex}, which also gives the derivative of the position along any
 * tangent of its inputs. The forward pass calls it with zero tangents; the backward pass calls it
 * once per input to get the exact Jacobian, so forward and backward cannot drift apart.
 *
 * <p>References p are flattened points; a and b may also be control points (as {@code -1 - index}
 * into the scene's points): where a curve starts or ends at a join or cap, the direction there is
 * the curve's exact tangent (toward its nearest distinct control point), not the chord of its first
 * or last flattened piece, whose error grows with the stroke width.
 */
public final class OutlineKernels {
    private OutlineKernels() {}

    /** v = p. Fill outlines, and the inner-join fallback of strokes. */
    public static final int V_POINT = 0;
    /** v = p + s r n(a, b): the offset of segment a-b at its end point p. */
    public static final int V_OFFSET = 1;
    /** v = p + s r (n1 + n2) / (1 + n1.n2): where the offset lines of a-p and p-b meet. */
    public static final int V_MITER = 2;
    /** v = p + s r rot(n1, f phi), phi the signed angle from n1 to n2: round joins. */
    public static final int V_ARC = 3;
    /** v = p + r rot(s n(a, b), f pi): round caps. */
    public static final int V_CAP_ARC = 4;
    /** v = p + r (s n(a, b) + f t(a, b)): square caps. */
    public static final int V_SQUARE = 5;
    /** v = p + r (cos 2 pi f, sin 2 pi f): round dot of a zero-length subpath. */
    public static final int V_DOT = 6;
    /** v = p + r (s, f): square dot of a zero-length subpath. */
    public static final int V_DOT_SQUARE = 7;

    /** Inside a curve, a joint never uses the miter point beyond this turn (radians): it bounds the miter. */
    static final float MAX_SMOOTH_ANGLE = 1.5f;

    /**
     * The cosine of the largest turn at which a joint inside a curve may use the single miter point:
     * where the miter lies within {@code tol} of the true offset arc, r (1 / cos(phi / 2) - 1) <= tol,
     * i.e. cos phi >= 2 / (1 + tol / r)^2 - 1; never beyond {@link #MAX_SMOOTH_ANGLE}.
     */
    static float cosSmoothAngle(float r, float tol) {
        float k = 1f + tol / r;
        return Math.max(2f / (k * k) - 1f, (float) Math.cos(MAX_SMOOTH_ANGLE));
    }

    private static final int JOIN_SEQ_MITER = 0, JOIN_SEQ_PIVOT = 1, JOIN_SEQ_BEVEL = 2, JOIN_SEQ_ROUND = 3;

    /**
     * arccos within 7e-5 rad (Abramowitz and Stegun 4.4.45): enough to choose how many pieces an
     * arc needs, and several times cheaper than Math.acos on every outer curve joint.
     */
    static float acosApprox(float x) {
        float a = Math.abs(Math.min(1f, Math.max(-1f, x)));
        float r = (float) Math.sqrt(1f - a) * (1.5707288f + a * (-0.2121144f + a * (0.0742610f - 0.0187293f * a)));
        return x >= 0f ? r : (float) Math.PI - r;
    }

    /** The largest angle one arc piece may turn at radius r within tolerance (at most pi/4). */
    public static float arcStep(float r, float tol) {
        float step = tol < r ? 2f * (float) Math.acos(1f - tol / r) : (float) (Math.PI / 2);
        return step > (float) (Math.PI / 4) ? (float) (Math.PI / 4) : step;
    }

    /** Number of arc pieces approximating a turn of {@code angle} radians, each at most {@code step}. */
    public static int arcCount(float angle, float step) {
        int n = Kmath.ceil(Math.abs(angle) / step);
        return n < 1 ? 1 : Math.min(n, 256);
    }

    /**
     * Counts ({@code emit == false}) or writes the outline recipes of one stroke draw.
     *
     * <p>Launch: one work item per stroke draw. {@code cursor[0]} and {@code cursor[1]} are the
     * next vertex and contour slots (advanced in both modes); {@code kept} is scratch with room
     * for the longest contour.
     */
    public static void strokeDraw(boolean emit, int path, float halfWidth, int join, int cap, float miterLimit,
            float tol, int[] pathContourStart, int[] contourStart, int[] contourClosed, int[] pathFlatStart,
            float[] points, float[] flatX, float[] flatY, int[] flatSrc, int[] flatDeg, float[] flatT, int[] kept,
            int[] cursor, int[] ctrStart, int[] ctrEnd, int[] vKind, int[] vA, int[] vP, int[] vB, float[] vS,
            float[] vF) {
        int c0 = pathContourStart[path], c1 = pathContourStart[path + 1];
        // Points closer than minLen are one point: their chord has no reliable direction. Below a
        // thousandth of the tolerance that is so; it is also so within a few float steps of the
        // coordinates' magnitude, which for a path far from its origin is the larger bound.
        float magnitude = 0f;
        for (int k = pathFlatStart[path]; k < pathFlatStart[path + 1]; k++) {
            magnitude = Math.max(magnitude, Math.max(Math.abs(flatX[k]), Math.abs(flatY[k])));
        }
        float minLen = Math.max(1e-3f * tol, 1e-6f * magnitude);
        float arcStep = arcStep(halfWidth, tol);
        float cosSmooth = cosSmoothAngle(halfWidth, tol);
        for (int c = c0; c < c1; c++) {
            int f0 = contourStart[c];
            int f1 = c + 1 < c1 ? contourStart[c + 1] : pathFlatStart[path + 1];
            boolean closed = contourClosed[c] != 0;
            // Drop points that repeat their predecessor: their segments have no direction.
            int m = 0;
            for (int k = f0; k < f1; k++) {
                if (m == 0 || dist2(flatX, flatY, kept[m - 1], k) > minLen * minLen) {
                    kept[m++] = k;
                }
            }
            if (closed && m > 1 && dist2(flatX, flatY, kept[m - 1], kept[0]) <= minLen * minLen) m--;
            if (m == 1) {
                if (closed || f1 - f0 >= 2) dot(emit, kept[0], halfWidth, cap, tol, cursor, ctrStart, ctrEnd, vKind,
                        vA, vP, vB, vS, vF);
                continue;
            }
            if (m == 0) continue;
            int last = f1 - 1;
            if (!closed) {
                beginContour(emit, cursor, ctrStart);
                int k0 = kept[0], kl = kept[m - 1];
                int out0 = outgoing(k0, kept[1], points, flatX, flatY, flatSrc, flatDeg, flatT, minLen);
                int inL = incoming(kl, kept[m - 2], points, flatX, flatY, flatSrc, flatDeg, flatT, minLen);
                put(emit, cursor, V_OFFSET, k0, k0, out0, 1f, 0f, vKind, vA, vP, vB, vS, vF);
                for (int i = 1; i < m - 1; i++) {
                    joinAt(emit, i, m, kept, false, 1f, halfWidth, join, miterLimit, arcStep, cosSmooth, points, flatX, flatY,
                            flatSrc, flatDeg, flatT, minLen, last, cursor, vKind, vA, vP, vB, vS, vF);
                }
                put(emit, cursor, V_OFFSET, inL, kl, kl, 1f, 0f, vKind, vA, vP, vB, vS, vF);
                cap(emit, inL, kl, 1f, halfWidth, cap, tol, cursor, vKind, vA, vP, vB, vS, vF);
                put(emit, cursor, V_OFFSET, inL, kl, kl, -1f, 0f, vKind, vA, vP, vB, vS, vF);
                for (int i = m - 2; i >= 1; i--) {
                    joinAt(emit, i, m, kept, false, -1f, halfWidth, join, miterLimit, arcStep, cosSmooth, points, flatX, flatY,
                            flatSrc, flatDeg, flatT, minLen, last, cursor, vKind, vA, vP, vB, vS, vF);
                }
                put(emit, cursor, V_OFFSET, k0, k0, out0, -1f, 0f, vKind, vA, vP, vB, vS, vF);
                cap(emit, k0, out0, -1f, halfWidth, cap, tol, cursor, vKind, vA, vP, vB, vS, vF);
                endContour(emit, cursor, ctrEnd);
            } else {
                beginContour(emit, cursor, ctrStart);
                for (int i = 0; i < m; i++) {
                    joinAt(emit, i, m, kept, true, 1f, halfWidth, join, miterLimit, arcStep, cosSmooth, points, flatX, flatY, flatSrc,
                            flatDeg, flatT, minLen, last, cursor, vKind, vA, vP, vB, vS, vF);
                }
                endContour(emit, cursor, ctrEnd);
                beginContour(emit, cursor, ctrStart);
                for (int i = m - 1; i >= 0; i--) {
                    joinAt(emit, i, m, kept, true, -1f, halfWidth, join, miterLimit, arcStep, cosSmooth, points, flatX, flatY,
                            flatSrc, flatDeg, flatT, minLen, last, cursor, vKind, vA, vP, vB, vS, vF);
                }
                endContour(emit, cursor, ctrEnd);
            }
        }
    }

    /**
     * The join at kept point i, with the directions of the segments meeting there: the exact
     * tangent where a curve starts or ends there, else the chord to the neighbouring point. On a
     * closed contour whose last point repeats its first, the incoming direction at the first point
     * comes from the segment that ends at that repeated point ({@code last}).
     */
    private static void joinAt(boolean emit, int i, int m, int[] kept, boolean closed, float s, float r, int joinKind,
            float miterLimit, float arcStep, float cosSmooth, float[] points, float[] flatX, float[] flatY, int[] flatSrc, int[] flatDeg,
            float[] flatT, float minLen, int last, int[] cursor, int[] vKind, int[] vA, int[] vP, int[] vB,
            float[] vS, float[] vF) {
        int p = kept[i];
        int prev = kept[(i + m - 1) % m], next = kept[(i + 1) % m];
        int in;
        if (closed && i == 0 && last != p && dist2(flatX, flatY, last, p) <= minLen * minLen) {
            in = incoming(last, prev, points, flatX, flatY, flatSrc, flatDeg, flatT, minLen);
        } else {
            in = incoming(p, prev, points, flatX, flatY, flatSrc, flatDeg, flatT, minLen);
        }
        int out = outgoing(p, next, points, flatX, flatY, flatSrc, flatDeg, flatT, minLen);
        join(emit, in, p, out, prev, next, s, s < 0, r, joinKind, miterLimit, arcStep, cosSmooth, points, flatX, flatY,
                flatDeg, flatT, cursor, vKind, vA, vP, vB, vS, vF);
    }

    /**
     * Reference to the point the incoming direction at flattened point k comes from: the last
     * distinct control point when k ends a curve (the exact end tangent), else {@code prev}.
     * Control points are referenced as {@code -1 - index}.
     */
    static int incoming(int k, int prev, float[] points, float[] flatX, float[] flatY, int[] flatSrc, int[] flatDeg,
            float[] flatT, float minLen) {
        int deg = flatDeg[k];
        if (deg < 2 || flatT[k] != 1f) return prev;
        int src = flatSrc[k];
        for (int j = deg - 1; j >= 0; j--) {
            float dx = points[2 * (src + j)] - flatX[k], dy = points[2 * (src + j) + 1] - flatY[k];
            if (dx * dx + dy * dy > minLen * minLen) return -1 - (src + j);
        }
        return prev;
    }

    /**
     * Reference to the point the outgoing direction at flattened point k goes to: the first
     * distinct control point when a curve starts at k (the exact start tangent), else {@code next}.
     */
    static int outgoing(int k, int next, float[] points, float[] flatX, float[] flatY, int[] flatSrc, int[] flatDeg,
            float[] flatT, float minLen) {
        int deg = flatDeg[next];
        if (deg < 2 || FlattenKernels.isCurveInterior(k, flatDeg, flatT)) return next;
        int src = flatSrc[next];
        float sx = points[2 * src] - flatX[k], sy = points[2 * src + 1] - flatY[k];
        if (sx * sx + sy * sy > minLen * minLen) return next;
        for (int j = 1; j <= deg; j++) {
            float dx = points[2 * (src + j)] - flatX[k], dy = points[2 * (src + j) + 1] - flatY[k];
            if (dx * dx + dy * dy > minLen * minLen) return -1 - (src + j);
        }
        return next;
    }

    /** X of a reference: a flattened point (ref >= 0) or a control point (-1 - index). */
    public static float refX(int ref, float[] flatX, float[] points) {
        return ref >= 0 ? flatX[ref] : points[2 * (-1 - ref)];
    }

    /** Y of a reference; see {@link #refX}. */
    public static float refY(int ref, float[] flatY, float[] points) {
        return ref >= 0 ? flatY[ref] : points[2 * (-1 - ref) + 1];
    }

    private static void join(boolean emit, int a, int p, int b, int prev, int next, float s, boolean reverse, float r,
            int joinKind, float miterLimit, float arcStep, float cosSmooth, float[] points, float[] x, float[] y,
            int[] flatDeg, float[] flatT, int[] cursor, int[] vKind, int[] vA, int[] vP, int[] vB, float[] vS,
            float[] vF) {
        float d1x = x[p] - refX(a, x, points), d1y = y[p] - refY(a, y, points);
        float d2x = refX(b, x, points) - x[p], d2y = refY(b, y, points) - y[p];
        float n1 = (float) Math.sqrt(d1x * d1x + d1y * d1y), n2 = (float) Math.sqrt(d2x * d2x + d2y * d2y);
        float n1x = d1y / n1, n1y = -d1x / n1, n2x = d2y / n2, n2y = -d2x / n2;
        // Inner-join reach is limited by the flattened segments on either side.
        float l1 = (float) Math.sqrt(dist2(x, y, prev, p)), l2 = (float) Math.sqrt(dist2(x, y, p, next));
        float c = n1x * n2x + n1y * n2y;
        float cr = n1x * n2y - n1y * n2x;
        boolean outer = s * cr > 0f || (cr == 0f && c < 0f && s > 0f);
        int seq;
        int arcs = 0;
        if (!outer) {
            boolean straight = cr == 0f && c > 0f;
            float reach = Math.abs(r * cr / (1f + c));
            seq = straight || (1f + c > 1e-6f && reach <= Math.min(l1, l2)) ? JOIN_SEQ_MITER : JOIN_SEQ_PIVOT;
        } else {
            boolean smooth = FlattenKernels.isCurveInterior(p, flatDeg, flatT);
            // c is cos phi: no atan2 per joint.
            if (smooth && c >= cosSmooth) {
                seq = JOIN_SEQ_MITER;
            } else if (smooth || joinKind == JOIN_ROUND) {
                seq = JOIN_SEQ_ROUND;
                arcs = arcCount(acosApprox(c), arcStep);
            } else if (joinKind == JOIN_MITER && 1f + c > 1e-6f && 2f / (1f + c) <= miterLimit * miterLimit) {
                seq = JOIN_SEQ_MITER;
            } else {
                seq = JOIN_SEQ_BEVEL;
            }
        }
        int count = seq == JOIN_SEQ_MITER ? 1 : seq == JOIN_SEQ_PIVOT ? 3 : seq == JOIN_SEQ_BEVEL ? 2 : arcs + 1;
        int base = cursor[0];
        for (int j = 0; j < count; j++) {
            int slot = reverse ? count - 1 - j : j;
            int kind;
            int ra = a, rp = p, rb = b;
            float f = 0f;
            if (seq == JOIN_SEQ_MITER) {
                kind = V_MITER;
            } else if (j == 0) {
                kind = V_OFFSET;
                rb = p;
            } else if (j == count - 1) {
                kind = V_OFFSET;
                ra = p;
            } else if (seq == JOIN_SEQ_PIVOT) {
                kind = V_POINT;
            } else {
                kind = V_ARC;
                f = (float) j / arcs;
            }
            if (emit) {
                int o = base + slot;
                vKind[o] = kind;
                vA[o] = ra;
                vP[o] = rp;
                vB[o] = rb;
                vS[o] = s;
                vF[o] = f;
            }
        }
        cursor[0] = base + count;
    }

    /** Cap at point p of segment a-b (end cap when p = b, s = 1; start cap when p = a, s = -1). */
    private static void cap(boolean emit, int a, int b, float s, float r, int cap, float tol, int[] cursor,
            int[] vKind, int[] vA, int[] vP, int[] vB, float[] vS, float[] vF) {
        int p = s > 0 ? b : a;
        if (cap == CAP_SQUARE) {
            put(emit, cursor, V_SQUARE, a, p, b, s, s, vKind, vA, vP, vB, vS, vF);
            put(emit, cursor, V_SQUARE, a, p, b, -s, s, vKind, vA, vP, vB, vS, vF);
        } else if (cap == CAP_ROUND) {
            int n = arcCount((float) Math.PI, arcStep(r, tol));
            for (int j = 1; j < n; j++) {
                put(emit, cursor, V_CAP_ARC, a, p, b, s, (float) j / n, vKind, vA, vP, vB, vS, vF);
            }
        }
    }

    private static void dot(boolean emit, int p, float r, int cap, float tol, int[] cursor, int[] ctrStart,
            int[] ctrEnd, int[] vKind, int[] vA, int[] vP, int[] vB, float[] vS, float[] vF) {
        if (cap == CAP_ROUND) {
            beginContour(emit, cursor, ctrStart);
            int n = Math.max(4, arcCount((float) (2 * Math.PI), arcStep(r, tol)));
            for (int j = 0; j < n; j++) put(emit, cursor, V_DOT, p, p, p, 1f, (float) j / n, vKind, vA, vP, vB, vS, vF);
            endContour(emit, cursor, ctrEnd);
        } else if (cap == CAP_SQUARE) {
            beginContour(emit, cursor, ctrStart);
            put(emit, cursor, V_DOT_SQUARE, p, p, p, -1f, -1f, vKind, vA, vP, vB, vS, vF);
            put(emit, cursor, V_DOT_SQUARE, p, p, p, 1f, -1f, vKind, vA, vP, vB, vS, vF);
            put(emit, cursor, V_DOT_SQUARE, p, p, p, 1f, 1f, vKind, vA, vP, vB, vS, vF);
            put(emit, cursor, V_DOT_SQUARE, p, p, p, -1f, 1f, vKind, vA, vP, vB, vS, vF);
            endContour(emit, cursor, ctrEnd);
        }
    }

    private static void beginContour(boolean emit, int[] cursor, int[] ctrStart) {
        if (emit) ctrStart[cursor[1]] = cursor[0];
    }

    private static void endContour(boolean emit, int[] cursor, int[] ctrEnd) {
        if (emit) ctrEnd[cursor[1]] = cursor[0];
        cursor[1]++;
    }

    private static void put(boolean emit, int[] cursor, int kind, int a, int p, int b, float s, float f, int[] vKind,
            int[] vA, int[] vP, int[] vB, float[] vS, float[] vF) {
        if (emit) {
            int o = cursor[0];
            vKind[o] = kind;
            vA[o] = a;
            vP[o] = p;
            vB[o] = b;
            vS[o] = s;
            vF[o] = f;
        }
        cursor[0]++;
    }

    /**
     * Writes the outline recipes of a fill draw: one {@link #V_POINT} per flattened point of its
     * path, contours as the path's. Launch: one work item per fill draw; {@code cursor} as in
     * {@link #strokeDraw}.
     */
    public static void fillDraw(boolean emit, int path, int[] pathContourStart, int[] contourStart, int[] pathFlatStart,
            int[] cursor, int[] ctrStart, int[] ctrEnd, int[] vKind, int[] vA, int[] vP, int[] vB, float[] vS,
            float[] vF) {
        int c0 = pathContourStart[path], c1 = pathContourStart[path + 1];
        for (int c = c0; c < c1; c++) {
            int f0 = contourStart[c];
            int f1 = c + 1 < c1 ? contourStart[c + 1] : pathFlatStart[path + 1];
            beginContour(emit, cursor, ctrStart);
            for (int k = f0; k < f1; k++) put(emit, cursor, V_POINT, k, k, k, 0f, 0f, vKind, vA, vP, vB, vS, vF);
            endContour(emit, cursor, ctrEnd);
        }
    }

    /**
     * Evaluates the recipes of vertices {@code [v0, v1)} (user space) and maps them to device
     * space with the path's transform. Launch: one work item per draw; {@code tmp} holds 4 floats.
     */
    public static void positionVertices(int v0, int v1, int path, float halfWidth, float[] pathTransform, int[] vKind,
            int[] vA, int[] vP, int[] vB, float[] vS, float[] vF, float[] points, float[] flatX, float[] flatY,
            float[] tmp, float[] vx, float[] vy) {
        int m = 6 * path;
        float a = pathTransform[m], b = pathTransform[m + 1], c = pathTransform[m + 2], d = pathTransform[m + 3];
        float e = pathTransform[m + 4], f = pathTransform[m + 5];
        for (int v = v0; v < v1; v++) {
            int ia = vA[v], ip = vP[v], ib = vB[v];
            outlineVertex(vKind[v], refX(ia, flatX, points), refY(ia, flatY, points), flatX[ip], flatY[ip],
                    refX(ib, flatX, points), refY(ib, flatY, points), halfWidth, vS[v], vF[v], 0f, 0f, 0f, 0f, 0f, 0f,
                    0f, tmp);
            vx[v] = a * tmp[0] + c * tmp[1] + e;
            vy[v] = b * tmp[0] + d * tmp[1] + f;
        }
    }

    private static float dist2(float[] x, float[] y, int i, int j) {
        float dx = x[i] - x[j], dy = y[i] - y[j];
        return dx * dx + dy * dy;
    }

    /**
     * Position of an outline vertex and its derivative along a tangent of its inputs.
     *
     * <p>Writes (vx, vy, dvx, dvy) into {@code out[0..3]}, where (dvx, dvy) is the directional
     * derivative of the position when a, p, b and r move along (ta, tp, tb, tr). With zero
     * tangents it is the forward evaluation.
     */
    public static void outlineVertex(int kind, float ax, float ay, float px, float py, float bx, float by, float r,
            float s, float f, float tax, float tay, float tpx, float tpy, float tbx, float tby, float tr,
            float[] out) {
        float vx = px, vy = py, tvx = tpx, tvy = tpy;
        if (kind == V_DOT) {
            double angle = 2 * Math.PI * f;
            float ux = (float) Math.cos(angle), uy = (float) Math.sin(angle);
            vx += r * ux;
            vy += r * uy;
            tvx += tr * ux;
            tvy += tr * uy;
        } else if (kind == V_DOT_SQUARE) {
            vx += r * s;
            vy += r * f;
            tvx += tr * s;
            tvy += tr * f;
        } else if (kind == V_OFFSET || kind == V_CAP_ARC || kind == V_SQUARE) {
            // Unit normal n = (dy, -dx) / L of segment a-b and its tangent.
            float dx = bx - ax, dy = by - ay, tdx = tbx - tax, tdy = tby - tay;
            float len = (float) Math.sqrt(dx * dx + dy * dy);
            float tlen = (dx * tdx + dy * tdy) / len;
            float nx = dy / len, ny = -dx / len;
            float tnx = tdy / len - nx * tlen / len, tny = -tdx / len - ny * tlen / len;
            float ux, uy, tux, tuy;
            if (kind == V_OFFSET) {
                ux = s * nx;
                uy = s * ny;
                tux = s * tnx;
                tuy = s * tny;
            } else if (kind == V_CAP_ARC) {
                double angle = Math.PI * f;
                float cs = (float) Math.cos(angle), sn = (float) Math.sin(angle);
                ux = s * (nx * cs - ny * sn);
                uy = s * (nx * sn + ny * cs);
                tux = s * (tnx * cs - tny * sn);
                tuy = s * (tnx * sn + tny * cs);
            } else {
                // Unit tangent (dx, dy) / L = (-ny, nx).
                ux = s * nx - f * ny;
                uy = s * ny + f * nx;
                tux = s * tnx - f * tny;
                tuy = s * tny + f * tnx;
            }
            vx += r * ux;
            vy += r * uy;
            tvx += tr * ux + r * tux;
            tvy += tr * uy + r * tuy;
        } else if (kind == V_MITER || kind == V_ARC) {
            float d1x = px - ax, d1y = py - ay, t1x = tpx - tax, t1y = tpy - tay;
            float d2x = bx - px, d2y = by - py, t2x = tbx - tpx, t2y = tby - tpy;
            float l1 = (float) Math.sqrt(d1x * d1x + d1y * d1y), l2 = (float) Math.sqrt(d2x * d2x + d2y * d2y);
            float tl1 = (d1x * t1x + d1y * t1y) / l1, tl2 = (d2x * t2x + d2y * t2y) / l2;
            float n1x = d1y / l1, n1y = -d1x / l1, n2x = d2y / l2, n2y = -d2x / l2;
            float tn1x = t1y / l1 - n1x * tl1 / l1, tn1y = -t1x / l1 - n1y * tl1 / l1;
            float tn2x = t2y / l2 - n2x * tl2 / l2, tn2y = -t2x / l2 - n2y * tl2 / l2;
            float c = n1x * n2x + n1y * n2y;
            float tc = tn1x * n2x + tn1y * n2y + n1x * tn2x + n1y * tn2y;
            float ux, uy, tux, tuy;
            if (kind == V_MITER) {
                float k = 1f / (1f + c);
                ux = (n1x + n2x) * k;
                uy = (n1y + n2y) * k;
                tux = (tn1x + tn2x) * k - (n1x + n2x) * k * k * tc;
                tuy = (tn1y + tn2y) * k - (n1y + n2y) * k * k * tc;
            } else {
                float cr = n1x * n2y - n1y * n2x;
                float tcr = tn1x * n2y + n1x * tn2y - tn1y * n2x - n1y * tn2x;
                float phi = (cr == 0f && c < 0f) ? (float) Math.PI : (float) Math.atan2(cr, c);
                float tphi = (c * tcr - cr * tc) / (c * c + cr * cr);
                float theta = f * phi, ttheta = f * tphi;
                float cs = (float) Math.cos(theta), sn = (float) Math.sin(theta);
                ux = n1x * cs - n1y * sn;
                uy = n1x * sn + n1y * cs;
                tux = tn1x * cs - tn1y * sn - ttheta * uy;
                tuy = tn1x * sn + tn1y * cs + ttheta * ux;
            }
            vx += s * r * ux;
            vy += s * r * uy;
            tvx += s * (tr * ux + r * tux);
            tvy += s * (tr * uy + r * tuy);
        }
        out[0] = vx;
        out[1] = vy;
        out[2] = tvx;
        out[3] = tvy;
    }
}
