package dev.diffink.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Images and gradients are bit-identical whatever the thread count. */
class DeterminismTest {

    static PackedScene randomScene(long seed, int size, int shapes) {
        Random rnd = new Random(seed);
        var b = new PackedScene.Builder(size, size).background(1, 1, 1, 1);
        for (int i = 0; i < shapes; i++) {
            int p = b.beginPath(1, 0, 0, 1, 0, 0);
            GradientCheckTest.randomClosedPath(b, rnd, size / 2f, size / 5f);
            b.endPath();
            boolean stroke = i % 3 == 2;
            b.addDraw(p, stroke ? PackedScene.DRAW_STROKE : PackedScene.DRAW_FILL_EVENODD, 2.5f,
                    PackedScene.JOIN_ROUND, PackedScene.CAP_ROUND, 4, 0.8f, -1);
            b.solidPaint(rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.8f);
        }
        return b.build();
    }

    @Test
    void imageAndGradientsDoNotDependOnThreadCount() {
        PackedScene scene = randomScene(42, 150, 40);
        float[] target = new float[scene.imageLength()];
        new Random(1).nextBytes(new byte[0]);
        for (int i = 0; i < target.length; i++) target[i] = (i % 7) / 7f;
        float[] refImage = null;
        SceneGradient refGrad = null;
        for (int threads : new int[] {1, 2, 3}) {
            try (Rasterizer r = TestRasterizers.open(threads, Rasterizer.DEFAULT_TOLERANCE)) {
                float[] image = new float[scene.imageLength()];
                r.render(scene, image);
                SceneGradient g = SceneGradient.allFor(scene);
                r.backwardL2(scene, target, g);
                if (refImage == null) {
                    refImage = image;
                    refGrad = g;
                } else {
                    assertArrayEquals(refImage, image, "image with " + threads + " threads");
                    assertArrayEquals(refGrad.dPoints, g.dPoints, "points with " + threads + " threads");
                    assertArrayEquals(refGrad.dPaintParams, g.dPaintParams, "paint with " + threads + " threads");
                    assertArrayEquals(refGrad.dStrokeWidths, g.dStrokeWidths, "widths with " + threads + " threads");
                    assertArrayEquals(refGrad.dOpacities, g.dOpacities, "opacities with " + threads + " threads");
                }
            }
        }
    }

    @Test
    void fusedL2MatchesExplicitImageAdjoint() {
        PackedScene scene = randomScene(7, 64, 12);
        float[] target = new float[scene.imageLength()];
        for (int i = 0; i < target.length; i++) target[i] = ((i * 31) % 11) / 11f;
        try (Rasterizer r = TestRasterizers.open(2, Rasterizer.DEFAULT_TOLERANCE)) {
            SceneGradient fused = SceneGradient.allFor(scene);
            r.backwardL2(scene, target, fused);
            float[] image = new float[scene.imageLength()];
            r.render(scene, image);
            float[] dImage = new float[image.length];
            for (int i = 0; i < image.length; i++) dImage[i] = 2f * (image[i] - target[i]) / image.length;
            SceneGradient explicit = SceneGradient.allFor(scene);
            r.backward(scene, dImage, explicit);
            assertArrayEquals(explicit.dPoints, fused.dPoints, 1e-6f);
            assertArrayEquals(explicit.dPaintParams, fused.dPaintParams, 1e-6f);
        }
    }
}
