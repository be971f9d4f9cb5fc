package dev.diffink.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A {@link Rasterizer.Target} made once for many calls gives what the plain array gives, follows
 * a new target when it changes, and is a copy: on a device that keeps the target between calls
 * (TornadoVM), this checks that it is sent again exactly when it must be.
 */
class TargetTest {

    record Result(double loss, float[] dPoints, float[] dPaint) {}

    static Result viaArray(Rasterizer r, PackedScene scene, float[] target) {
        SceneGradient g = SceneGradient.allFor(scene);
        double loss = r.backwardL2(scene, target, g);
        return new Result(loss, g.dPoints.clone(), g.dPaintParams.clone());
    }

    static Result viaTarget(Rasterizer r, PackedScene scene, Rasterizer.Target target) {
        SceneGradient g = SceneGradient.allFor(scene);
        double loss = r.backwardL2(scene, target, g);
        return new Result(loss, g.dPoints.clone(), g.dPaintParams.clone());
    }

    static void assertSame(Result expected, Result actual) {
        assertEquals(expected.loss(), actual.loss(), 1e-9 * Math.abs(expected.loss()));
        assertArrayEquals(expected.dPoints(), actual.dPoints(), 1e-6f);
        assertArrayEquals(expected.dPaint(), actual.dPaint(), 1e-6f);
    }

    static float[] randomImage(int length, long seed) {
        Random rnd = new Random(seed);
        float[] t = new float[length];
        for (int i = 0; i < length; i++) t[i] = rnd.nextFloat();
        return t;
    }

    @Test
    void aTargetMadeOnceMatchesThePlainArrayAndFollowsChanges() {
        PackedScene scene = DeterminismTest.randomScene(5, 64, 12);
        float[] first = randomImage(scene.imageLength(), 1), second = randomImage(scene.imageLength(), 2);
        try (Rasterizer r = TestRasterizers.open(2, 0.05f)) {
            Result expectFirst = viaArray(r, scene, first), expectSecond = viaArray(r, scene, second);
            assertNotEquals(expectFirst.loss(), expectSecond.loss());
            Rasterizer.Target a = Rasterizer.Target.copyOf(first), b = Rasterizer.Target.copyOf(second);
            Arrays.fill(first, 0f); // a copy: this changes nothing
            assertSame(expectFirst, viaTarget(r, scene, a));
            assertSame(expectFirst, viaTarget(r, scene, a));
            assertSame(expectSecond, viaTarget(r, scene, b));
            assertSame(expectFirst, viaTarget(r, scene, a));
            // A plain-array call in between, then the kept target again.
            assertSame(expectSecond, viaArray(r, scene, second));
            assertSame(expectFirst, viaTarget(r, scene, a));
        }
    }
}
