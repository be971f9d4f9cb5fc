package dev.diffink.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The device check's probe graphs compile and compute on TornadoVM's device (each checks its own
 * output, so a graph whose kernel did not run fails here rather than timing nothing on a GPU).
 */
class OverheadProbeTest {

    @Test
    void everyProbeGraphRunsAndComputes() {
        List<TornadoDevice> devices;
        try {
            devices = TornadoBackend.chosen();
        } catch (IllegalStateException | LinkageError e) {
            throw new TestAbortedException("skipped on TornadoVM: " + e.getMessage()
                    + " (set TORNADOVM_HOME to a TornadoVM 5.2 SDK to run it)");
        }
        if (devices.isEmpty()) throw new TestAbortedException("skipped: TornadoVM found no device");
        List<OverheadProbe.Timing> timings = OverheadProbe.probe(devices.getFirst(), 1);
        assertEquals(8, timings.size());
        for (OverheadProbe.Timing t : timings) assertTrue(t.medianMs() > 0, t.toString());
    }
}
