package dev.diffink.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffink.cli.DiffInkCliTest.Run;
import dev.diffink.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorizeCommandTest {
    @TempDir
    Path dir;

    Path example() {
        return TestPaths.root().resolve("examples/shapes.png");
    }

    @Test
    void writesASvgWithinTheBudgetAndReportsJson() throws Exception {
        Path out = dir.resolve("shapes.svg");
        Run r = DiffInkCliTest.run("vectorize", example().toString(), "-o", out.toString(), "--max-bytes", "3000",
                "--iterations", "40", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(Files.size(out), j.get("bytes").asLong());
        assertTrue(Files.size(out) <= 3000);
        assertTrue(j.get("psnr_db").asDouble() > 30, r.out());
        assertTrue(j.get("ssim").asDouble() > 0.98, r.out());
        assertEquals(40, j.get("iterations").asInt());
        assertTrue(j.get("stage_ms").has("refine"));
        assertTrue(r.err().contains("wrote"), r.err());
        // The output is an SVG DiffInk itself reads and that breaks no rule.
        assertEquals(0, DiffInkCliTest.run("check", "--profile", "kaggle", out.toString()).code());
    }

    @Test
    void badInputFailsClearlyAndWritesNothing() throws Exception {
        Path out = dir.resolve("out.svg");
        Path notImage = dir.resolve("x.png");
        Files.writeString(notImage, "not an image");
        Run r = DiffInkCliTest.run("vectorize", notImage.toString(), "-o", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not an image"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(2, DiffInkCliTest.run("vectorize", example().toString(), "-o", out.toString(), "--preset",
                "slow").code());
        assertEquals(2, DiffInkCliTest.run("vectorize", example().toString(), "-o", out.toString(), "--max-bytes",
                "10").code());
        Path copy = dir.resolve("in.png");
        Files.copy(example(), copy);
        byte[] before = Files.readAllBytes(copy);
        assertEquals(2, DiffInkCliTest.run("vectorize", copy.toString(), "-o", copy.toString()).code());
        assertArrayEquals(before, Files.readAllBytes(copy));
        assertFalse(Files.exists(out));
    }
}
