package dev.diffink.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where scenes are binned by default: on the host on PTX devices; as set, when set. */
class BinningModeTest {

    @Test
    void ptxBinsOnTheHostUnlessToldOtherwise() {
        String was = System.getProperty("diffink.tornado.binning");
        try {
            System.clearProperty("diffink.tornado.binning");
            assertEquals("host", TornadoFineStage.binningMode(true), "PTX");
            assertEquals("auto", TornadoFineStage.binningMode(false), "OpenCL and the others");
            System.setProperty("diffink.tornado.binning", "device");
            assertEquals("device", TornadoFineStage.binningMode(true), "as set");
        } finally {
            if (was == null) System.clearProperty("diffink.tornado.binning");
            else System.setProperty("diffink.tornado.binning", was);
        }
    }
}
