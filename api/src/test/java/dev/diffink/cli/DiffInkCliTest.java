package dev.diffink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffInkCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = DiffInkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Path svg(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, body);
        return p;
    }

    static final String CIRCLE = "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'>"
            + "<circle cx='10' cy='10' r='8' fill='#c00'/></svg>";

    @Test
    void versionAndHelp() {
        Run v = run("--version");
        assertEquals(0, v.code);
        assertTrue(v.out.startsWith("diffink "), v.out);
        Run h = run("render", "--help");
        assertEquals(0, h.code);
        assertTrue(h.out.contains("--background"));
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2() {
        Run r = run("render", "--no-such-option", "x.svg");
        assertEquals(2, r.code);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertEquals(2, run().code);
        assertEquals(2, run("frobnicate").code);
    }

    @Test
    void rendersAPngOfTheAskedSizeKeepingAspect() throws Exception {
        Path in = svg("c.svg", CIRCLE);
        Path out = dir.resolve("c.png");
        Run r = run("render", in.toString(), "-o", out.toString(), "--width", "80", "--background", "white");
        assertEquals(0, r.code, r.err);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(80, img.getWidth());
        assertEquals(40, img.getHeight());
        assertEquals(0xffcc0000, img.getRGB(20, 20));
        assertEquals(0xffffffff, img.getRGB(70, 5));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void badInputFailsWithExitCode2AndLeavesTheOutputAlone() throws Exception {
        Path in = svg("bad.svg", "<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0 Lx'/></svg>");
        Path out = dir.resolve("out.png");
        Files.writeString(out, "previous content");
        Run r = run("render", in.toString(), "-o", out.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.startsWith("diffink: error: "), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertFalse(r.err.contains("Exception"), r.err);
        assertEquals("previous content", Files.readString(out));
        Run missing = run("render", dir.resolve("none.svg").toString(), "-o", out.toString());
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("no such file"));
    }

    @Test
    void neverOverwritesTheInput() throws Exception {
        Path in = svg("c.svg", CIRCLE);
        Run r = run("render", in.toString(), "-o", in.toString());
        assertEquals(2, r.code);
        assertEquals(CIRCLE, Files.readString(in));
    }

    @Test
    void absurdSizesAreRefusedNamingTheOption() throws Exception {
        Path in = svg("c.svg", CIRCLE);
        Run r = run("render", in.toString(), "-o", dir.resolve("o.png").toString(), "--width", "100000");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--max-size"), r.err);
        Run huge = run("render", svg("h.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='100000' "
                + "height='100000'/>").toString(), "-o", dir.resolve("o.png").toString());
        assertEquals(2, huge.code);
        assertFalse(Files.exists(dir.resolve("o.png")));
    }

    @Test
    void badColourOptionIsBadInput() throws Exception {
        Run r = run("render", svg("c.svg", CIRCLE).toString(), "-o", dir.resolve("o.png").toString(), "--background",
                "plaid");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--background"), r.err);
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Path in = svg("bad.svg", "<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0 Lx'/></svg>");
        Run r = run("render", in.toString(), "-o", dir.resolve("o.png").toString(), "--debug");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("at dev.diffink"), r.err);
    }

    @Test
    void benchRasterJsonHasAKeyedRowPerScene() throws Exception {
        Run r = run("bench", "raster", "--json", "--runs", "1", "--threads", "1", "--warmup-ms", "20");
        assertEquals(0, r.code, r.err);
        JsonNode root = new ObjectMapper().readTree(r.out);
        assertEquals(6, root.get("scenes").size());
        for (JsonNode row : root.get("scenes")) {
            for (String key : new String[] {"scene", "canvas", "forward_ms", "forward_backward_ms"}) {
                assertTrue(row.has(key), key + " in " + row);
            }
            assertTrue(row.get("forward_ms").asDouble() > 0);
        }
        assertTrue(r.err.contains("6/6"), "progress on stderr: " + r.err);
    }

    @Test
    void benchRasterNamesItsSceneSets() {
        Run bad = run("bench", "raster", "--scenes", "huge");
        assertEquals(2, bad.code);
        assertTrue(bad.err.contains("--scenes") && bad.err.contains("published"), bad.err);
    }

    @Test
    void thePublishedSceneHasTheSizeOfPublishedFigures() {
        var spec = dev.diffink.bench.RasterScenes.PUBLISHED;
        var scene = dev.diffink.bench.RasterScenes.packed(spec);
        assertEquals(2040, scene.width);
        assertEquals(1344, scene.height);
        assertEquals(2048, scene.pathCount);
        assertEquals("2040x1344", spec.canvas());
    }
}
