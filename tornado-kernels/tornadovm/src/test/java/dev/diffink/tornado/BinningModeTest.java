package dev.diffink.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Defaults that depend on the device: where scenes are binned, and how prefix sums run. */
class BinningModeTest {

    @Test
    void blockScansOnAGpuUnlessToldOtherwise() {
        SystemProperties.restoring("diffink.tornado.scan", () -> {
            System.clearProperty("diffink.tornado.scan");
            assertEquals(true, TornadoBinning.blockScan(true), "a GPU");
            assertEquals(false, TornadoBinning.blockScan(false), "a CPU");
            System.setProperty("diffink.tornado.scan", "serial");
            assertEquals(false, TornadoBinning.blockScan(true));
            System.setProperty("diffink.tornado.scan", "blocks");
            assertEquals(true, TornadoBinning.blockScan(false));
        });
    }

    @Test
    void ptxBinsOnTheHostUnlessToldOtherwise() {
        SystemProperties.restoring("diffink.tornado.binning", () -> {
            System.clearProperty("diffink.tornado.binning");
            assertEquals("host", TornadoFineStage.binningMode(true), "PTX");
            assertEquals("auto", TornadoFineStage.binningMode(false), "OpenCL and the others");
            System.setProperty("diffink.tornado.binning", "device");
            assertEquals("device", TornadoFineStage.binningMode(true), "as set");
        });
    }
}
