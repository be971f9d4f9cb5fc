package dev.diffink.vectorize;

import dev.diffink.compress.PathData.Segment;
import dev.diffink.compress.PathEncoder;
import dev.diffink.raster.PackedScene;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the vectoriser draws and optimises: filled shapes in z-order, each one colour and one or
 * more closed cubic loops (outline and holes, filled even-odd), in working-image pixels. It packs
 * into the rasterizer's {@link PackedScene} (points and colours in the same order, so an
 * optimiser can work on the packed arrays and read them back) and writes itself as SVG.
 */
final class Drawing {

    /**
     * One filled shape.
     *
     * @param color straight-alpha sRGB (r, g, b, a) in [0, 1]
     * @param loops each x0, y0 then six numbers per cubic, closing back at its start
     */
    record Shape(float[] color, List<float[]> loops) {
        int cubics() {
            int n = 0;
            for (float[] l : loops) n += (l.length - 2) / 6;
            return n;
        }
    }

    final int width, height;
    final List<Shape> shapes;

    Drawing(int width, int height, List<Shape> shapes) {
        this.width = width;
        this.height = height;
        this.shapes = shapes;
    }

    PackedScene pack() {
        PackedScene.Builder b = new PackedScene.Builder(width, height);
        for (Shape s : shapes) {
            int path = b.beginPath(1, 0, 0, 1, 0, 0);
            for (float[] l : s.loops) {
                b.moveTo(l[0], l[1]);
                for (int i = 2; i + 5 < l.length; i += 6) b.cubicTo(l[i], l[i + 1], l[i + 2], l[i + 3], l[i + 4], l[i + 5]);
                b.close();
            }
            b.endPath();
            int rule = s.loops.size() > 1 ? PackedScene.DRAW_FILL_EVENODD : PackedScene.DRAW_FILL_NONZERO;
            b.addDraw(path, rule, 0, PackedScene.JOIN_MITER, PackedScene.CAP_BUTT, 4, 1, -1);
            b.solidPaint(s.color[0], s.color[1], s.color[2], s.color[3]);
        }
        return b.build();
    }

    /** Copies points and colours back from a scene made by {@link #pack()} (and then optimised). */
    void readBack(PackedScene scene) {
        int p = 0;
        for (int d = 0; d < shapes.size(); d++) {
            Shape s = shapes.get(d);
            for (float[] l : s.loops) {
                System.arraycopy(scene.points, p, l, 0, l.length);
                p += l.length;
            }
            System.arraycopy(scene.paintParams, scene.paintParamStart[d], s.color, 0, 4);
        }
    }

    /** The area a shape covers (outline minus holes), by its control polygon. */
    static double area(Shape s) {
        double total = 0;
        for (float[] l : s.loops) {
            double[] polygon = new double[l.length];
            for (int i = 0; i < l.length; i++) polygon[i] = l[i];
            total += Contours.area(polygon);
        }
        return Math.abs(total);
    }

    /** Path data of one shape on a grid of {@code decimals} places. */
    static String pathData(Shape s, int decimals) {
        List<Segment> segs = new ArrayList<>();
        for (float[] l : s.loops) {
            segs.add(new Segment('M', new double[] {l[0], l[1]}));
            for (int i = 2; i + 5 < l.length; i += 6) {
                segs.add(new Segment('C', new double[] {l[i], l[i + 1], l[i + 2], l[i + 3], l[i + 4], l[i + 5]}));
            }
            segs.add(new Segment('Z', new double[0]));
        }
        return PathEncoder.encode(segs, decimals);
    }

    /** Bytes one shape costs in the written SVG, before the compressor's passes. */
    static int bytes(Shape s, int decimals) {
        return 40 + pathData(s, decimals).length();
    }

    /**
     * The SVG: a viewBox in working pixels, shown at the original image's size.
     */
    String toSvg(int displayWidth, int displayHeight, int decimals) {
        StringBuilder sb = new StringBuilder(256 + shapes.size() * 64);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(displayWidth).append("\" height=\"")
                .append(displayHeight).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\">");
        for (Shape s : shapes) {
            sb.append("<path fill=\"").append(hex(s.color)).append('"');
            if (s.color[3] < 0.999f) sb.append(" fill-opacity=\"").append(String.format(Locale.ROOT, "%.3f", s.color[3])).append('"');
            if (s.loops.size() > 1) sb.append(" fill-rule=\"evenodd\"");
            sb.append(" d=\"").append(pathData(s, decimals)).append("\"/>");
        }
        return sb.append("</svg>").toString();
    }

    static String hex(float[] c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", to8(c[0]), to8(c[1]), to8(c[2]));
    }

    static int to8(float v) {
        int q = Math.round(v * 255);
        return q < 0 ? 0 : q > 255 ? 255 : q;
    }
}
