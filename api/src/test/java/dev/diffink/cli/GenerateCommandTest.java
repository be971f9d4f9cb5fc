package dev.diffink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffink.cli.DiffInkCliTest.Run;
import dev.diffink.testing.TorchGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diffink generate on the tiny test models: the whole pipeline, its report, and refusals with exit code 2. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    private List<String> args(String prompt, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("generate", prompt, "-o", out.toString(), "--model",
                TorchGate.model("tiny-diffusion.pt").toString(), "--scorer", TorchGate.model("tiny-scorer.pt").toString(),
                "--candidates", "3", "--steps", "4", "--iterations", "8", "--work-size", "64"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void generatesAnSvgWithThePromptAsTitleWithinTheBudget() throws Exception {
        TorchGate.require();
        Path out = dir.resolve("red.svg");
        Path png = dir.resolve("red.png");
        Run r = DiffInkCliTest.run(args("red square", out, "--max-bytes", "1500", "--json", "--save-bitmap",
                png.toString()).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        String svg = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(svg.contains("<title>red square</title>"), svg);
        assertTrue(svg.getBytes(StandardCharsets.UTF_8).length <= 1500, svg.length() + " bytes");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(3, j.get("candidates").size());
        assertEquals(svg.getBytes(StandardCharsets.UTF_8).length, j.get("bytes").asInt());
        int chosen = j.get("chosen").asInt();
        double best = j.get("candidates").get(chosen).get("score").asDouble();
        for (JsonNode c : j.get("candidates")) assertTrue(c.get("score").asDouble() <= best, r.out());
        // The exact denoiser draws a red square on light grey: the SVG must look like it.
        assertTrue(j.get("psnr_db").asDouble() > 25, r.out());
        assertTrue(j.get("stage_ms").has("sample") && j.get("stage_ms").has("vectorize"), r.out());
        assertTrue(Files.size(png) > 0);
        assertTrue(r.err().contains("candidate 3/3 sampled"), r.err());

        // Same seed, same SVG; the SVG's red square is drawn.
        Path again = dir.resolve("again.svg");
        assertEquals(0, DiffInkCliTest.run(args("red square", again, "--max-bytes", "1500").toArray(String[]::new)).code());
        assertEquals(svg, Files.readString(again));
        assertTrue(svg.toLowerCase().matches("(?s).*fill=\"#(e[0-9a-f]{5}|f[0-9a-f]{5}|e[0-9a-f]{2}|f[0-9a-f]{2}|red)\".*"),
                svg);
    }

    @Test
    void scoreDistillationRuns() throws Exception {
        TorchGate.require();
        Path out = dir.resolve("sds.svg");
        Run r = DiffInkCliTest.run(args("blue square", out, "--sds", "1", "--json").toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out).contains("<title>blue square</title>"));
    }

    @Test
    void badPromptsAndModelsExitWithTwoAndWriteNothing() throws Exception {
        TorchGate.require();
        Path out = dir.resolve("o.svg");
        Files.writeString(out, "keep me");
        record Case(List<String> args, String message) {}
        Path emptyFolder = Files.createDirectory(dir.resolve("empty-model"));
        List<Case> cases = List.of(
                new Case(args("  ", out), "the prompt is empty"),
                new Case(args("red ".repeat(300), out), "characters long"),
                new Case(args("a purple square", out), "does not know the word 'purple'"),
                new Case(args("a big red square on a white background", out), "reads at most 6"),
                new Case(List.of("generate", "red square", "-o", out.toString(), "--model", emptyFolder.toString()),
                        "holds no diffusion.pt"),
                new Case(List.of("generate", "red square", "-o", out.toString(), "--model",
                        dir.resolve("missing.pt").toString()), "no such file or folder"),
                new Case(List.of("generate", "red square", "-o", out.toString(), "--model",
                        TorchGate.model("tiny-diffusion-no-meta.pt").toString()), "carries no diffink.json"),
                new Case(args("red square", out, "--guidance", "-1"), "--guidance must be 0 to 100"));
        for (Case c : cases) {
            Run r = DiffInkCliTest.run(c.args().toArray(String[]::new));
            assertEquals(2, r.code(), c.args() + "\n" + r.err());
            assertTrue(r.err().contains(c.message()), c.message() + " not in: " + r.err());
            assertEquals("keep me", Files.readString(out));
        }
        Run noFolder = DiffInkCliTest.run(args("red square", dir.resolve("no/such/dir.svg")).toArray(String[]::new));
        assertEquals(1, noFolder.code(), noFolder.err());
        assertTrue(noFolder.err().contains("does not exist"), noFolder.err());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }
}
