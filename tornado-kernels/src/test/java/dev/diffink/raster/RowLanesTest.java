package dev.diffink.raster;

import static dev.diffink.raster.PackedScene.CAP_BUTT;
import static dev.diffink.raster.PackedScene.DRAW_CLIP_NONZERO;
import static dev.diffink.raster.PackedScene.DRAW_FILL_NONZERO;
import static dev.diffink.raster.PackedScene.DRAW_STROKE;
import static dev.diffink.raster.PackedScene.JOIN_MITER;
import static dev.diffink.raster.PackedScene.JOIN_ROUND;
import static dev.diffink.raster.PackedScene.SPREAD_PAD;
import static dev.diffink.raster.PackedScene.SPREAD_REPEAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fine kernels run a row or a few of a tile per work item as a GPU launches them: the image is
 * the whole-tile image bit for bit (a row's parts are walked and added in the same order), and the
 * gradients, summed per lane and then over the lanes, match the whole tile's within rounding.
 * {@link RowsStage} runs them on the JVM exactly as TornadoVM's launches do (a work item per
 * {@code rows} rows, a scratch slot each, then the lane folds of {@link ReduceKernels}).
 */
class RowLanesTest {

    /** The fine stage as a GPU runs it, on one JVM thread: work items of {@code rows} rows of a tile. */
    static final class RowsStage implements FineStage {
        final int rows;

        RowsStage(int rows) {
            this.rows = rows;
        }

        @Override
        public String name() {
            return rows + " rows per work item";
        }

        @Override
        public void render(FineInputs in, float[] image) {
            int lanes = Tiles.TILE / rows, items = in.tileCount() * lanes;
            float[] scratch = new float[items * FineLayout.forwardScratch(rows)];
            int[] scratchInt = new int[items * FineLayout.forwardScratchInts(rows)];
            for (int w = 0; w < items; w++) {
                FineKernels.renderTile(w / lanes, (w % lanes) * rows, rows, in.dims(), in.tileListStart(),
                        in.tileList(), in.entries(), in.cells(), in.cellCover(), in.pieces(), in.draws(),
                        in.drawFloats(), in.paintParams(), in.layers(), scratch, scratchInt, w, image);
            }
        }

        @Override
        public void backward(FineInputs in, float[] adjoint, long adjointId, double[] tileLoss, int[] entryGradStart,
                float[] entryGrad, float[] pieceGrad) {
            int lanes = Tiles.TILE / rows, items = in.tileCount() * lanes;
            int longest = in.dims()[FineLayout.DIM_LONGEST_LIST];
            float[] scratch = new float[items * FineLayout.backwardScratch(rows, longest)];
            double[] lossLanes = new double[items];
            float[] entryLanes = new float[entryGrad.length * lanes], pieceLanes = new float[pieceGrad.length * lanes];
            for (int w = 0; w < items; w++) {
                FineKernels.backwardTile(w / lanes, (w % lanes) * rows, rows, in.dims(), in.tileListStart(),
                        in.tileList(), in.entries(), in.cells(), in.cellCover(), in.pieces(), in.pieceInts(), in.vxy(),
                        in.draws(), in.drawFloats(), in.paintParams(), adjoint, lossLanes, entryGradStart, entryLanes,
                        pieceLanes, scratch, w);
            }
            for (int t = 0; t < in.tileCount(); t++) ReduceKernels.foldLossLanes(t, lanes, lossLanes, tileLoss);
            int flags = in.dims()[FineLayout.DIM_FLAGS];
            if ((flags & FineLayout.FLAG_PAINT) != 0) {
                for (int k = 0; k < in.tileListStart()[in.tileCount()]; k++) {
                    ReduceKernels.foldEntryLanes(in.tileList()[k], lanes, in.entries(), in.draws(), entryGradStart,
                            entryLanes, entryGrad);
                }
            }
            if ((flags & FineLayout.FLAG_GEOMETRY) != 0) {
                for (int j = 0; j < pieceGrad.length / 4 * 4; j++) {
                    ReduceKernels.foldLanes(j, lanes, 4, pieceLanes, pieceGrad);
                }
            }
        }

        @Override
        public void close() {}
    }

    /** Fills, strokes, solid, linear and radial paint, on a canvas that ends within tiles. */
    static PackedScene mixedScene(long seed) {
        Random rnd = new Random(seed);
        var b = new PackedScene.Builder(75, 53).background(1, 1, 1, 1);
        for (int i = 0; i < 14; i++) {
            int p = b.beginPath(1, 0, 0, 1, 0, 0);
            GradientCheckTest.randomClosedPath(b, rnd, 26 + 20 * rnd.nextFloat(), 8 + 14 * rnd.nextFloat());
            b.endPath();
            boolean stroke = i % 4 == 3;
            b.addDraw(p, stroke ? DRAW_STROKE : DRAW_FILL_NONZERO, 2.5f, JOIN_ROUND, CAP_BUTT, 4,
                    0.6f + 0.4f * rnd.nextFloat(), -1);
            switch (i % 3) {
                case 0 -> b.solidPaint(rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.8f);
                case 1 -> b.linearPaint(5, 8, 60, 40, SPREAD_REPEAT, new float[] {1, 0, 0, 1, 0, 0},
                        GradientCheckTest.randomStops(rnd));
                default -> b.radialPaint(0, 0, 1f, 0.2f, -0.1f, 0.05f, SPREAD_PAD,
                        new float[] {20, 3, -4, 18, 38, 26}, GradientCheckTest.randomStops(rnd));
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void rowsPerWorkItemGiveTheWholeTileImageAndGradients(int rows) {
        PackedScene scene = mixedScene(rows);
        float[] target = new float[scene.imageLength()];
        for (int i = 0; i < target.length; i++) target[i] = (i % 11) / 11f;
        float[] expected = new float[scene.imageLength()], image = new float[scene.imageLength()];
        SceneGradient expectedGrad = SceneGradient.allFor(scene), grad = SceneGradient.allFor(scene);
        double expectedLoss, loss;
        try (Rasterizer r = new Rasterizer(1, Rasterizer.DEFAULT_TOLERANCE)) {
            r.render(scene, expected);
            expectedLoss = r.backwardL2(scene, target, expectedGrad);
        }
        try (Rasterizer r = new Rasterizer(1, Rasterizer.DEFAULT_TOLERANCE, new RowsStage(rows))) {
            r.render(scene, image);
            loss = r.backwardL2(scene, target, grad);
        }
        assertArrayEquals(expected, image, "image");
        assertEquals(expectedLoss, loss, 1e-12 * expectedLoss, "loss");
        assertClose(expectedGrad.dPoints, grad.dPoints, "control points");
        assertClose(expectedGrad.dPaintParams, grad.dPaintParams, "paint");
        assertClose(expectedGrad.dOpacities, grad.dOpacities, "opacities");
        assertClose(expectedGrad.dStrokeWidths, grad.dStrokeWidths, "stroke widths");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void layersAndClipsRenderTheSameByRows(int rows) {
        // Nested opacity layers, one clipped: the per-row stacks of colours and masks.
        var b = new PackedScene.Builder(40, 37).background(0.9f, 0.9f, 1, 1);
        int outer = b.addLayer(-1, 0.7f), inner = b.addLayer(outer, 0.5f, true);
        Random rnd = new Random(3);
        for (int i = 0; i < 6; i++) {
            int p = b.beginPath(1, 0, 0, 1, 0, 0);
            GradientCheckTest.randomClosedPath(b, rnd, 20, 12);
            b.endPath();
            int kind = i == 2 ? DRAW_CLIP_NONZERO : DRAW_FILL_NONZERO;
            b.addDraw(p, kind, 0, JOIN_MITER, CAP_BUTT, 4, 1f, i < 2 ? outer : inner);
            b.solidPaint(rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), 0.9f);
        }
        PackedScene scene = b.build();
        float[] expected = new float[scene.imageLength()], image = new float[scene.imageLength()];
        try (Rasterizer r = new Rasterizer(1, Rasterizer.DEFAULT_TOLERANCE)) {
            r.render(scene, expected);
        }
        try (Rasterizer r = new Rasterizer(1, Rasterizer.DEFAULT_TOLERANCE, new RowsStage(rows))) {
            r.render(scene, image);
        }
        assertArrayEquals(expected, image);
    }

    /** Within rounding of sums taken in another order: 1e-5 of the array's largest magnitude. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float scale = 0f;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0f, what + ": all zero, nothing compared");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * scale, what + " [" + i + "]");
        }
    }
}
