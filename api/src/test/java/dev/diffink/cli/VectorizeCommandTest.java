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

    @Test
    void ctrlCWritesTheBestSvgSoFarAndNeverAHalfFile() throws Exception {
        // A separate JVM, interrupted with SIGINT (as Ctrl-C does) once refinement has started.
        Path out = dir.resolve("interrupted.svg");
        Files.writeString(out, "an older file the interrupted run replaces whole or not at all");
        java.util.List<String> cmd = java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.diffink.cli.DiffInkCli", "vectorize",
                TestPaths.root().resolve("examples/lighthouse.png").toString(), "-o", out.toString(), "--iterations",
                "100000", "--max-bytes", "4000", "--threads", "1");
        Process p = new ProcessBuilder(cmd).start();
        StringBuilder err = new StringBuilder();
        java.util.concurrent.CountDownLatch refining = new java.util.concurrent.CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
                    if (line.contains("kept for the")) refining.countDown();
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            assertTrue(refining.await(120, java.util.concurrent.TimeUnit.SECONDS), "refinement did not start: " + err);
            Thread.sleep(1500);
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "no exit after SIGINT");
        } finally {
            p.destroyForcibly();
        }
        reader.join(10_000);
        String log;
        synchronized (err) {
            log = err.toString();
        }
        assertTrue(log.contains("(interrupted)"), log);
        String svg = Files.readString(out);
        assertTrue(svg.startsWith("<svg") && svg.strip().endsWith("</svg>"), svg);
        assertTrue(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 4000);
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".part")));
        }
    }
}
