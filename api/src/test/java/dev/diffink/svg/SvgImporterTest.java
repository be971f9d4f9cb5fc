package dev.diffink.svg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.DiffInkException;
import dev.diffink.scene.Affine;
import dev.diffink.scene.Group;
import dev.diffink.scene.LineJoin;
import dev.diffink.scene.LinearGradient;
import dev.diffink.scene.RadialGradient;
import dev.diffink.scene.Rgba;
import dev.diffink.scene.Scene;
import dev.diffink.scene.Shape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SvgImporterTest {

    static SvgImporter.Result load(String svg) {
        return SvgImporter.importBytes(svg.getBytes(StandardCharsets.UTF_8), "test.svg", SvgImporter.Options.DEFAULT);
    }

    static Scene scene(String body) {
        return load("<svg xmlns='http://www.w3.org/2000/svg' width='100' height='50'>" + body + "</svg>").scene();
    }

    static DiffInkException failure(String svg) {
        return assertThrows(DiffInkException.class, () -> load(svg));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "red; 1; 0; 0; 1",
        "#0f8; 0; 1; 0.5333; 1",
        "#FF8000; 1; 0.5019; 0; 1",
        "rgb(255, 0, 51); 1; 0; 0.2; 1",
        "rgb(50%, 25%, 0%); 0.5; 0.25; 0; 1",
        "rgba(0, 0, 255, 0.25); 0; 0; 1; 0.25",
        "hsl(120, 100%, 25%); 0; 0.5; 0; 1",
        "hsla(0, 100%, 50%, 0.5); 1; 0; 0; 0.5",
        "cornflowerblue; 0.3922; 0.5843; 0.9294; 1",
        "transparent; 0; 0; 0; 0",
        "#11223380; 0.0667; 0.1333; 0.2; 0.502",
        "gainsboro; 0.8627; 0.8627; 0.8627; 1",
        "salmon; 0.9804; 0.502; 0.4471; 1"})
    void readsCssColourForms(String text, float r, float g, float b, float a) {
        Rgba c = CssValues.color(text);
        assertEquals(r, c.r(), 1e-3, "red of " + text);
        assertEquals(g, c.g(), 1e-3, "green of " + text);
        assertEquals(b, c.b(), 1e-3, "blue of " + text);
        assertEquals(a, c.a(), 1e-3, "alpha of " + text);
    }

    @Test
    void styleAttributeOverridesPresentationAttributesAndInheritanceFlowsDown() {
        Scene s = scene("<g fill='blue' stroke-width='3' stroke-linejoin='round'>"
                + "<rect width='10' height='10' fill='red' style='fill: lime; stroke: black'/></g>");
        Shape rect = s.shapes().get(0);
        assertEquals(new Rgba(0, 1, 0, 1), rect.fill().paint());
        assertEquals(3f, rect.stroke().width());
        assertEquals(LineJoin.ROUND, rect.stroke().join());
    }

    @Test
    void viewBoxMapsIntoTheViewport() {
        Scene s = load("<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100' viewBox='10 10 20 20'>"
                + "<rect x='10' y='10' width='20' height='20'/></svg>").scene();
        assertEquals(200, s.width());
        // meet, centred: scale 5, x offset (200 - 100) / 2 = 50.
        assertEquals(new Affine(5, 0, 0, 5, 50 - 50, -50), s.shapes().get(0).transform());
    }

    @Test
    void gradientsInheritAttributesAndStopsThroughHref() {
        Scene s = scene("<defs><linearGradient id='a' x2='0' y2='1' gradientUnits='userSpaceOnUse'>"
                + "<stop offset='0' stop-color='red'/><stop offset='100%' stop-color='blue' stop-opacity='0.5'/>"
                + "</linearGradient><linearGradient id='b' href='#a' x1='5'/></defs>"
                + "<rect width='10' height='10' fill='url(#b)'/>");
        LinearGradient g = assertInstanceOf(LinearGradient.class, s.shapes().get(0).fill().paint());
        assertEquals(5f, g.x1());
        assertEquals(0f, g.x2());
        assertEquals(1f, g.y2());
        assertEquals(2, g.stops().size());
        assertEquals(0.5f, g.stops().get(1).color().a());
        assertTrue(g.transform().isIdentity());
    }

    @Test
    void boundingBoxUnitsBecomeTheGradientTransform() {
        Scene s = scene("<defs><radialGradient id='r'><stop offset='0' stop-color='#fff'/>"
                + "<stop offset='1' stop-color='#000'/></radialGradient></defs>"
                + "<rect x='10' y='20' width='40' height='10' fill='url(#r)'/>");
        RadialGradient g = assertInstanceOf(RadialGradient.class, s.shapes().get(0).fill().paint());
        assertEquals(new Affine(40, 0, 0, 10, 10, 20), g.transform());
        assertEquals(0.5f, g.cx());
        assertEquals(0.5f, g.r());
    }

    @Test
    void useOfSymbolAppliesItsViewBox() {
        Scene s = scene("<defs><symbol id='s' viewBox='0 0 10 10'><rect width='10' height='10'/></symbol></defs>"
                + "<use href='#s' x='5' y='5' width='20' height='20'/>");
        assertEquals(new Affine(2, 0, 0, 2, 5, 5), s.shapes().get(0).transform());
    }

    @Test
    void groupOpacityAndClipPathsBecomeGroups() {
        Scene s = scene("<defs><clipPath id='c'><rect width='5' height='5'/></clipPath></defs>"
                + "<g opacity='0.5'><rect width='10' height='10'/><rect x='5' width='10' height='10'/></g>"
                + "<rect width='10' height='10' clip-path='url(#c)'/>");
        Group g = assertInstanceOf(Group.class, s.nodes().get(0));
        assertEquals(0.5f, g.opacity());
        Group clipped = assertInstanceOf(Group.class, s.nodes().get(1));
        assertEquals(1, clipped.clip().size());
    }

    @Test
    void unsupportedFeaturesAreNamedInOneWarning() {
        var r = load("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><text>hi</text><text>x</text>"
                + "<image href='a.png'/><rect width='5' height='5' filter='url(#f)'/>"
                + "<path d='M0 0 L5 5' stroke='red' stroke-dasharray='2 2'/></svg>");
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        String w = r.warnings().get(0);
        for (String feature : List.of("<text> (2)", "<image>", "filter attribute", "stroke-dasharray")) {
            assertTrue(w.contains(feature), w + " should name " + feature);
        }
        assertEquals(2, r.scene().shapes().size());
    }

    @Test
    void malformedPathDataNamesTheElementAndLine() {
        DiffInkException e = failure("<svg xmlns='http://www.w3.org/2000/svg'>\n<g>\n<path id='p1' d='M 0 0 L 10 x'/>"
                + "</g></svg>");
        assertEquals(DiffInkException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("<path id=\"p1\"> (line 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("bad path data"), e.getMessage());
    }

    @Test
    void outOfRangeNumbersAreRejectedAtImport() {
        DiffInkException e = failure("<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0 L1e400 5 L3 3z'/></svg>");
        assertTrue(e.getMessage().contains("<path>") && e.getMessage().contains("out of range"), e.getMessage());
        DiffInkException w = failure("<svg xmlns='http://www.w3.org/2000/svg'><rect width='1e99' height='2'/></svg>");
        assertTrue(w.getMessage().contains("width is out of range"), w.getMessage());
    }

    @Test
    void badColourNamesTheAttribute() {
        DiffInkException e = failure("<svg xmlns='http://www.w3.org/2000/svg'><rect width='1' height='1' "
                + "fill='notacolour'/></svg>");
        assertTrue(e.getMessage().contains("<rect>") && e.getMessage().contains("bad fill"), e.getMessage());
    }

    @Test
    void notSvgOrNotXmlIsBadInput() {
        assertTrue(failure("<html/>").getMessage().contains("not <svg>"));
        assertTrue(failure("this is not xml").getMessage().contains("not well-formed XML"));
        assertEquals(DiffInkException.Kind.BAD_INPUT, failure("").kind());
    }

    @Test
    void externalEntitiesAreNeverRead() {
        // In content, an external entity reads as nothing; in an attribute, the parser refuses it.
        var r = load("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><desc>&x;</desc>"
                + "<rect width='5' height='5'/></svg>");
        assertEquals(1, r.scene().shapes().size());
        DiffInkException e = failure("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<svg xmlns='http://www.w3.org/2000/svg'><rect id='&x;' width='5' height='5'/></svg>");
        assertEquals(DiffInkException.Kind.BAD_INPUT, e.kind());
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }

    @Test
    void entityExpansionBombIsRefused() {
        StringBuilder doc = new StringBuilder("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'aaaaaaaaaa'>");
        String prev = "a";
        for (int i = 0; i < 6; i++) {
            String name = "e" + i;
            doc.append("<!ENTITY ").append(name).append(" '").append(("&" + prev + ";").repeat(10)).append("'>");
            prev = name;
        }
        doc.append("]><svg xmlns='http://www.w3.org/2000/svg'><desc>&").append(prev).append(";</desc></svg>");
        DiffInkException e = failure(doc.toString());
        assertEquals(DiffInkException.Kind.LIMIT, e.kind());
    }

    @Test
    void deepNestingAndHugeElementCountsAreRefusedWithTheOptionToRaise() {
        String deep = "<g>".repeat(10_000) + "</g>".repeat(10_000);
        DiffInkException e = failure("<svg xmlns='http://www.w3.org/2000/svg'>" + deep + "</svg>");
        assertEquals(DiffInkException.Kind.LIMIT, e.kind());
        String many = "<rect width='1' height='1'/>".repeat(1000);
        DiffInkException m = assertThrows(DiffInkException.class, () -> SvgImporter.importBytes(
                ("<svg xmlns='http://www.w3.org/2000/svg'>" + many + "</svg>").getBytes(StandardCharsets.UTF_8),
                "many.svg", new SvgImporter.Options(1 << 20, 500, 64)));
        assertTrue(m.getMessage().contains("--max-elements"), m.getMessage());
        DiffInkException big = assertThrows(DiffInkException.class, () -> SvgImporter.importBytes(
                new byte[2000], "big.svg", new SvgImporter.Options(1000, 500, 64)));
        assertTrue(big.getMessage().contains("--max-input-bytes"), big.getMessage());
    }

    @Test
    void useCyclesAreRefused() {
        DiffInkException e = failure("<svg xmlns='http://www.w3.org/2000/svg'><g id='a'><use href='#a'/></g></svg>");
        assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
    }

    @Test
    void scriptsAndEventAttributesAreIgnored() {
        var r = load("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10' onload='alert(1)'>"
                + "<script>alert(2)</script><rect width='5' height='5' onclick='x()'/></svg>");
        assertEquals(1, r.scene().shapes().size());
        assertTrue(r.warnings().get(0).contains("<script> (never run)"));
    }
}
