package dev.diffink.svg;

import dev.diffink.scene.Affine;
import dev.diffink.scene.BezPath;
import dev.diffink.scene.Fill;
import dev.diffink.scene.FillRule;
import dev.diffink.scene.GradientStop;
import dev.diffink.scene.Group;
import dev.diffink.scene.LineCap;
import dev.diffink.scene.LineJoin;
import dev.diffink.scene.LinearGradient;
import dev.diffink.scene.Node;
import dev.diffink.scene.Paint;
import dev.diffink.scene.RadialGradient;
import dev.diffink.scene.Rgba;
import dev.diffink.scene.Scene;
import dev.diffink.scene.Shape;
import dev.diffink.scene.SpreadMethod;
import dev.diffink.scene.Stroke;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Scene} as plain, exact SVG: absolute path commands, full float precision, one
 * element per shape, gradients in user space. It is the faithful form (for reference renderers
 * and round trips); the compact form is the SVG compressor's job.
 */
public final class SvgWriter {
    private SvgWriter() {}

    public static String write(Scene scene) {
        StringBuilder defs = new StringBuilder();
        StringBuilder body = new StringBuilder();
        int[] ids = {0};
        if (scene.background() != null) {
            body.append("<rect width=\"").append(num(scene.width())).append("\" height=\"").append(num(scene.height()))
                    .append("\" fill=\"").append(color(scene.background())).append('"')
                    .append(opacityAttr("fill-opacity", scene.background().a())).append("/>");
        }
        nodes(scene.nodes(), body, defs, ids);
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(scene.width()))
                .append("\" height=\"").append(num(scene.height())).append("\" viewBox=\"0 0 ")
                .append(num(scene.width())).append(' ').append(num(scene.height())).append("\">");
        if (!defs.isEmpty()) out.append("<defs>").append(defs).append("</defs>");
        return out.append(body).append("</svg>\n").toString();
    }

    private static void nodes(List<Node> nodes, StringBuilder body, StringBuilder defs, int[] ids) {
        for (Node n : nodes) {
            switch (n) {
                case Shape s -> shape(s, body, defs, ids);
                case Group g -> {
                    body.append("<g");
                    if (g.opacity() < 1f) body.append(" opacity=\"").append(num(g.opacity())).append('"');
                    if (g.clip() != null) {
                        String id = "c" + ids[0]++;
                        defs.append("<clipPath id=\"").append(id).append("\">");
                        for (Shape c : g.clip()) {
                            defs.append("<path d=\"").append(pathData(c.path())).append('"');
                            if (!c.transform().isIdentity()) defs.append(" transform=\"").append(matrix(c.transform())).append('"');
                            if (c.fill() != null && c.fill().rule() == FillRule.EVEN_ODD) defs.append(" clip-rule=\"evenodd\"");
                            defs.append("/>");
                        }
                        defs.append("</clipPath>");
                        body.append(" clip-path=\"url(#").append(id).append(")\"");
                    }
                    body.append('>');
                    nodes(g.children(), body, defs, ids);
                    body.append("</g>");
                }
            }
        }
    }

    private static void shape(Shape s, StringBuilder body, StringBuilder defs, int[] ids) {
        body.append("<path d=\"").append(pathData(s.path())).append('"');
        if (!s.transform().isIdentity()) body.append(" transform=\"").append(matrix(s.transform())).append('"');
        Fill fill = s.fill();
        if (fill == null) {
            body.append(" fill=\"none\"");
        } else {
            body.append(" fill=\"").append(paint(fill.paint(), defs, ids)).append('"');
            body.append(opacityAttr("fill-opacity", fill.opacity() * alpha(fill.paint())));
            if (fill.rule() == FillRule.EVEN_ODD) body.append(" fill-rule=\"evenodd\"");
        }
        Stroke stroke = s.stroke();
        if (stroke != null) {
            body.append(" stroke=\"").append(paint(stroke.paint(), defs, ids)).append('"');
            body.append(" stroke-width=\"").append(num(stroke.width())).append('"');
            body.append(opacityAttr("stroke-opacity", stroke.opacity() * alpha(stroke.paint())));
            if (stroke.join() != LineJoin.MITER) body.append(" stroke-linejoin=\"").append(lower(stroke.join())).append('"');
            if (stroke.cap() != LineCap.BUTT) body.append(" stroke-linecap=\"").append(lower(stroke.cap())).append('"');
            if (stroke.miterLimit() != 4f) body.append(" stroke-miterlimit=\"").append(num(stroke.miterLimit())).append('"');
        }
        if (s.opacity() < 1f) body.append(" opacity=\"").append(num(s.opacity())).append('"');
        body.append("/>");
    }

    /** The paint's own alpha when solid (written as an opacity attribute), else 1. */
    private static float alpha(Paint p) {
        return p instanceof Rgba c ? c.a() : 1f;
    }

    private static String paint(Paint p, StringBuilder defs, int[] ids) {
        return switch (p) {
            case Rgba c -> color(c);
            case LinearGradient g -> {
                String id = "g" + ids[0]++;
                defs.append("<linearGradient id=\"").append(id).append("\" gradientUnits=\"userSpaceOnUse\" x1=\"")
                        .append(num(g.x1())).append("\" y1=\"").append(num(g.y1())).append("\" x2=\"")
                        .append(num(g.x2())).append("\" y2=\"").append(num(g.y2())).append('"');
                gradientTail(g.transform(), g.spread(), g.stops(), defs);
                defs.append("</linearGradient>");
                yield "url(#" + id + ")";
            }
            case RadialGradient g -> {
                String id = "g" + ids[0]++;
                defs.append("<radialGradient id=\"").append(id).append("\" gradientUnits=\"userSpaceOnUse\" cx=\"")
                        .append(num(g.cx())).append("\" cy=\"").append(num(g.cy())).append("\" r=\"")
                        .append(num(g.r())).append("\" fx=\"").append(num(g.fx())).append("\" fy=\"")
                        .append(num(g.fy())).append('"');
                if (g.fr() > 0) defs.append(" fr=\"").append(num(g.fr())).append('"');
                gradientTail(g.transform(), g.spread(), g.stops(), defs);
                defs.append("</radialGradient>");
                yield "url(#" + id + ")";
            }
        };
    }

    private static void gradientTail(Affine t, SpreadMethod spread, List<GradientStop> stops, StringBuilder defs) {
        if (!t.isIdentity()) defs.append(" gradientTransform=\"").append(matrix(t)).append('"');
        if (spread != SpreadMethod.PAD) defs.append(" spreadMethod=\"").append(lower(spread)).append('"');
        defs.append('>');
        for (GradientStop s : stops) {
            defs.append("<stop offset=\"").append(num(s.offset())).append("\" stop-color=\"").append(color(s.color()))
                    .append('"');
            if (s.color().a() < 1f) defs.append(" stop-opacity=\"").append(num(s.color().a())).append('"');
            defs.append("/>");
        }
    }

    public static String pathData(BezPath p) {
        StringBuilder sb = new StringBuilder();
        int point = 0;
        for (int i = 0; i < p.verbCount(); i++) {
            byte v = p.verb(i);
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(switch (v) {
                case BezPath.MOVE -> 'M';
                case BezPath.LINE -> 'L';
                case BezPath.QUAD -> 'Q';
                case BezPath.CUBIC -> 'C';
                default -> 'Z';
            });
            for (int k = 0; k < BezPath.pointsOf(v); k++, point++) {
                sb.append(k == 0 ? "" : " ").append(num(p.x(point))).append(' ').append(num(p.y(point)));
            }
        }
        return sb.toString();
    }

    private static String matrix(Affine t) {
        return "matrix(" + num(t.a()) + ' ' + num(t.b()) + ' ' + num(t.c()) + ' ' + num(t.d()) + ' ' + num(t.e()) + ' '
                + num(t.f()) + ')';
    }

    static String color(Rgba c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.r() * 255), Math.round(c.g() * 255),
                Math.round(c.b() * 255));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Shortest decimal that reads back as the same float. */
    static String num(double v) {
        float f = (float) v;
        if (f == Math.rint(f) && Math.abs(f) < 1e7) return Long.toString((long) f);
        return Float.toString(f).replace("E", "e");
    }

    private static String opacityAttr(String attr, float a) {
        return a < 1f ? " " + attr + "=\"" + num(a) + "\"" : "";
    }
}
