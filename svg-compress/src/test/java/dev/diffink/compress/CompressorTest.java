package dev.diffink.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How the compressor chooses among the grids its render check allows. */
class CompressorTest {

    /** Three quarter arcs: on a grid of 2 or 1 decimals their radii no longer fit, and they become longer cubics. */
    private static final String ARCS = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><path d=\""
            + "M20.125 10.5a4.305 4.305 0 0 0-3.81-3.23a2.715 2.715 0 0 1 1.43 2.86a6.125 6.125 0 0 0 4.18 5.27z\"/></svg>";

    private static final Pattern START = Pattern.compile(" d=\"M([-0-9.e]+)");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 ([-0-9.e]+)");

    /**
     * A stand-in renderer that sees only where the path starts, in canvas units: 100/255 per unit
     * (from x = 20), so that a shift of 0.005 (rounding 20.125 to 2 decimals) stays within
     * 2/255 and one of 0.025 (to 1 decimal) does not.
     */
    private static float[] render(String svg, int width, int height) {
        Matcher m = START.matcher(svg), v = VIEW_BOX.matcher(svg);
        assertTrue(m.find() && v.find(), svg);
        double x = Double.parseDouble(m.group(1)) * 32 / Double.parseDouble(v.group(1));
        float[] image = new float[4 * width * height];
        Arrays.fill(image, (float) ((x - 20) * 100 / 255));
        return image;
    }

    @Test
    void theShortestPassingGridWinsNotTheCoarsest() {
        byte[] in = ARCS.getBytes(StandardCharsets.UTF_8);
        Compressor.Result chosen = Compressor.compress(in, "arcs", new Compressor.Options(null, null, false,
                CompressorTest::render, SvgParser.Limits.DEFAULT, null));
        Compressor.Result three = Compressor.compress(in, "arcs", new Compressor.Options(3, null, false, null,
                SvgParser.Limits.DEFAULT, null));
        Compressor.Result two = Compressor.compress(in, "arcs", new Compressor.Options(2, null, false, null,
                SvgParser.Limits.DEFAULT, null));
        // The check allows 2 decimals, where the arcs become cubics: longer than at 3.
        assertTrue(two.outputBytes() > three.outputBytes(), two.svg() + " against " + three.svg());
        assertEquals(three.svg(), chosen.svg());
        assertTrue(chosen.maxDiff4x() <= Compressor.LOSSLESS_TOLERANCE);
    }
}
