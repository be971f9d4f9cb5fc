package dev.diffink.render;

import dev.diffink.DiffInkException;
import dev.diffink.raster.PackedScene;
import dev.diffink.scene.Affine;
import dev.diffink.scene.BezPath;
import dev.diffink.scene.Fill;
import dev.diffink.scene.FillRule;
import dev.diffink.scene.GradientStop;
import dev.diffink.scene.Group;
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

/**
 * Packs a {@link Scene} into the rasterizer's {@link PackedScene} at a given pixel size.
 *
 * <p>Opacity that applies to a single draw is folded into that draw's opacity, which is exact;
 * a group (or a shape with both fill and stroke) whose opacity covers several draws becomes an
 * opacity layer, composited as a whole as SVG requires. A clipped group becomes a clipped layer
 * followed by its clip draws.
 */
public final class ScenePacker {
    private ScenePacker() {}

    /**
     * @param background canvas colour, or null to use the scene's (transparent when it has none)
     */
    public static PackedScene pack(Scene scene, int width, int height, Rgba background) {
        PackedScene.Builder b = new PackedScene.Builder(width, height);
        Rgba bg = background != null ? background : scene.background();
        if (bg != null) b.background(bg.r(), bg.g(), bg.b(), bg.a());
        Affine device = Affine.scale(width / scene.width(), height / scene.height());
        new Packer(b, device).nodes(scene.nodes(), -1, 1f, 0);
        return b.build();
    }

    private record Packer(PackedScene.Builder b, Affine device) {

        void nodes(List<Node> nodes, int layer, float fold, int depth) {
            for (Node n : nodes) {
                switch (n) {
                    case Shape s -> shape(s, layer, fold, depth);
                    case Group g -> group(g, layer, fold, depth);
                }
            }
        }

        void group(Group g, int layer, float fold, int depth) {
            int draws = draws(g.children());
            if (draws == 0 || g.opacity() <= 0f) return;
            if (g.clip() != null) {
                if (g.clip().isEmpty()) return;
                int l = layer(layer, g.opacity() * fold, depth, true);
                nodes(g.children(), l, 1f, depth + 1);
                for (Shape clip : g.clip()) {
                    int kind = clip.fill() != null && clip.fill().rule() == FillRule.EVEN_ODD
                            ? PackedScene.DRAW_CLIP_EVENODD : PackedScene.DRAW_CLIP_NONZERO;
                    int path = addPath(clip.path(), device.times(clip.transform()));
                    b.addDraw(path, kind, 0f, PackedScene.JOIN_MITER, PackedScene.CAP_BUTT, 4f, 1f, l);
                    b.solidPaint(0f, 0f, 0f, 1f);
                }
                return;
            }
            if (g.opacity() >= 1f || draws == 1) {
                nodes(g.children(), layer, fold * g.opacity(), depth);
                return;
            }
            int l = layer(layer, g.opacity() * fold, depth);
            nodes(g.children(), l, 1f, depth + 1);
        }

        void shape(Shape s, int layer, float fold, int depth) {
            float opacity = fold * s.opacity();
            if (opacity <= 0f) return;
            if (s.fill() != null && s.stroke() != null && opacity < 1f) {
                layer = layer(layer, opacity, depth);
                opacity = 1f;
            }
            Affine toDevice = device.times(s.transform());
            int path = -1;
            if (s.fill() != null) path = draw(s, s.fill(), null, toDevice, path, opacity, layer);
            if (s.stroke() != null) draw(s, null, s.stroke(), toDevice, path, opacity, layer);
        }

        int layer(int parent, float opacity, int depth) {
            return layer(parent, opacity, depth, false);
        }

        int layer(int parent, float opacity, int depth, boolean clipped) {
            if (depth >= PackedScene.MAX_LAYER_DEPTH) {
                throw DiffInkException.limit("group opacity and clip paths nest more than "
                        + PackedScene.MAX_LAYER_DEPTH + " levels deep");
            }
            return b.addLayer(parent, opacity, clipped);
        }

        /** Adds one draw (and the path, the first time); returns the path index. */
        int draw(Shape s, Fill fill, Stroke stroke, Affine toDevice, int path, float opacity, int layer) {
            Paint paint = fill != null ? fill.paint() : stroke.paint();
            float[] paintToDevice = paintToDevice(paint, toDevice);
            if (paintToDevice != null && Math.abs(det(paintToDevice)) < 1e-20) return path;
            if (path < 0) path = addPath(s.path(), toDevice);
            if (fill != null) {
                int kind = fill.rule() == FillRule.EVEN_ODD ? PackedScene.DRAW_FILL_EVENODD
                        : PackedScene.DRAW_FILL_NONZERO;
                b.addDraw(path, kind, 0f, PackedScene.JOIN_MITER, PackedScene.CAP_BUTT, 4f, fill.opacity() * opacity,
                        layer);
            } else {
                b.addDraw(path, PackedScene.DRAW_STROKE, stroke.width(), stroke.join().ordinal(),
                        stroke.cap().ordinal(), stroke.miterLimit(), stroke.opacity() * opacity, layer);
            }
            switch (paint) {
                case Rgba c -> b.solidPaint(c.r(), c.g(), c.b(), c.a());
                case LinearGradient g -> b.linearPaint(g.x1(), g.y1(), g.x2(), g.y2(), spread(g.spread()),
                        paintToDevice, stops(g.stops()));
                case RadialGradient g -> b.radialPaint(g.cx(), g.cy(), g.r(), g.fx(), g.fy(), g.fr(),
                        spread(g.spread()), paintToDevice, stops(g.stops()));
            }
            return path;
        }

        int addPath(BezPath p, Affine toDevice) {
            float[] t = toDevice.toFloats();
            b.beginPath(t[0], t[1], t[2], t[3], t[4], t[5]);
            int point = 0;
            for (int i = 0; i < p.verbCount(); i++) {
                switch (p.verb(i)) {
                    case BezPath.MOVE -> b.moveTo(p.x(point), p.y(point));
                    case BezPath.LINE -> b.lineTo(p.x(point), p.y(point));
                    case BezPath.QUAD -> b.quadTo(p.x(point), p.y(point), p.x(point + 1), p.y(point + 1));
                    case BezPath.CUBIC -> b.cubicTo(p.x(point), p.y(point), p.x(point + 1), p.y(point + 1),
                            p.x(point + 2), p.y(point + 2));
                    default -> b.close();
                }
                point += BezPath.pointsOf(p.verb(i));
            }
            return b.endPath();
        }

        static float[] paintToDevice(Paint paint, Affine toDevice) {
            return switch (paint) {
                case Rgba c -> null;
                case LinearGradient g -> toDevice.times(g.transform()).toFloats();
                case RadialGradient g -> toDevice.times(g.transform()).toFloats();
            };
        }

        static double det(float[] m) {
            return (double) m[0] * m[3] - (double) m[1] * m[2];
        }

        static int spread(SpreadMethod s) {
            return switch (s) {
                case PAD -> PackedScene.SPREAD_PAD;
                case REFLECT -> PackedScene.SPREAD_REFLECT;
                case REPEAT -> PackedScene.SPREAD_REPEAT;
            };
        }

        static float[] stops(List<GradientStop> stops) {
            float[] out = new float[stops.size() * PackedScene.STOP_FLOATS];
            int i = 0;
            for (GradientStop s : stops) {
                out[i++] = s.offset();
                out[i++] = s.color().r();
                out[i++] = s.color().g();
                out[i++] = s.color().b();
                out[i++] = s.color().a();
            }
            return out;
        }

        static int draws(List<Node> nodes) {
            int n = 0;
            for (Node node : nodes) {
                n += switch (node) {
                    case Shape s -> (s.fill() != null ? 1 : 0) + (s.stroke() != null ? 1 : 0);
                    case Group g -> draws(g.children());
                };
            }
            return n;
        }
    }
}
