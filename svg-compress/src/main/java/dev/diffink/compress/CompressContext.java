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
    /**
     * Decimal places for numbers in {@code e}'s own units: the grid's, plus as many as the
     * transforms on it and its ancestors magnify (a shape under {@code scale(100)} needs two more
     * for the same grid on the canvas). {@code e} may be null (the root's units).
     */
    public int decimalsFor(SvgDocument.Element e) {
        double s = magnification(e);
        int extra = s > 1 ? (int) Math.ceil(Math.log10(s) - 1e-9) : 0;
        return Math.min(Numbers.MAX_DECIMALS, decimals + Math.min(extra, Numbers.MAX_DECIMALS));
    }

    /** {@link #invisible()} in {@code e}'s own units. */
    public double invisibleFor(SvgDocument.Element e) {
        return invisible() / Math.max(1, magnification(e));
    }

    /**
     * How much the transforms on {@code e} and its ancestors enlarge a length at most (the longer
     * image of the two unit axes), 1 without transforms or when one cannot be read.
     */
    static double magnification(SvgDocument.Element e) {
        java.awt.geom.AffineTransform t = new java.awt.geom.AffineTransform();
        for (SvgDocument.Element p = e; p != null; p = p.parent()) {
            if (!p.has("transform")) continue;
            java.awt.geom.AffineTransform own = Geometry.transform(p.attr("transform"));
            if (own == null) return 1;
            t.preConcatenate(own);
        }
        double s = Math.max(Math.hypot(t.getScaleX(), t.getShearY()), Math.hypot(t.getShearX(), t.getScaleY()));
        return Double.isFinite(s) && s > 0 ? s : 1;
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
