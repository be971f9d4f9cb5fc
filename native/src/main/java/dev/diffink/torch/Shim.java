package dev.diffink.torch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * Method handles for every function in {@code diffink_torch.h}, bound once. Nothing here checks
 * arguments: {@link TorchRuntime} and {@link TorchModule} do, before calling.
 */
final class Shim {
    /** Interface version this Java code was written against (DT_ABI_VERSION). */
    static final int ABI_VERSION = 1;

    /** struct dt_tensor { const float *data; int32_t ndim; const int64_t *shape; } */
    static final StructLayout DT_TENSOR = MemoryLayout.structLayout(
            ADDRESS.withName("data"),
            JAVA_INT.withName("ndim"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("shape")).withName("dt_tensor");
    static final VarHandle TENSOR_DATA = DT_TENSOR.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("data"));
    static final VarHandle TENSOR_NDIM = DT_TENSOR.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("ndim"));
    static final VarHandle TENSOR_SHAPE = DT_TENSOR.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("shape"));

    final MethodHandle abiVersion;
    final MethodHandle torchVersion;
    final MethodHandle torchBuildDir;
    final MethodHandle torchLoadedLibrary;
    final MethodHandle getNumThreads;
    final MethodHandle setNumThreads;
    final MethodHandle load;
    final MethodHandle moduleFree;
    final MethodHandle hasMethod;
    final MethodHandle methodSchema;
    final MethodHandle moduleExtra;
    final MethodHandle run;
    final MethodHandle runRecorded;
    final MethodHandle resultBackward;
    final MethodHandle resultOutputs;
    final MethodHandle resultGradients;
    final MethodHandle resultNdim;
    final MethodHandle resultShape;
    final MethodHandle resultNumel;
    final MethodHandle resultData;
    final MethodHandle resultFree;
    final MethodHandle freeString;

    private Shim(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        Binder b = (name, descriptor) -> linker.downcallHandle(lib.findOrThrow(name), descriptor);
        abiVersion = b.bind("dt_abi_version", FunctionDescriptor.of(JAVA_INT));
        torchVersion = b.bind("dt_torch_version", FunctionDescriptor.of(ADDRESS));
        torchBuildDir = b.bind("dt_torch_build_dir", FunctionDescriptor.of(ADDRESS));
        torchLoadedLibrary = b.bind("dt_torch_loaded_library", FunctionDescriptor.of(ADDRESS));
        getNumThreads = b.bind("dt_get_num_threads", FunctionDescriptor.of(JAVA_INT));
        setNumThreads = b.bind("dt_set_num_threads", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        load = b.bind("dt_load", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        moduleFree = b.bind("dt_module_free", FunctionDescriptor.ofVoid(ADDRESS));
        hasMethod = b.bind("dt_has_method", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        methodSchema = b.bind("dt_method_schema", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        moduleExtra = b.bind("dt_module_extra", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        run = b.bind("dt_run", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS));
        runRecorded = b.bind("dt_run_recorded", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS));
        resultBackward = b.bind("dt_result_backward", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS));
        resultOutputs = b.bind("dt_result_outputs", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        resultGradients = b.bind("dt_result_gradients", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        resultNdim = b.bind("dt_result_ndim", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        resultShape = b.bind("dt_result_shape", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        resultNumel = b.bind("dt_result_numel", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));
        resultData = b.bind("dt_result_data", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        resultFree = b.bind("dt_result_free", FunctionDescriptor.ofVoid(ADDRESS));
        freeString = b.bind("dt_free_string", FunctionDescriptor.ofVoid(ADDRESS));
    }

    @FunctionalInterface
    private interface Binder {
        MethodHandle bind(String name, FunctionDescriptor descriptor);
    }

    /** Opens the shared library (for the life of the process) and binds its functions. */
    static Shim open(Path library) {
        return new Shim(SymbolLookup.libraryLookup(library, Arena.global()));
    }

    /** A NUL-terminated string the library owns (static storage): read, never freed. */
    static String staticString(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? "" : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Reads and frees a malloc'd string the library handed over. */
    String takeString(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return null;
        }
        try {
            return pointer.reinterpret(Long.MAX_VALUE).getString(0);
        } finally {
            try {
                freeString.invokeExact(pointer);
            } catch (Throwable t) {
                throw new AssertionError("dt_free_string failed", t);
            }
        }
    }

    /** The error message stored through an err out-parameter, freed. */
    String takeError(MemorySegment errSlot) {
        String message = takeString(errSlot.get(ADDRESS, 0));
        return message == null ? "libtorch reported a failure without a message" : message;
    }
}
