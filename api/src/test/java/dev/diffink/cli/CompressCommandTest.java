package dev.diffink.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffink.cli.DiffInkCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressCommandTest {
    @TempDir
    Path dir;

    /** Twelve overlapping translucent-free shapes with an editor's clutter: room to compress and to drop. */
    static final String DRAWING = "<?xml version='1.0'?>\n<!-- made by hand -->\n"
            + "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64' viewBox='0 0 64 64'>"
            + "<g transform='translate(2.000 2.000)' style='fill:#FF0000'>"
            + "<rect x='0.000' y='0.000' width='60.000' height='60.000' style='fill:#FFFFFF'/>"
            + "<circle cx='30.000' cy='30.000' r='20.000'/>"
            + "<path d='M 10.000 10.000 L 20.000 10.000 L 20.000 20.000 L 10.000 20.000 Z' fill='#0000FF'/>"
            + "<path d='M 40.000 40.000 C 45.000 40.000 50.000 45.000 50.000 50.000 L 40.000 50.000 Z' fill='#00FF00'/>"
            + "<ellipse cx='15.000' cy='45.000' rx='6.000' ry='3.000' fill='#333333'/>"
            + "<path d='M 30 5 L 32 5 L 32 7 Z' fill='#123456'/>"
            + "</g></svg>";

    Path write(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, body);
        return p;
    }

    @Test
    void losslessCompressionIsSmallerRendersTheSameAndReportsJson() throws Exception {
        Path in = write("in.svg", DRAWING);
        Path out = dir.resolve("out.svg");
        Run r = DiffInkCliTest.run("compress", in.toString(), "-o", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        long bytes = Files.size(out);
        assertEquals(bytes, j.get("output_bytes").asLong());
        assertTrue(bytes < Files.size(in) * 0.6, bytes + " bytes");
        assertTrue(j.get("max_diff_1x").asDouble() <= 2 && j.get("max_diff_4x").asDouble() <= 2, r.out());
        assertTrue(r.err().contains("wrote"), "progress goes to stderr: " + r.err());
        assertFalse(r.out().contains("diffink:"), "stdout holds only JSON");
        String svg = Files.readString(out);
        assertFalse(svg.contains("<!--") || svg.contains("style=") || svg.contains("transform"), svg);
    }

    @Test
    void byteBudgetIsNeverExceededAndPsnrIsReported() throws Exception {
        Path in = write("in.svg", DRAWING);
        Path out = dir.resolve("out.svg");
        Run lossless = DiffInkCliTest.run("compress", in.toString(), "-o", out.toString(), "--json");
        long full = new ObjectMapper().readTree(lossless.out()).get("output_bytes").asLong();
        int budget = (int) full - 60;
        Run r = DiffInkCliTest.run("compress", in.toString(), "-o", out.toString(), "--max-bytes",
                Integer.toString(budget), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(out) <= budget, Files.size(out) + " > " + budget);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("psnr_db").asDouble() > 10, r.out());
        assertTrue(j.get("removed_shapes").asInt() >= 1 || j.get("decimals").asInt() < 3, r.out());
    }

    @Test
    void impossibleBudgetFailsWithoutWritingAnything() throws Exception {
        Path in = write("in.svg", DRAWING);
        Path out = dir.resolve("out.svg");
        Run r = DiffInkCliTest.run("compress", in.toString(), "-o", out.toString(), "--max-bytes", "20");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("--max-bytes"), r.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }

    @Test
    void neverOverwritesTheInput() throws Exception {
        Path in = write("in.svg", DRAWING);
        byte[] before = Files.readAllBytes(in);
        Run r = DiffInkCliTest.run("compress", in.toString(), "-o", in.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("never overwrites"), r.err());
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void badInputIsOneLineWithExitCode2AndNoOutput() throws Exception {
        Path out = dir.resolve("out.svg");
        for (String body : new String[] {"not xml", "<html/>", "<svg xmlns='http://www.w3.org/2000/svg'>"
                + "<path d='M0 0L1e400 0'/></svg>"}) {
            Run r = DiffInkCliTest.run("compress", write("bad.svg", body).toString(), "-o", out.toString());
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().filter(l -> l.contains("error")).count(), r.err());
            assertFalse(Files.exists(out));
        }
        assertEquals(2, DiffInkCliTest.run("compress", dir.resolve("missing.svg").toString(), "-o",
                out.toString()).code());
        assertEquals(2, DiffInkCliTest.run("compress", write("a.svg", DRAWING).toString(), "-o", out.toString(),
                "--precision", "many").code());
        assertEquals(2, DiffInkCliTest.run("compress", write("a.svg", DRAWING).toString(), "-o", out.toString(),
                "--profile", "nope").code());
    }

    @Test
    void kaggleProfileOutputPassesTheCheckAndForbiddenContentIsRefused() throws Exception {
        Path in = write("in.svg", DRAWING.replace("</g>", "</g><title>x</title><metadata>m</metadata>"));
        Path out = dir.resolve("out.svg");
        Run r = DiffInkCliTest.run("compress", in.toString(), "-o", out.toString(), "--profile", "kaggle");
        assertEquals(0, r.code(), r.err());
        Run check = DiffInkCliTest.run("check", "--profile", "kaggle", out.toString());
        assertEquals(0, check.code(), check.out());
        Path text = write("text.svg", "<svg xmlns='http://www.w3.org/2000/svg'><text>hi</text></svg>");
        Run refused = DiffInkCliTest.run("compress", text.toString(), "-o", dir.resolve("t.svg").toString(),
                "--profile", "kaggle");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("<text>"), refused.err());
        assertFalse(Files.exists(dir.resolve("t.svg")));
    }

    @Test
    void checkListsEveryViolationWithElementAttributeAndReason() throws Exception {
        Path in = write("bad.svg", "<svg xmlns='http://www.w3.org/2000/svg' onload='x()'>\n"
                + "<script>alert(1)</script>\n<text>hi</text>\n"
                + "<image href='data:image/png;base64,AAAA' width='1' height='1'/>\n"
                + "<use href='http://example.com/a.svg#x'/></svg>");
        Run plain = DiffInkCliTest.run("check", in.toString());
        assertEquals(1, plain.code());
        assertTrue(plain.out().contains("<svg> onload: event attribute"), plain.out());
        assertTrue(plain.out().contains("line 2: <script>"), plain.out());
        assertTrue(plain.out().contains("<use> href: reference outside the file"), plain.out());
        assertFalse(plain.out().contains("<text>"), "text is fine outside the kaggle profile");
        Run kaggle = DiffInkCliTest.run("check", "--profile", "kaggle", "--json", in.toString());
        assertEquals(1, kaggle.code());
        JsonNode v = new ObjectMapper().readTree(kaggle.out()).get("files").get(0).get("violations");
        String all = v.toString();
        for (String expected : new String[] {"\"text\"", "\"image\"", "embedded data", "local #id", "script"}) {
            assertTrue(all.contains(expected), expected + " in " + all);
        }
        Path clean = write("ok.svg", "<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0h5v5z'/></svg>");
        assertEquals(0, DiffInkCliTest.run("check", "--profile", "kaggle", clean.toString()).code());
        assertEquals(2, DiffInkCliTest.run("check", dir.resolve("missing.svg").toString()).code());
    }
}
