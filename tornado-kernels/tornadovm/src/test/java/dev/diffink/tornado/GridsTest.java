package dev.diffink.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Launch shapes: padded loop bounds, and the work group each task gets. */
class GridsTest {

    @BeforeEach
    void needsTornadoApi() {
        try {
            Class.forName("uk.ac.manchester.tornado.api.WorkerGrid");
        } catch (ClassNotFoundException e) {
            throw new TestAbortedException("skipped on TornadoVM: its API is not on the class path "
                    + "(set TORNADOVM_HOME to a TornadoVM 5.2 SDK to run it)");
        }
    }

    @Test
    void loopBoundsArePaddedToWholeGroups() {
        int g = Grids.LOCAL;
        if (System.getProperty("diffink.tornado.local") == null) assertEquals(64, g, "the default group");
        assertEquals(g, Grids.loop(0));
        assertEquals(g, Grids.loop(1));
        assertEquals(g, Grids.loop(g));
        assertEquals(2 * g, Grids.loop(g + 1));
        assertEquals(10752, Grids.loop(10752));
        assertEquals(10752 + g, Grids.loop(10753));
        assertThrows(UnsupportedOperationException.class, () -> Grids.loop(Integer.MAX_VALUE));
    }

    @Test
    void tileCapacitiesAreWholeGroups() {
        int g = Grids.LOCAL;
        assertEquals(g, TornadoFineStage.tileCapacity(0, 1));
        assertEquals(Grids.loop(130), TornadoFineStage.tileCapacity(0, 130));
        // Grown by half again, then padded.
        assertEquals(Grids.loop(288), TornadoFineStage.tileCapacity(192, 200));
        assertEquals(192, TornadoFineStage.tileCapacity(192, 150), "no growth while it fits");
    }

    @Test
    void binningCapacitiesAreWholeGroupsAndNeverZero() {
        assertEquals(1024, TornadoBinning.grow(0, 0), "a scene without cells still launches its clears");
        assertEquals(1024, TornadoBinning.grow(0, 10));
        assertEquals(2048, TornadoBinning.grow(1024, 1025));
        assertEquals(Grids.loop(3000), TornadoBinning.grow(1024, 3000));
        assertEquals(0, TornadoBinning.grow(1024, 3000) % Grids.LOCAL);
        assertEquals(1024, TornadoBinning.grow(1024, 1000), "no growth while it fits");
        int huge = TornadoBinning.grow(1024, Integer.MAX_VALUE - 10);
        assertEquals(0, huge % Grids.LOCAL, "clamped below the largest buffer, still whole groups");
    }

    @Test
    void eachTaskGetsItsBoundAndAGroupDividingIt() {
        int g = Grids.LOCAL;
        Grids grids = new Grids("g");
        assertEquals(Grids.loop(200), grids.task("padded", Grids.loop(200)));
        assertEquals(32, grids.task("chunks", 32));
        assertEquals(12, grids.task("odd", 12));
        assertArrayEquals(new long[] {g, 1, 1}, grids.scheduler().get("g.padded").getLocalWork());
        assertArrayEquals(new long[] {Grids.loop(200), 1, 1}, grids.scheduler().get("g.padded").getGlobalWork());
        assertArrayEquals(new long[] {Math.min(32, g), 1, 1}, grids.scheduler().get("g.chunks").getLocalWork());
        assertArrayEquals(new long[] {Math.min(4, g), 1, 1}, grids.scheduler().get("g.odd").getLocalWork());
    }

    @Test
    void sortChunksDependOnTheDeviceUnlessSet() {
        SystemProperties.restoring("diffink.tornado.chunks", () -> {
            System.clearProperty("diffink.tornado.chunks");
            assertEquals(512, TornadoBinning.chunks(true), "a GPU");
            assertEquals(32, TornadoBinning.chunks(false), "a CPU");
            System.setProperty("diffink.tornado.chunks", "100000");
            assertEquals(4096, TornadoBinning.chunks(true), "clamped");
        });
    }

    @Test
    void aCallWhoseTileKernelDidNotRunIsRefused() {
        int[] state = new int[TornadoKernels.STATE];
        var e = assertThrows(UnsupportedOperationException.class,
                () -> TornadoFineStage.checkRan(state, "render", "a GPU"));
        assertTrue(e.getMessage().contains("did not run the render kernel on a GPU"), e.getMessage());
        state[TornadoKernels.S_RAN] = 1;
        TornadoFineStage.checkRan(state, "render", "a GPU");
    }

    @Test
    void onlyPowersOfTwoUpToSixtyFourAreGroups() {
        assertEquals(32, Grids.local(32));
        assertEquals(1, Grids.local(1));
        assertThrows(IllegalArgumentException.class, () -> Grids.local(0));
        assertThrows(IllegalArgumentException.class, () -> Grids.local(48));
        assertThrows(IllegalArgumentException.class, () -> Grids.local(128));
    }

    @Test
    void rowsPerWorkItemDependOnTheDeviceUnlessSetAndDivideATile() {
        SystemProperties.restoring("diffink.tornado.rows", () -> {
            System.clearProperty("diffink.tornado.rows");
            assertEquals(1, Grids.rows(true), "a GPU");
            assertEquals(16, Grids.rows(false), "a CPU");
            System.setProperty("diffink.tornado.rows", "4");
            assertEquals(4, Grids.rows(true));
            assertEquals(4, Grids.rows(false));
            for (String bad : new String[] {"0", "3", "32", "many"}) {
                System.setProperty("diffink.tornado.rows", bad);
                var e = assertThrows(IllegalArgumentException.class, () -> Grids.rows(true), bad);
                assertTrue(e.getMessage().contains("-Ddiffink.tornado.rows=" + bad + ": give 1, 2, 4, 8 or 16"),
                        e.getMessage());
            }
        });
    }
}
