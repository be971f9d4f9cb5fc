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
     * Where {@code e}'s subpaths may start ({@link PathEncoder.Starts}): anywhere on a shape
     * only filled (or a clip outline); on Z-closed subpaths of a stroke without dashes; nowhere
     * with markers, or when something may refer to the path by its id (a text path follows it
     * from its first point).
     */
    public static PathEncoder.Starts starts(Element e) {
        if (e.has("id")) return PathEncoder.Starts.KEEP;
        for (String marker : new String[] {"marker", "marker-start", "marker-mid", "marker-end"}) {
            String v = BakeTransforms.inherited(e, marker);
            if (v != null && !v.equals("none")) return PathEncoder.Starts.KEEP;
        }
        String stroke = BakeTransforms.inherited(e, "stroke");
        if (stroke == null || stroke.equals("none")) return PathEncoder.Starts.ANY;
        String dash = BakeTransforms.inherited(e, "stroke-dasharray");
        return dash == null || dash.equals("none") ? PathEncoder.Starts.CLOSED : PathEncoder.Starts.KEEP;
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        for (Element e : doc.elements()) {
            String d = e.attr("d");
            if (d == null || !e.localName().equals("path") || ctx.encoded.contains(d)) continue;
            try {
                String text = PathEncoder.encode(PathData.parse(d), ctx.decimalsFor(e), 0, starts(e));
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
