package dev.diffink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffink.cli.DiffInkCliTest.Run;
import dev.diffink.testing.TestPaths;
import dev.diffink.testing.TorchGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** score, doctor and vectorize --prompt from the command line; missing pieces named with exit code 2. */
class ScoreCommandTest {
    @TempDir
    Path dir;

    static String tiny() {
        return TorchGate.model("tiny-scorer.pt").toString();
    }

    @Test
    void scoresABitmapAndAnSvgAgainstPrompts() throws Exception {
        TorchGate.require();
        Path png = TestPaths.root().resolve("examples/shapes.png");
        Run r = DiffInkCliTest.run("score", png.toString(), "--scorer", tiny(), "--prompt", "a red circle", "--prompt",
                "a blue zebra square", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(2, j.get("scores").size());
        for (JsonNode s : j.get("scores")) {
            double v = s.get("score").asDouble();
            assertTrue(v >= -1 && v <= 1, r.out());
        }
        assertTrue(r.err().contains("does not know zebra"), r.err());

        Path svg = dir.resolve("c.svg");
        Files.writeString(svg, "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='40'>"
                + "<circle cx='20' cy='20' r='12' fill='red'/></svg>");
        Run text = DiffInkCliTest.run("score", svg.toString(), "--scorer", tiny(), "--prompt", "a red circle");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().matches("(?s)[+-]\\d\\.\\d{4}  tiny-scorer\\.pt  a red circle\\R"), text.out());
    }

    @Test
    void badScorerInputsAreNamed() throws Exception {
        TorchGate.require();
        Path png = TestPaths.root().resolve("examples/shapes.png");
        Run missing = DiffInkCliTest.run("score", png.toString(), "--scorer", dir.resolve("none.pt").toString(),
                "--prompt", "a red circle");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Path garbage = Files.writeString(dir.resolve("garbage.pt"), "nope");
        Run bad = DiffInkCliTest.run("score", png.toString(), "--scorer", garbage.toString(), "--prompt", "a");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("could not be loaded as TorchScript"), bad.err());
        assertEquals(2, DiffInkCliTest.run("score", png.toString(), "--scorer", tiny(), "--prompt", " ").code());
        Run shapes = DiffInkCliTest.run("score", png.toString(), "--scorer",
                TorchGate.model("tiny-scorer-wrong-size.pt").toString(), "--prompt", "a red circle");
        assertEquals(2, shapes.code(), shapes.err());
        assertTrue(shapes.err().contains("the model failed") && shapes.err().contains("expects B x 3 x 16 x 16"),
                shapes.err());
        assertEquals(2, DiffInkCliTest.run("score", png.toString(), "--scorer", tiny(), "--scorer", tiny(),
                "--scorer-weight", "1", "--scorer-weight", "2", "--scorer-weight", "3", "--prompt", "a").code());
    }

    @Test
    void vectorizeOptimisesAgainstAPromptAndReportsTheScore() throws Exception {
        TorchGate.require();
        Path out = dir.resolve("o.svg");
        Run r = DiffInkCliTest.run("vectorize", TestPaths.root().resolve("examples/shapes.png").toString(), "-o",
                out.toString(), "--iterations", "12", "--max-bytes", "3000", "--scorer", tiny(), "--prompt",
                "a red circle", "--scorer-weight", "0.05", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("a red circle", j.get("scores").get(0).get("prompt").asText());
        assertTrue(Files.size(out) <= 3000);
        Run noPrompt = DiffInkCliTest.run("vectorize", TestPaths.root().resolve("examples/shapes.png").toString(), "-o",
                dir.resolve("p.svg").toString(), "--scorer", tiny());
        assertEquals(2, noPrompt.code());
        assertTrue(noPrompt.err().contains("need a --prompt"), noPrompt.err());
    }

    @Test
    void withoutTheTorchRuntimeModelCommandsSayWhatToInstallAndWriteNothing() throws Exception {
        // A fresh JVM: the runtime is found (or not) once per process.
        Path out = dir.resolve("o.svg");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.diffink.cli.DiffInkCli", "vectorize", TestPaths.root().resolve("examples/shapes.png").toString(),
                "-o", out.toString(), "--prompt", "a red circle", "--scorer", tiny()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DIFFINK_TORCH_SHIM", dir.resolve("no-such-libdiffink_torch.so").toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), output);
        assertTrue(output.contains("does not exist") && output.contains("libtorch-dev"), output);
        assertFalse(Files.exists(out));
        // ... and doctor says the same, with exit code 1
        cmd = new ArrayList<>(cmd.subList(0, 5));
        cmd.add("doctor");
        pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DIFFINK_TORCH_SHIM", dir.resolve("no-such-libdiffink_torch.so").toString());
        p = pb.start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), output);
        assertTrue(output.contains("[missing] torch runtime"), output);
    }

    @Test
    void doctorReportsTheRuntimeAsJson() throws Exception {
        TorchGate.require();
        Run r = DiffInkCliTest.run("doctor", "--json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        boolean libtorch = false;
        for (JsonNode c : j.get("checks")) {
            if (c.get("item").asText().equals("libtorch")) libtorch = c.get("status").asText().equals("ok");
        }
        assertTrue(libtorch, r.out());
        assertEquals(j.get("healthy").asBoolean() ? 0 : 1, r.code());
    }
}
