package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Css;
import dev.diffink.compress.Pass;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds CSS into presentation attributes, keeping the cascade: presentation attributes rank below
 * every CSS declaration; style sheet rules rank by importance, specificity and order; the
 * {@code style} attribute ranks above the sheet (below an important sheet rule). Sheets made only
 * of simple selectors are folded and removed (with the {@code class} attributes they used); any
 * other sheet is kept as it is, and then {@code style} attributes are left too, since a remaining
 * sheet rule would otherwise win over what used to be an inline style. Properties that are not
 * presentation attributes stay in a {@code style} attribute.
 */
public final class InlineStyles implements Pass {

    /** @param foldSheets fold simple {@code <style>} sheets into attributes */
    public record Options(boolean foldSheets) {
        public static final Options DEFAULT = new Options(true);
    }

    private final Options options;

    public InlineStyles() {
        this(Options.DEFAULT);
    }

    public InlineStyles(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "inlineStyles";
    }

    @Override
    public String description() {
        return "fold style attributes and simple style sheets into presentation attributes";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        List<Element> sheets = doc.elements().stream().filter(e -> e.localName().equals("style")).toList();
        List<Css.Rule> rules = new ArrayList<>();
        boolean foldable = options.foldSheets();
        for (Element s : sheets) {
            String type = s.attr("type");
            List<Css.Rule> parsed = type == null || type.equals("text/css") ? Css.simpleSheet(s.text()) : null;
            if (parsed == null) foldable = false;
            else rules.addAll(parsed);
        }
        if (!sheets.isEmpty() && !foldable) return;
        for (Element e : doc.elements()) {
            Map<String, Winner> winners = new LinkedHashMap<>();
            for (Css.Rule r : rules) {
                for (Css.Selector sel : r.selectors()) {
                    if (!matches(sel, e)) continue;
                    for (var d : r.declarations().entrySet()) {
                        offer(winners, d.getKey(), new Winner(d.getValue().text(), d.getValue().important() ? 2 : 0,
                                sel.specificity(), r.order()));
                    }
                }
            }
            String style = e.attr("style");
            if (style != null) {
                for (var d : Css.declarations(style).entrySet()) {
                    offer(winners, d.getKey(), new Winner(d.getValue().text(), d.getValue().important() ? 3 : 1,
                            1000, 0));
                }
                e.remove("style");
            }
            Map<String, String> rest = new LinkedHashMap<>();
            for (var w : winners.entrySet()) {
                if (SvgProperties.PRESENTATION.contains(w.getKey())) e.set(w.getKey(), w.getValue().value);
                else rest.put(w.getKey(), w.getValue().value);
            }
            if (!rest.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                rest.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k).append(':').append(v));
                e.set("style", sb.toString());
            }
        }
        for (Element s : sheets) s.detach();
        if (!sheets.isEmpty()) {
            for (Element e : doc.elements()) e.remove("class");
        }
    }

    private record Winner(String value, int importance, int specificity, int order) {}

    private static void offer(Map<String, Winner> winners, String property, Winner w) {
        Winner old = winners.get(property);
        if (old == null || w.importance > old.importance
                || (w.importance == old.importance && (w.specificity > old.specificity
                        || (w.specificity == old.specificity && w.order >= old.order)))) {
            winners.put(property, w);
        }
    }

    private static boolean matches(Css.Selector s, Element e) {
        if (s.id() != null) return s.id().equals(e.attr("id"));
        if (s.element() != null && !s.element().equals(e.localName())) return false;
        if (s.className() != null) {
            String cls = e.attr("class");
            return cls != null && Arrays.asList(cls.trim().split("\\s+")).contains(s.className());
        }
        return true;
    }
}
