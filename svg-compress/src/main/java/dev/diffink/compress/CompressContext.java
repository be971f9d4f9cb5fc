package dev.diffink.compress;

import java.util.ArrayList;
import java.util.List;

/**
 * What passes share: the coordinate precision chosen for this document (decimal places), the
 * size of a pixel in user units at the document's natural size, and the warnings they raise.
 */
public final class CompressContext {
    /** Decimal places for geometry; set before geometric passes run. */
    public int decimals;
    /** User units per pixel at 1x (the natural size); geometric tolerances are fractions of it. */
    public double unitsPerPixel = 1;
    /**
     * The largest change of geometry, in user units, that cannot show: 1/255 of a pixel at 4x,
     * so that an anti-aliased edge moves by at most 1/255 of its contrast.
     */
    public double invisible() {
        return unitsPerPixel / (4 * 255);
    }
    public final List<String> warnings = new ArrayList<>();
    /** The grid at which the viewBox rescale was last tried, or -1. */
    public int rescaleTriedAt = -1;
    /**
     * Path data the encoder wrote at the current {@link #decimals} (the very strings, by identity):
     * encoding them again would give the same text, so a second round skips them.
     */
    public final java.util.Set<String> encoded = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    public CompressContext(int decimals) {
        this.decimals = decimals;
    }

    public void warn(String message) {
        if (!warnings.contains(message)) warnings.add(message);
    }
}
