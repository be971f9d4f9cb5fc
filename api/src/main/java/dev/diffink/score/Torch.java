package dev.diffink.score;

import dev.diffink.DiffInkException;
import dev.diffink.torch.TorchException;
import dev.diffink.torch.TorchRuntime;
import java.util.function.Supplier;

/** The torch runtime seen from DiffInk's commands: its failures as {@link DiffInkException}s. */
public final class Torch {
    private Torch() {}

    /** The runtime, or a MISSING_DEPENDENCY error saying what to install. */
    public static TorchRuntime runtime() {
        return call(TorchRuntime::get);
    }

    /** Runs a torch call, turning a {@link TorchException} into the DiffInk error of the same meaning. */
    public static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (TorchException e) {
            throw translate(e);
        }
    }

    public static DiffInkException translate(TorchException e) {
        DiffInkException.Kind kind = switch (e.kind()) {
            case UNAVAILABLE -> DiffInkException.Kind.MISSING_DEPENDENCY;
            // A model that fails on the input DiffInk gives it (wrong shapes, an exception in its
            // code) is a bad model for this use: the user's fix is another model, so exit code 2.
            case BAD_MODEL, BAD_CALL, RUNTIME -> DiffInkException.Kind.BAD_INPUT;
        };
        String message = e.kind() == TorchException.Kind.RUNTIME ? "the model failed: " + e.getMessage() : e.getMessage();
        return new DiffInkException(kind, message, e);
    }
}
