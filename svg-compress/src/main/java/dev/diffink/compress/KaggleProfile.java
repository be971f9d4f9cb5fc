package dev.diffink.compress;

import dev.diffink.compress.SvgDocument.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The constraints of the text-to-SVG drawing competition: at most 10,000 bytes (UTF-8); elements
 * only from an allowed list; no {@code data:} or {@code ;base64} in any value; {@code href} only
 * to a local {@code #id}.
 */
public final class KaggleProfile {
    private KaggleProfile() {}

    public static final int MAX_BYTES = 10_000;

    public static final Set<String> ALLOWED = Set.of("svg", "g", "defs", "symbol", "use", "marker", "pattern",
            "linearGradient", "radialGradient", "stop", "filter", "feBlend", "feColorMatrix", "feComposite",
            "feFlood", "feGaussianBlur", "feMerge", "feMergeNode", "feOffset", "feTurbulence", "path", "rect",
            "circle", "ellipse", "line", "polyline", "polygon");

    /** Elements that render nothing and may simply be dropped to comply. */
    static final Set<String> DROPPABLE = Set.of("title", "desc", "metadata", "style", "script");

    public static List<Violation> check(SvgDocument doc, int bytes) {
        List<Violation> out = new ArrayList<>();
        if (bytes > MAX_BYTES) {
            out.add(new Violation("svg", doc.root().line, null, bytes + " bytes, over the " + MAX_BYTES
                    + "-byte limit"));
        }
        for (Element e : doc.elements()) {
            if (!ALLOWED.contains(e.name)) out.add(new Violation(e.name, e.line, null, "element not allowed"));
            for (var a : e.attributes.entrySet()) {
                String v = a.getValue();
                if (v.contains("data:") || v.contains(";base64")) {
                    out.add(new Violation(e.name, e.line, a.getKey(), "embedded data (data: or ;base64)"));
                }
                if (References.isHref(a.getKey()) && !v.startsWith("#")) {
                    out.add(new Violation(e.name, e.line, a.getKey(), "href to something other than a local #id"));
                }
            }
        }
        return out;
    }
}
