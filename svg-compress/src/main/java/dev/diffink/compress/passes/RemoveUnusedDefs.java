package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Pass;
import dev.diffink.compress.References;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import java.util.Set;

/**
 * Removes referenceable elements nothing refers to (gradients, clip paths, masks, patterns,
 * markers, symbols, filters, and anything inside {@code defs}), repeating until no more go (a
 * gradient may be used only by another unused one), then empty {@code defs}.
 */
public final class RemoveUnusedDefs implements Pass {

    /** No options. */
    public record Options() {
        public static final Options DEFAULT = new Options();
    }

    private static final Set<String> REFERENCEABLE = Set.of("linearGradient", "radialGradient", "clipPath", "mask",
            "pattern", "marker", "symbol", "filter");

    @Override
    public String name() {
        return "removeUnusedDefs";
    }

    @Override
    public String description() {
        return "remove definitions nothing refers to";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        boolean changed = true;
        while (changed) {
            changed = false;
            Set<String> used = References.referenced(doc);
            for (Element e : doc.elements()) {
                boolean inDefs = e.parent() != null && e.parent().localName().equals("defs");
                if (!(REFERENCEABLE.contains(e.localName()) || (inDefs && !e.localName().equals("style")))) continue;
                String id = e.attr("id");
                if (id == null || !used.contains(id)) {
                    if (!hasUsedDescendant(e, used)) {
                        e.detach();
                        changed = true;
                    }
                }
            }
        }
        for (Element e : doc.elements()) {
            if (e.localName().equals("defs") && e.children.isEmpty()) e.detach();
        }
    }

    private static boolean hasUsedDescendant(Element e, Set<String> used) {
        boolean[] found = {false};
        for (Element c : e.elements()) {
            c.walk(d -> {
                String id = d.attr("id");
                if (id != null && used.contains(id)) found[0] = true;
            });
        }
        return found[0];
    }
}
