package dev.diffink.render;

import dev.diffink.DiffInkException;
import dev.diffink.raster.FineStage;
import dev.diffink.raster.FineStageProvider;
import dev.diffink.raster.Rasterizer;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Where the rasterizer's fine stage runs, as chosen with {@code --backend}: {@code jvm} (the
 * default), {@code tornado} (TornadoVM's fastest device; an error when TornadoVM is missing or
 * broken) or {@code auto} (TornadoVM when it works, else the JVM, saying which).
 *
 * <p>The choice is process-wide: commands set it once from their option, and every rasterizer
 * DiffInk opens afterwards ({@link #rasterizer}) follows it. Until a command sets it, it is the
 * system property {@code diffink.backend} ({@code jvm} when unset), so that library users, and
 * the test run that repeats the golden tests on TornadoVM, can choose it without a command.
 */
public final class Backend {
    private Backend() {}

    public enum Kind { JVM, TORNADO, AUTO }

    /** Null until a command selects one: then the {@code diffink.backend} property decides. */
    private static volatile Kind selected;
    private static volatile Consumer<String> notices = line -> { };

    /** Parses a {@code --backend} value. */
    public static Kind parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "jvm" -> Kind.JVM;
            case "tornado" -> Kind.TORNADO;
            case "auto" -> Kind.AUTO;
            default -> throw DiffInkException.badInput("unknown --backend '" + name + "'; use jvm, tornado or auto");
        };
    }

    /** Sets the backend of every rasterizer opened from now on; notices (fallbacks) go to {@code notices}. */
    public static void select(Kind kind, Consumer<String> notices) {
        Backend.selected = kind;
        Backend.notices = notices;
    }

    /** What TornadoVM offers here: its devices, one line each, or one line saying what is missing. */
    public record TornadoStatus(boolean usable, List<String> lines) {}

    public static TornadoStatus tornado() {
        FineStageProvider p = FineStageProvider.named("tornado");
        if (p == null) return new TornadoStatus(false, List.of(missing()));
        try {
            List<String> devices = p.devices();
            return devices.isEmpty() ? new TornadoStatus(false, List.of("TornadoVM runs but found no device"))
                    : new TornadoStatus(true, devices);
        } catch (IllegalStateException | LinkageError e) {
            return new TornadoStatus(false, List.of("TornadoVM is not usable: " + e.getMessage()));
        }
    }

    private static String missing() {
        return "TornadoVM is not on the class path: install TornadoVM 5.2 (jdk25) following its documentation, "
                + "set TORNADOVM_HOME to its SDK and run the ./diffink launcher, which adds it";
    }

    /** The backend a {@code diffink.backend} system property names. */
    static Kind fromProperty(String value) {
        try {
            return parse(value);
        } catch (DiffInkException e) {
            throw DiffInkException.badInput("unknown -Ddiffink.backend=" + value + "; use jvm, tornado or auto");
        }
    }

    /** A rasterizer on the selected backend. */
    public static Rasterizer rasterizer(int threads, float tolerance) {
        Kind kind = selected;
        if (kind == null) kind = fromProperty(System.getProperty("diffink.backend", "jvm"));
        if (kind == Kind.JVM) return new Rasterizer(threads, tolerance);
        return rasterizer(kind, FineStageProvider.named("tornado"), threads, tolerance, notices);
    }

    /**
     * Under auto, the fewest tiles (16 px square) of a scene that goes to the accelerator
     * ({@link FineStage#LARGE_SCENE_TILES}, about 1024 x 1024 px). Smaller scenes render on the
     * JVM: on an H200 machine the JVM on its 16 cores rendered every standard scene (up to
     * 512 x 512 px, 1,024 tiles) faster than the GPU, and each plan the GPU runs costs 1 to 4 s of
     * compiling, which a short command never wins back; on the published 2040 x 1344 scene
     * (10,752 tiles) the GPU took 18.0 against 30.8 ms forward and 25.0 against 120 ms
     * forward+backward.
     */
    public static final int AUTO_STAGE_TILES = FineStage.LARGE_SCENE_TILES;

    /** The notices auto last said where it renders to (once per command, which sets its own). */
    private static volatile Consumer<String> announcedTo;

    /**
     * A rasterizer for {@code kind} (tornado or auto) with {@code provider} (null: not on the class
     * path). Under auto, TornadoVM is used only when its fastest device is an accelerator (on a
     * CPU's OpenCL driver the JVM executor is faster; measured with PoCL: 1.8-7.2x), and only for
     * scenes of at least {@link #AUTO_STAGE_TILES} tiles.
     */
    static Rasterizer rasterizer(Kind kind, FineStageProvider provider, int threads, float tolerance,
            Consumer<String> notices) {
        String problem;
        if (provider == null) {
            problem = missing();
        } else {
            try {
                if (kind == Kind.AUTO && !provider.accelerated()) {
                    notices.accept("TornadoVM's fastest device is a CPU (" + provider.devices().getFirst()
                            + "), where the JVM is faster; rendering on the JVM (--backend tornado uses it anyway)");
                    return new Rasterizer(threads, tolerance);
                }
                var stage = provider.open();
                if (kind == Kind.TORNADO) return new Rasterizer(threads, tolerance, stage);
                Rasterizer r = new Rasterizer(threads, tolerance, stage, notices).stageFromTiles(AUTO_STAGE_TILES);
                // Said once per command (its notices): a command may open several rasterizers.
                if (announcedTo != notices) {
                    announcedTo = notices;
                    notices.accept("rendering on " + stage.name() + " for scenes of at least " + AUTO_STAGE_TILES
                            + " tiles (about 1024 x 1024 px), on the JVM for smaller ones, where it is faster");
                }
                return r;
            } catch (IllegalStateException | java.util.NoSuchElementException | LinkageError e) {
                problem = "TornadoVM is not usable: " + e.getMessage();
            }
        }
        if (kind == Kind.TORNADO) {
            throw new DiffInkException(DiffInkException.Kind.MISSING_DEPENDENCY, problem + " (or use --backend jvm)");
        }
        notices.accept(problem + "; rendering on the JVM");
        return new Rasterizer(threads, tolerance);
    }
}
