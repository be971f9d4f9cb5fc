package dev.diffink.bench;

import dev.diffink.raster.PackedScene;
import dev.diffink.render.ScenePacker;
import dev.diffink.scene.Affine;
import dev.diffink.scene.BezPath;
import dev.diffink.scene.Fill;
import dev.diffink.scene.FillRule;
import dev.diffink.scene.LineCap;
import dev.diffink.scene.LineJoin;
import dev.diffink.scene.Node;
import dev.diffink.scene.Rgba;
import dev.diffink.scene.Scene;
import dev.diffink.scene.Shape;
import dev.diffink.scene.Stroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The rasterizer benchmark's scenes, as the issue that set its targets defines them (and as the
 * diffvg reference figures were measured): N closed paths of 4 cubic segments with radius about
 * canvas/8 (x 0.75 to 1.25), seeded random centres, solid fills with alpha 0.8, even-odd; and 64
 * open stroked cubic paths of width 3. Shared by {@code diffink bench raster} and the JMH suite.
 * {@link #PUBLISHED} is the scene size of published GPU comparisons (diffvg, Bézier Splatting):
 * 2048 such paths on 2040 x 1344, radius about a sixteenth of the short side, so that a pixel lies
 * under about 17 paths on average.
 */
public final class RasterScenes {
    private RasterScenes() {}

    /**
     * A benchmark scene: its name, path count, canvas, whether paths are stroked, and the mean
     * radius of closed paths as a fraction of the canvas's short side.
     */
    public record Spec(String name, int paths, int width, int height, boolean stroked, double radius) {
        /** A square standard scene (radius an eighth of the side). */
        public Spec(String name, int paths, int size, boolean stroked) {
            this(name, paths, size, size, stroked, 1.0 / 8);
        }

        public String canvas() {
            return width + "x" + height;
        }
    }

    public static final List<Spec> STANDARD = List.of(new Spec("closed16", 16, 256, false),
            new Spec("closed64", 64, 256, false), new Spec("closed256", 256, 256, false),
            new Spec("closed64", 64, 512, false), new Spec("closed256", 256, 512, false),
            new Spec("stroked64", 64, 256, true));

    public static final Spec PUBLISHED = new Spec("closed2048", 2048, 2040, 1344, false, 1.0 / 16);

    public static Spec byKey(String key) {
        for (Spec s : STANDARD) {
            if ((s.name() + "@" + s.width()).equals(key)) return s;
        }
        throw new IllegalArgumentException("no benchmark scene " + key);
    }

    /** The scene as DiffInk's scene model, on a white canvas. */
    public static Scene scene(Spec spec) {
        Random rnd = new Random(20260101L + spec.paths() * 31L + spec.width());
        List<Node> nodes = new ArrayList<>();
        double w = spec.width(), h = spec.height(), size = Math.min(w, h);
        for (int i = 0; i < spec.paths(); i++) {
            Rgba color = new Rgba(rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.8f);
            BezPath.Builder b = new BezPath.Builder();
            if (spec.stroked()) {
                double x = w * (0.1 + 0.8 * rnd.nextDouble()), y = h * (0.1 + 0.8 * rnd.nextDouble());
                double len = size / 4;
                b.moveTo(x, y);
                for (int k = 0; k < 2; k++) {
                    double a = rnd.nextDouble() * 2 * Math.PI;
                    double nx = x + len * Math.cos(a) * 0.5, ny = y + len * Math.sin(a) * 0.5;
                    b.cubicTo(x + len * (rnd.nextDouble() - 0.5), y + len * (rnd.nextDouble() - 0.5),
                            nx + len * (rnd.nextDouble() - 0.5), ny + len * (rnd.nextDouble() - 0.5), nx, ny);
                    x = nx;
                    y = ny;
                }
                Stroke stroke = new Stroke(color, 3f, LineJoin.MITER, LineCap.BUTT, 4f, 1f);
                nodes.add(new Shape(b.finish().orElseThrow(), Affine.IDENTITY, null, stroke, 1f));
            } else {
                double cx = w * rnd.nextDouble(), cy = h * rnd.nextDouble();
                double r = size * spec.radius() * (0.75 + 0.5 * rnd.nextDouble());
                double k = 0.5523 * r;
                // A circle of 4 cubics with every control point jittered: a blob.
                double[] p = {cx + r, cy, cx + r, cy + k, cx + k, cy + r, cx, cy + r, cx - k, cy + r, cx - r, cy + k,
                        cx - r, cy, cx - r, cy - k, cx - k, cy - r, cx, cy - r, cx + k, cy - r, cx + r, cy - k};
                for (int j = 0; j < p.length; j++) p[j] += r * 0.3 * (rnd.nextDouble() - 0.5);
                b.moveTo(p[0], p[1]);
                for (int s = 0; s < 4; s++) {
                    int o = 2 + 6 * s;
                    b.cubicTo(p[o], p[o + 1], p[o + 2], p[o + 3], p[(o + 4) % 24], p[(o + 5) % 24]);
                }
                b.close();
                nodes.add(new Shape(b.finish().orElseThrow(), Affine.IDENTITY,
                        new Fill(color, FillRule.EVEN_ODD, 1f), null, 1f));
            }
        }
        return new Scene(w, h, Rgba.WHITE, nodes);
    }

    public static PackedScene packed(Spec spec) {
        return ScenePacker.pack(scene(spec), spec.width(), spec.height(), null);
    }

    /** A fixed target image for the L2 loss: smooth colour ramps (premultiplied, opaque). */
    public static float[] target(Spec spec) {
        int w = spec.width(), h = spec.height();
        float[] t = new float[w * h * 4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 4 * (y * w + x);
                t[i] = (float) x / w;
                t[i + 1] = (float) y / h;
                t[i + 2] = 0.5f;
                t[i + 3] = 1f;
            }
        }
        return t;
    }
}
