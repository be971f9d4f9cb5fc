package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Pass;
import dev.diffink.compress.PathData;
import dev.diffink.compress.PathEncoder;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgFormatException;

/**
 * Rewrites every {@code d} attribute with {@link PathEncoder} on the document's grid
 * ({@link CompressContext#decimals}): shortest command forms, separators and numbers. Only exactly
 * straight curves become lines: even an invisible straightening can move an edge across one of
 * librsvg's coverage sample rows.
 */
public final class PathDataPass implements Pass {

    /** No options: the precision is the document's. */
    public record Options() {
        public static final Options DEFAULT = new Options();
    }

    @Override
    public String name() {
        return "pathData";
    }

    @Override
    public String description() {
        return "shortest path data on the document's grid";
    }

    /**
     * Whether {@code e} is only filled, so that its path data need not close what the fill closes
     * ({@link PathEncoder#encode(java.util.List, int, double, boolean)}): no stroke and no markers, no id on it or on a group around
     * it (a {@code <use>} may give it a stroke or markers), and no style sheet ({@code
     * styleSheet}: rules this pass does not read may stroke it).
     */
    public static boolean filled(Element e, boolean styleSheet) {
        if (styleSheet || BakeTransforms.idOnOrAround(e)) return false;
        for (String marker : new String[] {"marker", "marker-start", "marker-mid", "marker-end"}) {
            String v = BakeTransforms.inherited(e, marker);
            if (v != null && !v.equals("none")) return false;
        }
        return !BakeTransforms.stroked(e);
    }

    /** Whether {@code doc} still has a style sheet (one {@link InlineStyles} could not fold). */
    public static boolean styleSheet(SvgDocument doc) {
        for (Element e : doc.elements()) if (e.localName().equals("style")) return true;
        return false;
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        boolean sheet = styleSheet(doc);
        for (Element e : doc.elements()) {
            String d = e.attr("d");
            if (d == null || !e.localName().equals("path") || ctx.encoded.contains(d)) continue;
            try {
                String text = PathEncoder.encode(PathData.parse(d), ctx.decimalsFor(e), 0, filled(e, sheet));
                ctx.encoded.add(text);
                e.set("d", text);
            } catch (IllegalArgumentException ex) {
                throw new SvgFormatException(SvgFormatException.Kind.MALFORMED, "<path" + (e.has("id") ? " id=\""
                        + e.attr("id") + "\"" : "") + ">" + (e.line > 0 ? " (line " + e.line + ")" : "") + ": "
                        + ex.getMessage());
            }
        }
    }
}
