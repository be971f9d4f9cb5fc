package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.CAP_BUTT;
import static dev.diffink.raster.PackedScene.DRAW_FILL_EVENODD;
import static dev.diffink.raster.PackedScene.DRAW_FILL_NONZERO;
import static dev.diffink.raster.PackedScene.JOIN_MITER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Coverage is the exact area of the shape inside each pixel. */
class CoverageTest {
    private static final float[] IDENTITY = {1, 0, 0, 1, 0, 0};

    static float[] render(PackedScene scene) {
        float[] image = new float[scene.imageLength()];
        try (Rasterizer r = TestRasterizers.open(2, Rasterizer.DEFAULT_TOLERANCE)) {
            r.render(scene, image);
        }
        return image;
    }

    static float alphaAt(float[] image, int width, int x, int y) {
        return image[4 * (y * width + x) + 3];
    }

    @Test
    void axisAlignedRectangleGivesFractionalEdgeCoverage() {
        var b = new PackedScene.Builder(40, 40);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(2.25f, 3.5f).lineTo(30.5f, 3.5f).lineTo(30.5f, 20.75f).lineTo(2.25f, 20.75f).close();
        b.endPath();
        b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.solidPaint(0, 0, 0, 1);
        float[] img = render(b.build());
        assertEquals(0.75f * 0.5f, alphaAt(img, 40, 2, 3), 1e-5);
        assertEquals(0.5f, alphaAt(img, 40, 10, 3), 1e-5);
        assertEquals(1f, alphaAt(img, 40, 10, 10), 1e-6);
        assertEquals(0.5f * 0.75f, alphaAt(img, 40, 30, 20), 1e-5);
        assertEquals(0f, alphaAt(img, 40, 31, 10), 1e-6);
        assertEquals(0f, alphaAt(img, 40, 1, 10), 1e-6);
        assertEquals(28.25 * 17.25, sumAlpha(img), 1e-2);
    }

    @Test
    void triangleAcrossManyTilesHasItsExactArea() {
        var b = new PackedScene.Builder(100, 70);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(3.3f, 5.1f).lineTo(91.7f, 22.9f).lineTo(40.2f, 66.6f).close();
        b.endPath();
        b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.solidPaint(1, 0, 0, 1);
        double area = 0.5 * Math.abs((91.7 - 3.3) * (66.6 - 5.1) - (40.2 - 3.3) * (22.9 - 5.1));
        assertEquals(area, sumAlpha(render(b.build())), 1e-2);
    }

    @Test
    void shapeHangingOffEveryCanvasEdgeKeepsItsVisibleArea() {
        var b = new PackedScene.Builder(50, 30);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(-20f, -10f).lineTo(70f, -10f).lineTo(70f, 45f).lineTo(-20f, 45f).close();
        b.moveTo(-5f, 5f).lineTo(-5f, 12f).lineTo(10.5f, 12f).lineTo(10.5f, 5f).close(); // hole (opposite winding)
        b.endPath();
        b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.solidPaint(0, 1, 0, 1);
        float[] img = render(b.build());
        assertEquals(50 * 30 - 10.5 * 7, sumAlpha(img), 1e-2);
        assertEquals(0.5f, alphaAt(img, 50, 10, 8), 1e-5);
        assertEquals(0f, alphaAt(img, 50, 0, 8), 1e-6);
    }

    @Test
    void evenOddLeavesOverlapOfSelfIntersectingPathEmpty() {
        var b = new PackedScene.Builder(32, 32);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(2, 2).lineTo(20, 2).lineTo(20, 20).lineTo(2, 20).close();
        b.moveTo(10, 10).lineTo(30, 10).lineTo(30, 30).lineTo(10, 30).close();
        b.endPath();
        b.addDraw(p, DRAW_FILL_EVENODD, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.solidPaint(0, 0, 1, 1);
        float[] img = render(b.build());
        assertEquals(0f, alphaAt(img, 32, 15, 15), 1e-6);
        assertEquals(1f, alphaAt(img, 32, 5, 5), 1e-6);
        assertEquals(18 * 18 + 20 * 20 - 2 * 10 * 10, sumAlpha(img), 1e-2);
    }

    @Test
    void circleCoverageMatchesItsArea() {
        var b = new PackedScene.Builder(64, 64);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        float cx = 31.3f, cy = 33.1f, r = 20.2f, k = 0.5522847f * r;
        b.moveTo(cx + r, cy).cubicTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r)
                .cubicTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy)
                .cubicTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r)
                .cubicTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy).close();
        b.endPath();
        b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.solidPaint(0, 0, 0, 1);
        // Chords lie inside a convex curve by at most the flattening tolerance, so the area
        // deficit is below perimeter x tolerance; the cubic circle itself is within 0.03% of r.
        double area = Math.PI * r * r;
        double bound = 2 * Math.PI * r * Rasterizer.DEFAULT_TOLERANCE + area * 6e-4;
        assertEquals(area, sumAlpha(render(b.build())), bound);
    }

    @Test
    void strokeOfStraightLineIsAnExactRectangle() {
        var b = new PackedScene.Builder(40, 20);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(5.5f, 10f).lineTo(35.25f, 10f);
        b.endPath();
        b.addDraw(p, PackedScene.DRAW_STROKE, 3f, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.solidPaint(0, 0, 0, 1);
        float[] img = render(b.build());
        assertEquals(29.75 * 3, sumAlpha(img), 1e-2);
        assertEquals(0.5f, alphaAt(img, 40, 20, 8), 1e-5);
        assertEquals(1f, alphaAt(img, 40, 20, 9), 1e-5);
    }

    static double sumAlpha(float[] img) {
        double s = 0;
        for (int i = 3; i < img.length; i += 4) s += img[i];
        return s;
    }

    @Test
    void edgeOneUlpLeftOfATileBoundaryIsNotLost() {
        // A nearly vertical edge that ends exactly on the tile boundary x = 896 but lies one float
        // ulp left of it before: where it crosses a tile row, its x rounds to the boundary, and a
        // walk that picked columns from the rounded x lost the piece (regression: a whole pixel
        // row stayed covered to the right of the edge).
        float almost = Math.nextDown(896f);
        var b = new PackedScene.Builder(1024, 1024);
        int p = b.beginPath(1, 0, 0, 1, 0, 0);
        b.moveTo(800, 440).lineTo(almost, 440).lineTo(almost, 524.3085f).lineTo(896, 550.0314f).lineTo(896, 576)
                .lineTo(800, 576).close();
        b.endPath();
        b.addDraw(p, DRAW_FILL_NONZERO, 0, JOIN_MITER, CAP_BUTT, 4, 1f, -1);
        b.solidPaint(0, 0, 0, 1);
        float[] img = render(b.build());
        for (int y = 448; y < 576; y++) {
            assertEquals(0f, alphaAt(img, 1024, 900, y), 1e-4, "pixel right of the edge, row " + y);
            assertEquals(1f, alphaAt(img, 1024, 890, y), 1e-4, "pixel left of the edge, row " + y);
        }
    }
}
