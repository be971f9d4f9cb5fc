package dev.diffink.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The profile's per-task kernel times, read from TornadoVM's profile log (one JSON section per call). */
class ProfileLogTest {

    private static String call(long render, long fold) {
        return """
                {
                    "diffinkForward": {
                        "TOTAL_TASK_GRAPH_TIME": "900000",
                        "TOTAL_KERNEL_TIME": "%d",
                        "diffinkForward.render": {
                            "BACKEND": "OPENCL",
                            "METHOD": "TornadoKernels.renderTilesChecked",
                            "TASK_KERNEL_TIME": "%d",
                            "TASK_COMPILE_GRAAL_TIME": "12"
                        },\s
                        "diffinkForward.foldLoss": {
                            "BACKEND": "OPENCL",
                            "TASK_KERNEL_TIME": "%d"
                        }
                    }
                }
                """.formatted(render + fold, render, fold);
    }

    @Test
    void kernelTimesAreAveragedOverTheCallsAndSortedLongestFirst() {
        String log = call(3_000_000, 200_000) + call(5_000_000, 400_000);
        assertEquals("render 4.00, foldLoss 0.30", TornadoFineStage.Stats.taskTimes(log));
    }

    @Test
    void anEmptyLogSaysSo() {
        assertEquals("none (no profile log)", TornadoFineStage.Stats.taskTimes(""));
    }
}
