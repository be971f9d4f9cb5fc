package dev.diffink.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.diffink.tornado.TornadoBackend;
import dev.diffink.tornado.TornadoKernels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * From outline vertices to the fine stage's packed inputs, compiled by TornadoVM, the JVM's
 * results: tile grids, cell numbering, pieces, covers, windings, entries, tile lists and the
 * packed entries and edge cells. The geometry stages after the
 * outlines, verified on a device ahead of moving them there (see the README, GPU backend).
 * Prefix sums run as single work items.
 */
class DeviceBinningTest {

    @Test
    void binningAndTileListsOnTheDeviceMatchTheJvm() throws Exception {
        try {
            new TornadoBackend().open().close();
        } catch (IllegalStateException | LinkageError e) {
            throw new TestAbortedException("skipped on TornadoVM: " + e.getMessage()
                    + " (set TORNADOVM_HOME to a TornadoVM 5.2 SDK to run it)");
        }
        PackedScene scene = DeterminismTest.randomScene(11, 600, 160);
        RasterWorkspace ws = new RasterWorkspace();
        try (WorkerPool pool = new WorkerPool(2)) {
            ws.prepare(scene, pool, Rasterizer.DEFAULT_TOLERANCE);
            ws.packFine(scene, pool, true, 0);
        }
        int draws = scene.drawCount, cells = ws.cellStart[draws], edges = ws.edgeCount, pieces = ws.pieceCount;
        // From the outlines (the host's flatten and outline stages) to the tile lists, all on the
        // device; the JVM's totals size the buffers.
        int[] drawContourStart = Arrays.copyOf(ws.drawContourStart, draws + 1);
        int[] ctrStart = ws.ctrStart.clone(), ctrEnd = ws.ctrEnd.clone();
        float[] vx = ws.vx.clone(), vy = ws.vy.clone();
        int[] grid = new int[4 * draws], drawCellCounts = new int[draws], cellStart = new int[draws + 1];
        int[] cellCount = new int[cells], drawTotals = new int[2 * draws];
        int[] drawPieceStart = new int[draws + 1], drawEdgeStart = new int[draws + 1];
        int[] cellPieceStart = new int[cells], cellCursor = new int[cells], cellEdge = new int[cells];
        int[] edgeCell = new int[Math.max(1, edges)];
        float[] edgeCover = new float[Math.max(1, edges * Tiles.TILE)], edgeRuns = new float[edgeCover.length];
        float[] piecesOut = new float[Math.max(1, FineLayout.PIECE_FLOATS * pieces)];
        int[] pieceIntsOut = new int[Math.max(1, FineLayout.PIECE_INTS * pieces)];
        int[] cellWinding = new int[cells];
        int entries = ws.entryCount, tiles = ws.tileCount, chunks = 4;
        int[] drawKind = scene.drawKind.clone();
        int[] entryCounts = new int[draws], drawEntryStart = new int[draws + 1];
        int[] entryDraw = new int[entries], entryCell = new int[entries], entryKind = new int[entries];
        int[] entryWinding = new int[entries], entryTile = new int[entries];
        int[] chunkCount = new int[chunks * tiles], tileLength = new int[tiles], tileListStart = new int[tiles + 1];
        int[] tileList = new int[entries];
        int[] packedEntries = new int[Math.max(1, FineLayout.ENTRY_INTS * entries)];
        int[] packedCells = new int[Math.max(1, FineLayout.CELL_INTS * edges)];

        TaskGraph g = new TaskGraph("binning")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, drawContourStart, ctrStart, ctrEnd, vx, vy, grid,
                        drawCellCounts, cellStart, cellCount, drawTotals, drawPieceStart, drawEdgeStart,
                        cellPieceStart, cellCursor, cellEdge, edgeCell, edgeCover, edgeRuns, piecesOut, pieceIntsOut,
                        cellWinding)
                .task("grids", TornadoKernels::drawGrids, draws, drawContourStart, ctrStart, ctrEnd, vx, vy,
                        ws.tilesX, ws.tilesY, grid, drawCellCounts)
                .task("cellStarts", TornadoKernels::exclusivePrefix, draws, drawCellCounts, 1, 0, cellStart)
                .task("count", TornadoKernels::binCounts, draws, drawContourStart, ctrStart, ctrEnd, vx, vy,
                        ws.tilesX, ws.tilesY, grid, cellStart, cellCount)
                .task("totals", TornadoKernels::drawTotals, draws, grid, cellStart, cellCount, drawTotals)
                .task("pieceStarts", TornadoKernels::exclusivePrefix, draws, drawTotals, 2, 0, drawPieceStart)
                .task("edgeStarts", TornadoKernels::exclusivePrefix, draws, drawTotals, 2, 1, drawEdgeStart)
                .task("offsets", TornadoKernels::cellOffsets, draws, grid, cellStart, cellCount, drawPieceStart,
                        drawEdgeStart, cellPieceStart, cellCursor, cellEdge, edgeCell, edgeCover, edgeRuns)
                .task("emit", TornadoKernels::binEmits, draws, drawContourStart, ctrStart, ctrEnd, vx, vy, ws.tilesX,
                        ws.tilesY, grid, cellStart, cellCursor, cellEdge, edgeCover, edgeRuns, piecesOut,
                        pieceIntsOut)
                .task("prefix", TornadoKernels::prefixCovers, draws, grid, cellStart, cellEdge, edgeCover, edgeRuns,
                        cellWinding)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, drawKind, entryCounts, drawEntryStart, entryDraw,
                        entryCell, entryKind, entryWinding, entryTile, chunkCount, tileLength, tileListStart, tileList)
                .task("countEntries", TornadoKernels::countEntries, draws, grid, cellStart, cellEdge, cellWinding,
                        drawKind, entryCounts)
                .task("entryStarts", TornadoKernels::exclusivePrefix, draws, entryCounts, 1, 0, drawEntryStart)
                .task("emitEntries", TornadoKernels::emitEntries, draws, grid, cellStart, cellEdge, cellWinding,
                        drawKind, ws.tilesX, drawEntryStart, entryDraw, entryCell, entryKind, entryWinding, entryTile)
                .task("countChunks", TornadoKernels::countTileChunks, chunks, entries, entryTile, tiles, chunkCount)
                .task("tileLengths", TornadoKernels::tileChunkTotals, tiles, chunks, chunkCount, tileLength)
                .task("listStarts", TornadoKernels::exclusivePrefix, tiles, tileLength, 1, 0, tileListStart)
                .task("chunkOffsets", TornadoKernels::tileChunkOffsets, tiles, chunks, tileListStart, chunkCount)
                .task("emitLists", TornadoKernels::emitTileChunks, chunks, entries, entryTile, tiles, chunkCount,
                        tileList)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, packedEntries, packedCells)
                .task("packEntries", TornadoKernels::packEntries, entries, entryDraw, entryCell, entryKind,
                        entryWinding, packedEntries)
                .task("packCells", TornadoKernels::packCells, edges, edgeCell, cellPieceStart, cellCount, packedCells)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, packedEntries, packedCells, grid, cellStart, cellCount, cellPieceStart,
                        cellEdge, piecesOut, pieceIntsOut, edgeCover, cellWinding, drawEntryStart, entryDraw,
                        entryCell, entryKind, entryWinding, entryTile, tileListStart, tileList);
        TornadoExecutionPlan plan = new TornadoExecutionPlan(g.snapshot());
        try {
            plan.execute();
        } finally {
            plan.freeDeviceMemory();
        }

        assertArrayEquals(Arrays.copyOf(ws.grid, 4 * draws), grid, "tile grids");
        assertArrayEquals(Arrays.copyOf(ws.cellStart, draws + 1), cellStart, "cell starts");
        assertArrayEquals(Arrays.copyOf(ws.cellCount, cells), cellCount, "pieces per cell");
        assertArrayEquals(Arrays.copyOf(ws.cellPieceStart, cells), cellPieceStart, "first piece per cell");
        assertArrayEquals(Arrays.copyOf(ws.cellEdge, cells), cellEdge, "edge cell numbers");
        assertArrayEquals(Arrays.copyOf(ws.pieceInts, FineLayout.PIECE_INTS * pieces),
                Arrays.copyOf(pieceIntsOut, FineLayout.PIECE_INTS * pieces), "pieces' vertices and flags");
        // Floats up to the device's contractions (fma).
        assertArrayEquals(Arrays.copyOf(ws.pieces, FineLayout.PIECE_FLOATS * pieces),
                Arrays.copyOf(piecesOut, FineLayout.PIECE_FLOATS * pieces), 1e-4f, "pieces' end points");
        assertArrayEquals(Arrays.copyOf(ws.edgeCover, edges * Tiles.TILE), Arrays.copyOf(edgeCover, edges * Tiles.TILE),
                1e-4f, "carried-in covers");
        // Windings of cells without pieces (edge cells hold 0 on both).
        assertArrayEquals(Arrays.copyOf(ws.cellWinding, cells), cellWinding, "windings");
        assertArrayEquals(Arrays.copyOf(ws.drawEntryStart, draws + 1), drawEntryStart, "entry starts");
        assertArrayEquals(Arrays.copyOf(ws.entryDraw, entries), entryDraw, "entries' draws");
        assertArrayEquals(Arrays.copyOf(ws.entryCell, entries), entryCell, "entries' edge cells");
        assertArrayEquals(Arrays.copyOf(ws.entryKind, entries), entryKind, "entries' kinds");
        assertArrayEquals(Arrays.copyOf(ws.entryWinding, entries), entryWinding, "entries' windings");
        assertArrayEquals(Arrays.copyOf(ws.tileListStart, tiles + 1), tileListStart, "tile list starts");
        assertArrayEquals(Arrays.copyOf(ws.tileList, entries), tileList, "tile lists");
        // The fine stage's packed inputs.
        assertArrayEquals(Arrays.copyOf(ws.entries, FineLayout.ENTRY_INTS * entries),
                Arrays.copyOf(packedEntries, FineLayout.ENTRY_INTS * entries), "packed entries");
        assertArrayEquals(Arrays.copyOf(ws.cells, FineLayout.CELL_INTS * edges),
                Arrays.copyOf(packedCells, FineLayout.CELL_INTS * edges), "packed edge cells");
    }
}
