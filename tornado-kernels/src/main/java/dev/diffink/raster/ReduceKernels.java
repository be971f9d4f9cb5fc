package dev.diffink.raster;

import static dev.diffink.raster.OutlineKernels.V_POINT;

/**
 * Stage 5: adjoint reduction, in a fixed order so gradients are bit-identical whatever the
 * thread count. Piece adjoints go to outline vertices, outline vertices to flattened points (and
 * stroke widths) through the exact Jacobian of their recipe, flattened points to control points;
 * per-entry paint adjoints are summed per draw.
 */
public final class ReduceKernels {
    private ReduceKernels() {}

    /**
     * Adds the piece adjoints of draw d to its outline vertices (device space); a virtual piece's
     * are zero.
     * Launch: one work item per draw (a draw's vertices belong to it alone).
     */
    public static void piecesToVertices(int d, int[] grid, int[] cellStart, int[] cellPieceStart, int[] cellPieceCount,
            int[] pieceInts, float[] pieceGrad, float[] vertexGrad) {
        int cells = grid[4 * d + 2] * grid[4 * d + 3];
        for (int i = 0; i < cells; i++) {
            int cell = cellStart[d] + i;
            int p0 = cellPieceStart[cell], p1 = p0 + cellPieceCount[cell];
            for (int p = p0; p < p1; p++) {
                // Virtual pieces too: their adjoints are zero (see FineKernels.backwardTile), and
                // a test here would be the if that TornadoVM 5.2 compiles as always taken.
                int q = FineLayout.PIECE_INTS * p;
                int v0 = pieceInts[q + FineLayout.P_V0], v1 = pieceInts[q + FineLayout.P_V1];
                vertexGrad[2 * v0] += pieceGrad[4 * p];
                vertexGrad[2 * v0 + 1] += pieceGrad[4 * p + 1];
                vertexGrad[2 * v1] += pieceGrad[4 * p + 2];
                vertexGrad[2 * v1 + 1] += pieceGrad[4 * p + 3];
            }
        }
    }

    /**
     * Maps the vertex adjoints of every draw of path {@code path} (in draw order) to its
     * flattened points ({@code flatGrad}, user space) and stroke widths, then the flattened
     * points to control points. Launch: one work item per path.
     */
    public static void verticesToPoints(int path, int[] pathDrawStart, int[] pathDraws, float[] pathTransform,
            int[] drawVertexStart, int[] vKind, int[] vA, int[] vP, int[] vB, float[] vS, float[] vF,
            float[] vertexGrad, float[] points, float[] flatX, float[] flatY, float[] strokeWidths, int[] pathFlatStart,
            int[] flatSrc, int[] flatDeg, float[] flatT, float[] flatGrad, float[] dPoints, float[] dStrokeWidths,
            float[] tangent) {
        int m = 6 * path;
        float ta = pathTransform[m], tb = pathTransform[m + 1], tc = pathTransform[m + 2], td = pathTransform[m + 3];
        for (int k = pathDrawStart[path]; k < pathDrawStart[path + 1]; k++) {
            int d = pathDraws[k];
            float r = 0.5f * strokeWidths[d];
            float dr = 0f;
            for (int v = drawVertexStart[d]; v < drawVertexStart[d + 1]; v++) {
                float gx = vertexGrad[2 * v], gy = vertexGrad[2 * v + 1];
                if (gx == 0f && gy == 0f) continue;
                // Device = A user + t, so the user-space adjoint is A^T g.
                float ux = ta * gx + tb * gy, uy = tc * gx + td * gy;
                int kind = vKind[v];
                if (kind == V_POINT) {
                    flatGrad[2 * vP[v]] += ux;
                    flatGrad[2 * vP[v] + 1] += uy;
                    continue;
                }
                int a = vA[v], p = vP[v], b = vB[v];
                float ax = OutlineKernels.refX(a, flatX, points), ay = OutlineKernels.refY(a, flatY, points);
                float bx = OutlineKernels.refX(b, flatX, points), by = OutlineKernels.refY(b, flatY, points);
                for (int j = 0; j < 7; j++) {
                    OutlineKernels.outlineVertex(kind, ax, ay, flatX[p], flatY[p], bx, by, r, vS[v], vF[v],
                            j == 0 ? 1f : 0f, j == 1 ? 1f : 0f, j == 2 ? 1f : 0f, j == 3 ? 1f : 0f, j == 4 ? 1f : 0f,
                            j == 5 ? 1f : 0f, j == 6 ? 1f : 0f, tangent);
                    float adj = ux * tangent[2] + uy * tangent[3];
                    if (j == 6) {
                        dr += adj;
                        continue;
                    }
                    int target = j < 2 ? a : j < 4 ? p : b;
                    if (target >= 0) {
                        flatGrad[2 * target + (j & 1)] += adj;
                    } else if (dPoints != null) {
                        // A control point referenced directly (an exact curve tangent).
                        dPoints[2 * (-1 - target) + (j & 1)] += adj;
                    }
                }
            }
            if (dStrokeWidths != null) dStrokeWidths[d] += 0.5f * dr;
        }
        if (dPoints == null) return;
        for (int fp = pathFlatStart[path]; fp < pathFlatStart[path + 1]; fp++) {
            float gx = flatGrad[2 * fp], gy = flatGrad[2 * fp + 1];
            if (gx != 0f || gy != 0f) FlattenKernels.scatterPointAdjoint(fp, flatSrc, flatDeg, flatT, gx, gy, dPoints);
        }
    }

    /** Sums the paint and opacity adjoints of draw d's entries. Launch: one work item per draw. */
    public static void entriesToPaint(int d, int[] drawEntryStart, int[] entryGradStart, float[] entryGrad,
            int[] paintParamStart, float[] dPaintParams, float[] dOpacities) {
        // (Null checks on the arrays: the device's launch passes both.)
        int count = paintParamStart[d + 1] - paintParamStart[d];
        for (int e = drawEntryStart[d]; e < drawEntryStart[d + 1]; e++) {
            int g = entryGradStart[e];
            if (dPaintParams != null) {
                for (int j = 0; j < count; j++) dPaintParams[paintParamStart[d] + j] += entryGrad[g + j];
            }
            if (dOpacities != null) dOpacities[d] += entryGrad[g + count];
        }
    }

    /*
     * Lanes: a tile whose rows are differentiated by several work items ({@link
     * FineKernels#backwardTile}) has a copy of each output per work item, its lane, and the lanes
     * are summed after, in lane order.
     */

    /**
     * Element {@code j} of an output of groups of {@code group} floats (4 per piece: its two end
     * points' adjoints), summed over {@code lanes} lanes stored group by group:
     * {@code rows[group * (lanes * (j / group) + lane) + j % group]}. Launch: one work item per element.
     */
    public static void foldLanes(int j, int lanes, int group, float[] rows, float[] out) {
        int g = j / group, c = j - g * group;
        float sum = 0f;
        for (int lane = 0; lane < lanes; lane++) sum += rows[group * (lanes * g + lane) + c];
        out[j] = sum;
    }

    /** The loss of tile {@code t}, summed over its lanes {@code rows[t * lanes + lane]}. */
    public static void foldLossLanes(int t, int lanes, double[] rows, double[] out) {
        double sum = 0;
        for (int lane = 0; lane < lanes; lane++) sum += rows[t * lanes + lane];
        out[t] = sum;
    }

    /**
     * Adds to entry {@code e}'s paint slots ({@code entryGrad[entryGradStart[e] ..]}, its draw's
     * paint parameters and opacity) their lanes, stored slot run by slot run:
     * {@code rows[lanes * entryGradStart[e] + lane * slots + j]}. Launch: one work item per entry.
     */
    public static void foldEntryLanes(int e, int lanes, int[] entries, int[] draws, int[] entryGradStart, float[] rows,
            float[] entryGrad) {
        int d = entries[FineLayout.ENTRY_INTS * e + FineLayout.E_DRAW];
        int slots = draws[FineLayout.DRAW_INTS * d + FineLayout.D_PARAMS_END]
                - draws[FineLayout.DRAW_INTS * d + FineLayout.D_PARAMS] + 1;
        int g = entryGradStart[e];
        for (int j = 0; j < slots; j++) {
            float sum = 0f;
            for (int lane = 0; lane < lanes; lane++) sum += rows[lanes * g + lane * slots + j];
            entryGrad[g + j] += sum;
        }
    }
}
