package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Numbers;
import dev.diffink.compress.Pass;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgDocument.Node;
import dev.diffink.compress.SvgProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes groups that change nothing:
 * <ul>
 *   <li>an inherited attribute of a group that every child sets itself is dropped (it is
 *       overridden everywhere, as in Fluent's {@code <g fill="none">});</li>
 *   <li>a group without attributes is replaced by its children;</li>
 *   <li>a group with one child element (with no id in it, which a {@code <use>} could draw
 *       without the group) hands its attributes down and goes: inherited ones where
 *       the child does not set them, {@code transform} composed before the child's,
 *       {@code opacity} multiplied into the child's (exact for a single child);</li>
 *   <li>an empty group is removed.</li>
 * </ul>
 * Groups with clip paths, masks, filters, ids, classes or attributes this pass does not know are
 * left alone, as are the children of {@code switch}.
 */
public final class CollapseGroups implements Pass {

    /** No options. */
    public record Options() {
        public static final Options DEFAULT = new Options();
    }

    @Override
    public String name() {
        return "collapseGroups";
    }

    @Override
    public String description() {
        return "remove groups that change nothing";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        boolean changed = true;
        while (changed) {
            changed = false;
            // Children before parents, so nested useless groups unwrap in one sweep.
            List<Element> all = doc.elements();
            for (int i = all.size() - 1; i >= 0; i--) {
                Element g = all.get(i);
                if (!g.localName().equals("g") || g.parent() == null || g.parent().localName().equals("switch")) {
                    continue;
                }
                if (collapse(g)) changed = true;
            }
        }
    }

    private static boolean collapse(Element g) {
        List<Element> kids = g.elements();
        if (kids.isEmpty() && g.children.stream().noneMatch(n -> n instanceof SvgDocument.Comment)) {
            g.detach();
            return true;
        }
        if (!collapsible(g)) return false;
        boolean changed = false;
        // Inherited attributes overridden by every child do nothing.
        for (String attr : new ArrayList<>(g.attributes.keySet())) {
            if (SvgProperties.isInherited(attr) && !kids.isEmpty() && kids.stream().allMatch(k -> k.has(attr))) {
                g.remove(attr);
                changed = true;
            }
        }
        if (g.attributes.isEmpty()) {
            unwrap(g);
            return true;
        }
        if (kids.size() == 1 && g.children.size() == 1) {
            Element child = kids.get(0);
            // A <use> of the child (or of something in it) would see attributes handed down.
            if (child.localName().equals("switch") || BakeTransforms.hasId(child)) return changed;
            for (var a : g.attributes.entrySet()) {
                String attr = a.getKey(), value = a.getValue();
                switch (attr) {
                    case "transform" -> child.set("transform", child.has("transform")
                            ? value + " " + child.attr("transform") : value);
                    case "opacity" -> {
                        double o = parseOr(value, 1) * parseOr(child.attr("opacity"), 1);
                        child.set("opacity", Numbers.format(o, 4));
                    }
                    default -> {
                        if (!child.has(attr)) child.set(attr, value);
                    }
                }
            }
            unwrap(g);
            return true;
        }
        return changed;
    }

    /**
     * Only inherited properties, transform and opacity: a non-inherited property other than
     * opacity (display, clip-path, mask, filter, blend modes) acts on the group as a whole.
     */
    private static boolean collapsible(Element g) {
        for (String attr : g.attributes.keySet()) {
            if (!attr.equals("transform") && !attr.equals("opacity") && !SvgProperties.isInherited(attr)) return false;
        }
        return true;
    }

    private static double parseOr(String v, double def) {
        if (v == null) return def;
        try {
            String t = v.trim();
            return t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static void unwrap(Element g) {
        Element parent = g.parent();
        int at = parent.children.indexOf(g);
        g.detach();
        List<Node> moved = new ArrayList<>(g.children);
        for (int k = 0; k < moved.size(); k++) parent.insert(at + k, moved.get(k));
    }
}
