package dev.diffink.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every pass fixture: the pass turns the input into the expected text, and a second run changes nothing. */
class PassFixtureTest {

    static Path root() throws URISyntaxException {
        return Path.of(PassFixtureTest.class.getResource("/fixtures").toURI());
    }

    static Stream<PassFixture> fixtures() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().map(PassFixture::read).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void passGivesExpectedOutput(PassFixture f) {
        SvgDocument doc = SvgParser.parse(f.input().getBytes(StandardCharsets.UTF_8), f.toString(),
                SvgParser.Limits.DEFAULT);
        f.newPass().apply(doc, f.context());
        assertEquals(f.expected(), SvgSerializer.write(doc), f.description());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void passIsIdempotent(PassFixture f) {
        SvgDocument doc = SvgParser.parse(f.input().getBytes(StandardCharsets.UTF_8), f.toString(),
                SvgParser.Limits.DEFAULT);
        Pass pass = f.newPass();
        pass.apply(doc, f.context());
        String once = SvgSerializer.write(doc);
        pass.apply(doc, f.context());
        assertEquals(once, SvgSerializer.write(doc), "a second run changed the output");
    }

    @Test
    void everyPassHasFixtures() throws IOException, URISyntaxException {
        Set<String> covered = new TreeSet<>();
        for (PassFixture f : fixtures().toList()) {
            covered.add(f.pass());
            assertFalse(f.description().isBlank(), f + " has no description");
        }
        List<String> missing = Compressor.passes(true).stream().map(Pass::name).filter(n -> !covered.contains(n))
                .distinct().toList();
        assertTrue(missing.isEmpty(), "passes without fixtures: " + missing);
    }
}
