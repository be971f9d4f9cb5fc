package dev.diffink.svg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.render.Renderer;
import dev.diffink.scene.Scene;
import dev.diffink.testing.ImageCompare;
import dev.diffink.testing.TestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Writing a scene and reading it back gives the same picture. */
class SvgWriterTest {

    @Test
    void everyGoldenSceneSurvivesARoundTrip() throws Exception {
        Path dir = TestPaths.root().resolve("api/src/test/resources/golden");
        try (Stream<Path> files = Files.walk(dir); Renderer r = new Renderer(2)) {
            for (Path svg : files.filter(p -> p.toString().endsWith(".svg")).sorted().toList()) {
                Scene original = SvgImporter.importFile(svg, SvgImporter.Options.DEFAULT).scene();
                String written = SvgWriter.write(original);
                Scene reread = SvgImporter.importBytes(written.getBytes(StandardCharsets.UTF_8), "written",
                        SvgImporter.Options.DEFAULT).scene();
                int w = (int) Math.round(original.width()), h = (int) Math.round(original.height());
                float[] a = r.render(original, w, h, null), b = r.render(reread, w, h, null);
                double psnr = ImageCompare.psnrOnWhite(a, b);
                assertTrue(psnr > 60, svg.getFileName() + ": round trip PSNR " + psnr + "\n" + written);
            }
        }
    }
}
