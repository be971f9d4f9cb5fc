package dev.diffink.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The Java side alone: tensor checks, schema parsing, error-message trimming. No libtorch needed. */
class TensorAndMessagesTest {
    @Test
    void tensorsCheckTheirShape() {
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(assertThrows(TorchException.class, () -> Tensor.of(arena, new float[5], 2, 3))
                    .getMessage().contains("holds 6 values, but 5 were given"));
            assertTrue(assertThrows(TorchException.class, () -> Tensor.allocate(arena, 2, -1))
                    .getMessage().contains("negative dimension"));
            assertTrue(assertThrows(TorchException.class, () -> Tensor.allocate(arena, 1, 1, 1, 1, 1, 1, 1, 1, 1))
                    .getMessage().contains("at most 8 dimensions"));
            assertTrue(assertThrows(TorchException.class, () -> Tensor.allocate(arena, 1L << 20, 1L << 20))
                    .getMessage().contains("too large"));
            assertThrows(ArithmeticException.class, () -> Tensor.allocate(arena, Long.MAX_VALUE, 3));
            assertTrue(assertThrows(TorchException.class, () -> Tensor.wrap(MemorySegment.ofArray(new float[4]), 4))
                    .getMessage().contains("native memory"));
            Tensor t = Tensor.of(arena, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertArrayEquals(new long[] {2, 3}, t.shape());
            assertEquals(6, t.numel());
            assertEquals(24, t.segment().byteSize());
            t.set(5, 9);
            assertEquals(9, t.toArray()[5]);
            assertThrows(TorchException.class, t::item);
            long[] shape = t.shape();
            shape[0] = 7;
            assertEquals(2, t.dim(0), "the shape is copied out");
        }
    }

    @Test
    void schemaArity() {
        assertArrayEquals(new int[] {1, 1}, TorchModule.parseArity("forward(__torch__.Net self, Tensor x) -> Tensor"));
        assertArrayEquals(new int[] {0, 0}, TorchModule.parseArity("f(__torch__.Net self) -> Tensor"));
        assertArrayEquals(new int[] {2, 3}, TorchModule.parseArity(
                "g(__torch__.M self, Tensor a, Tensor b, int[] dims=[1, 2]) -> (Tensor, Tensor)"));
        assertArrayEquals(new int[] {2, 2}, TorchModule.parseArity("h(Tensor a, Tuple[int, int] b) -> Tensor"));
    }

    @Test
    void usefulLineOfATorchScriptError() {
        String traceback = """
                The following operation failed in the TorchScript interpreter.
                Traceback of TorchScript, serialized code (most recent call last):
                  File "code/__torch__.py", line 15, in fails
                      ops.prim.RaiseException(_1, "builtins.RuntimeError")
                      ~~~~~~~~~~~~~~~~~~~~~~~ <--- HERE
                builtins.RuntimeError: expected an image batch, got 2 dimensions
                """;
        assertEquals("expected an image batch, got 2 dimensions", TorchException.usefulLine(traceback));
        assertEquals("PytorchStreamReader failed reading zip archive: failed finding central directory",
                TorchException.usefulLine("PytorchStreamReader failed reading zip archive: failed finding central directory"));
        assertEquals("unknown libtorch error", TorchException.usefulLine("  \n"));
    }

    @Test
    void aFileThatIsNotTheShimIsRefusedWithAdvice(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path fake = java.nio.file.Files.writeString(dir.resolve("libdiffink_torch.so"), "not ELF");
        TorchException e = assertThrows(TorchException.class, () -> TorchRuntime.open(fake));
        assertEquals(TorchException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("cannot be loaded") && e.getMessage().contains("libtorch-dev"),
                e.getMessage());
    }

    @Test
    void aLibtorchFromAnotherFolderThanTheBuildsIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path built = java.nio.file.Files.createDirectories(dir.resolve("libtorch-1.13/lib"));
        java.nio.file.Path other = java.nio.file.Files.createDirectories(dir.resolve("libtorch-2.1/lib"));
        assertEquals(null, TorchRuntime.libtorchMismatch(built.toString(), built.resolve("libtorch_cpu.so").toString()));
        String problem = TorchRuntime.libtorchMismatch(built.toString(), other.resolve("libtorch_cpu.so").toString());
        assertTrue(problem != null && problem.contains("built against the libtorch in " + built), problem);
        assertTrue(TorchRuntime.libtorchMismatch(dir.resolve("gone").toString(),
                other.resolve("libtorch_cpu.so").toString()) != null, "a vanished build folder is refused");
        assertEquals(null, TorchRuntime.libtorchMismatch("", "/x/libtorch_cpu.so"));
    }
}
