package dev.diffink.compress;

import dev.diffink.compress.PathData.Segment;
import dev.diffink.compress.SvgDocument.Element;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.batik.parser.LengthParser;
import org.apache.batik.parser.ParseException;
import org.apache.batik.parser.PointsHandler;
import org.apache.batik.parser.PointsParser;

/** Geometry the passes share: transforms, shapes as path segments, lengths, bounds. */
public final class Geometry {
    private Geometry() {}

    /** Parses a transform list with Batik's parser; null when malformed. */
    public static AffineTransform transform(String text) {
        if (text == null || text.isBlank()) return new AffineTransform();
        // Batik's transform parser reads floats; coordinates need doubles (a float error of 1e-7
        // of a large translation is already visible to renderers that sample coverage on a grid).
        AffineTransform t = new AffineTransform();
        Matcher m = FUNCTION.matcher(text);
        int end = 0;
        while (m.lookingAt()) {
            Matcher n = NUMBER.matcher(m.group(2));
            double[] a = new double[6];
            int count = 0;
            while (n.find()) {
                if (count == 6) return null;
                a[count++] = Double.parseDouble(n.group());
            }
            if (!m.group(2).replaceAll(NUMBER.pattern(), "").replaceAll("[\\s,]", "").isEmpty()) return null;
            switch (m.group(1)) {
                case "matrix" -> {
                    if (count != 6) return null;
                    t.concatenate(new AffineTransform(a[0], a[1], a[2], a[3], a[4], a[5]));
                }
                case "translate" -> {
                    if (count < 1 || count > 2) return null;
                    t.translate(a[0], count == 2 ? a[1] : 0);
                }
                case "scale" -> {
                    if (count < 1 || count > 2) return null;
                    t.scale(a[0], count == 2 ? a[1] : a[0]);
                }
                case "rotate" -> {
                    if (count != 1 && count != 3) return null;
                    t.rotate(Math.toRadians(a[0]), count == 3 ? a[1] : 0, count == 3 ? a[2] : 0);
                }
                case "skewX" -> {
                    if (count != 1) return null;
                    t.shear(Math.tan(Math.toRadians(a[0])), 0);
                }
                case "skewY" -> {
                    if (count != 1) return null;
                    t.shear(0, Math.tan(Math.toRadians(a[0])));
                }
                default -> {
                    return null;
                }
            }
            end = m.end();
            m.region(end, text.length());
        }
        return text.substring(end).isBlank() ? t : null;
    }

    /** One function of a transform list (name, arguments), with an optional comma after it. */
    public static final Pattern FUNCTION = Pattern.compile("\\s*(\\w+)\\s*\\(([^)]*)\\)\\s*,?");
    /** A number as SVG writes it. */
    public static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /**
     * A length in user units; NaN when it has units DiffInk does not resolve here (percentages,
     * em, ex) or is malformed.
     */
    public static double length(String text) {
        if (text == null) return Double.NaN;
        String t = text.trim();
        if (t.isEmpty()) return Double.NaN;
        double[] out = {Double.NaN};
        boolean[] relative = {false};
        LengthParser p = new LengthParser();
        p.setLengthHandler(new org.apache.batik.parser.DefaultLengthHandler() {
            @Override public void lengthValue(float v) { out[0] = Double.parseDouble(numberPart(t)); }
            @Override public void px() {}
            @Override public void in() { out[0] *= 96; }
            @Override public void cm() { out[0] *= 96 / 2.54; }
            @Override public void mm() { out[0] *= 96 / 25.4; }
            @Override public void pt() { out[0] *= 96.0 / 72; }
            @Override public void pc() { out[0] *= 16; }
            @Override public void percentage() { relative[0] = true; }
            @Override public void em() { relative[0] = true; }
            @Override public void ex() { relative[0] = true; }
        });
        try {
            p.parse(t);
        } catch (ParseException e) {
            return Double.NaN;
        }
        return relative[0] ? Double.NaN : out[0];
    }

    /** The leading number of a length, as written (Batik reports floats; this keeps doubles). */
    private static String numberPart(String t) {
        int end = 0;
        while (end < t.length() && "+-.0123456789eE".indexOf(t.charAt(end)) >= 0) {
            if ((t.charAt(end) == 'e' || t.charAt(end) == 'E') && (end + 1 >= t.length()
                    || "+-0123456789".indexOf(t.charAt(end + 1)) < 0)) break;
            end++;
        }
        return t.substring(0, end);
    }

    /** A numeric attribute in user units, or {@code def} when absent; NaN when not absolute. */
    public static double attr(Element e, String name, double def) {
        String v = e.attr(name);
        return v == null ? def : length(v);
    }

    /**
     * The element's geometry as absolute segments, for the basic shapes and paths; null when it
     * has lengths DiffInk cannot resolve without the viewport (percentages and the like).
     */
    public static List<Segment> segments(Element e) {
        List<Segment> s = new ArrayList<>();
        switch (e.localName()) {
            case "path" -> {
                return PathData.parse(e.attr("d"));
            }
            case "rect" -> {
                double x = attr(e, "x", 0), y = attr(e, "y", 0), w = attr(e, "width", 0), h = attr(e, "height", 0);
                double rx = e.has("rx") && !"auto".equals(e.attr("rx")) ? attr(e, "rx", 0) : -1;
                double ry = e.has("ry") && !"auto".equals(e.attr("ry")) ? attr(e, "ry", 0) : -1;
                if (Double.isNaN(x + y + w + h + rx + ry)) return null;
                if (!(w > 0 && h > 0)) return s;
                if (rx < 0) rx = Math.max(ry, 0);
                if (ry < 0) ry = rx;
                rx = Math.min(rx, w / 2);
                ry = Math.min(ry, h / 2);
                if (rx > 0 && ry > 0) {
                    add(s, 'M', x + rx, y);
                    add(s, 'L', x + w - rx, y);
                    add(s, 'A', rx, ry, 0, 0, 1, x + w, y + ry);
                    add(s, 'L', x + w, y + h - ry);
                    add(s, 'A', rx, ry, 0, 0, 1, x + w - rx, y + h);
                    add(s, 'L', x + rx, y + h);
                    add(s, 'A', rx, ry, 0, 0, 1, x, y + h - ry);
                    add(s, 'L', x, y + ry);
                    add(s, 'A', rx, ry, 0, 0, 1, x + rx, y);
                } else {
                    add(s, 'M', x, y);
                    add(s, 'L', x + w, y);
                    add(s, 'L', x + w, y + h);
                    add(s, 'L', x, y + h);
                }
                add(s, 'Z');
            }
            case "circle", "ellipse" -> {
                double cx = attr(e, "cx", 0), cy = attr(e, "cy", 0);
                double rx, ry;
                if (e.localName().equals("circle")) {
                    rx = ry = attr(e, "r", 0);
                } else {
                    rx = e.has("rx") && !"auto".equals(e.attr("rx")) ? attr(e, "rx", 0) : -1;
                    ry = e.has("ry") && !"auto".equals(e.attr("ry")) ? attr(e, "ry", 0) : -1;
                    if (rx < 0) rx = ry;
                    if (ry < 0) ry = rx;
                }
                if (Double.isNaN(cx + cy + rx + ry)) return null;
                if (!(rx > 0 && ry > 0)) return s;
                add(s, 'M', cx + rx, cy);
                add(s, 'A', rx, ry, 0, 0, 1, cx - rx, cy);
                add(s, 'A', rx, ry, 0, 0, 1, cx + rx, cy);
                add(s, 'Z');
            }
            case "line" -> {
                double x1 = attr(e, "x1", 0), y1 = attr(e, "y1", 0), x2 = attr(e, "x2", 0), y2 = attr(e, "y2", 0);
                if (Double.isNaN(x1 + y1 + x2 + y2)) return null;
                add(s, 'M', x1, y1);
                add(s, 'L', x2, y2);
            }
            case "polyline", "polygon" -> {
                List<double[]> pts = points(e.attr("points"));
                if (pts == null) return null;
                for (int i = 0; i < pts.size(); i++) add(s, i == 0 ? 'M' : 'L', pts.get(i)[0], pts.get(i)[1]);
                if (e.localName().equals("polygon") && !pts.isEmpty()) add(s, 'Z');
            }
            default -> {
                return null;
            }
        }
        return s;
    }

    private static List<double[]> points(String text) {
        List<double[]> pts = new ArrayList<>();
        if (text == null) return pts;
        PointsParser p = new PointsParser();
        p.setPointsHandler(new PointsHandler() {
            @Override public void startPoints() {}
            @Override public void point(float x, float y) { pts.add(new double[] {x, y}); }
            @Override public void endPoints() {}
        });
        try {
            p.parse(text);
        } catch (ParseException e) {
            return null;
        }
        return pts;
    }

    private static void add(List<Segment> s, char c, double... v) {
        s.add(new Segment(c, v));
    }

    /** The segments mapped by {@code t}; arcs stay arcs (their ellipse is mapped too). */
    public static List<Segment> transform(List<Segment> in, AffineTransform t) {
        List<Segment> out = new ArrayList<>(in.size());
        double[] p = new double[2];
        for (Segment s : in) {
            double[] v = s.v().clone();
            if (s.cmd() == 'A') {
                out.add(new Segment('A', arc(v, t)));
                continue;
            }
            for (int k = 0; k + 1 < v.length; k += 2) {
                t.transform(new double[] {v[k], v[k + 1]}, 0, p, 0, 1);
                v[k] = p[0];
                v[k + 1] = p[1];
            }
            out.add(new Segment(s.cmd(), v));
        }
        return out;
    }

    /**
     * Maps an arc (rx, ry, rotation, large, sweep, x, y) by an affine map: the ellipse's matrix
     * is carried through the linear part and decomposed again into radii and rotation; the sweep
     * flips when the map mirrors.
     */
    static double[] arc(double[] v, AffineTransform t) {
        double rx = Math.abs(v[0]), ry = Math.abs(v[1]), rot = Math.toRadians(v[2]);
        double[] end = new double[2];
        t.transform(new double[] {v[5], v[6]}, 0, end, 0, 1);
        double a = t.getScaleX(), b = t.getShearY(), c = t.getShearX(), d = t.getScaleY();
        double cos = Math.cos(rot), sin = Math.sin(rot);
        // Columns of M = T_lin * R(rot) * diag(rx, ry).
        double m00 = (a * cos + c * sin) * rx, m10 = (b * cos + d * sin) * rx;
        double m01 = (-a * sin + c * cos) * ry, m11 = (-b * sin + d * cos) * ry;
        // S = M M^T, a symmetric matrix whose eigen-decomposition gives the new ellipse.
        double s00 = m00 * m00 + m01 * m01, s01 = m00 * m10 + m01 * m11, s11 = m10 * m10 + m11 * m11;
        double tr = s00 + s11, det = s00 * s11 - s01 * s01;
        double disc = Math.sqrt(Math.max(0, tr * tr / 4 - det));
        double l1 = tr / 2 + disc, l2 = Math.max(0, tr / 2 - disc);
        double angle = Math.abs(s01) < 1e-15 && s00 >= s11 ? 0 : Math.atan2(l1 - s00, s01);
        if (Math.abs(s01) < 1e-15 && s00 < s11) angle = Math.PI / 2;
        boolean mirror = a * d - b * c < 0;
        double sweep = mirror ? 1 - v[4] : v[4];
        return new double[] {Math.sqrt(l1), Math.sqrt(l2), Math.toDegrees(angle), v[3], sweep, end[0], end[1]};
    }

    /**
     * An SVG arc in centre form: {cx, cy, rx, ry, phi (radians), theta1, delta}, from its start
     * point and endpoint parameters (SVG 1.1 appendix F.6.5, radii scaled up when too small);
     * null for a degenerate arc (equal ends or a zero radius), which draws a line.
     */
    public static double[] arcCenter(double x0, double y0, double[] v) {
        double rx = Math.abs(v[0]), ry = Math.abs(v[1]);
        double x = v[5], y = v[6];
        if ((x0 == x && y0 == y) || rx == 0 || ry == 0) return null;
        double phi = Math.toRadians(v[2] % 360);
        double cos = Math.cos(phi), sin = Math.sin(phi);
        double dx2 = (x0 - x) / 2, dy2 = (y0 - y) / 2;
        double x1p = cos * dx2 + sin * dy2, y1p = -sin * dx2 + cos * dy2;
        double lambda = x1p * x1p / (rx * rx) + y1p * y1p / (ry * ry);
        if (lambda > 1) {
            double k = Math.sqrt(lambda);
            rx *= k;
            ry *= k;
        }
        double num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
        double den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
        boolean large = v[3] != 0, sweep = v[4] != 0;
        double coef = Math.sqrt(Math.max(0, num / den)) * (large == sweep ? -1 : 1);
        double cxp = coef * rx * y1p / ry, cyp = -coef * ry * x1p / rx;
        double cx = cos * cxp - sin * cyp + (x0 + x) / 2, cy = sin * cxp + cos * cyp + (y0 + y) / 2;
        double theta1 = angle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry);
        double delta = angle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry);
        if (!sweep && delta > 0) delta -= 2 * Math.PI;
        if (sweep && delta < 0) delta += 2 * Math.PI;
        return new double[] {cx, cy, rx, ry, phi, theta1, delta};
    }

    private static double angle(double ux, double uy, double vx, double vy) {
        return Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
    }

    /** The point at fraction {@code t} of an arc in centre form (see {@link #arcCenter}). */
    public static double[] arcPoint(double[] c, double t) {
        double th = c[5] + t * c[6];
        double cos = Math.cos(c[4]), sin = Math.sin(c[4]);
        double ex = c[2] * Math.cos(th), ey = c[3] * Math.sin(th);
        return new double[] {c[0] + cos * ex - sin * ey, c[1] + sin * ex + cos * ey};
    }

    /** An arc as cubic segments of at most {@code maxAngle} radians each (absolute {@code C} segments). */
    public static List<Segment> arcToCubics(double[] c, double maxAngle) {
        List<Segment> out = new ArrayList<>();
        int n = Math.max(1, (int) Math.ceil(Math.abs(c[6]) / maxAngle - 1e-5));
        double step = c[6] / n;
        double k = 4.0 / 3.0 * Math.tan(step / 4);
        double cos = Math.cos(c[4]), sin = Math.sin(c[4]);
        for (int i = 0; i < n; i++) {
            double t1 = c[5] + i * step, t2 = t1 + step;
            double c1 = Math.cos(t1), s1 = Math.sin(t1), c2 = Math.cos(t2), s2 = Math.sin(t2);
            double[] ctrl = {c1 - k * s1, s1 + k * c1, c2 + k * s2, s2 - k * c2, c2, s2};
            double[] v = new double[6];
            for (int j = 0; j < 6; j += 2) {
                double ex = c[2] * ctrl[j], ey = c[3] * ctrl[j + 1];
                v[j] = c[0] + cos * ex - sin * ey;
                v[j + 1] = c[1] + sin * ex + cos * ey;
            }
            out.add(new Segment('C', v));
        }
        return out;
    }

    /** Bounds {minX, minY, maxX, maxY} of the segments' end and control points (a superset of the curve's). */
    public static double[] bounds(List<Segment> segs) {
        double[] b = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        double cx = 0, cy = 0;
        for (Segment s : segs) {
            if (s.cmd() == 'Z') continue;
            double[] v = s.v();
            if (s.cmd() == 'A') {
                // An arc stays within its ellipse's reach of both ends.
                double r = Math.max(Math.abs(v[0]), Math.abs(v[1]));
                double mx = (cx + v[5]) / 2, my = (cy + v[6]) / 2;
                double reach = r + Math.hypot(v[5] - cx, v[6] - cy) / 2;
                include(b, mx - reach, my - reach);
                include(b, mx + reach, my + reach);
            } else {
                for (int k = 0; k + 1 < v.length; k += 2) include(b, v[k], v[k + 1]);
            }
            cx = s.x();
            cy = s.y();
        }
        return b;
    }

    private static void include(double[] b, double x, double y) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
    }
}
