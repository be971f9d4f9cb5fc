package dev.diffink.raster;

import java.util.Arrays;

/**
 * A scene flattened into primitive arrays: the only input the rasterizer kernels see.
 *
 * <p>The arrays fall into two groups. <em>Structure</em> (verbs, counts, kinds, paint layout,
 * layers) is fixed once built. <em>Parameters</em> ({@link #points}, {@link #strokeWidths},
 * {@link #paintParams}, {@link #opacities}) are the continuous values an optimiser changes in
 * place between renders; {@link SceneGradient} has one adjoint array for each of them, with the
 * same layout.
 *
 * <p>Guarantees (checked by {@link Builder#build()}): every path's verb list starts with
 * {@link #VERB_MOVE}; every coordinate and parameter is finite; stroke widths are non-negative;
 * gradient stop offsets are non-decreasing within [0, 1]; the canvas is between 1 and
 * {@link #MAX_CANVAS_SIDE} pixels on each side.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>Path {@code p} owns verbs {@code [pathVerbStart[p], pathVerbStart[p+1])} and points
 *       (x, y pairs, in the path's user space) {@code [pathPointStart[p], pathPointStart[p+1])};
 *       {@code pathTransform[6p..6p+5]} = (a, b, c, d, e, f) maps user space to device pixels:
 *       {@code x' = a x + c y + e, y' = b x + d y + f}.</li>
 *   <li>Draw {@code d} paints path {@code drawPath[d]} as a fill (non-zero or even-odd) or a
 *       stroke, in z-order (draw 0 is at the bottom). Each draw owns one paint.</li>
 *   <li>Paint parameters of draw {@code d} are {@code paintParams[paintParamStart[d] ..
 *       paintParamStart[d+1])}: solid = (r, g, b, a); linear = (x1, y1, x2, y2) then stops;
 *       radial = (cx, cy, r, fx, fy, fr) then stops; each stop = (offset, r, g, b, a). Colours are
 *       straight (not premultiplied) sRGB in [0, 1]. Gradient geometry lives in paint space;
 *       {@code paintInverse[6d..6d+5]} maps device pixels back to it.</li>
 *   <li>Layers model group opacity and clipping: a draw whose {@code drawLayer} is not -1 is
 *       composited into that layer, which is composited into its parent (or the canvas) with its
 *       opacity, times its mask when {@code layerClipped} (see {@link #DRAW_CLIP_NONZERO}).</li>
 * </ul>
 */
public final class PackedScene {

    public static final int VERB_MOVE = 0, VERB_LINE = 1, VERB_QUAD = 2, VERB_CUBIC = 3, VERB_CLOSE = 4;
    public static final int DRAW_FILL_NONZERO = 0, DRAW_FILL_EVENODD = 1, DRAW_STROKE = 2;
    /**
     * Clip geometry: adds its coverage to its layer's mask instead of painting (the mask is the
     * union, source-over, of the layer's clip draws); its paint is ignored.
     */
    public static final int DRAW_CLIP_NONZERO = 3, DRAW_CLIP_EVENODD = 4;
    public static final int JOIN_MITER = 0, JOIN_ROUND = 1, JOIN_BEVEL = 2;
    public static final int CAP_BUTT = 0, CAP_ROUND = 1, CAP_SQUARE = 2;
    public static final int PAINT_SOLID = 0, PAINT_LINEAR = 1, PAINT_RADIAL = 2;
    public static final int SPREAD_PAD = 0, SPREAD_REFLECT = 1, SPREAD_REPEAT = 2;

    /** Largest canvas side the rasterizer accepts; callers refuse larger requests earlier. */
    public static final int MAX_CANVAS_SIDE = 16384;
    /** Deepest nesting of opacity layers. */
    public static final int MAX_LAYER_DEPTH = 8;
    /** Floats per gradient stop: offset, r, g, b, a. */
    public static final int STOP_FLOATS = 5;

    public final int width, height;
    /** Premultiplied RGBA the canvas starts with. */
    public final float[] background;

    public final int pathCount;
    public final int[] pathVerbStart, verbs, pathPointStart;
    public final float[] points, pathTransform;

    public final int drawCount;
    public final int[] drawPath, drawKind, drawJoin, drawCap, drawLayer;
    public final float[] strokeWidths, miterLimits, opacities;

    public final int[] paintKind, paintSpread, paintParamStart, paintStopCount;
    public final float[] paintParams, paintInverse;

    public final int layerCount;
    public final int[] layerParent, layerClipped;
    public final float[] layerOpacity;

    private PackedScene(Builder b) {
        width = b.width;
        height = b.height;
        background = b.background.clone();
        pathCount = b.pathCount;
        pathVerbStart = Arrays.copyOf(b.pathVerbStart, pathCount + 1);
        verbs = Arrays.copyOf(b.verbs, b.verbCount);
        pathPointStart = Arrays.copyOf(b.pathPointStart, pathCount + 1);
        points = Arrays.copyOf(b.points, 2 * b.pointCount);
        pathTransform = Arrays.copyOf(b.pathTransform, 6 * pathCount);
        drawCount = b.drawCount;
        drawPath = Arrays.copyOf(b.drawPath, drawCount);
        drawKind = Arrays.copyOf(b.drawKind, drawCount);
        drawJoin = Arrays.copyOf(b.drawJoin, drawCount);
        drawCap = Arrays.copyOf(b.drawCap, drawCount);
        drawLayer = Arrays.copyOf(b.drawLayer, drawCount);
        strokeWidths = Arrays.copyOf(b.strokeWidths, drawCount);
        miterLimits = Arrays.copyOf(b.miterLimits, drawCount);
        opacities = Arrays.copyOf(b.opacities, drawCount);
        paintKind = Arrays.copyOf(b.paintKind, drawCount);
        paintSpread = Arrays.copyOf(b.paintSpread, drawCount);
        paintParamStart = Arrays.copyOf(b.paintParamStart, drawCount + 1);
        paintStopCount = Arrays.copyOf(b.paintStopCount, drawCount);
        paintParams = Arrays.copyOf(b.paintParams, b.paintParamCount);
        paintInverse = Arrays.copyOf(b.paintInverse, 6 * drawCount);
        layerCount = b.layerCount;
        layerParent = Arrays.copyOf(b.layerParent, layerCount);
        layerClipped = Arrays.copyOf(b.layerClipped, layerCount);
        layerOpacity = Arrays.copyOf(b.layerOpacity, layerCount);
    }

    /** Number of pixels times four: the length of an image or image adjoint for this scene. */
    public int imageLength() {
        return width * height * 4;
    }

    /** Whether any draw sits in an opacity layer. */
    public boolean hasLayers() {
        return layerCount > 0;
    }

    /** A deep copy: structure and parameters; used to perturb parameters in tests and optimisers. */
    public PackedScene copy() {
        Builder b = new Builder(width, height);
        b.background = background.clone();
        b.pathCount = pathCount;
        b.pathVerbStart = pathVerbStart.clone();
        b.verbs = verbs.clone();
        b.verbCount = verbs.length;
        b.pathPointStart = pathPointStart.clone();
        b.points = points.clone();
        b.pointCount = points.length / 2;
        b.pathTransform = pathTransform.clone();
        b.drawCount = drawCount;
        b.drawPath = drawPath.clone();
        b.drawKind = drawKind.clone();
        b.drawJoin = drawJoin.clone();
        b.drawCap = drawCap.clone();
        b.drawLayer = drawLayer.clone();
        b.strokeWidths = strokeWidths.clone();
        b.miterLimits = miterLimits.clone();
        b.opacities = opacities.clone();
        b.paintKind = paintKind.clone();
        b.paintSpread = paintSpread.clone();
        b.paintParamStart = paintParamStart.clone();
        b.paintStopCount = paintStopCount.clone();
        b.paintParams = paintParams.clone();
        b.paintParamCount = paintParams.length;
        b.paintInverse = paintInverse.clone();
        b.layerCount = layerCount;
        b.layerParent = layerParent.clone();
        b.layerClipped = layerClipped.clone();
        b.layerOpacity = layerOpacity.clone();
        return new PackedScene(b);
    }

    /**
     * Builds a packed scene path by path and draw by draw. Paths are added with
     * {@link #beginPath}, their segments, then {@link #endPath}; each {@link #addDraw} must be
     * followed by exactly one paint call ({@link #solidPaint}, {@link #linearPaint} or
     * {@link #radialPaint}) for that draw.
     */
    public static final class Builder {
        private final int width, height;
        private float[] background = new float[4];
        private int pathCount, verbCount, pointCount, drawCount, paintParamCount, layerCount;
        private int[] pathVerbStart = new int[8], verbs = new int[32], pathPointStart = new int[8];
        private float[] points = new float[64], pathTransform = new float[48];
        private int[] drawPath = new int[8], drawKind = new int[8], drawJoin = new int[8],
                drawCap = new int[8], drawLayer = new int[8];
        private float[] strokeWidths = new float[8], miterLimits = new float[8], opacities = new float[8];
        private int[] paintKind = new int[8], paintSpread = new int[8], paintParamStart = new int[9],
                paintStopCount = new int[8];
        private float[] paintParams = new float[32], paintInverse = new float[48];
        private int[] layerParent = new int[4], layerClipped = new int[4];
        private float[] layerOpacity = new float[4];
        private boolean inPath, paintPending;

        public Builder(int width, int height) {
            if (width < 1 || height < 1 || width > MAX_CANVAS_SIDE || height > MAX_CANVAS_SIDE) {
                throw new IllegalArgumentException("canvas " + width + "x" + height
                        + " is outside 1.." + MAX_CANVAS_SIDE + " pixels per side");
            }
            this.width = width;
            this.height = height;
        }

        /** Sets the canvas background as straight-alpha sRGB; stored premultiplied. */
        public Builder background(float r, float g, float b, float a) {
            background = new float[] {r * a, g * a, b * a, a};
            return this;
        }

        /** Starts a path whose points are mapped to device pixels by (a, b, c, d, e, f). */
        public int beginPath(float a, float b, float c, float d, float e, float f) {
            if (inPath) throw new IllegalStateException("beginPath inside a path");
            inPath = true;
            pathVerbStart = grow(pathVerbStart, pathCount + 2);
            pathPointStart = grow(pathPointStart, pathCount + 2);
            pathTransform = grow(pathTransform, 6 * (pathCount + 1));
            pathVerbStart[pathCount] = verbCount;
            pathPointStart[pathCount] = pointCount;
            float[] t = {a, b, c, d, e, f};
            System.arraycopy(t, 0, pathTransform, 6 * pathCount, 6);
            return pathCount;
        }

        public Builder moveTo(float x, float y) {
            return verb(VERB_MOVE).point(x, y);
        }

        public Builder lineTo(float x, float y) {
            return verb(VERB_LINE).point(x, y);
        }

        public Builder quadTo(float x1, float y1, float x, float y) {
            return verb(VERB_QUAD).point(x1, y1).point(x, y);
        }

        public Builder cubicTo(float x1, float y1, float x2, float y2, float x, float y) {
            return verb(VERB_CUBIC).point(x1, y1).point(x2, y2).point(x, y);
        }

        public Builder close() {
            return verb(VERB_CLOSE);
        }

        /** Ends the current path; returns its index. */
        public int endPath() {
            if (!inPath) throw new IllegalStateException("endPath outside a path");
            inPath = false;
            int first = pathVerbStart[pathCount];
            if (verbCount > first && verbs[first] != VERB_MOVE) {
                throw new IllegalStateException("path " + pathCount + " does not start with a move");
            }
            pathCount++;
            pathVerbStart[pathCount] = verbCount;
            pathPointStart[pathCount] = pointCount;
            return pathCount - 1;
        }

        /** Adds an opacity layer nested in {@code parent} (-1 for the canvas); returns its index. */
        public int addLayer(int parent, float opacity) {
            return addLayer(parent, opacity, false);
        }

        /**
         * Adds a layer nested in {@code parent} (-1 for the canvas); when {@code clipped}, its
         * content is masked by the coverage of its DRAW_CLIP draws. Returns its index.
         */
        public int addLayer(int parent, float opacity, boolean clipped) {
            if (parent < -1 || parent >= layerCount) throw new IllegalArgumentException("no layer " + parent);
            layerParent = grow(layerParent, layerCount + 1);
            layerClipped = grow(layerClipped, layerCount + 1);
            layerOpacity = grow(layerOpacity, layerCount + 1);
            layerParent[layerCount] = parent;
            layerClipped[layerCount] = clipped ? 1 : 0;
            layerOpacity[layerCount] = opacity;
            return layerCount++;
        }

        /**
         * Adds a draw of {@code path}. {@code kind} is one of the DRAW_ constants; the stroke
         * fields are ignored for fills. Returns the draw index; give it a paint next.
         */
        public int addDraw(int path, int kind, float strokeWidth, int join, int cap, float miterLimit,
                float opacity, int layer) {
            if (paintPending) throw new IllegalStateException("previous draw has no paint");
            if (path < 0 || path >= pathCount) throw new IllegalArgumentException("no path " + path);
            if (layer < -1 || layer >= layerCount) throw new IllegalArgumentException("no layer " + layer);
            int n = drawCount + 1;
            drawPath = grow(drawPath, n);
            drawKind = grow(drawKind, n);
            drawJoin = grow(drawJoin, n);
            drawCap = grow(drawCap, n);
            drawLayer = grow(drawLayer, n);
            strokeWidths = grow(strokeWidths, n);
            miterLimits = grow(miterLimits, n);
            opacities = grow(opacities, n);
            paintKind = grow(paintKind, n);
            paintSpread = grow(paintSpread, n);
            paintStopCount = grow(paintStopCount, n);
            paintParamStart = grow(paintParamStart, n + 1);
            paintInverse = grow(paintInverse, 6 * n);
            drawPath[drawCount] = path;
            drawKind[drawCount] = kind;
            drawJoin[drawCount] = join;
            drawCap[drawCount] = cap;
            drawLayer[drawCount] = layer;
            strokeWidths[drawCount] = kind == DRAW_STROKE ? strokeWidth : 0f;
            miterLimits[drawCount] = miterLimit;
            opacities[drawCount] = opacity;
            paintParamStart[drawCount] = paintParamCount;
            paintPending = true;
            return drawCount++;
        }

        /** Solid straight-alpha sRGB paint for the last draw. */
        public Builder solidPaint(float r, float g, float b, float a) {
            beginPaint(PAINT_SOLID, SPREAD_PAD, 0, null);
            param(r).param(g).param(b).param(a);
            return endPaint();
        }

        /**
         * Linear gradient for the last draw, from (x1, y1) to (x2, y2) in paint space;
         * {@code paintToDevice} (6 floats) maps paint space to device pixels; {@code stops} holds
         * (offset, r, g, b, a) per stop.
         */
        public Builder linearPaint(float x1, float y1, float x2, float y2, int spread, float[] paintToDevice,
                float[] stops) {
            beginPaint(PAINT_LINEAR, spread, stops.length / STOP_FLOATS, paintToDevice);
            param(x1).param(y1).param(x2).param(y2);
            for (float s : stops) param(s);
            return endPaint();
        }

        /** Radial gradient (centre, radius, focal point, focal radius); otherwise as {@link #linearPaint}. */
        public Builder radialPaint(float cx, float cy, float r, float fx, float fy, float fr, int spread,
                float[] paintToDevice, float[] stops) {
            beginPaint(PAINT_RADIAL, spread, stops.length / STOP_FLOATS, paintToDevice);
            param(cx).param(cy).param(r).param(fx).param(fy).param(fr);
            for (float s : stops) param(s);
            return endPaint();
        }

        public PackedScene build() {
            if (inPath) throw new IllegalStateException("path not ended");
            if (paintPending) throw new IllegalStateException("last draw has no paint");
            for (int i = 0; i < 2 * pointCount; i++) requireFinite(points[i], "point coordinate");
            for (int i = 0; i < 6 * pathCount; i++) requireFinite(pathTransform[i], "path transform");
            for (int i = 0; i < paintParamCount; i++) requireFinite(paintParams[i], "paint parameter");
            for (int d = 0; d < drawCount; d++) {
                requireFinite(strokeWidths[d], "stroke width");
                requireFinite(opacities[d], "opacity");
                if (strokeWidths[d] < 0) throw new IllegalArgumentException("negative stroke width in draw " + d);
                int stops = paintStopCount[d];
                int first = paintParamStart[d] + (paintKind[d] == PAINT_LINEAR ? 4 : 6);
                float previous = 0f;
                for (int s = 0; s < stops && paintKind[d] != PAINT_SOLID; s++) {
                    float offset = paintParams[first + STOP_FLOATS * s];
                    if (offset < previous || offset > 1f) {
                        throw new IllegalArgumentException("gradient stop offsets of draw " + d
                                + " must be non-decreasing within [0, 1]");
                    }
                    previous = offset;
                }
            }
            return new PackedScene(this);
        }

        private void beginPaint(int kind, int spread, int stops, float[] paintToDevice) {
            if (!paintPending) throw new IllegalStateException("paint without a draw");
            int d = drawCount - 1;
            paintKind[d] = kind;
            paintSpread[d] = spread;
            paintStopCount[d] = stops;
            if (kind != PAINT_SOLID) {
                if (stops < 1) throw new IllegalArgumentException("a gradient needs at least one stop");
                if (!Affines.invert(paintToDevice, 0, paintInverse, 6 * d)) {
                    throw new IllegalArgumentException("gradient transform of draw " + d + " is singular");
                }
            } else {
                paintInverse[6 * d] = 1f;
                paintInverse[6 * d + 3] = 1f;
            }
        }

        private Builder endPaint() {
            paintPending = false;
            paintParamStart[drawCount] = paintParamCount;
            return this;
        }

        private Builder param(float v) {
            paintParams = grow(paintParams, paintParamCount + 1);
            paintParams[paintParamCount++] = v;
            return this;
        }

        private Builder verb(int v) {
            if (!inPath) throw new IllegalStateException("segment outside a path");
            verbs = grow(verbs, verbCount + 1);
            verbs[verbCount++] = v;
            return this;
        }

        private Builder point(float x, float y) {
            points = grow(points, 2 * pointCount + 2);
            points[2 * pointCount] = x;
            points[2 * pointCount + 1] = y;
            pointCount++;
            return this;
        }

        private static void requireFinite(float v, String what) {
            if (!Float.isFinite(v)) throw new IllegalArgumentException(what + " is not finite: " + v);
        }

        private static int[] grow(int[] a, int n) {
            return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, 2 * a.length));
        }

        private static float[] grow(float[] a, int n) {
            return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, 2 * a.length));
        }
    }
}
