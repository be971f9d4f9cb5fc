package dev.diffink.torch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One TorchScript model loaded into libtorch on the CPU, in evaluation mode.
 *
 * <p>Methods take float tensors and return float tensors (a method returning a tuple or list gives
 * one output per tensor). {@link #gradient} also returns the gradient of one scalar output with
 * respect to chosen inputs. Outputs live in the caller's {@link Arena}: they are released when it
 * closes. Calls on one module are serialised; close the module when done (it is also safe to
 * close twice).
 */
public final class TorchModule implements AutoCloseable {
    /** Outputs of one call, then the gradients asked for, in input order. */
    public record Result(List<Tensor> outputs, List<Tensor> gradients) {
        public Result {
            outputs = List.copyOf(outputs);
            gradients = List.copyOf(gradients);
        }

        public Tensor output(int i) {
            return outputs.get(i);
        }

        public Tensor gradient(int i) {
            return gradients.get(i);
        }
    }

    /**
     * A forward pass whose graph is kept (see {@link #record}): its outputs now, the gradients
     * later, once, through {@link #backward}. Lives in the arena of the call that made it.
     */
    public final class Recorded {
        private final MemorySegment result;
        private final List<Tensor> outputs;
        private boolean used;

        private Recorded(MemorySegment result, List<Tensor> outputs) {
            this.result = result;
            this.outputs = outputs;
        }

        public List<Tensor> outputs() {
            return outputs;
        }

        public Tensor output(int i) {
            return outputs.get(i);
        }

        /**
         * Gradients of {@code sum(output[k] * weight)} (weight null: output k must be a scalar) with
         * respect to the recorded inputs, in input order, living in {@code arena}. Once only.
         */
        public List<Tensor> backward(Arena arena, int output, Tensor weight) {
            synchronized (TorchModule.this) {
                live();
                if (used) {
                    throw new TorchException(TorchException.Kind.BAD_CALL, "backward was already taken for this forward pass");
                }
                if (!result.scope().isAlive()) {
                    throw new TorchException(TorchException.Kind.BAD_CALL,
                            "the arena of this forward pass was closed; its graph is gone");
                }
                used = true;
                Shim shim = runtime.shim;
                MemorySegment grads;
                try (Arena call = Arena.ofConfined()) {
                    MemorySegment weightStruct = MemorySegment.NULL;
                    if (weight != null) {
                        weightStruct = call.allocate(Shim.DT_TENSOR);
                        describe(call, weightStruct, 0, weight);
                    }
                    MemorySegment err = call.allocate(ADDRESS);
                    grads = (MemorySegment) shim.resultBackward.invokeExact(result, output, weightStruct, err);
                    if (grads.equals(MemorySegment.NULL)) {
                        String detail = shim.takeError(err);
                        throw new TorchException(TorchException.Kind.RUNTIME, "model " + path.getFileName()
                                + ", backward: " + TorchException.usefulLine(detail), detail);
                    }
                } catch (TorchException e) {
                    throw e;
                } catch (Throwable t) {
                    throw new TorchException(TorchException.Kind.RUNTIME, "dt_result_backward failed: " + t);
                }
                return collect(arena, grads).gradients();
            }
        }
    }

    private final TorchRuntime runtime;
    private final Path path;
    private final Map<String, String> extraFiles;
    private final Map<String, int[]> arity = new HashMap<>();
    private MemorySegment handle;

    private TorchModule(TorchRuntime runtime, Path path, MemorySegment handle, Map<String, String> extraFiles) {
        this.runtime = runtime;
        this.path = path;
        this.handle = handle;
        this.extraFiles = Map.copyOf(extraFiles);
    }

    static TorchModule load(TorchRuntime runtime, Path model, String... extraNames) {
        if (!Files.exists(model)) {
            throw new TorchException(TorchException.Kind.BAD_MODEL, "model file " + model + " does not exist");
        }
        if (!Files.isRegularFile(model) || !Files.isReadable(model)) {
            throw new TorchException(TorchException.Kind.BAD_MODEL, "model " + model + " is not a readable file");
        }
        Shim shim = runtime.shim;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment names = arena.allocate(ADDRESS, Math.max(1, extraNames.length));
            for (int i = 0; i < extraNames.length; i++) {
                names.setAtIndex(ADDRESS, i, arena.allocateFrom(extraNames[i]));
            }
            MemorySegment err = arena.allocate(ADDRESS);
            MemorySegment handle = (MemorySegment) shim.load.invokeExact(
                    arena.allocateFrom(model.toAbsolutePath().toString()), extraNames.length, names, err);
            if (handle.equals(MemorySegment.NULL)) {
                String detail = shim.takeError(err);
                throw new TorchException(TorchException.Kind.BAD_MODEL, "model " + model
                        + " could not be loaded as TorchScript: " + TorchException.usefulLine(detail)
                        + " (is it a torch.jit.save archive, exported with a torch no newer than its operators "
                        + "allow for libtorch " + runtime.torchVersion() + "?)", detail);
            }
            Map<String, String> extras = new HashMap<>();
            MemorySegment length = arena.allocate(JAVA_LONG);
            for (String name : extraNames) {
                MemorySegment data = (MemorySegment) shim.moduleExtra.invokeExact(handle, arena.allocateFrom(name), length);
                if (!data.equals(MemorySegment.NULL)) {
                    byte[] bytes = data.reinterpret(length.get(JAVA_LONG, 0)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                    extras.put(name, new String(bytes, StandardCharsets.UTF_8));
                }
            }
            return new TorchModule(runtime, model, handle, extras);
        } catch (TorchException e) {
            throw e;
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.RUNTIME, "loading " + model + " failed: " + t);
        }
    }

    public Path path() {
        return path;
    }

    /** An extra file the archive carries (torch.jit.save's _extra_files), if it was asked for at load. */
    public Optional<String> extraFile(String name) {
        return Optional.ofNullable(extraFiles.get(name));
    }

    public synchronized boolean hasMethod(String method) {
        MemorySegment h = live();
        try (Arena arena = Arena.ofConfined()) {
            return (int) runtime.shim.hasMethod.invokeExact(h, arena.allocateFrom(method)) == 1;
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.RUNTIME, "dt_has_method failed: " + t);
        }
    }

    /** The method's TorchScript schema, e.g. {@code forward(__torch__.Net self, Tensor x) -> Tensor}. */
    public synchronized String schema(String method) {
        MemorySegment h = live();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(ADDRESS);
            MemorySegment text = (MemorySegment) runtime.shim.methodSchema.invokeExact(h, arena.allocateFrom(method), err);
            if (text.equals(MemorySegment.NULL)) {
                throw new TorchException(TorchException.Kind.BAD_MODEL, "model " + path + ": "
                        + TorchException.usefulLine(runtime.shim.takeError(err)));
            }
            return runtime.shim.takeString(text);
        } catch (TorchException e) {
            throw e;
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.RUNTIME, "dt_method_schema failed: " + t);
        }
    }

    /** Runs a method with no gradient; outputs live in {@code arena}. */
    public Result run(Arena arena, String method, Tensor... inputs) {
        return call(arena, method, -1, null, null, inputs);
    }

    /**
     * Runs a method and differentiates its output number {@code output} (which must hold one value)
     * with respect to every input {@code i} with {@code wrt[i]}; the result's gradients come in input order.
     */
    public Result gradient(Arena arena, String method, int output, boolean[] wrt, Tensor... inputs) {
        if (output < 0) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "output index must be >= 0, got " + output);
        }
        if (wrt.length != inputs.length) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "wrt has " + wrt.length + " flags for "
                    + inputs.length + " inputs");
        }
        return call(arena, method, output, wrt, null, inputs);
    }

    /**
     * A vector-Jacobian product: runs a method and returns, besides its outputs, the gradient of
     * {@code sum(output[k] * weight)} with respect to every input {@code i} with {@code wrt[i]}.
     * {@code weight} must have the shape of output {@code k}; this is how a caller chains its own
     * derivative (of a loss computed in Java from the output) back through the model.
     */
    public Result vjp(Arena arena, String method, int output, Tensor weight, boolean[] wrt, Tensor... inputs) {
        if (output < 0) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "output index must be >= 0, got " + output);
        }
        if (wrt.length != inputs.length) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "wrt has " + wrt.length + " flags for "
                    + inputs.length + " inputs");
        }
        return call(arena, method, output, wrt, java.util.Objects.requireNonNull(weight, "weight"), inputs);
    }

    private synchronized Result call(Arena arena, String method, int gradOutput, boolean[] wrt, Tensor weight,
            Tensor... inputs) {
        MemorySegment h = live();
        checkArity(method, inputs.length);
        Shim shim = runtime.shim;
        MemorySegment result;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment structs = call.allocate(Shim.DT_TENSOR, Math.max(1, inputs.length));
            for (int i = 0; i < inputs.length; i++) {
                describe(call, structs, i, inputs[i]);
            }
            MemorySegment weightStruct = MemorySegment.NULL;
            if (weight != null) {
                weightStruct = call.allocate(Shim.DT_TENSOR);
                describe(call, weightStruct, 0, weight);
            }
            MemorySegment flags = MemorySegment.NULL;
            if (wrt != null) {
                flags = call.allocate(JAVA_INT, Math.max(1, wrt.length));
                for (int i = 0; i < wrt.length; i++) {
                    flags.setAtIndex(JAVA_INT, i, wrt[i] ? 1 : 0);
                }
            }
            MemorySegment err = call.allocate(ADDRESS);
            result = (MemorySegment) shim.run.invokeExact(h, call.allocateFrom(method), inputs.length, structs,
                    gradOutput, flags, weightStruct, err);
            if (result.equals(MemorySegment.NULL)) {
                String detail = shim.takeError(err);
                throw new TorchException(TorchException.Kind.RUNTIME, "model " + path.getFileName() + ", method '"
                        + method + "': " + TorchException.usefulLine(detail), detail);
            }
        } catch (TorchException e) {
            throw e;
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.RUNTIME, "dt_run failed: " + t);
        }
        return collect(arena, result);
    }

    /**
     * Runs a method and keeps its graph from the inputs flagged in {@code wrt}, so the gradient of
     * a loss computed from its outputs (in Java) costs one backward pass and no second forward.
     */
    public synchronized Recorded record(Arena arena, String method, boolean[] wrt, Tensor... inputs) {
        if (wrt.length != inputs.length) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "wrt has " + wrt.length + " flags for "
                    + inputs.length + " inputs");
        }
        MemorySegment h = live();
        checkArity(method, inputs.length);
        Shim shim = runtime.shim;
        MemorySegment result;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment structs = call.allocate(Shim.DT_TENSOR, Math.max(1, inputs.length));
            MemorySegment flags = call.allocate(JAVA_INT, Math.max(1, wrt.length));
            for (int i = 0; i < inputs.length; i++) {
                describe(call, structs, i, inputs[i]);
                flags.setAtIndex(JAVA_INT, i, wrt[i] ? 1 : 0);
            }
            MemorySegment err = call.allocate(ADDRESS);
            result = (MemorySegment) shim.runRecorded.invokeExact(h, call.allocateFrom(method), inputs.length, structs,
                    flags, err);
            if (result.equals(MemorySegment.NULL)) {
                String detail = shim.takeError(err);
                throw new TorchException(TorchException.Kind.RUNTIME, "model " + path.getFileName() + ", method '"
                        + method + "': " + TorchException.usefulLine(detail), detail);
            }
        } catch (TorchException e) {
            throw e;
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.RUNTIME, "dt_run_recorded failed: " + t);
        }
        MemorySegment owned = own(arena, result);
        return new Recorded(owned, read(arena, owned).outputs());
    }

    /** Fills struct number i of a dt_tensor array to describe t (pointers into t's own memory). */
    private static void describe(Arena call, MemorySegment structs, int i, Tensor t) {
        MemorySegment shape = call.allocate(JAVA_LONG, Math.max(1, t.rank()));
        for (int d = 0; d < t.rank(); d++) {
            shape.setAtIndex(JAVA_LONG, d, t.dim(d));
        }
        // An empty tensor still needs a non-NULL data pointer.
        MemorySegment data = t.numel() == 0 ? call.allocate(JAVA_LONG) : t.segment();
        Shim.TENSOR_DATA.set(structs, 0L, (long) i, data);
        Shim.TENSOR_NDIM.set(structs, 0L, (long) i, t.rank());
        Shim.TENSOR_SHAPE.set(structs, 0L, (long) i, shape);
    }

    private Result collect(Arena arena, MemorySegment result) {
        return read(arena, own(arena, result));
    }

    /** Ties a dt_result to the caller's arena: freed when it closes, unusable after. */
    private MemorySegment own(Arena arena, MemorySegment result) {
        Shim shim = runtime.shim;
        return result.reinterpret(arena, r -> {
            try {
                shim.resultFree.invokeExact(r);
            } catch (Throwable t) {
                throw new AssertionError("dt_result_free failed", t);
            }
        });
    }

    /** The tensors of an owned result, as views living in the same arena. */
    private Result read(Arena arena, MemorySegment owned) {
        Shim shim = runtime.shim;
        try {
            int outputs = (int) shim.resultOutputs.invokeExact(owned);
            int gradients = (int) shim.resultGradients.invokeExact(owned);
            List<Tensor> tensors = new ArrayList<>(outputs + gradients);
            for (int i = 0; i < outputs + gradients; i++) {
                int ndim = (int) shim.resultNdim.invokeExact(owned, i);
                MemorySegment shapePtr = ((MemorySegment) shim.resultShape.invokeExact(owned, i))
                        .reinterpret(Math.max(0, ndim) * JAVA_LONG.byteSize());
                long[] shape = new long[ndim];
                for (int d = 0; d < ndim; d++) {
                    shape[d] = shapePtr.getAtIndex(JAVA_LONG, d);
                }
                long numel = (long) shim.resultNumel.invokeExact(owned, i);
                MemorySegment data = (MemorySegment) shim.resultData.invokeExact(owned, i);
                MemorySegment view = numel == 0 ? arena.allocate(1).asSlice(0, 0)
                        : data.reinterpret(numel * Float.BYTES, arena, null);
                tensors.add(Tensor.wrap(view, shape));
            }
            return new Result(tensors.subList(0, outputs), tensors.subList(outputs, outputs + gradients));
        } catch (TorchException e) {
            throw e;
        } catch (Throwable t) {
            throw new TorchException(TorchException.Kind.RUNTIME, "reading the model's outputs failed: " + t);
        }
    }

    /** Checks the number of tensors against the method's schema before crossing into libtorch. */
    private void checkArity(String method, int given) {
        int[] range = arity.computeIfAbsent(method, m -> parseArity(schema(m)));
        if (given < range[0] || given > range[1]) {
            String takes = range[0] == range[1] ? String.valueOf(range[0]) : range[0] + " to " + range[1];
            throw new TorchException(TorchException.Kind.BAD_CALL, "model " + path.getFileName() + ": method '"
                    + method + "' takes " + takes + " tensor argument(s), " + given + " given (" + schema(method) + ")");
        }
    }

    /** {min, max} argument count after self, from a schema like {@code f(T self, Tensor a, int b=1) -> T}. */
    static int[] parseArity(String schema) {
        int open = schema.indexOf('(');
        int depth = 0;
        int close = -1;
        for (int i = open; i >= 0 && i < schema.length(); i++) {
            char c = schema.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
                if (depth == 0) {
                    close = i;
                    break;
                }
            }
        }
        if (open < 0 || close < 0) {
            return new int[] {0, Integer.MAX_VALUE};
        }
        List<String> params = new ArrayList<>();
        depth = 0;
        int start = open + 1;
        for (int i = open + 1; i <= close; i++) {
            char c = schema.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && i < close) {
                depth--;
            } else if ((c == ',' && depth == 0) || i == close) {
                String p = schema.substring(start, i).strip();
                if (!p.isEmpty()) {
                    params.add(p);
                }
                start = i + 1;
            }
        }
        if (!params.isEmpty() && params.getFirst().endsWith(" self")) {
            params.removeFirst();
        }
        int required = (int) params.stream().filter(p -> !p.contains("=")).count();
        return new int[] {required, params.size()};
    }

    private MemorySegment live() {
        if (handle == null) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "model " + path + " was closed");
        }
        return handle;
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            try {
                runtime.shim.moduleFree.invokeExact(handle);
            } catch (Throwable t) {
                throw new AssertionError("dt_module_free failed", t);
            } finally {
                handle = null;
            }
        }
    }

    @Override
    public String toString() {
        return "TorchModule[" + path + "]" + (handle == null ? " (closed)" : "");
    }
}
