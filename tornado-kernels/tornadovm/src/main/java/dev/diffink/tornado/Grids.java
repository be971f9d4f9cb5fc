package dev.diffink.tornado;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.WorkerGrid1D;

/**
 * The launch shape of a task graph's parallel loops: {@link #LOCAL} work items per group.
 *
 * <p>Left to itself, TornadoVM 5.2 makes a loop's work group the largest divisor of its length up
 * to the device's limit: 1024 on NVIDIA GPUs, where the tile kernels (hundreds of registers per
 * work item) then fail to launch (CL_OUT_OF_RESOURCES, CUDA error 701, seen on an H200), and a
 * prime length gets groups of one. A grid per task fixes the group. TornadoVM then takes the
 * loop's bound from the grid (its global size), so every bound given here is a multiple of the
 * group, padded up by {@link #loop}: a kernel must either check its index against the real count
 * before touching an array, or have arrays as long as the padded bound.
 */
final class Grids {

    /**
     * Work items per group, {@code -Ddiffink.tornado.local}: a power of two from 1 to 64 (64 by
     * default; with the tile kernels' registers, larger groups do not launch on every GPU).
     */
    static final int LOCAL = fromProperty();

    /** The group {@code -Ddiffink.tornado.local} asks for, checked ({@link #local}). */
    static int fromProperty() {
        return local(Integer.getInteger("diffink.tornado.local", 64));
    }

    static int local(int asked) {
        if (asked < 1 || asked > 64 || Integer.bitCount(asked) != 1) {
            throw new IllegalArgumentException("-Ddiffink.tornado.local=" + asked
                    + ": give a power of two from 1 to 64");
        }
        return asked;
    }

    /**
     * Rows of a tile per work item of the fine kernels, {@code -Ddiffink.tornado.rows}: 1, 2, 4, 8
     * or 16 (a whole tile). By default 1 on a GPU, where a work item per tile left an H200 mostly
     * idle (10,752 work items for the published scene, where a row each gives 172,032), and 16
     * elsewhere, where a CPU's few cores have work enough and a whole tile walks each piece once
     * instead of once per row.
     */
    static int rows(boolean gpu) {
        String set = System.getProperty("diffink.tornado.rows");
        if (set == null) return gpu ? 1 : dev.diffink.raster.Tiles.TILE;
        int asked;
        try {
            asked = Integer.parseInt(set.trim());
        } catch (NumberFormatException e) {
            asked = -1;
        }
        if (asked < 1 || asked > dev.diffink.raster.Tiles.TILE || Integer.bitCount(asked) != 1) {
            throw new IllegalArgumentException("-Ddiffink.tornado.rows=" + set + ": give 1, 2, 4, 8 or 16 (rows of a "
                    + "16-pixel tile per work item)");
        }
        return asked;
    }

    /** {@code n} (at least 1) rounded up to a multiple of {@link #LOCAL}. */
    static int loop(int n) {
        long padded = ((Math.max(1L, n) + LOCAL - 1) / LOCAL) * LOCAL;
        if (padded > TornadoBinning.MAX_ELEMENTS) {
            throw new UnsupportedOperationException("a parallel loop of " + n + " items is larger than TornadoVM runs");
        }
        return (int) padded;
    }

    private final String graph;
    private final GridScheduler scheduler = new GridScheduler();

    Grids(String graph) {
        this.graph = graph;
    }

    /**
     * Registers task {@code task}'s loop of {@code bound} items (a multiple of the group when it
     * came from {@link #loop}; otherwise the group is the largest power of two dividing it, at
     * most {@link #LOCAL}) and returns the bound, to pass to the task.
     */
    int task(String task, int bound) {
        int group = Math.min(LOCAL, Integer.lowestOneBit(Math.max(1, bound)));
        WorkerGrid1D grid = new WorkerGrid1D(bound);
        grid.setLocalWork(group, 1, 1);
        scheduler.addWorkerGrid(graph + "." + task, grid);
        return bound;
    }

    String graph() {
        return graph;
    }

    GridScheduler scheduler() {
        return scheduler;
    }
}
