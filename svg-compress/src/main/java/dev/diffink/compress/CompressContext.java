package dev.diffink.compress;

import java.util.ArrayList;
import java.util.List;

/**
 * What passes share: the coordinate precision chosen for this document (decimal places), and the
 * warnings they raise for the user.
 */
public final class CompressContext {
    /** Decimal places for geometry; set before geometric passes run. */
    public int decimals;
    public final List<String> warnings = new ArrayList<>();

    public CompressContext(int decimals) {
        this.decimals = decimals;
    }

    public void warn(String message) {
        if (!warnings.contains(message)) warnings.add(message);
    }
}
