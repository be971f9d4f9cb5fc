package dev.diffink.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim and its bindings against probe.pt, whose methods have closed-form outputs and gradients. */
class TorchModuleTest {
    private static TorchRuntime runtime;
    private static TorchModule probe;

    @BeforeAll
    static void load() {
        runtime = TorchAvailable.runtime();
        probe = runtime.load(TorchAvailable.model("probe.pt"), "diffink.json", "absent.txt");
    }

    @AfterAll
    static void close() {
        if (probe != null) {
            probe.close();
        }
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void reportsTheLibtorchItWasBuiltAgainstAndThatItIsTheLoadedOne() {
        assertTrue(runtime.torchVersion().matches("\\d+\\.\\d+\\.\\d+.*"), runtime.torchVersion());
        assertFalse(runtime.loadedLibrary().isEmpty());
        assertEquals(Path.of(runtime.buildDir()).toAbsolutePath().normalize(),
                Path.of(runtime.loadedLibrary()).getParent());
        assertTrue(Files.isRegularFile(runtime.shimPath()));
    }

    @Test
    void threadCountStartsAtOneAndCanBeChanged() {
        assertEquals(1, runtime.threads());
        try {
            runtime.setThreads(2);
            assertEquals(2, runtime.threads());
        } finally {
            runtime.setThreads(1);
        }
        TorchException e = assertThrows(TorchException.class, () -> runtime.setThreads(0));
        assertEquals(TorchException.Kind.BAD_CALL, e.kind());
    }

    @Test
    void forwardKeepsShapeAndComputesTheFunction() {
        float[] x = random(24, 1);
        try (Arena arena = Arena.ofConfined()) {
            Tensor in = Tensor.of(arena, x, 2, 3, 4);
            TorchModule.Result r = probe.run(arena, "forward", in);
            assertEquals(1, r.outputs().size());
            assertEquals(0, r.gradients().size());
            Tensor y = r.output(0);
            assertArrayEquals(new long[] {2, 3, 4}, y.shape());
            for (int i = 0; i < x.length; i++) {
                assertEquals(2 * x[i] + 1, y.get(i), 1e-6);
            }
            assertArrayEquals(x, in.toArray(), "inputs are read in place, never written");
        }
    }

    @Test
    void gradientOfAScalarMatchesTheClosedForm() {
        float[] w = {1, -2, 3};
        float[] x = random(12, 2);
        try (Arena arena = Arena.ofConfined()) {
            Tensor in = Tensor.of(arena, x, 4, 3);
            TorchModule.Result r = probe.gradient(arena, "weighted", 0, new boolean[] {true}, in);
            double expected = 0;
            for (int i = 0; i < x.length; i++) {
                expected += w[i % 3] * x[i] * x[i];
            }
            assertEquals(expected, r.output(0).item(), 1e-4);
            Tensor g = r.gradient(0);
            assertArrayEquals(new long[] {4, 3}, g.shape());
            for (int i = 0; i < x.length; i++) {
                assertEquals(2 * w[i % 3] * x[i], g.get(i), 1e-5);
            }
            assertArrayEquals(x, in.toArray());
        }
    }

    @Test
    void gradientsComeOnlyForTheChosenInputsInInputOrder() {
        float[] a = random(5, 3);
        float[] b = random(5, 4);
        try (Arena arena = Arena.ofConfined()) {
            Tensor ta = Tensor.of(arena, a, 5);
            Tensor tb = Tensor.of(arena, b, 5);
            TorchModule.Result both = probe.gradient(arena, "pair", 0, new boolean[] {true, true}, ta, tb);
            assertEquals(2, both.outputs().size());
            assertArrayEquals(b, both.gradient(0).toArray(), 1e-6f);
            assertArrayEquals(a, both.gradient(1).toArray(), 1e-6f);
            TorchModule.Result onlyB = probe.gradient(arena, "pair", 0, new boolean[] {false, true}, ta, tb);
            assertEquals(1, onlyB.gradients().size());
            assertArrayEquals(a, onlyB.gradient(0).toArray(), 1e-6f);
            TorchModule.Result unused = probe.gradient(arena, "ignores_second", 0, new boolean[] {false, true}, ta, tb);
            assertArrayEquals(new float[5], unused.gradient(0).toArray(), "an input that does not matter gets zeros");
        }
    }

    @Test
    void vectorJacobianProductChainsACallersDerivative() {
        float[] x = random(6, 5);
        float[] v = random(6, 6);
        try (Arena arena = Arena.ofConfined()) {
            Tensor in = Tensor.of(arena, x, 2, 3);
            // forward is y = 2x + 1, so d sum(y * v) / dx = 2v
            TorchModule.Result r = probe.vjp(arena, "forward", 0, Tensor.of(arena, v, 2, 3), new boolean[] {true}, in);
            for (int i = 0; i < x.length; i++) {
                assertEquals(2 * x[i] + 1, r.output(0).get(i), 1e-6);
                assertEquals(2 * v[i], r.gradient(0).get(i), 1e-6);
            }
            TorchException e = assertThrows(TorchException.class, () -> probe.vjp(arena, "forward", 0,
                    Tensor.allocate(arena, 3, 2), new boolean[] {true}, in));
            assertTrue(e.getMessage().contains("the gradient weight has shape [3, 2] but output 0 has shape [2, 3]"),
                    e.getMessage());
        }
    }

    @Test
    void recordedForwardThenBackwardEqualsTheOneCallGradient() {
        float[] x = random(6, 8);
        float[] v = random(6, 9);
        try (Arena arena = Arena.ofConfined()) {
            Tensor in = Tensor.of(arena, x, 2, 3);
            TorchModule.Recorded rec = probe.record(arena, "forward", new boolean[] {true}, in);
            for (int i = 0; i < x.length; i++) {
                assertEquals(2 * x[i] + 1, rec.output(0).get(i), 1e-6);
            }
            Tensor g = rec.backward(arena, 0, Tensor.of(arena, v, 2, 3)).getFirst();
            for (int i = 0; i < x.length; i++) {
                assertEquals(2 * v[i], g.get(i), 1e-6);
            }
            TorchException twice = assertThrows(TorchException.class, () -> rec.backward(arena, 0, Tensor.of(arena, v, 2, 3)));
            assertTrue(twice.getMessage().contains("already taken"), twice.getMessage());
            TorchModule.Recorded scalar = probe.record(arena, "weighted", new boolean[] {true}, in);
            TorchException notScalar = assertThrows(TorchException.class,
                    () -> probe.record(arena, "forward", new boolean[] {true}, in).backward(arena, 0, null));
            assertTrue(notScalar.getMessage().contains("must hold exactly one"), notScalar.getMessage());
            assertEquals(6, scalar.backward(arena, 0, null).getFirst().numel());
        }
        TorchModule.Recorded late;
        try (Arena arena = Arena.ofConfined()) {
            late = probe.record(arena, "forward", new boolean[] {true}, Tensor.of(arena, x, 6));
        }
        try (Arena other = Arena.ofConfined()) {
            TorchException gone = assertThrows(TorchException.class, () -> late.backward(other, 0, Tensor.of(other, v, 6)));
            assertTrue(gone.getMessage().contains("arena of this forward pass was closed"), gone.getMessage());
        }
    }

    @Test
    void listsAreFlattenedAndIntegersComeBackAsFloats() {
        float[] x = {1, 5, 2, 4, 3, 0};
        try (Arena arena = Arena.ofConfined()) {
            TorchModule.Result r = probe.run(arena, "listed", Tensor.of(arena, x, 2, 3));
            assertEquals(3, r.outputs().size());
            assertArrayEquals(new float[] {5, 8, 2}, r.output(0).toArray());
            assertArrayEquals(new float[] {5}, r.output(1).toArray());
            assertArrayEquals(new long[] {3, 2}, r.output(2).shape());
            assertArrayEquals(new float[] {1, 4, 5, 3, 2, 0}, r.output(2).toArray(), "transposes come back contiguous");
            TorchModule.Result ints = probe.run(arena, "integer", Tensor.of(arena, new float[] {1.7f, -2.2f}, 2));
            assertArrayEquals(new float[] {3, -6}, ints.output(0).toArray());
        }
    }

    @Test
    void emptyAndScalarTensorsCross() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, probe.run(arena, "forward", Tensor.allocate(arena, 0, 3)).output(0).numel());
            Tensor scalar = Tensor.of(arena, new float[] {4}, new long[0]);
            assertEquals(9f, probe.run(arena, "forward", scalar).output(0).item());
        }
    }

    @Test
    void aTorchScriptErrorSurfacesItsUsefulLineAndKeepsTheTraceback() {
        try (Arena arena = Arena.ofConfined()) {
            TorchException e = assertThrows(TorchException.class,
                    () -> probe.run(arena, "fails", Tensor.allocate(arena, 2, 3)));
            assertEquals(TorchException.Kind.RUNTIME, e.kind());
            assertTrue(e.getMessage().endsWith("expected an image batch B x 3 x H x W, got 2 dimensions"), e.getMessage());
            assertTrue(e.detail().contains("Traceback"), e.detail());
        }
    }

    @Test
    void wrongArgumentCountIsRefusedBeforeTheCall() {
        try (Arena arena = Arena.ofConfined()) {
            Tensor t = Tensor.allocate(arena, 3);
            TorchException e = assertThrows(TorchException.class, () -> probe.run(arena, "weighted", t, t));
            assertEquals(TorchException.Kind.BAD_CALL, e.kind());
            assertTrue(e.getMessage().contains("takes 1 tensor argument(s), 2 given"), e.getMessage());
        }
    }

    @Test
    void gradientOfANonScalarOutputIsAClearError() {
        try (Arena arena = Arena.ofConfined()) {
            Tensor t = Tensor.allocate(arena, 3);
            TorchException e = assertThrows(TorchException.class,
                    () -> probe.gradient(arena, "forward", 0, new boolean[] {true}, t));
            assertTrue(e.getMessage().contains("holds 3 values; it must hold exactly one"), e.getMessage());
            TorchException beyond = assertThrows(TorchException.class,
                    () -> probe.gradient(arena, "weighted", 1, new boolean[] {true}, t));
            assertTrue(beyond.getMessage().contains("returned 1"), beyond.getMessage());
        }
    }

    @Test
    void methodsAndSchemas() {
        assertTrue(probe.hasMethod("weighted"));
        assertFalse(probe.hasMethod("nope"));
        assertTrue(probe.schema("pair").matches("pair\\(.* self, Tensor a, Tensor b\\) -> \\(+Tensor, Tensor\\)+"),
                probe.schema("pair"));
        try (Arena arena = Arena.ofConfined()) {
            TorchException e = assertThrows(TorchException.class, () -> probe.run(arena, "nope"));
            assertTrue(e.getMessage().contains("has no method 'nope'"), e.getMessage());
        }
    }

    @Test
    void extraFilesAskedForAtLoadAreRead() {
        assertEquals("{\"kind\": \"probe\", \"note\": \"test model\"}", probe.extraFile("diffink.json").orElseThrow());
        assertTrue(probe.extraFile("absent.txt").isEmpty());
        assertTrue(probe.extraFile("never-asked.txt").isEmpty());
    }

    @Test
    void outputsDieWithTheirArena() {
        Tensor y;
        try (Arena arena = Arena.ofConfined()) {
            y = probe.run(arena, "forward", Tensor.of(arena, new float[] {1, 2}, 2)).output(0);
            assertEquals(3f, y.get(0));
        }
        assertThrows(IllegalStateException.class, () -> y.get(0));
    }

    @Test
    void badModelFilesAreNamed(@TempDir Path dir) throws Exception {
        TorchException missing = assertThrows(TorchException.class, () -> runtime.load(dir.resolve("none.pt")));
        assertEquals(TorchException.Kind.BAD_MODEL, missing.kind());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        TorchException folder = assertThrows(TorchException.class, () -> runtime.load(dir));
        assertTrue(folder.getMessage().contains("not a readable file"), folder.getMessage());
        TorchException garbage = assertThrows(TorchException.class,
                () -> runtime.load(TorchAvailable.model("not-a-model.pt")));
        assertEquals(TorchException.Kind.BAD_MODEL, garbage.kind());
        assertTrue(garbage.getMessage().contains("could not be loaded as TorchScript"), garbage.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.pt"));
        assertEquals(TorchException.Kind.BAD_MODEL,
                assertThrows(TorchException.class, () -> runtime.load(empty)).kind());
    }

    @Test
    void aClosedModuleSaysSo() {
        TorchModule m = runtime.load(TorchAvailable.model("probe.pt"));
        m.close();
        m.close();
        try (Arena arena = Arena.ofConfined()) {
            TorchException e = assertThrows(TorchException.class,
                    () -> m.run(arena, "forward", Tensor.allocate(arena, 1)));
            assertTrue(e.getMessage().contains("was closed"), e.getMessage());
        }
    }

    @Test
    void modulesCanBeUsedFromManyThreadsOneCallAtATime() throws Exception {
        Thread[] threads = new Thread[4];
        Throwable[] failures = new Throwable[threads.length];
        for (int t = 0; t < threads.length; t++) {
            final int id = t;
            threads[t] = new Thread(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    for (int k = 0; k < 50; k++) {
                        float v = id * 100 + k;
                        assertEquals(2 * v + 1, probe.run(arena, "forward", Tensor.of(arena, new float[] {v}, 1))
                                .output(0).get(0));
                    }
                } catch (Throwable e) {
                    failures[id] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Throwable f : failures) {
            if (f != null) {
                throw new AssertionError(f);
            }
        }
    }
}
