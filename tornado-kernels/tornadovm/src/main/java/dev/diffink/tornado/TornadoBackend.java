package dev.diffink.tornado;

import dev.diffink.raster.FineStage;
import dev.diffink.raster.FineStageProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/**
 * The TornadoVM backend, found by {@link java.util.ServiceLoader} as a {@link FineStageProvider}
 * named "tornado". It needs the JVM started with TornadoVM's argument file (the {@code diffink}
 * launcher does that when {@code TORNADOVM_HOME} points to a TornadoVM SDK).
 */
public final class TornadoBackend implements FineStageProvider {

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public List<String> devices() {
        List<String> lines = new ArrayList<>();
        for (TornadoDevice d : ranked()) lines.add(d.getTornadoVMBackend() + ": " + describe(d));
        return lines;
    }

    @Override
    public boolean accelerated() {
        List<TornadoDevice> devices = chosen();
        return !devices.isEmpty() && devices.getFirst().getDeviceType() != TornadoDeviceType.CPU;
    }

    @Override
    public FineStage open() {
        try {
            Grids.fromProperty();
            Grids.rows(false);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<TornadoDevice> devices = chosen();
        if (devices.isEmpty()) {
            throw new IllegalStateException("TornadoVM found no device: install an OpenCL, CUDA or Level Zero driver "
                    + "for your GPU (or pocl-opencl-icd for the CPU) and check with `tornado --devices`");
        }
        TornadoDevice device = devices.getFirst();
        // The binning mode is read when a stage is made: a stage is shared only under the same one.
        String key = device.getTornadoVMBackend() + ": " + describe(device) + ", binning "
                + TornadoFineStage.binningMode(device);
        synchronized (OPEN) {
            TornadoFineStage stage = OPEN.computeIfAbsent(key, k -> new TornadoFineStage(device));
            stage.hold();
            return stage;
        }
    }

    /**
     * The stages rasterizers hold, by device: every rasterizer open at one time on a device gets
     * the same stage, and with it the plans (compiled kernels) the others built.
     */
    private static final Map<String, TornadoFineStage> OPEN = new HashMap<>();

    /** Drops one holder of {@code stage}; true when it was the last (the stage is then no longer shared). */
    static boolean released(TornadoFineStage stage) {
        synchronized (OPEN) {
            if (!stage.release()) return false;
            OPEN.values().remove(stage);
            return true;
        }
    }

    /**
     * The devices {@code -Ddiffink.tornado.device=TEXT} allows (those whose doctor line, e.g.
     * "ptx: NVIDIA H200 ...", contains TEXT, ignoring case), ranked; all of them when it is unset.
     * A setting that matches no device is an error naming the devices there are.
     */
    static List<TornadoDevice> chosen() {
        List<TornadoDevice> all = ranked();
        String want = System.getProperty("diffink.tornado.device", "").strip();
        if (want.isEmpty()) return all;
        List<TornadoDevice> kept = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (TornadoDevice d : all) {
            String line = d.getTornadoVMBackend() + ": " + describe(d);
            names.add(line);
            if (line.toLowerCase(Locale.ROOT).contains(want.toLowerCase(Locale.ROOT))) kept.add(d);
        }
        if (kept.isEmpty()) {
            throw new IllegalStateException("-Ddiffink.tornado.device=" + want + " matches none of TornadoVM's devices "
                    + (names.isEmpty() ? "(it found none)" : names) + "; give part of one of these names");
        }
        return kept;
    }

    /**
     * Every device of every TornadoVM backend: GPUs first, then OpenCL before other backends, then
     * by global memory. (On an H200, TornadoVM 5.2's PTX backend matched the JVM with binning on
     * the host, but with binning on the device it hit an illegal address once a larger scene
     * rebuilt its plans, and crashed in the CUDA driver in a vectorize; OpenCL ran everything.)
     */
    static List<TornadoDevice> ranked() {
        // The tile kernels are larger than TornadoVM's default inlining budget for a callee (600
        // Graal nodes); they must be inlined whole. Read once, when TornadoVM's options load.
        if (System.getProperty("tornado.compiler.fullInlining") == null) {
            System.setProperty("tornado.compiler.fullInlining", "true");
        }
        // A kernel the device cannot build must fail loudly, not run as plain Java on one thread.
        if (System.getProperty("tornado.recover.bailout") == null) {
            System.setProperty("tornado.recover.bailout", "false");
        }
        // TornadoVM's bytecode for a task graph fits 4096 bytes by default; the binned backward
        // graph (30 tasks over some 60 arrays) needs more.
        if (System.getProperty("tornado.tvm.maxbytecodesize") == null) {
            System.setProperty("tornado.tvm.maxbytecodesize", "65536");
        }
        TornadoRuntime runtime;
        try {
            runtime = TornadoRuntimeProvider.getTornadoRuntime();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // TornadoVM reports a backend that cannot start (no CUDA driver, no OpenCL platform)
            // with its own Error subclasses.
            throw new IllegalStateException("TornadoVM's runtime did not start (" + e + "); start the JVM with "
                    + "@$TORNADOVM_HOME/tornado-argfile (the diffink launcher does when TORNADOVM_HOME is set)", e);
        }
        List<TornadoDevice> all = new ArrayList<>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            var backend = runtime.getBackend(b);
            for (int i = 0; i < backend.getNumDevices(); i++) all.add(backend.getDevice(i));
        }
        all.sort(Comparator.comparing((TornadoDevice d) -> d.getDeviceType() == TornadoDeviceType.GPU ? 0 : 1)
                .thenComparing(d -> d.getTornadoVMBackend() == TornadoVMBackendType.OPENCL ? 0 : 1)
                .thenComparing(d -> -d.getMaxGlobalMemory()));
        return all;
    }

    static String describe(TornadoDevice d) {
        return String.format(Locale.ROOT, "%s, %s (%s, %s, %.1f GB)", d.getDeviceName().trim(),
                d.getDescription().trim(), d.getPlatformName().trim(),
                d.getDeviceType().toString().toLowerCase(Locale.ROOT),
                d.getMaxGlobalMemory() / 1e9);
    }
}
