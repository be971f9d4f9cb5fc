package dev.diffink.torch;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The process's connection to libtorch, through the shim {@code libdiffink_torch.so}.
 *
 * <p>Where the shim is looked for, first found wins:
 * <ol>
 *   <li>the system property {@value #SHIM_PROPERTY} (a file);</li>
 *   <li>the environment variable {@value #SHIM_ENV} (a file);</li>
 *   <li>{@code native/target/shim/libdiffink_torch.so} under the folder in the system property
 *       {@code diffink.home}, then under each parent folder of the jar or classes this code was
 *       loaded from (so a source checkout's build is found from {@code api/target/diffink.jar}).</li>
 * </ol>
 * The shim was linked with a run path to the libtorch it was built against; loading it checks that
 * this very libtorch is the one in the process, and refuses otherwise. libtorch starts with one
 * intra-op thread ({@link #setThreads}).
 */
public final class TorchRuntime {
    public static final String SHIM_PROPERTY = "diffink.torch.shim";
    public static final String SHIM_ENV = "DIFFINK_TORCH_SHIM";
    static final String SHIM_FILE = "libdiffink_torch.so";
    static final Path SHIM_IN_CHECKOUT = Path.of("native", "target", "shim", SHIM_FILE);

    /** How to get a working runtime, appended to every "not available" message. */
    public static final String INSTALL_ADVICE = "install libtorch (Debian/Ubuntu: apt-get install "
            + "--no-install-recommends libtorch-dev cmake g++) and rebuild DiffInk (./diffink does it on its "
            + "next run), or point " + SHIM_ENV + " at a built " + SHIM_FILE;

    private static final Object LOCK = new Object();
    private static TorchRuntime instance;
    private static TorchException failure;

    final Shim shim;
    private final Path shimPath;
    private final String torchVersion;
    private final String buildDir;
    private final String loadedLibrary;

    private TorchRuntime(Shim shim, Path shimPath) {
        this.shim = shim;
        this.shimPath = shimPath;
        try {
            this.torchVersion = Shim.staticString((MemorySegment) shim.torchVersion.invokeExact());
            this.buildDir = Shim.staticString((MemorySegment) shim.torchBuildDir.invokeExact());
            this.loadedLibrary = Shim.staticString((MemorySegment) shim.torchLoadedLibrary.invokeExact());
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.UNAVAILABLE, "the torch shim at " + shimPath
                    + " does not answer: " + t);
        }
    }

    /**
     * The runtime, loading the shim on first use. Throws a {@link TorchException} of kind
     * {@link TorchException.Kind#UNAVAILABLE} naming what is missing; the same answer is given
     * for the rest of the process.
     */
    public static TorchRuntime get() {
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                instance = open(locateShim());
                return instance;
            } catch (TorchException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** The runtime if it can be loaded, else empty (the reason is what {@link #get()} throws). */
    public static Optional<TorchRuntime> tryGet() {
        try {
            return Optional.of(get());
        } catch (TorchException e) {
            return Optional.empty();
        }
    }

    static TorchRuntime open(Path shimPath) {
        Shim shim;
        try {
            shim = Shim.open(shimPath);
        } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
            throw new TorchException(TorchException.Kind.UNAVAILABLE, "the torch shim " + shimPath
                    + " cannot be loaded (" + e.getMessage() + "): is the libtorch it was built against "
                    + "still installed? Rebuild the shim, or " + INSTALL_ADVICE);
        } catch (RuntimeException e) {
            throw new TorchException(TorchException.Kind.UNAVAILABLE, "the torch shim " + shimPath
                    + " lacks a function DiffInk needs (" + e.getMessage() + "); rebuild it from this DiffInk's "
                    + "native/shim");
        }
        int abi;
        try {
            abi = (int) shim.abiVersion.invokeExact();
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.UNAVAILABLE, "the torch shim " + shimPath + " failed: " + t);
        }
        if (abi != Shim.ABI_VERSION) {
            throw new TorchException(TorchException.Kind.UNAVAILABLE, "the torch shim " + shimPath + " has interface "
                    + "version " + abi + ", this DiffInk needs " + Shim.ABI_VERSION + "; rebuild it from this DiffInk's "
                    + "native/shim");
        }
        TorchRuntime runtime = new TorchRuntime(shim, shimPath);
        runtime.checkSameLibtorch();
        return runtime;
    }

    private void checkSameLibtorch() {
        String problem = libtorchMismatch(buildDir, loadedLibrary);
        if (problem != null) {
            throw new TorchException(TorchException.Kind.UNAVAILABLE, "the torch shim " + shimPath + " " + problem);
        }
    }

    /**
     * Null when the loaded libtorch file lies in the folder the shim was built against (or either is
     * unknown), else the reason it must not run.
     */
    static String libtorchMismatch(String buildDir, String loadedLibrary) {
        if (buildDir.isEmpty() || loadedLibrary.isEmpty()) {
            return null;
        }
        Path loadedDir = Path.of(loadedLibrary).getParent();
        try {
            if (loadedDir != null && Files.isSameFile(loadedDir, Path.of(buildDir))) {
                return null;
            }
        } catch (IOException e) {
            // the build folder is gone: refuse below
        }
        return "was built against the libtorch in " + buildDir + " but the process loaded " + loadedLibrary
                + " (LD_PRELOAD or LD_LIBRARY_PATH?); rebuild the shim against that libtorch "
                + "(DIFFINK_TORCH_PREFIX=...), or remove the other one from the library path";
    }

    /** Every place the shim is looked for, in order (for messages and {@code diffink doctor}). */
    public static List<Path> searchPath() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty(SHIM_PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        }
        String env = System.getenv(SHIM_ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String home = System.getProperty("diffink.home");
        if (home != null && !home.isBlank()) {
            candidates.add(Path.of(home).resolve(SHIM_IN_CHECKOUT));
        }
        codeLocation().ifPresent(code -> {
            for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
                candidates.add(dir.resolve(SHIM_IN_CHECKOUT));
            }
        });
        return candidates.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = TorchRuntime.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Path locateShim() {
        String property = System.getProperty(SHIM_PROPERTY);
        String env = System.getenv(SHIM_ENV);
        // An explicit choice is binding: a wrong path is reported, not silently replaced.
        String explicit = property != null && !property.isBlank() ? property : env != null && !env.isBlank() ? env : null;
        if (explicit != null) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                throw new TorchException(TorchException.Kind.UNAVAILABLE, "the torch shim " + p + " (from "
                        + (explicit.equals(property) ? "-D" + SHIM_PROPERTY : SHIM_ENV) + ") does not exist; "
                        + INSTALL_ADVICE);
            }
            return p;
        }
        for (Path p : searchPath()) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new TorchException(TorchException.Kind.UNAVAILABLE, "the torch runtime is not installed: no "
                + SHIM_FILE + " was built (looked in " + searchPath().stream().limit(3).map(Path::toString)
                .reduce((a, b) -> a + ", " + b).orElse("nowhere") + "); " + INSTALL_ADVICE);
    }

    /** Loads a TorchScript archive; {@code extraFiles} names files stored beside the code to read too. */
    public TorchModule load(Path model, String... extraFiles) {
        return TorchModule.load(this, model, extraFiles);
    }

    public Path shimPath() {
        return shimPath;
    }

    /** Version of the libtorch headers the shim was compiled with, e.g. "1.13.0". */
    public String torchVersion() {
        return torchVersion;
    }

    /** The libtorch library file actually loaded in this process. */
    public String loadedLibrary() {
        return loadedLibrary;
    }

    public String buildDir() {
        return buildDir;
    }

    public int threads() {
        try {
            return (int) shim.getNumThreads.invokeExact();
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.RUNTIME, "dt_get_num_threads failed: " + t);
        }
    }

    /** Sets libtorch's intra-op thread count for the whole process (default 1). */
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "thread count must be at least 1, got " + threads);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(ADDRESS);
            int rc = (int) shim.setNumThreads.invokeExact(threads, err);
            if (rc != 0) {
                throw new TorchException(TorchException.Kind.RUNTIME, shim.takeError(err));
            }
        } catch (TorchException e) {
            throw e;
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.RUNTIME, "dt_set_num_threads failed: " + t);
        }
    }

    @Override
    public String toString() {
        return "libtorch " + torchVersion + " (" + loadedLibrary + ") through " + shimPath;
    }
}
