package dev.diffink.raster;

/**
 * Adjoint arrays for the parameters of a {@link PackedScene}: each has the layout of the array it
 * is named after ({@code dPoints} like {@code points}, and so on). The backward pass adds into
 * them; a {@code null} array means "do not compute this gradient", which also skips the work.
 */
public final class SceneGradient {
    public final float[] dPoints;
    public final float[] dStrokeWidths;
    public final float[] dPaintParams;
    public final float[] dOpacities;

    public SceneGradient(float[] dPoints, float[] dStrokeWidths, float[] dPaintParams, float[] dOpacities) {
        this.dPoints = dPoints;
        this.dStrokeWidths = dStrokeWidths;
        this.dPaintParams = dPaintParams;
        this.dOpacities = dOpacities;
    }

    /** Zeroed adjoints for every parameter of {@code scene}. */
    public static SceneGradient allFor(PackedScene scene) {
        return new SceneGradient(new float[scene.points.length], new float[scene.drawCount],
                new float[scene.paintParams.length], new float[scene.drawCount]);
    }

    /** Sets every present adjoint to zero. */
    public void clear() {
        if (dPoints != null) java.util.Arrays.fill(dPoints, 0f);
        if (dStrokeWidths != null) java.util.Arrays.fill(dStrokeWidths, 0f);
        if (dPaintParams != null) java.util.Arrays.fill(dPaintParams, 0f);
        if (dOpacities != null) java.util.Arrays.fill(dOpacities, 0f);
    }

    boolean wantsGeometry() {
        return dPoints != null || dStrokeWidths != null;
    }

    boolean wantsPaint() {
        return dPaintParams != null || dOpacities != null;
    }
}
