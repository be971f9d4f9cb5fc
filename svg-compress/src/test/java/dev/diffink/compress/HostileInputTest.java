package dev.diffink.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile SVG through the compressor: refused with a message that names the limit, or sanitised
 * with a warning; never a file or network access, and bounded time (each case is capped well
 * above what it takes, to catch a runaway rather than to measure speed).
 */
class HostileInputTest {

    private static final Duration RUNAWAY = Duration.ofSeconds(60);

    private static Compressor.Result compress(String svg) {
        return Compressor.compress(svg.getBytes(StandardCharsets.UTF_8), "test.svg", Compressor.Options.lossless());
    }

    private static SvgFormatException refused(String svg) {
        return assertThrows(SvgFormatException.class, () -> compress(svg));
    }

    @Test
    void externalEntitiesAreNotRead() {
        String svg = "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<svg xmlns='http://www.w3.org/2000/svg'><desc>&x;</desc><rect width='5' height='5'/></svg>";
        Compressor.Result r = compress(svg);
        assertFalse(r.svg().contains("root:"), r.svg());
        SvgFormatException e = refused("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM "
                + "'file:///etc/passwd'>]><svg xmlns='http://www.w3.org/2000/svg'><rect id='&x;'/></svg>");
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }

    @Test
    void externalDtdIsNotFetched() {
        // An unreachable host: fetching would hang or fail with a network error, not parse.
        Compressor.Result r = assertTimeoutPreemptively(RUNAWAY, () -> compress("<?xml version='1.0'?>"
                + "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'http://192.0.2.1/svg11.dtd'>"
                + "<svg xmlns='http://www.w3.org/2000/svg'><rect width='5' height='5'/></svg>"));
        assertTrue(r.svg().contains("<path") || r.svg().contains("<rect"), r.svg());
    }

    @Test
    void billionLaughsIsRefusedAsALimit() {
        StringBuilder doc = new StringBuilder("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a0 'lol'>");
        for (int i = 1; i < 10; i++) {
            doc.append("<!ENTITY a").append(i).append(" '").append(("&a" + (i - 1) + ";").repeat(10)).append("'>");
        }
        doc.append("]><svg xmlns='http://www.w3.org/2000/svg'><desc>&a9;</desc></svg>");
        SvgFormatException e = assertTimeoutPreemptively(RUNAWAY, () -> refused(doc.toString()));
        assertEquals(SvgFormatException.Kind.LIMIT, e.kind());
        assertTrue(e.getMessage().contains("hostile"), e.getMessage());
    }

    @Test
    void scriptsEventsAndExternalReferencesNeverReachTheOutput() {
        Compressor.Result r = compress("<svg xmlns='http://www.w3.org/2000/svg' "
                + "xmlns:xlink='http://www.w3.org/1999/xlink' onload='alert(1)'>"
                + "<script>alert(2)</script><script xlink:href='http://evil.example/x.js'/>"
                + "<foreignObject><iframe xmlns='http://www.w3.org/1999/xhtml' src='http://evil.example'/></foreignObject>"
                + "<image href='http://evil.example/a.png' width='5' height='5'/>"
                + "<use xlink:href='http://evil.example/a.svg#x'/>"
                + "<style>@import url(http://evil.example/a.css);</style>"
                + "<a href='javascript:alert(3)'><rect width='5' height='5' onclick='x()' "
                + "fill='url(http://evil.example/p#g)'/></a></svg>");
        String out = r.svg();
        for (String bad : List.of("script", "onload", "onclick", "evil.example", "javascript", "iframe", "@import")) {
            assertFalse(out.contains(bad), bad + " in " + out);
        }
        assertTrue(Safety.check(SvgParser.parse(out.getBytes(StandardCharsets.UTF_8), "out",
                SvgParser.Limits.DEFAULT)).isEmpty());
        assertFalse(r.warnings().isEmpty(), "removals are reported");
    }

    @Test
    void hugeFilesAreRefusedBeforeParsing() {
        byte[] big = new byte[100 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        SvgFormatException e = assertThrows(SvgFormatException.class,
                () -> Compressor.compress(big, "big.svg", Compressor.Options.lossless()));
        assertEquals(SvgFormatException.Kind.LIMIT, e.kind());
        assertTrue(e.getMessage().contains("--max-input-bytes"), e.getMessage());
    }

    @Test
    void aMillionElementsAreRefusedWithTheOptionToRaise() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg'>" + "<g/>".repeat(1_000_000) + "</svg>";
        SvgFormatException e = assertTimeoutPreemptively(RUNAWAY, () -> refused(svg));
        assertEquals(SvgFormatException.Kind.LIMIT, e.kind());
        assertTrue(e.getMessage().contains("--max-elements"), e.getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg'>" + "<g>".repeat(10_000) + "</g>".repeat(10_000)
                + "</svg>";
        SvgFormatException e = assertTimeoutPreemptively(RUNAWAY, () -> refused(svg));
        assertEquals(SvgFormatException.Kind.LIMIT, e.kind());
    }

    @Test
    void outOfRangeNumbersAreRefusedOrLeftAloneNeverWrittenAsInfinity() {
        SvgFormatException e = refused("<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0L1e400 5L3 3z'/></svg>");
        assertTrue(e.getMessage().contains("<path>") && e.getMessage().contains("out of range"), e.getMessage());
        for (String element : List.of("<rect width='1e400' height='2'/>", "<circle r='-1e999'/>",
                "<g transform='scale(1e400)'><path d='M0 0h1v1z'/></g>", "<rect style='x:1e400'/>")) {
            SvgFormatException r = refused("<svg xmlns='http://www.w3.org/2000/svg'>\n" + element + "</svg>");
            assertTrue(r.getMessage().contains("(line 2)") && r.getMessage().contains("out of range"),
                    r.getMessage());
        }
        SvgFormatException sheet = refused("<svg xmlns='http://www.w3.org/2000/svg'><style>rect{stroke-width:1e400}"
                + "</style><rect width='1' height='1' stroke='red'/></svg>");
        assertTrue(sheet.getMessage().contains("out of range"), sheet.getMessage());
    }

    @Test
    void malformedXmlNamesTheLine() {
        SvgFormatException e = refused("<svg xmlns='http://www.w3.org/2000/svg'>\n<path d='M0 0'>\n</svg>");
        assertEquals(SvgFormatException.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("line"), e.getMessage());
        assertTrue(refused("<html/>").getMessage().contains("not <svg>"));
    }
}
