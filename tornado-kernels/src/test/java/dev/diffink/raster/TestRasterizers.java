package dev.diffink.raster;

import org.junit.jupiter.api.Assumptions;

/**
 * The rasterizer the kernel tests run: on the JVM, or, with {@code -Ddiffink.backend=tornado}
 * (the diffink-tornadovm module runs these tests so), with the fine stage on TornadoVM's device.
 * Without TornadoVM the tornado run is skipped with a notice naming what is missing.
 */
final class TestRasterizers {
    private TestRasterizers() {}

    static final String BACKEND = System.getProperty("diffink.backend", "jvm");

    static Rasterizer open(int threads, float tolerance) {
        if (!BACKEND.equals("tornado")) return new Rasterizer(threads, tolerance);
        FineStage stage;
        try {
            FineStageProvider provider = FineStageProvider.named("tornado");
            Assumptions.assumeTrue(provider != null,
                    "skipped on TornadoVM: the diffink-tornadovm module is not on the class path");
            stage = provider.open();
        } catch (IllegalStateException | LinkageError e) {
            throw new org.opentest4j.TestAbortedException("skipped on TornadoVM: " + e.getMessage()
                    + " (set TORNADOVM_HOME to a TornadoVM 5.2 SDK to run it)");
        }
        return new Rasterizer(threads, tolerance, stage);
    }
}
