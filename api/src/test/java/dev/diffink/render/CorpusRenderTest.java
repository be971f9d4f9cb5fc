package dev.diffink.render;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.diffink.scene.Rgba;
import dev.diffink.svg.SvgImporter;
import dev.diffink.testing.ImageCompare;
import dev.diffink.testing.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every hand-made emoji SVG of the shared corpus renders like the PNG beside it (made by
 * rsvg-convert -w 256 -h 256 -b white): PSNR at least 40 dB.
 */
class CorpusRenderTest {

    @Test
    void emojiRenderLikeTheirReferencePngs() throws IOException {
        Path corpus = TestPaths.corpus();
        assumeTrue(Files.isDirectory(corpus), "no corpus at " + corpus);
        List<String> failures = new ArrayList<>();
        List<String> report = new ArrayList<>();
        List<Path> svgs;
        try (Stream<Path> s = Files.list(corpus)) {
            svgs = s.filter(p -> p.toString().endsWith(".svg")).sorted().toList();
        }
        assertTrue(svgs.size() >= 40, "expected the corpus's emoji, found " + svgs.size());
        try (Renderer renderer = new Renderer(2)) {
            for (Path svg : svgs) {
                Path png = svg.resolveSibling(svg.getFileName().toString().replace(".svg", ".png"));
                var result = SvgImporter.importFile(svg, SvgImporter.Options.DEFAULT);
                float[] ours = renderer.render(result.scene(), 256, 256, Rgba.WHITE);
                float[] ref = Images.toPremultiplied(Images.readImage(png));
                double psnr = ImageCompare.psnrOnWhite(ours, ref);
                report.add(String.format("%-40s %6.2f dB %s", svg.getFileName(), psnr, result.warnings()));
                if (psnr < 40) failures.add(svg.getFileName() + String.format(" %.2f dB", psnr));
            }
        }
        System.out.println(String.join("\n", report));
        assertTrue(failures.isEmpty(), "below 40 dB: " + failures);
    }
}
