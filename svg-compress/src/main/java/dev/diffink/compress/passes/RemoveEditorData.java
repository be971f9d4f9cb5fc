package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Pass;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import java.util.ArrayList;
import java.util.Set;

/**
 * Removes what drawing programs store for themselves: {@code metadata}, elements and attributes
 * in other namespaces than SVG, xlink and xml (Inkscape, Sodipodi, Illustrator, Sketch, ...) with
 * their namespace declarations, and root attributes no renderer reads ({@code version},
 * {@code baseProfile}, {@code enable-background}, x and y of the outermost svg). Declares the
 * SVG namespace on the root (a file without it is not SVG to a browser), and xlink's exactly when
 * some attribute uses it.
 */
public final class RemoveEditorData implements Pass {

    /** @param keepPrefixes namespace prefixes to keep */
    public record Options(Set<String> keepPrefixes) {
        public static final Options DEFAULT = new Options(Set.of());
    }

    private static final Set<String> SVG_PREFIXES = Set.of("xlink", "xml", "xmlns");
    static final String SVG_NS = "http://www.w3.org/2000/svg";
    static final String XLINK_NS = "http://www.w3.org/1999/xlink";

    private final Options options;

    public RemoveEditorData() {
        this(Options.DEFAULT);
    }

    public RemoveEditorData(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "removeEditorData";
    }

    @Override
    public String description() {
        return "remove metadata and editor namespaces";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        Element root = doc.root();
        for (Element e : doc.elements()) {
            if (e != root && (e.localName().equals("metadata") || (e.prefixed() && !keep(prefix(e.name))))) {
                e.detach();
                continue;
            }
            for (String attr : new ArrayList<>(e.attributes.keySet())) {
                int colon = attr.indexOf(':');
                if (colon < 0) continue;
                String prefix = attr.substring(0, colon);
                if (prefix.equals("xmlns")) {
                    if (!SVG_PREFIXES.contains(attr.substring(colon + 1)) && !keep(attr.substring(colon + 1))) {
                        e.remove(attr);
                    }
                } else if (!SVG_PREFIXES.contains(prefix) && !keep(prefix)) {
                    e.remove(attr);
                }
            }
        }
        for (String a : new String[] {"version", "baseProfile", "enable-background", "x", "y"}) root.remove(a);
        // The SVG namespace always, first; xlink's exactly while some attribute uses it.
        boolean xlink = doc.elements().stream().anyMatch(e -> e.attributes.keySet().stream()
                .anyMatch(a -> a.startsWith("xlink:")));
        if (!xlink) root.remove("xmlns:xlink");
        else if (!root.has("xmlns:xlink")) root.set("xmlns:xlink", XLINK_NS);
        if (!SVG_NS.equals(root.attr("xmlns"))) {
            var rest = new java.util.LinkedHashMap<>(root.attributes);
            rest.remove("xmlns");
            root.attributes.clear();
            root.set("xmlns", SVG_NS);
            root.attributes.putAll(rest);
        }
    }

    private boolean keep(String prefix) {
        return options.keepPrefixes().contains(prefix);
    }

    private static String prefix(String name) {
        return name.substring(0, name.indexOf(':'));
    }
}
