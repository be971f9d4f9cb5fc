package dev.diffink.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.diffink.torch.TorchException;
import dev.diffink.torch.TorchRuntime;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate of the tests that run models: they fail when the torch runtime cannot load, unless
 * DIFFINK_SKIP_TORCH=1 says this machine has no libtorch on purpose (then they are skipped).
 */
public final class TorchGate {
    private TorchGate() {}

    public static TorchRuntime require() {
        if ("1".equals(System.getenv("DIFFINK_SKIP_TORCH"))) {
            Assumptions.abort("DIFFINK_SKIP_TORCH=1: torch runtime tests skipped");
        }
        try {
            return TorchRuntime.get();
        } catch (TorchException e) {
            return fail("the torch runtime is needed by this test (set DIFFINK_SKIP_TORCH=1 to skip it): " + e.getMessage());
        }
    }

    /** A model from src/test/resources/models. */
    public static Path model(String name) {
        try {
            return Path.of(TorchGate.class.getResource("/models/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
