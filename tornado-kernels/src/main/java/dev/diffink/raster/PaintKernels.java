package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.PAINT_LINEAR;
import static dev.diffink.raster.PackedScene.PAINT_SOLID;
import static dev.diffink.raster.PackedScene.SPREAD_PAD;
import static dev.diffink.raster.PackedScene.SPREAD_REFLECT;
import static dev.diffink.raster.PackedScene.STOP_FLOATS;

/**
 * Paint of a draw at a device point: solid colours, and linear and radial gradients sampled at
 * the pixel centre (as browsers and librsvg do), with pad, reflect or repeat spread. Stops are
 * interpolated in straight-alpha sRGB, as librsvg does. {@link #paintAdjoint} is the exact
 * adjoint of {@link #evalPaint} with respect to every paint parameter.
 */
public final class PaintKernels {
    private PaintKernels() {}

    /** Number of geometry floats before the stops of a paint of this kind. */
    public static int geometryFloats(int kind) {
        return kind == PAINT_SOLID ? 4 : kind == PAINT_LINEAR ? 4 : 6;
    }

    /** Writes the straight-alpha colour of draw d's paint at device point (x, y) into out[o..o+3]. */
    public static void evalPaint(int d, int[] paintKind, int[] paintSpread, int[] paintParamStart,
            int[] paintStopCount, float[] params, float[] inverse, float x, float y, float[] out, int o) {
        int kind = paintKind[d];
        int base = paintParamStart[d];
        if (kind == PAINT_SOLID) {
            out[o] = params[base];
            out[o + 1] = params[base + 1];
            out[o + 2] = params[base + 2];
            out[o + 3] = params[base + 3];
            return;
        }
        float t = gradientT(d, kind, base, params, inverse, x, y, null, 0, 0f);
        if (Float.isNaN(t)) {
            out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0f;
            return;
        }
        t = spread(paintSpread[d], t);
        int stops = base + geometryFloats(kind);
        int n = paintStopCount[d];
        int k = findStop(params, stops, n, t);
        if (k < 0 || k == n - 1) {
            int s = stops + STOP_FLOATS * (k < 0 ? 0 : n - 1);
            out[o] = params[s + 1];
            out[o + 1] = params[s + 2];
            out[o + 2] = params[s + 3];
            out[o + 3] = params[s + 4];
            return;
        }
        int s0 = stops + STOP_FLOATS * k, s1 = s0 + STOP_FLOATS;
        float w = (t - params[s0]) / (params[s1] - params[s0]);
        for (int c = 0; c < 4; c++) out[o + c] = params[s0 + 1 + c] + w * (params[s1 + 1 + c] - params[s0 + 1 + c]);
    }

    /**
     * Adds to {@code dParams[dBase + j]} the adjoint of paint parameter j of draw d, given the
     * adjoint (gr, gg, gb, ga) of the colour {@link #evalPaint} returns at (x, y).
     */
    public static void paintAdjoint(int d, int[] paintKind, int[] paintSpread, int[] paintParamStart,
            int[] paintStopCount, float[] params, float[] inverse, float x, float y, float gr, float gg, float gb,
            float ga, float[] dParams, int dBase) {
        int kind = paintKind[d];
        int base = paintParamStart[d];
        if (kind == PAINT_SOLID) {
            dParams[dBase] += gr;
            dParams[dBase + 1] += gg;
            dParams[dBase + 2] += gb;
            dParams[dBase + 3] += ga;
            return;
        }
        float tRaw = gradientT(d, kind, base, params, inverse, x, y, null, 0, 0f);
        if (Float.isNaN(tRaw)) return;
        float t = spread(paintSpread[d], tRaw);
        float slope = spreadSlope(paintSpread[d], tRaw);
        int geom = geometryFloats(kind);
        int stops = base + geom;
        int n = paintStopCount[d];
        int k = findStop(params, stops, n, t);
        if (k < 0 || k == n - 1) {
            int s = STOP_FLOATS * (k < 0 ? 0 : n - 1);
            dParams[dBase + geom + s + 1] += gr;
            dParams[dBase + geom + s + 2] += gg;
            dParams[dBase + geom + s + 3] += gb;
            dParams[dBase + geom + s + 4] += ga;
            return;
        }
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
        float dt = dw / span * slope;
        if (dt != 0f) gradientT(d, kind, base, params, inverse, x, y, dParams, dBase, dt);
    }

    /**
     * The gradient parameter t at device point (x, y), or NaN where a radial gradient is not
     * defined. When {@code dParams} is not null, also adds {@code dt} times dt/dparam to the
     * geometry adjoints at {@code dParams[dBase..]}.
     */
    static float gradientT(int d, int kind, int base, float[] p, float[] inv, float x, float y, float[] dParams,
            int dBase, float dt) {
        int m = 6 * d;
        float qx = inv[m] * x + inv[m + 2] * y + inv[m + 4];
        float qy = inv[m + 1] * x + inv[m + 3] * y + inv[m + 5];
        if (kind == PAINT_LINEAR) {
            float x1 = p[base], y1 = p[base + 1], x2 = p[base + 2], y2 = p[base + 3];
            float ex = x2 - x1, ey = y2 - y1;
            float len2 = ex * ex + ey * ey;
            if (len2 == 0f) return 1f;
            float wx = qx - x1, wy = qy - y1;
            float t = (wx * ex + wy * ey) / len2;
            if (dParams != null) {
                // dt/dp2 = (w - 2 t e) / |e|^2 ; dt/dp1 = (-e - w + 2 t e) / |e|^2
                float gx2 = (wx - 2f * t * ex) / len2, gy2 = (wy - 2f * t * ey) / len2;
                dParams[dBase] += dt * (-ex / len2 - gx2);
                dParams[dBase + 1] += dt * (-ey / len2 - gy2);
                dParams[dBase + 2] += dt * gx2;
                dParams[dBase + 3] += dt * gy2;
            }
            return t;
        }
        // Two-point conical: the largest t with |q - (f + t (c - f))| = fr + t (r - fr) >= 0.
        float cx = p[base], cy = p[base + 1], r = p[base + 2], fx = p[base + 3], fy = p[base + 4], fr = p[base + 5];
        float cdx = cx - fx, cdy = cy - fy, pdx = qx - fx, pdy = qy - fy, dr = r - fr;
        float a = cdx * cdx + cdy * cdy - dr * dr;
        float b = pdx * cdx + pdy * cdy + fr * dr;
        float c = pdx * pdx + pdy * pdy - fr * fr;
        float t;
        float ga, gb, gc;
        if (Math.abs(a) < 1e-6f * (cdx * cdx + cdy * cdy + dr * dr + 1e-12f)) {
            if (b == 0f) return Float.NaN;
            t = c / (2f * b);
            if (fr + t * dr < 0f) return Float.NaN;
            ga = 0f;
            gb = -c / (2f * b * b);
            gc = 1f / (2f * b);
        } else {
            float disc = b * b - a * c;
            if (disc < 0f) return Float.NaN;
            float sq = (float) Math.sqrt(disc);
            float tp = (b + sq) / a, tm = (b - sq) / a;
            float sigma;
            if (tp >= tm) {
                t = tp;
                sigma = 1f;
                if (fr + t * dr < 0f) {
                    t = tm;
                    sigma = -1f;
                }
            } else {
                t = tm;
                sigma = -1f;
                if (fr + t * dr < 0f) {
                    t = tp;
                    sigma = 1f;
                }
            }
            if (fr + t * dr < 0f) return Float.NaN;
            if (dParams == null) return t;
            if (sq == 0f) return t;
            gb = (1f + sigma * b / sq) / a;
            ga = (-sigma * c / (2f * sq) - t) / a;
            gc = -sigma / (2f * sq);
        }
        if (dParams != null) {
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
        return t;
    }

    static float spread(int spread, float t) {
        if (spread == SPREAD_PAD) return t;
        if (spread == SPREAD_REFLECT) {
            float m = t - 2f * (float) Math.floor(t * 0.5f);
            return m <= 1f ? m : 2f - m;
        }
        return t - (float) Math.floor(t);
    }

    static float spreadSlope(int spread, float t) {
        if (spread != SPREAD_REFLECT) return 1f;
        float m = t - 2f * (float) Math.floor(t * 0.5f);
        return m <= 1f ? 1f : -1f;
    }

    /** -1 when t is before the first stop, else the last stop whose offset is at most t. */
    static int findStop(float[] params, int stops, int n, float t) {
        if (t < params[stops]) return -1;
        int k = 0;
        while (k + 1 < n && params[stops + STOP_FLOATS * (k + 1)] <= t) k++;
        return k;
    }
}
