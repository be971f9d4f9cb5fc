package dev.diffink.scene;

import dev.diffink.compress.Geometry;
import dev.diffink.compress.PathData;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A path of move, line, quadratic, cubic and close verbs: verbs in one array, their points (x, y
 * pairs) in another, as in tiny-skia. Immutable.
 *
 * <p>Guarantees: every coordinate is finite; every contour starts with {@link #MOVE}; a
 * {@link #CLOSE} is always followed by a {@link #MOVE} or the end; there is at least one segment.
 * SVG arcs are converted to cubics by {@link Builder#arcTo}.
 */
public final class BezPath {
    public static final byte MOVE = 0, LINE = 1, QUAD = 2, CUBIC = 3, CLOSE = 4;

    private final byte[] verbs;
    private final float[] coords;

    private BezPath(byte[] verbs, float[] coords) {
        this.verbs = verbs;
        this.coords = coords;
    }

    public int verbCount() {
        return verbs.length;
    }

    public byte verb(int i) {
        return verbs[i];
    }

    /** Number of points (coordinate pairs). */
    public int pointCount() {
        return coords.length / 2;
    }

    public float x(int point) {
        return coords[2 * point];
    }

    public float y(int point) {
        return coords[2 * point + 1];
    }

    /** Points each verb consumes. */
    public static int pointsOf(byte verb) {
        return switch (verb) {
            case MOVE, LINE -> 1;
            case QUAD -> 2;
            case CUBIC -> 3;
            default -> 0;
        };
    }

    /** The tight bounding box {minX, minY, maxX, maxY} of the curve (not of its control points). */
    public double[] bounds() {
        double[] box = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        int p = 0;
        for (byte v : verbs) {
            switch (v) {
                case MOVE, LINE -> include(box, coords[2 * p], coords[2 * p + 1]);
                case QUAD -> {
                    include(box, coords[2 * p + 2], coords[2 * p + 3]);
                    for (int axis = 0; axis < 2; axis++) {
                        double a = coords[2 * (p - 1) + axis], b = coords[2 * p + axis], c = coords[2 * p + 2 + axis];
                        double den = a - 2 * b + c;
                        if (den != 0) includeQuad(box, p, (a - b) / den);
                    }
                }
                case CUBIC -> {
                    include(box, coords[2 * p + 4], coords[2 * p + 5]);
                    for (int axis = 0; axis < 2; axis++) {
                        double p0 = coords[2 * (p - 1) + axis], p1 = coords[2 * p + axis];
                        double p2 = coords[2 * p + 2 + axis], p3 = coords[2 * p + 4 + axis];
                        // Roots of the derivative a t^2 + b t + c.
                        double a = -p0 + 3 * p1 - 3 * p2 + p3, b = 2 * (p0 - 2 * p1 + p2), c = p1 - p0;
                        if (Math.abs(a) < 1e-12) {
                            if (b != 0) includeCubic(box, p, -c / b);
                        } else {
                            double disc = b * b - 4 * a * c;
                            if (disc >= 0) {
                                double s = Math.sqrt(disc);
                                includeCubic(box, p, (-b + s) / (2 * a));
                                includeCubic(box, p, (-b - s) / (2 * a));
                            }
                        }
                    }
                }
                default -> { }
            }
            p += pointsOf(v);
        }
        return box;
    }

    private void includeQuad(double[] box, int p, double t) {
        if (!(t > 0 && t < 1)) return;
        double u = 1 - t;
        for (int axis = 0; axis < 2; axis++) {
            double v = u * u * coords[2 * (p - 1) + axis] + 2 * u * t * coords[2 * p + axis]
                    + t * t * coords[2 * p + 2 + axis];
            box[axis] = Math.min(box[axis], v);
            box[axis + 2] = Math.max(box[axis + 2], v);
        }
    }

    private void includeCubic(double[] box, int p, double t) {
        if (!(t > 0 && t < 1)) return;
        double u = 1 - t;
        for (int axis = 0; axis < 2; axis++) {
            double v = u * u * u * coords[2 * (p - 1) + axis] + 3 * u * u * t * coords[2 * p + axis]
                    + 3 * u * t * t * coords[2 * p + 2 + axis] + t * t * t * coords[2 * p + 4 + axis];
            box[axis] = Math.min(box[axis], v);
            box[axis + 2] = Math.max(box[axis + 2], v);
        }
    }

    private static void include(double[] box, double x, double y) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BezPath other && Arrays.equals(verbs, other.verbs) && Arrays.equals(coords, other.coords);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(verbs) + Arrays.hashCode(coords);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BezPath[");
        int p = 0;
        for (byte v : verbs) {
            sb.append(switch (v) {
                case MOVE -> " M";
                case LINE -> " L";
                case QUAD -> " Q";
                case CUBIC -> " C";
                default -> " Z";
            });
            for (int k = 0; k < pointsOf(v); k++, p++) sb.append(' ').append(coords[2 * p]).append(',').append(coords[2 * p + 1]);
        }
        return sb.append(" ]").toString();
    }

    /**
     * Builds a path. Segments without a preceding move start at the current point (the start of
     * the last contour after a close), as SVG path data does. A builder can be reused after
     * {@link #finish()}.
     */
    public static final class Builder {
        private byte[] verbs = new byte[16];
        private float[] coords = new float[32];
        private int verbCount, coordCount;
        private float curX, curY, startX, startY;
        private boolean open;
        private boolean finite = true;

        public Builder moveTo(double x, double y) {
            if (verbCount > 0 && verbs[verbCount - 1] == MOVE) {
                // A move after a move replaces it: the first contour would be empty.
                coordCount -= 2;
                verbCount--;
            }
            verb(MOVE);
            point(x, y);
            startX = curX;
            startY = curY;
            open = true;
            return this;
        }

        public Builder lineTo(double x, double y) {
            ensureOpen();
            verb(LINE);
            point(x, y);
            return this;
        }

        public Builder quadTo(double x1, double y1, double x, double y) {
            ensureOpen();
            verb(QUAD);
            point(x1, y1);
            point(x, y);
            return this;
        }

        public Builder cubicTo(double x1, double y1, double x2, double y2, double x, double y) {
            ensureOpen();
            verb(CUBIC);
            point(x1, y1);
            point(x2, y2);
            point(x, y);
            return this;
        }

        public Builder close() {
            if (open && verbCount > 0) {
                // "M x y Z" is a zero-length closed subpath: caps make it a dot when stroked.
                if (verbs[verbCount - 1] == MOVE) lineTo(startX, startY);
                verb(CLOSE);
                curX = startX;
                curY = startY;
            }
            open = false;
            return this;
        }

        public float currentX() {
            return curX;
        }

        public float currentY() {
            return curY;
        }

        /**
         * An SVG elliptical arc from the current point to (x, y), as cubics (at most 90 degrees
         * each). Radii are scaled up when too small to reach the end point, as SVG requires; a
         * zero radius draws a line.
         */
        public Builder arcTo(double rx, double ry, double xAxisRotation, boolean largeArc, boolean sweep, double x,
                double y) {
            ensureOpen();
            double x0 = curX, y0 = curY;
            // Endpoint to centre parameterisation and the cubics: the compressor's geometry, shared.
            double[] centre = Geometry.arcCenter(x0, y0,
                    new double[] {rx, ry, xAxisRotation, largeArc ? 1 : 0, sweep ? 1 : 0, x, y});
            if (centre == null) return x0 == x && y0 == y ? this : lineTo(x, y);
            List<PathData.Segment> cubics = Geometry.arcToCubics(centre, Math.PI / 2);
            for (int i = 0; i < cubics.size(); i++) {
                double[] v = cubics.get(i).v();
                boolean last = i == cubics.size() - 1;
                cubicTo(v[0], v[1], v[2], v[3], last ? x : v[4], last ? y : v[5]);
            }
            return this;
        }

        /** Whether every coordinate given so far was finite. */
        public boolean isFinite() {
            return finite;
        }

        /**
         * The path, or empty when it has no segment or a coordinate was not finite. Resets the
         * builder.
         */
        public Optional<BezPath> finish() {
            if (verbCount > 0 && verbs[verbCount - 1] == MOVE) {
                verbCount--;
                coordCount -= 2;
            }
            boolean ok = finite && verbCount > 0;
            BezPath path = ok ? new BezPath(Arrays.copyOf(verbs, verbCount), Arrays.copyOf(coords, coordCount)) : null;
            verbCount = 0;
            coordCount = 0;
            open = false;
            finite = true;
            curX = curY = startX = startY = 0;
            return Optional.ofNullable(path);
        }

        private void ensureOpen() {
            if (!open) {
                verb(MOVE);
                point(curX, curY);
                startX = curX;
                startY = curY;
                open = true;
            }
        }

        private void verb(byte v) {
            if (verbCount == verbs.length) verbs = Arrays.copyOf(verbs, 2 * verbs.length);
            verbs[verbCount++] = v;
        }

        private void point(double x, double y) {
            if (coordCount + 2 > coords.length) coords = Arrays.copyOf(coords, 2 * coords.length);
            float fx = (float) x, fy = (float) y;
            if (!Float.isFinite(fx) || !Float.isFinite(fy)) finite = false;
            coords[coordCount++] = fx;
            coords[coordCount++] = fy;
            curX = fx;
            curY = fy;
        }
    }
}
