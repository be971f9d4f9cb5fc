package dev.diffink.raster;

import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * A source of {@link FineStage}s found with {@link java.util.ServiceLoader}: the optional
 * {@code diffink-tornadovm} module provides one when it and TornadoVM are on the class path.
 */
public interface FineStageProvider {

    /** The backend's name on the command line, e.g. "tornado". */
    String name();

    /**
     * The devices this backend can run on, fastest first, each as one line; empty when it has
     * none.
     *
     * @throws IllegalStateException naming what is missing when the backend cannot run at all
     */
    List<String> devices();

    /**
     * Whether the fastest device is an accelerator (a GPU or the like) rather than a CPU, where
     * the JVM executor is faster.
     *
     * @throws IllegalStateException naming what is missing when the backend cannot run at all
     */
    boolean accelerated();

    /**
     * Opens a fine stage on the backend's fastest device, compiling its kernels on first use.
     *
     * @throws IllegalStateException naming what is missing or broken
     */
    FineStage open();

    /**
     * The provider of that name on the class path, or null when there is none or it cannot be
     * loaded (its own dependencies, such as TornadoVM's runtime, missing).
     */
    static FineStageProvider named(String name) {
        try {
            for (FineStageProvider p : ServiceLoader.load(FineStageProvider.class)) {
                if (p.name().equals(name)) return p;
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            return null;
        }
        return null;
    }
}
