package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Geometry;
import dev.diffink.compress.Numbers;
import dev.diffink.compress.Pass;
import dev.diffink.compress.PathData;
import dev.diffink.compress.PathData.Segment;
import dev.diffink.compress.PathEncoder;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges a path into an earlier sibling path with the same attributes when the render cannot
 * change: the merged path, and every sibling it moves below, are at least one pixel (at 1x) apart
 * from it, bounds widened by any stroke. Then no pixel at any scale sees two of them, so
 * compositing them separately or as one path gives the same image, whatever their fill rule or
 * opacity. Paths with ids, markers or transforms that differ are not merged.
 */
public final class MergePaths implements Pass {

    /** @param window how many earlier siblings to look back over for a partner */
    public record Options(int window) {
        public static final Options DEFAULT = new Options(64);
    }

    private final Options options;

    public MergePaths() {
        this(Options.DEFAULT);
    }

    public MergePaths(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "mergePaths";
    }

    @Override
    public String description() {
        return "merge same-paint paths that no pixel sees together";
    }

    /** A sibling's geometry and bounds. */
    private static final class Item {
        final Element element;
        List<Segment> segments;
        double[] bounds;

        Item(Element element, List<Segment> segments, double[] bounds) {
            this.element = element;
            this.segments = segments;
            this.bounds = bounds;
        }
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        double gap = ctx.unitsPerPixel;
        for (Element parent : doc.elements()) {
            if (parent.localName().equals("clipPath") || parent.localName().equals("switch")) continue;
            List<Item> items = new ArrayList<>();
            for (Element e : parent.elements()) items.add(item(e));
            for (int i = 0; i < items.size(); i++) {
                Item b = items.get(i);
                if (b == null || !mergeable(b.element)) continue;
                for (int j = i - 1; j >= 0 && i - j <= options.window(); j--) {
                    Item between = items.get(j);
                    if (between == null) break;
                    if (mergeable(between.element) && sameAttributes(between.element, b.element)
                            && apart(between.bounds, b.bounds, gap)) {
                        // Everything from j + 1 to i - 1 is apart from b too (checked below), so b
                        // can move down to j.
                        between.segments = concat(between.segments, b.segments);
                        between.bounds = union(between.bounds, b.bounds);
                        between.element.set("d", PathEncoder.encode(between.segments,
                                Numbers.MAX_DECIMALS, ctx.invisible()));
                        b.element.detach();
                        items.remove(i);
                        i--;
                        break;
                    }
                    if (!apart(between.bounds, b.bounds, gap)) break;
                }
            }
        }
    }

    private static Item item(Element e) {
        if (!e.localName().equals("path")) {
            // Another element: its extent is unknown here, so nothing moves past it.
            return null;
        }
        List<Segment> segs;
        try {
            segs = PathData.parse(e.attr("d"));
        } catch (IllegalArgumentException ex) {
            return null;
        }
        if (segs.isEmpty()) return null;
        double[] b = Geometry.bounds(segs);
        if (BakeTransforms.stroked(e)) {
            double w = Geometry.length(BakeTransforms.inherited(e, "stroke-width"));
            double limit = Geometry.length(BakeTransforms.inherited(e, "stroke-miterlimit"));
            if (Double.isNaN(w) || Double.isNaN(limit)) return null;
            double reach = w / 2 * Math.max(limit, Math.sqrt(2));
            b = new double[] {b[0] - reach, b[1] - reach, b[2] + reach, b[3] + reach};
        }
        return new Item(e, segs, b);
    }

    private static boolean mergeable(Element e) {
        return !e.has("id") && !e.has("marker-start") && !e.has("marker-mid") && !e.has("marker-end")
                && !e.has("marker") && !e.has("clip-path") && !e.has("mask") && !e.has("filter")
                && !e.has("stroke-dasharray");
    }

    private static boolean sameAttributes(Element a, Element b) {
        Map<String, String> x = a.attributes, y = b.attributes;
        if (x.size() != y.size()) return false;
        for (var entry : x.entrySet()) {
            if (entry.getKey().equals("d")) continue;
            if (!entry.getValue().equals(y.get(entry.getKey()))) return false;
        }
        return true;
    }

    private static boolean apart(double[] a, double[] b, double gap) {
        return a[2] + gap <= b[0] || b[2] + gap <= a[0] || a[3] + gap <= b[1] || b[3] + gap <= a[1];
    }

    private static double[] union(double[] a, double[] b) {
        return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])};
    }

    private static List<Segment> concat(List<Segment> a, List<Segment> b) {
        List<Segment> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }
}
