package dev.diffink.torch;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The native tests' gate: they run whenever the torch runtime can load and fail when it cannot,
 * unless DIFFINK_SKIP_TORCH=1 says this machine has no libtorch on purpose (then they are skipped
 * with that reason).
 */
final class TorchAvailable {
    static final String SKIP_ENV = "DIFFINK_SKIP_TORCH";

    private TorchAvailable() {
    }

    static TorchRuntime runtime() {
        if ("1".equals(System.getenv(SKIP_ENV))) {
            Assumptions.abort(SKIP_ENV + "=1: torch runtime tests skipped");
        }
        try {
            return TorchRuntime.get();
        } catch (TorchException e) {
            return fail("the torch runtime is needed by this test (set " + SKIP_ENV + "=1 to skip it): "
                    + e.getMessage());
        }
    }

    static Path model(String name) {
        try {
            return Path.of(TorchAvailable.class.getResource("/models/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
