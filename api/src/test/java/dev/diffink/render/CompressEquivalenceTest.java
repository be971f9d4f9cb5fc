package dev.diffink.render;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.diffink.compress.Compressor;
import dev.diffink.compress.SvgParser;
import dev.diffink.scene.Scene;
import dev.diffink.svg.SvgImporter;
import dev.diffink.testing.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lossless promise on every hand-made SVG of the corpus, as {@code diffink compress} runs it:
 * the output renders within 2/255 per channel of the input at 1x and 4x, with DiffInk's renderer
 * (at the fine check tolerance, rendered here independently of the compressor's own check) and
 * with librsvg's {@code rsvg-convert}. Without rsvg-convert the second half is skipped, unless
 * {@code DIFFINK_REQUIRE_RSVG=1} (as CI sets it), which makes its absence a failure. The output
 * is never larger than the input.
 */
class CompressEquivalenceTest {
    private static final double TOLERANCE = Compressor.LOSSLESS_TOLERANCE;
    private static CheckRenderer checker;
    private static Renderer renderer;

    @BeforeAll
    static void start() {
        checker = new CheckRenderer(2, SvgImporter.Options.DEFAULT);
        renderer = new Renderer(2, Renderer.CHECK_TOLERANCE);
    }

    @AfterAll
    static void stop() {
        checker.close();
        renderer.close();
    }

    static List<Path> corpus() throws IOException {
        Path corpus = TestPaths.corpus();
        assumeTrue(Files.isDirectory(corpus), "no corpus at " + corpus);
        try (Stream<Path> files = Files.list(corpus)) {
            return files.filter(p -> p.toString().endsWith(".svg")).sorted().toList();
        }
    }

    record Case(Path file, String input, String output, int width, int height) {}

    static List<Case> compressed;

    static synchronized List<Case> compressed() throws IOException {
        if (compressed != null) return compressed;
        List<Case> out = new ArrayList<>();
        for (Path f : corpus()) {
            byte[] bytes = Files.readAllBytes(f);
            Compressor.Result r = Compressor.compress(bytes, f.toString(), new Compressor.Options(null, null, false,
                    checker, SvgParser.Limits.DEFAULT, null));
            assertTrue(r.outputBytes() <= r.inputBytes(), f + ": " + r.outputBytes() + " > " + r.inputBytes());
            Scene scene = SvgImporter.importBytes(bytes, f.toString(), SvgImporter.Options.DEFAULT).scene();
            int[] size = Renderer.outputSize(scene, null, null, 512);
            out.add(new Case(f, new String(bytes, StandardCharsets.UTF_8), r.svg(), size[0], size[1]));
        }
        compressed = out;
        return out;
    }

    private float[] ours(String svg, int w, int h) {
        Scene s = SvgImporter.importBytes(svg.getBytes(StandardCharsets.UTF_8), "svg", SvgImporter.Options.DEFAULT)
                .scene();
        return renderer.render(s, w, h, null);
    }

    @Test
    void diffInkRendersTheOutputLikeTheInput() throws IOException {
        List<String> over = new ArrayList<>();
        for (Case c : compressed()) {
            for (int scale : new int[] {1, 4}) {
                int w = c.width * scale, h = c.height * scale;
                double d = Compressor.maxDiff(ours(c.input, w, h), ours(c.output, w, h));
                if (d > TOLERANCE) over.add(String.format(Locale.ROOT, "%s at %dx: %.1f/255", c.file.getFileName(), scale, d));
            }
        }
        assertTrue(over.isEmpty(), "over " + TOLERANCE + "/255: " + over);
    }

    @Test
    void librsvgRendersTheOutputLikeTheInput() throws IOException {
        boolean required = "1".equals(System.getenv("DIFFINK_REQUIRE_RSVG"));
        if (!RsvgReference.available()) {
            assertTrue(!required, "DIFFINK_REQUIRE_RSVG=1 but rsvg-convert is not installed (apt-get install librsvg2-bin)");
            assumeTrue(false, "rsvg-convert is not installed");
        }
        List<String> over = new ArrayList<>();
        for (Case c : compressed()) {
            for (int scale : new int[] {1, 4}) {
                int w = c.width * scale, h = c.height * scale;
                double d = Compressor.maxDiff(RsvgReference.render(c.input, w, h), RsvgReference.render(c.output, w, h));
                if (d > TOLERANCE) over.add(String.format(Locale.ROOT, "%s at %dx: %.0f/255", c.file.getFileName(), scale, d));
            }
        }
        assertTrue(over.isEmpty(), "over " + TOLERANCE + "/255: " + over);
    }
}
