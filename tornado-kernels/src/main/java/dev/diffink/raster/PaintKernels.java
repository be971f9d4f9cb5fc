package dev.diffink.raster;

import static dev.diffink.raster.FineLayout.DF_INVERSE;
import static dev.diffink.raster.FineLayout.DRAW_INTS;
import static dev.diffink.raster.FineLayout.D_PAINT;
import static dev.diffink.raster.FineLayout.D_PARAMS;
import static dev.diffink.raster.FineLayout.D_SPREAD;
import static dev.diffink.raster.FineLayout.D_STOPS;
import static dev.diffink.raster.PackedScene.PAINT_LINEAR;
import static dev.diffink.raster.PackedScene.PAINT_SOLID;
import static dev.diffink.raster.PackedScene.SPREAD_PAD;
import static dev.diffink.raster.PackedScene.SPREAD_REFLECT;
import static dev.diffink.raster.PackedScene.STOP_FLOATS;

/**
 * Paint of a draw at a device point: solid colours, and linear and radial gradients sampled at
 * the pixel centre (as browsers and librsvg do), with pad, reflect or repeat spread. Stops are
 * interpolated in straight-alpha sRGB, as librsvg does. {@link #paintAdjoint} is the exact
 * adjoint of {@link #evalPaint} with respect to every paint parameter. Draws are described by
 * {@code draws} and {@code drawFloats} as {@link FineLayout} packs them.
 */
public final class PaintKernels {
    private PaintKernels() {}

    /**
     * What {@link #gradientT} returns where a radial gradient is not defined (a constant NaN would
     * do on the JVM, but TornadoVM's OpenCL code generator cannot write one).
     */
    static final float UNDEFINED = -Float.MAX_VALUE;

    /** Number of geometry floats before the stops of a paint of this kind. */
    public static int geometryFloats(int kind) {
        return kind == PAINT_SOLID ? 4 : kind == PAINT_LINEAR ? 4 : 6;
    }

    /** Writes the straight-alpha colour of draw d's paint at device point (x, y) into out[o..o+3]. */
    public static void evalPaint(int d, int[] draws, float[] drawFloats, float[] params, float x, float y, float[] out,
            int o) {
        // One way out of every method here: TornadoVM 5.2 structures the early exits of an inlined
        // method wrongly (the code of one exit ran after all of them, painting every gradient pixel
        // transparent), so each branch computes values and the writes come last.
        int kind = draws[DRAW_INTS * d + D_PAINT];
        int base = draws[DRAW_INTS * d + D_PARAMS];
        if (kind == PAINT_SOLID) {
            out[o] = params[base];
            out[o + 1] = params[base + 1];
            out[o + 2] = params[base + 2];
            out[o + 3] = params[base + 3];
        } else {
            float tRaw = gradientT(kind, base, params, drawFloats, FineLayout.drawFloats(d) + DF_INVERSE, x, y, params,
                    0, 0f, false);
            boolean defined = tRaw != UNDEFINED && tRaw == tRaw;
            float t = spread(draws[DRAW_INTS * d + D_SPREAD], defined ? tRaw : 0f);
            int stops = base + geometryFloats(kind);
            int n = draws[DRAW_INTS * d + D_STOPS];
            int k = findStop(params, stops, n, t);
            // Before the first stop or from the last on: that stop's colour (s1 = s0, w = 0).
            boolean flat = k < 0 || k == n - 1;
            int s0 = stops + STOP_FLOATS * (k < 0 ? 0 : k);
            int s1 = flat ? s0 : s0 + STOP_FLOATS;
            float w = flat ? 0f : (t - params[s0]) / (params[s1] - params[s0]);
            for (int c = 0; c < 4; c++) {
                float v = params[s0 + 1 + c] + w * (params[s1 + 1 + c] - params[s0 + 1 + c]);
                out[o + c] = defined ? v : 0f;
            }
        }
    }

    /**
     * Adds to {@code dParams[dBase + j]} the adjoint of paint parameter j of draw d, given the
     * adjoint (gr, gg, gb, ga) of the colour {@link #evalPaint} returns at (x, y).
     */
    public static void paintAdjoint(int d, int[] draws, float[] drawFloats, float[] params, float x, float y, float gr,
            float gg, float gb, float ga, float[] dParams, int dBase) {
        int kind = draws[DRAW_INTS * d + D_PAINT];
        int base = draws[DRAW_INTS * d + D_PARAMS];
        if (kind == PAINT_SOLID) {
            dParams[dBase] += gr;
            dParams[dBase + 1] += gg;
            dParams[dBase + 2] += gb;
            dParams[dBase + 3] += ga;
        } else {
            int inverse = FineLayout.drawFloats(d) + DF_INVERSE;
            float tRaw = gradientT(kind, base, params, drawFloats, inverse, x, y, params, 0, 0f, false);
            if (tRaw != UNDEFINED && tRaw == tRaw) {
                int spreadMode = draws[DRAW_INTS * d + D_SPREAD];
                float t = spread(spreadMode, tRaw);
                int geom = geometryFloats(kind);
                int stops = base + geom;
                int n = draws[DRAW_INTS * d + D_STOPS];
                int k = findStop(params, stops, n, t);
                if (k < 0 || k == n - 1) {
                    int s = dBase + geom + STOP_FLOATS * (k < 0 ? 0 : n - 1);
                    dParams[s + 1] += gr;
                    dParams[s + 2] += gg;
                    dParams[s + 3] += gb;
                    dParams[s + 4] += ga;
                } else {
                    int s0 = stops + STOP_FLOATS * k, s1 = s0 + STOP_FLOATS;
                    float o0 = params[s0], o1 = params[s1];
                    float span = o1 - o0;
                    float w = (t - o0) / span;
                    int a0 = dBase + geom + STOP_FLOATS * k, a1 = a0 + STOP_FLOATS;
                    dParams[a0 + 1] += (1f - w) * gr;
                    dParams[a0 + 2] += (1f - w) * gg;
                    dParams[a0 + 3] += (1f - w) * gb;
                    dParams[a0 + 4] += (1f - w) * ga;
                    dParams[a1 + 1] += w * gr;
                    dParams[a1 + 2] += w * gg;
                    dParams[a1 + 3] += w * gb;
                    dParams[a1 + 4] += w * ga;
                    float dw = gr * (params[s1 + 1] - params[s0 + 1]) + gg * (params[s1 + 2] - params[s0 + 2])
                            + gb * (params[s1 + 3] - params[s0 + 3]) + ga * (params[s1 + 4] - params[s0 + 4]);
                    // w = (t - o0) / (o1 - o0)
                    dParams[a0] += dw * (t - o1) / (span * span);
                    dParams[a1] += -dw * (t - o0) / (span * span);
                    float dt = dw / span * spreadSlope(spreadMode, tRaw);
                    if (dt != 0f) gradientT(kind, base, params, drawFloats, inverse, x, y, dParams, dBase, dt, true);
                }
            }
        }
    }

    /**
     * The gradient parameter t at device point (x, y), or {@link #UNDEFINED} where a radial
     * gradient is not defined; the paint's inverse transform is at {@code inv[m .. m+5]}. With {@code adjoint}, also
     * adds {@code dt} times dt/dparam to the geometry adjoints at {@code dParams[dBase..]}.
     */
    static float gradientT(int kind, int base, float[] p, float[] inv, int m, float x, float y, float[] dParams,
            int dBase, float dt, boolean adjoint) {
        float qx = inv[m] * x + inv[m + 2] * y + inv[m + 4];
        float qy = inv[m + 1] * x + inv[m + 3] * y + inv[m + 5];
        float t;
        if (kind == PAINT_LINEAR) {
            float x1 = p[base], y1 = p[base + 1], x2 = p[base + 2], y2 = p[base + 3];
            float ex = x2 - x1, ey = y2 - y1;
            float len2 = ex * ex + ey * ey;
            float wx = qx - x1, wy = qy - y1;
            // A zero-length gradient vector paints the last stop (t = 1) everywhere.
            boolean degenerate = len2 == 0f;
            t = degenerate ? 1f : (wx * ex + wy * ey) / len2;
            if (adjoint && !degenerate) {
                // dt/dp2 = (w - 2 t e) / |e|^2 ; dt/dp1 = (-e - w + 2 t e) / |e|^2
                float gx2 = (wx - 2f * t * ex) / len2, gy2 = (wy - 2f * t * ey) / len2;
                dParams[dBase] += dt * (-ex / len2 - gx2);
                dParams[dBase + 1] += dt * (-ey / len2 - gy2);
                dParams[dBase + 2] += dt * gx2;
                dParams[dBase + 3] += dt * gy2;
            }
        } else {
            // Two-point conical: the largest t with |q - (f + t (c - f))| = fr + t (r - fr) >= 0.
            float cx = p[base], cy = p[base + 1], r = p[base + 2], fx = p[base + 3], fy = p[base + 4],
                    fr = p[base + 5];
            float cdx = cx - fx, cdy = cy - fy, pdx = qx - fx, pdy = qy - fy, dr = r - fr;
            float a = cdx * cdx + cdy * cdy - dr * dr;
            float b = pdx * cdx + pdy * cdy + fr * dr;
            float c = pdx * pdx + pdy * pdy - fr * fr;
            float ga, gb, gc;
            // defined: t exists here; smooth: its derivative does too (adjoints are added only then).
            boolean defined, smooth;
            if (Math.abs(a) < 1e-6f * (cdx * cdx + cdy * cdy + dr * dr + 1e-12f)) {
                // a = 0: the quadratic is linear in t.
                t = c / (2f * b);
                defined = b != 0f && !(fr + t * dr < 0f);
                smooth = defined;
                ga = 0f;
                gb = defined ? -c / (2f * b * b) : 0f;
                gc = defined ? 1f / (2f * b) : 0f;
            } else {
                float disc = b * b - a * c;
                float sq = disc < 0f ? 0f : (float) Math.sqrt(disc);
                float tp = (b + sq) / a, tm = (b - sq) / a;
                // The larger root where the radius is not negative there, else the other one.
                boolean tpLarger = tp >= tm;
                boolean largerValid = !(fr + (tpLarger ? tp : tm) * dr < 0f);
                boolean useTp = tpLarger == largerValid;
                t = useTp ? tp : tm;
                float sigma = useTp ? 1f : -1f;
                defined = !(disc < 0f) && !(fr + t * dr < 0f);
                smooth = defined && sq != 0f;
                gb = smooth ? (1f + sigma * b / sq) / a : 0f;
                ga = smooth ? (-sigma * c / (2f * sq) - t) / a : 0f;
                gc = smooth ? -sigma / (2f * sq) : 0f;
            }
            if (adjoint && smooth) {
                ga *= dt;
                gb *= dt;
                gc *= dt;
                // a = cd.cd - dr^2 ; b = pd.cd + fr dr ; c = pd.pd - fr^2
                float gcdx = 2f * cdx * ga + pdx * gb, gcdy = 2f * cdy * ga + pdy * gb;
                float gpdx = cdx * gb + 2f * pdx * gc, gpdy = cdy * gb + 2f * pdy * gc;
                float gdr = -2f * dr * ga + fr * gb;
                float gfr = dr * gb - 2f * fr * gc;
                // cd = c - f ; pd = q - f ; dr = r - fr
                dParams[dBase] += gcdx;
                dParams[dBase + 1] += gcdy;
                dParams[dBase + 2] += gdr;
                dParams[dBase + 3] += -gcdx - gpdx;
                dParams[dBase + 4] += -gcdy - gpdy;
                dParams[dBase + 5] += gfr - gdr;
            }
            t = defined ? t : UNDEFINED;
        }
        return t;
    }

    static float spread(int spread, float t) {
        float m = t - 2f * Kmath.floor(t * 0.5f);
        float reflected = m <= 1f ? m : 2f - m;
        return spread == SPREAD_PAD ? t : spread == SPREAD_REFLECT ? reflected : t - Kmath.floor(t);
    }

    static float spreadSlope(int spread, float t) {
        float m = t - 2f * Kmath.floor(t * 0.5f);
        return spread == SPREAD_REFLECT && !(m <= 1f) ? -1f : 1f;
    }

    /**
     * -1 when t is before the first stop, else the last stop k whose offset is at most t with
     * every offset before it at most t too. (One loop-carried value set by a select: see
     * {@link #evalPaint} on TornadoVM.)
     */
    static int findStop(float[] params, int stops, int n, float t) {
        int k = t < params[stops] ? -1 : 0;
        for (int j = 1; j < n; j++) {
            k = k == j - 1 && params[stops + STOP_FLOATS * j] <= t ? j : k;
        }
        return k;
    }
}
