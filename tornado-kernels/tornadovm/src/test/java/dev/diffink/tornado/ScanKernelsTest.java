package dev.diffink.tornado;

import static dev.diffink.tornado.TornadoKernels.S_CELLS;
import static dev.diffink.tornado.TornadoKernels.S_OVERFLOW;
import static dev.diffink.tornado.TornadoKernels.STATE;
import static dev.diffink.tornado.TornadoKernels.Z_DRAWS;
import static dev.diffink.tornado.TornadoKernels.Z_TILES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The block scans give what the single-work-item kernels give: prefix sums, totals, overflow bits
 * and the longest tile list. The kernels are plain Java, so this runs them on the JVM, one block
 * after another as a device's work items would (each reads only what the task before wrote).
 */
class ScanKernelsTest {

    /**
     * The three tasks of a block scan, as TornadoBinning.prefix adds them, over a loop padded past
     * the blocks needed (as a launch's whole work groups are).
     */
    static void blockScan(int[] sizes, int count, int cap, int[] values, int stride, int offset, int[] out,
            int capacity, int[] state, int slot) {
        int blocks = TornadoKernels.scanBlocks(cap) + 7;
        int[] blockSum = new int[blocks + 1], blockStart = new int[blocks + 1];
        TornadoKernels.scanBlockSums(blocks, sizes, count, values, stride, offset, blockSum, state);
        TornadoKernels.scanBlockStarts(sizes, count, blockSum, blockStart, out, capacity, state, slot);
        TornadoKernels.scanWithinBlocks(blocks, sizes, count, values, stride, offset, blockStart, out, state);
    }

    @Test
    void blockScansSumAsTheSingleWorkItemDoes() {
        Random rnd = new Random(5);
        for (int n : new int[] {0, 1, 63, 64, 65, 128, 1000, 4103}) {
            for (int stride : new int[] {1, 2}) {
                int offset = stride - 1;
                int[] values = new int[stride * n + 1];
                for (int i = 0; i < values.length; i++) values[i] = rnd.nextInt(50);
                int[] sizes = new int[TornadoKernels.SIZES];
                sizes[Z_DRAWS] = n;
                int cap = n + rnd.nextInt(200);
                int[] want = new int[cap + 1], got = new int[cap + 1];
                int[] wantState = new int[STATE], gotState = new int[STATE];
                TornadoKernels.checkedPrefix(sizes, Z_DRAWS, values, stride, offset, want, Integer.MAX_VALUE, wantState,
                        S_CELLS);
                blockScan(sizes, Z_DRAWS, cap, values, stride, offset, got, Integer.MAX_VALUE, gotState, S_CELLS);
                String what = n + " values, stride " + stride;
                assertArrayEquals(Arrays.copyOf(want, n + 1), Arrays.copyOf(got, n + 1), what);
                assertArrayEquals(wantState, gotState, what);
            }
        }
    }

    @Test
    void aTotalOverItsCapacitySetsTheSlotsBitAndAnEarlierOverflowStopsTheScan() {
        int n = 300;
        int[] values = new int[n];
        Arrays.fill(values, 3);
        int[] sizes = new int[TornadoKernels.SIZES];
        sizes[Z_DRAWS] = n;
        int[] state = new int[STATE];
        blockScan(sizes, Z_DRAWS, n, values, 1, 0, new int[n + 1], 899, state, S_CELLS);
        assertEquals(900, state[S_CELLS]);
        assertEquals(1 << S_CELLS, state[S_OVERFLOW]);

        int[] stopped = new int[STATE];
        stopped[S_OVERFLOW] = 1 << TornadoKernels.S_PIECES;
        int[] out = new int[n + 1];
        blockScan(sizes, Z_DRAWS, n, values, 1, 0, out, Integer.MAX_VALUE, stopped, S_CELLS);
        assertEquals(0, stopped[S_CELLS], "not computed after an overflow");
        assertArrayEquals(new int[n + 1], out);
    }

    @Test
    void theLongestListOfBlocksIsTheLongestList() {
        Random rnd = new Random(8);
        for (int tiles : new int[] {1, 64, 65, 10752}) {
            int[] tileLength = new int[tiles];
            for (int t = 0; t < tiles; t++) tileLength[t] = rnd.nextInt(500);
            int[] sizes = new int[TornadoKernels.SIZES];
            sizes[Z_TILES] = tiles;
            for (int capacity : new int[] {10_000, 100}) {
                int[] want = new int[STATE], got = new int[STATE];
                TornadoKernels.checkedLongest(sizes, tileLength, capacity, want);
                int blocks = TornadoKernels.scanBlocks(tiles) + 7;
                int[] blockMax = new int[blocks + 1];
                TornadoKernels.longestPerBlock(blocks, sizes, tileLength, blockMax, got);
                TornadoKernels.checkedLongestOfBlocks(sizes, blockMax, capacity, got);
                assertArrayEquals(want, got, tiles + " tiles, capacity " + capacity);
            }
        }
    }
}
