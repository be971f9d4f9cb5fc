package dev.diffink.torch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A dense, row-major float32 tensor in native memory, as it crosses into libtorch: the shim reads
 * an input tensor in place (no copy) and hands outputs back in memory owned by the same
 * {@link Arena} as the call, so everything is released when that arena closes.
 *
 * <p>Guarantees: {@code 0 <= rank <= 8}, every dimension is non-negative, and the segment holds
 * exactly {@code 4 * numel()} bytes. The shape array is copied in and out; the data is not.
 */
public final class Tensor {
    /** Most dimensions a tensor may have (DT_MAX_DIMS in the C header). */
    public static final int MAX_RANK = 8;

    private final MemorySegment data;
    private final long[] shape;
    private final long numel;

    private Tensor(MemorySegment data, long[] shape, long numel) {
        this.data = data;
        this.shape = shape;
        this.numel = numel;
    }

    /** A zero-filled tensor of this shape, to be written through {@link #set} or {@link #segment()}. */
    public static Tensor allocate(Arena arena, long... shape) {
        long[] dims = checkedShape(shape);
        long n = count(dims);
        return new Tensor(arena.allocate(ValueLayout.JAVA_FLOAT, Math.max(1, n)).asSlice(0, n * Float.BYTES),
                dims, n);
    }

    /** A tensor holding a copy of {@code values}, which must have exactly prod(shape) entries. */
    public static Tensor of(Arena arena, float[] values, long... shape) {
        long[] dims = checkedShape(shape);
        long n = count(dims);
        if (n != values.length) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "a tensor of shape " + Arrays.toString(dims)
                    + " holds " + n + " values, but " + values.length + " were given");
        }
        Tensor t = allocate(arena, dims);
        MemorySegment.copy(values, 0, t.data, ValueLayout.JAVA_FLOAT, 0, values.length);
        return t;
    }

    /** A view of native memory someone else owns (no copy); its size must match the shape. */
    public static Tensor wrap(MemorySegment segment, long... shape) {
        long[] dims = checkedShape(shape);
        long n = count(dims);
        if (segment.byteSize() != n * Float.BYTES) {
            throw new TorchException(TorchException.Kind.BAD_CALL, "a tensor of shape " + Arrays.toString(dims)
                    + " needs " + n * Float.BYTES + " bytes, the segment has " + segment.byteSize());
        }
        if (!segment.isNative()) {
            throw new TorchException(TorchException.Kind.BAD_CALL,
                    "tensors must live in native memory (allocate them from an Arena)");
        }
        return new Tensor(segment, dims, n);
    }

    private static long[] checkedShape(long[] shape) {
        if (shape.length > MAX_RANK) {
            throw new TorchException(TorchException.Kind.BAD_CALL,
                    "tensors have at most " + MAX_RANK + " dimensions, got " + shape.length);
        }
        for (long d : shape) {
            if (d < 0) {
                throw new TorchException(TorchException.Kind.BAD_CALL,
                        "negative dimension in tensor shape " + Arrays.toString(shape));
            }
        }
        count(shape);
        return shape.clone();
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE / Float.BYTES) {
            throw new TorchException(TorchException.Kind.BAD_CALL,
                    "tensor of shape " + Arrays.toString(shape) + " is too large (" + n + " values)");
        }
        return n;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    public long numel() {
        return numel;
    }

    /** The data itself (not a copy): 4 * numel() bytes of native-order floats. */
    public MemorySegment segment() {
        return data;
    }

    public float get(long index) {
        return data.getAtIndex(ValueLayout.JAVA_FLOAT, index);
    }

    public void set(long index, float value) {
        data.setAtIndex(ValueLayout.JAVA_FLOAT, index, value);
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel != 1) {
            throw new TorchException(TorchException.Kind.BAD_CALL,
                    "item() of a tensor with " + numel + " values, shape " + Arrays.toString(shape));
        }
        return get(0);
    }

    /** A copy of the values on the Java heap. */
    public float[] toArray() {
        return data.toArray(ValueLayout.JAVA_FLOAT);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
