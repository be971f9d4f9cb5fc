package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.CAP_BUTT;
import static dev.diffink.raster.PackedScene.DRAW_FILL_NONZERO;
import static dev.diffink.raster.PackedScene.JOIN_MITER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Group opacity composites the group as one layer, not each member separately. */
class LayerTest {

    @Test
    void overlappingMembersOfATranslucentGroupDoNotShowThroughEachOther() {
        var b = new PackedScene.Builder(32, 16).background(1, 1, 1, 1);
        int layer = b.addLayer(-1, 0.5f);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(0, 0).lineTo(20, 0).lineTo(20, 16).lineTo(0, 16).close();
        b.endPath();
        int q = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(12, 0).lineTo(32, 0).lineTo(32, 16).lineTo(12, 16).close();
        b.endPath();
        b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, layer);
        b.solidPaint(1, 0, 0, 1);
        b.addDraw(q, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, layer);
        b.solidPaint(0, 0, 1, 1);
        PackedScene scene = b.build();
        float[] img = CoverageTest.render(scene);
        // In the overlap, the group is opaque blue at 50% over white: (0.5, 0.5, 1).
        int i = 4 * (8 * 32 + 16);
        assertEquals(0.5f, img[i], 1e-6);
        assertEquals(0.5f, img[i + 1], 1e-6);
        assertEquals(1f, img[i + 2], 1e-6);
        // Left part: red at 50%.
        int j = 4 * (8 * 32 + 4);
        assertEquals(1f, img[j], 1e-6);
        assertEquals(0.5f, img[j + 1], 1e-6);
        assertThrows(UnsupportedOperationException.class,
                () -> TestRasterizers.open(1, 0.05f).backward(scene, new float[scene.imageLength()],
                        SceneGradient.allFor(scene)));
    }
}
