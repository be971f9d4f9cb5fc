package dev.diffink.tornado;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * Where a task graph's time goes besides its kernels, on the device the backend would choose:
 * the wall time of {@code execute()} for graphs that differ in one thing each, so that their
 * differences price one operation. A forward render of the published scene (2040 x 1344) spends
 * about 16.7 ms in its task graph on an H200 against 6.5 ms of kernels and 2.7 ms of image copy,
 * and the rest is not in TornadoVM's profile; these graphs price the candidates: bringing the
 * float image back to a Java array (against an off-heap {@code FloatArray}, a packed 8-bit image,
 * and no copy at all), a task (one tiny task against 32), and a small transfer to the device (none
 * against 16).
 *
 * <p>{@code java @$TORNADOVM_HOME/tornado-argfile -cp ... dev.diffink.tornado.OverheadProbe
 * [runs]}; prints one line per graph (median and fastest of the timed calls, after five untimed
 * ones) to standard output. Used by {@code scripts/device-gpu-check.sh}; not part of DiffInk's
 * commands.
 */
public final class OverheadProbe {
    private OverheadProbe() {}

    /** The published scene's float RGBA image: 2040 x 1344 pixels. */
    static final int PIXELS = 2040 * 1344;
    static final int TINY = 64;
    static final int TASKS = 32, TRANSFERS = 16;

    /** Writes a value per channel, as the render kernel's copy-out does. */
    public static void fillFloats(int n, float[] image) {
        for (@Parallel int i = 0; i < n; i++) image[i] = (i & 255) * (1f / 255f);
    }

    public static void fillFloatArray(int n, FloatArray image) {
        for (@Parallel int i = 0; i < n; i++) image.set(i, (i & 255) * (1f / 255f));
    }

    /** Writes a packed 8-bit RGBA value per pixel: a quarter of the float image's bytes. */
    public static void fillPacked(int n, int[] image) {
        for (@Parallel int i = 0; i < n; i++) image[i] = i * 0x01010101;
    }

    /** Adds one to {@code a[0..n)}. */
    public static void bump(int n, int[] a) {
        for (@Parallel int i = 0; i < n; i++) a[i] = a[i] + 1;
    }

    /** Sums {@code TRANSFERS} small arrays into {@code out}. */
    public static void sum16(int n, int[] a0, int[] a1, int[] a2, int[] a3, int[] a4, int[] a5, int[] a6, int[] a7,
            int[] a8, int[] a9, int[] a10, int[] a11, int[] a12, int[] a13, int[] a14, int[] a15, int[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            out[i] = a0[i] + a1[i] + a2[i] + a3[i] + a4[i] + a5[i] + a6[i] + a7[i] + a8[i] + a9[i] + a10[i] + a11[i]
                    + a12[i] + a13[i] + a14[i] + a15[i];
        }
    }

    record Timing(String graph, double medianMs, double fastestMs) {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        List<TornadoDevice> devices = TornadoBackend.chosen();
        if (devices.isEmpty()) throw new IllegalStateException("TornadoVM found no device");
        TornadoDevice device = devices.getFirst();
        System.out.println("device: " + device.getTornadoVMBackend() + ": " + TornadoBackend.describe(device));
        for (Timing t : probe(device, runs)) {
            System.out.printf(Locale.ROOT, "%-44s median %8.3f ms   fastest %8.3f ms%n", t.graph, t.medianMs,
                    t.fastestMs);
        }
    }

    static List<Timing> probe(TornadoDevice device, int runs) {
        int n = 4 * PIXELS;
        List<Timing> out = new ArrayList<>();
        int[] small = new int[TINY];

        float[] image = new float[n];
        out.add(time("float image, to a float[]", device, runs, image, () -> {
            Grids g = new Grids("probeFloat");
            return new Plan(new TaskGraph(g.graph())
                    .task("fill", OverheadProbe::fillFloats, g.task("fill", Grids.loop(n)), image)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, image), g);
        }));
        out.add(time("float image, stays on the device", device, runs, image, () -> {
            Grids g = new Grids("probeStay");
            return new Plan(new TaskGraph(g.graph())
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, image)
                    .task("fill", OverheadProbe::fillFloats, g.task("fill", Grids.loop(n)), image)
                    .task("bump", OverheadProbe::bump, g.task("bump", TINY), small)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, small), g);
        }));
        FloatArray offHeap = new FloatArray(n);
        out.add(time("float image, to an off-heap FloatArray", device, runs, offHeap, () -> {
            Grids g = new Grids("probeOffHeap");
            return new Plan(new TaskGraph(g.graph())
                    .task("fill", OverheadProbe::fillFloatArray, g.task("fill", Grids.loop(n)), offHeap)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, offHeap), g);
        }));
        int[] packed = new int[PIXELS];
        out.add(time("packed 8-bit image, to an int[]", device, runs, packed, () -> {
            Grids g = new Grids("probePacked");
            return new Plan(new TaskGraph(g.graph())
                    .task("fill", OverheadProbe::fillPacked, g.task("fill", Grids.loop(PIXELS)), packed)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, packed), g);
        }));

        int[] counter = new int[TINY];
        out.add(time("1 tiny task", device, runs, counter, () -> {
            Grids g = new Grids("probeOne");
            return new Plan(new TaskGraph(g.graph())
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, counter)
                    .task("t0", OverheadProbe::bump, g.task("t0", TINY), counter)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, counter), g);
        }));
        out.add(time(TASKS + " tiny tasks", device, runs, counter, () -> {
            Grids g = new Grids("probeMany");
            TaskGraph t = new TaskGraph(g.graph()).transferToDevice(DataTransferMode.FIRST_EXECUTION, counter);
            for (int k = 0; k < TASKS; k++) {
                t = t.task("t" + k, OverheadProbe::bump, g.task("t" + k, TINY), counter);
            }
            return new Plan(t.transferToHost(DataTransferMode.EVERY_EXECUTION, counter), g);
        }));
        int[][] in = new int[TRANSFERS][TINY];
        for (int[] a : in) Arrays.fill(a, 1);
        int[] sum = new int[TINY];
        for (int mode : new int[] {DataTransferMode.FIRST_EXECUTION, DataTransferMode.EVERY_EXECUTION}) {
            String what = mode == DataTransferMode.FIRST_EXECUTION ? "once" : "every call";
            out.add(time("1 task over " + TRANSFERS + " small arrays sent " + what, device, runs, sum, () -> {
                Grids g = new Grids("probeIn" + mode);
                return new Plan(new TaskGraph(g.graph())
                        .transferToDevice(mode, (Object[]) in)
                        .task("sum", OverheadProbe::sum16, g.task("sum", TINY), in[0], in[1], in[2], in[3],
                                in[4], in[5], in[6], in[7], in[8], in[9], in[10], in[11], in[12], in[13], in[14],
                                in[15], sum)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, sum), g);
            }));
        }
        return out;
    }

    record Plan(TaskGraph graph, Grids grids) {}

    /** Builds a plan, runs it five times untimed and {@code runs} times timed, and frees it. */
    private static Timing time(String what, TornadoDevice device, int runs, Object result,
            java.util.function.Supplier<Plan> make) {
        Plan p = make.get();
        TornadoExecutionPlan plan = new TornadoExecutionPlan(p.graph.snapshot()).withDevice(device)
                .withGridScheduler(p.grids.scheduler());
        try {
            for (int i = 0; i < 5; i++) plan.execute();
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                plan.execute();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            checkResult(what, result);
            Arrays.sort(ms);
            return new Timing(what, ms[runs / 2], ms[0]);
        } finally {
            TornadoFineStage.free(plan);
        }
    }

    /** A graph whose kernel did not run has nothing to time: its output is checked. */
    private static void checkResult(String what, Object result) {
        boolean ok = switch (result) {
            case float[] f -> f[257] == 1f / 255f || what.contains("stays");
            case FloatArray f -> f.get(257) == 1f / 255f;
            case int[] a -> a[1] != 0;
            default -> false;
        };
        if (!ok) throw new IllegalStateException("the probe graph '" + what + "' did not compute its result");
    }
}
