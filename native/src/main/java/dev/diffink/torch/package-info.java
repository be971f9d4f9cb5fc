/**
 * DiffInk's torch runtime: TorchScript models run by libtorch behind a small C shim
 * ({@code native/shim/diffink_torch.h}), called through the FFM API (no JNI).
 *
 * <p>{@link dev.diffink.torch.TorchRuntime#get()} finds and loads the shim once per process;
 * {@link dev.diffink.torch.TorchModule} is one loaded model; {@link dev.diffink.torch.Tensor} is a
 * dense float32 array in native memory whose lifetime is an {@link java.lang.foreign.Arena}.
 * Everything that can go wrong (no shim, no libtorch, a model that does not load, a TorchScript
 * error) surfaces as a {@link dev.diffink.torch.TorchException} whose message says what to do.
 */
package dev.diffink.torch;
