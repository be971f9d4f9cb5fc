package dev.diffink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffink.cli.DiffInkCliTest.Run;
import dev.diffink.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diffink inkscape install / uninstall: copies the extension, records the helper, removes exactly that. */
class InkscapeCommandTest {
    @TempDir
    Path dir;

    private String before;

    @BeforeEach
    void home() {
        before = System.getProperty("diffink.home");
        System.setProperty("diffink.home", TestPaths.root().toString());
    }

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty("diffink.home");
        else System.setProperty("diffink.home", before);
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installsRecordsTheHelperAndUninstallsExactlyThat() throws Exception {
        Run r = DiffInkCliTest.run("inkscape", "install", "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        Path target = dir.resolve("diffink");
        List<String> source = names(TestPaths.root().resolve("plugin-inkscape/extension")).stream()
                .filter(n -> n.endsWith(".inx") || n.endsWith(".py")).toList();
        assertTrue(source.contains("diffink_generate.inx") && source.contains("diffink_common.py"), source.toString());
        List<String> installed = names(target);
        assertTrue(installed.containsAll(source) && installed.contains("diffink-helper.json"), installed.toString());
        assertEquals(source.size() + 1, installed.size());
        JsonNode record = new ObjectMapper().readTree(target.resolve("diffink-helper.json").toFile());
        assertEquals(TestPaths.root().resolve("diffink").toString(), record.get("helper").asText());
        assertEquals(Files.readString(TestPaths.root().resolve("plugin-inkscape/extension/diffink_generate.inx")),
                Files.readString(target.resolve("diffink_generate.inx")));

        // reinstalling over our own install is fine; a file the user put there survives uninstall
        assertEquals(0, DiffInkCliTest.run("inkscape", "install", "--dir", dir.toString()).code());
        Files.writeString(target.resolve("mine.txt"), "keep");
        Run u = DiffInkCliTest.run("inkscape", "uninstall", "--dir", dir.toString());
        assertEquals(0, u.code(), u.err());
        assertEquals(List.of("mine.txt"), names(target));
        assertTrue(u.err().contains("other files there were left"), u.err());
        Files.delete(target.resolve("mine.txt"));

        assertEquals(0, DiffInkCliTest.run("inkscape", "install", "--dir", dir.toString()).code());
        assertEquals(0, DiffInkCliTest.run("inkscape", "uninstall", "--dir", dir.toString()).code());
        assertFalse(Files.exists(target));
        Run again = DiffInkCliTest.run("inkscape", "uninstall", "--dir", dir.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("no DiffInk extension is installed"), again.err());
    }

    @Test
    void refusesAFolderItDidNotMakeAndARecordWithPaths() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("diffink"));
        Files.writeString(foreign.resolve("other.py"), "print('not ours')");
        Run r = DiffInkCliTest.run("inkscape", "install", "--dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("was not made by 'diffink inkscape install'"), r.err());
        assertEquals(List.of("other.py"), names(foreign));

        Files.writeString(foreign.resolve("diffink-helper.json"), "{\"files\": [\"../../escape.txt\"]}");
        Files.writeString(dir.resolve("escape.txt"), "must survive");
        Run u = DiffInkCliTest.run("inkscape", "uninstall", "--dir", dir.toString());
        assertEquals(2, u.code());
        assertTrue(u.err().contains("not a plain file name"), u.err());
        assertTrue(Files.exists(dir.resolve("escape.txt")));
    }
}
