package dev.diffink.models;

import dev.diffink.raster.PackedScene;
import java.util.Random;

/**
 * The shapes {@link SyntheticScenes} draws: primitives in a unit frame (centre 0, radius about 1)
 * mapped to the scene by centre, radius and angle, and composite objects built from them.
 */
final class Parts {
    private Parts() {}

    private static final float K = 0.5523f; // cubic circle constant

    /** Maps unit-frame points into the scene. */
    private record Frame(float cx, float cy, float radius, float angle) {
        float x(float u, float v) {
            return cx + radius * (u * (float) Math.cos(angle) - v * (float) Math.sin(angle));
        }

        float y(float u, float v) {
            return cy + radius * (u * (float) Math.sin(angle) + v * (float) Math.cos(angle));
        }

        Frame sub(float du, float dv, float scale) {
            return new Frame(x(du, dv), y(du, dv), radius * scale, angle);
        }
    }

    static void draw(PackedScene.Builder b, String kind, float[] colour, float cx, float cy, float radius, float angle,
            Random r) {
        Frame f = new Frame(cx, cy, radius, angle);
        switch (kind) {
            case "house" -> {
                fill(b, colour, false, () -> polygon(b, f, -0.7f, -0.05f, 0.7f, -0.05f, 0.7f, 0.85f, -0.7f, 0.85f));
                float[] roof = r.nextBoolean() ? new float[] {0.62f, 0.15f, 0.12f} : new float[] {0.35f, 0.2f, 0.12f};
                fill(b, roof, false, () -> polygon(b, f, -0.9f, 0f, 0f, -0.85f, 0.9f, 0f));
                fill(b, new float[] {0.3f, 0.2f, 0.12f}, false,
                        () -> polygon(b, f, -0.15f, 0.35f, 0.15f, 0.35f, 0.15f, 0.85f, -0.15f, 0.85f));
            }
            case "tree" -> {
                fill(b, new float[] {0.42f, 0.26f, 0.12f}, false,
                        () -> polygon(b, f, -0.15f, 0.1f, 0.15f, 0.1f, 0.15f, 0.95f, -0.15f, 0.95f));
                fill(b, colour, false, () -> ellipse(b, f.sub(0, -0.3f, 0.7f), 1f, 1f));
            }
            case "sun" -> {
                fill(b, colour, false, () -> {
                    for (int i = 0; i < 8; i++) {
                        double a = i * Math.PI / 4;
                        float c = (float) Math.cos(a);
                        float s = (float) Math.sin(a);
                        float w = 0.12f;
                        polygon(b, f, 0.6f * c - w * s, 0.6f * s + w * c, 1.0f * c, 1.0f * s, 0.6f * c + w * s,
                                0.6f * s - w * c);
                    }
                });
                fill(b, colour, false, () -> ellipse(b, f.sub(0, 0, 0.55f), 1f, 1f));
            }
            case "mountain" -> {
                fill(b, colour, false, () -> polygon(b, f, -1f, 0.8f, -0.1f, -0.8f, 0.8f, 0.8f));
                fill(b, new float[] {0.96f, 0.96f, 0.97f}, false,
                        () -> polygon(b, f, -0.35f, -0.35f, -0.1f, -0.8f, 0.15f, -0.35f));
            }
            case "boat" -> {
                fill(b, colour, false, () -> polygon(b, f, -1f, 0.3f, 1f, 0.3f, 0.65f, 0.75f, -0.65f, 0.75f));
                fill(b, new float[] {0.96f, 0.96f, 0.94f}, false, () -> polygon(b, f, -0.05f, 0.2f, -0.05f, -0.9f,
                        0.7f, 0.2f));
            }
            default -> fill(b, colour, kind.equals("ring"), () -> primitive(b, kind, f));
        }
    }

    private static void primitive(PackedScene.Builder b, String kind, Frame f) {
        switch (kind) {
            case "circle" -> ellipse(b, f, 1f, 1f);
            case "ring" -> {
                ellipse(b, f, 1f, 1f);
                ellipse(b, f, 0.55f, 0.55f);
            }
            case "square" -> polygon(b, f, -0.85f, -0.85f, 0.85f, -0.85f, 0.85f, 0.85f, -0.85f, 0.85f);
            case "triangle" -> polygon(b, f, 0f, -1f, 0.95f, 0.75f, -0.95f, 0.75f);
            case "diamond" -> polygon(b, f, 0f, -1f, 0.7f, 0f, 0f, 1f, -0.7f, 0f);
            case "star" -> {
                float[] pts = new float[20];
                for (int i = 0; i < 10; i++) {
                    double a = -Math.PI / 2 + i * Math.PI / 5;
                    float rr = i % 2 == 0 ? 1f : 0.42f;
                    pts[2 * i] = (float) (rr * Math.cos(a));
                    pts[2 * i + 1] = (float) (rr * Math.sin(a));
                }
                polygon(b, f, pts);
            }
            case "cross" -> polygon(b, f, -0.3f, -0.9f, 0.3f, -0.9f, 0.3f, -0.3f, 0.9f, -0.3f, 0.9f, 0.3f, 0.3f, 0.3f,
                    0.3f, 0.9f, -0.3f, 0.9f, -0.3f, 0.3f, -0.9f, 0.3f, -0.9f, -0.3f, -0.3f, -0.3f);
            case "heart" -> {
                b.moveTo(f.x(0, 0.9f), f.y(0, 0.9f));
                cubic(b, f, -0.5f, 0.5f, -1f, 0.1f, -1f, -0.35f);
                cubic(b, f, -1f, -0.8f, -0.35f, -1.05f, 0f, -0.55f);
                cubic(b, f, 0.35f, -1.05f, 1f, -0.8f, 1f, -0.35f);
                cubic(b, f, 1f, 0.1f, 0.5f, 0.5f, 0f, 0.9f);
                b.close();
            }
            default -> throw new IllegalArgumentException("unknown shape " + kind);
        }
    }

    private static void fill(PackedScene.Builder b, float[] colour, boolean evenOdd, Runnable outline) {
        int path = b.beginPath(1, 0, 0, 1, 0, 0);
        outline.run();
        b.endPath();
        b.addDraw(path, evenOdd ? PackedScene.DRAW_FILL_EVENODD : PackedScene.DRAW_FILL_NONZERO, 0,
                PackedScene.JOIN_MITER, PackedScene.CAP_BUTT, 4, 1, -1);
        b.solidPaint(colour[0], colour[1], colour[2], 1);
    }

    private static void polygon(PackedScene.Builder b, Frame f, float... uv) {
        b.moveTo(f.x(uv[0], uv[1]), f.y(uv[0], uv[1]));
        for (int i = 2; i < uv.length; i += 2) {
            b.lineTo(f.x(uv[i], uv[i + 1]), f.y(uv[i], uv[i + 1]));
        }
        b.close();
    }

    private static void cubic(PackedScene.Builder b, Frame f, float u1, float v1, float u2, float v2, float u, float v) {
        b.cubicTo(f.x(u1, v1), f.y(u1, v1), f.x(u2, v2), f.y(u2, v2), f.x(u, v), f.y(u, v));
    }

    private static void ellipse(PackedScene.Builder b, Frame f, float rx, float ry) {
        b.moveTo(f.x(rx, 0), f.y(rx, 0));
        cubic(b, f, rx, K * ry, K * rx, ry, 0, ry);
        cubic(b, f, -K * rx, ry, -rx, K * ry, -rx, 0);
        cubic(b, f, -rx, -K * ry, -K * rx, -ry, 0, -ry);
        cubic(b, f, K * rx, -ry, rx, -K * ry, rx, 0);
        b.close();
    }
}
