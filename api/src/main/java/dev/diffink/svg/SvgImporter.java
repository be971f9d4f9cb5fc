package dev.diffink.svg;

import dev.diffink.DiffInkException;
import dev.diffink.compress.Css;
import dev.diffink.compress.PathData;
import dev.diffink.scene.Affine;
import dev.diffink.scene.BezPath;
import dev.diffink.scene.Fill;
import dev.diffink.scene.FillRule;
import dev.diffink.scene.GradientStop;
import dev.diffink.scene.Group;
import dev.diffink.scene.LineCap;
import dev.diffink.scene.LineJoin;
import dev.diffink.scene.LinearGradient;
import dev.diffink.scene.Node;
import dev.diffink.scene.Paint;
import dev.diffink.scene.RadialGradient;
import dev.diffink.scene.Rgba;
import dev.diffink.scene.Scene;
import dev.diffink.scene.Shape;
import dev.diffink.scene.SpreadMethod;
import dev.diffink.scene.Stroke;
import dev.diffink.svg.CssValues.PaintSpec;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.batik.parser.AWTTransformProducer;
import org.apache.batik.parser.DefaultLengthHandler;
import org.apache.batik.parser.DefaultPreserveAspectRatioHandler;
import org.apache.batik.parser.LengthParser;
import org.apache.batik.parser.ParseException;
import org.apache.batik.parser.PointsHandler;
import org.apache.batik.parser.PointsParser;
import org.apache.batik.parser.PreserveAspectRatioParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads real-world SVG into a {@link Scene}: normalise first, render later (as usvg does).
 *
 * <p>Handles the {@code svg} viewport (width, height, viewBox, preserveAspectRatio), nested
 * {@code g}/{@code svg}/{@code a}/{@code switch}, the basic shapes, {@code use} of local elements
 * and symbols, transforms, presentation attributes and {@code style}, the CSS colour forms,
 * {@code currentColor}, and linear and radial gradients with {@code href} inheritance (bounding-box
 * units are resolved into the gradient's transform). Transforms, lengths and points go through
 * Batik's parsers, colours through Batik's CSS lexer; path data through DiffInk's
 * double-precision reader ({@link PathData}), since Batik's reports floats. Everything else (text, images, filters, masks, patterns,
 * markers, dashes, style sheets, ...) is left out and named in one warning.
 *
 * <p>Malformed input raises a {@link DiffInkException} naming the element and its line.
 */
public final class SvgImporter {
    static final String SVG_NS = "http://www.w3.org/2000/svg";
    static final String XLINK_NS = "http://www.w3.org/1999/xlink";

    /** Limits against hostile or absurd input; each names the command-line option that raises it. */
    public record Options(long maxBytes, int maxElements, int maxDepth) {
        public static final Options DEFAULT = new Options(64L << 20, 200_000, 256);
    }

    /** A scene and the warnings about what it leaves out. */
    public record Result(Scene scene, List<String> warnings) {}

    private SvgImporter() {}

    public static Result importFile(Path file, Options options) {
        return importBytes(readFile(file, options.maxBytes()), file.toString(), options);
    }

    /** A file's bytes, refused (before reading) when over {@code maxBytes}; errors name the file. */
    public static byte[] readFile(Path file, long maxBytes) {
        try {
            if (Files.isDirectory(file)) throw DiffInkException.badInput(file + " is a folder, not an SVG file");
            long size = Files.size(file);
            if (size > maxBytes) {
                throw DiffInkException.limit(file + ": " + size + " bytes is over the " + maxBytes
                        + "-byte input limit; raise it with --max-input-bytes if the file is trusted");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DiffInkException.badInput(file + ": no such file");
        } catch (IOException e) {
            throw new DiffInkException(DiffInkException.Kind.IO, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static Result importBytes(byte[] svg, String source, Options options) {
        if (svg.length > options.maxBytes()) {
            throw DiffInkException.limit(source + ": " + svg.length + " bytes is over the " + options.maxBytes()
                    + "-byte input limit; raise it with --max-input-bytes if the file is trusted");
        }
        Document doc = new XmlLoader(options.maxElements(), options.maxDepth()).load(svg, source);
        return new Walker(doc, source).run();
    }

    /** Inherited style properties, plus the element's own opacity and display. */
    private static final class Style implements Cloneable {
        PaintSpec fill = new PaintSpec.Color(Rgba.BLACK);
        double fillOpacity = 1;
        FillRule fillRule = FillRule.NONZERO;
        PaintSpec stroke = CssValues.NONE;
        double strokeWidth = 1;
        boolean strokeWidthPercent;
        double strokeOpacity = 1;
        LineJoin join = LineJoin.MITER;
        LineCap cap = LineCap.BUTT;
        double miterLimit = 4;
        Rgba color = Rgba.BLACK;
        boolean visible = true;
        boolean dashed;
        FillRule clipRule = FillRule.NONZERO;
        // Not inherited:
        double opacity = 1;
        boolean displayNone;
        double stopOpacity = 1;
        String stopColor;

        Style inherit() {
            try {
                Style s = (Style) clone();
                s.opacity = 1;
                s.displayNone = false;
                s.stopOpacity = 1;
                s.stopColor = null;
                return s;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The state a subtree is imported in. */
    private record Ctx(Affine transform, Style style, double vpWidth, double vpHeight, int depth, Set<Element> using) {
        Ctx with(Affine t, Style s) {
            return new Ctx(t, s, vpWidth, vpHeight, depth + 1, using);
        }
    }

    private static final class Walker {
        private final Document doc;
        private final String source;
        private final Map<String, Element> ids = new HashMap<>();
        private final Map<String, Integer> unsupported = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private final Set<String> missingRefs = new LinkedHashSet<>();
        private Element current;

        Walker(Document doc, String source) {
            this.doc = doc;
            this.source = source;
            indexIds(doc.getDocumentElement());
        }

        private void indexIds(Element e) {
            String id = e.getAttribute("id");
            if (!id.isEmpty()) ids.putIfAbsent(id, e);
            for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) indexIds(child);
            }
        }

        Result run() {
            Element root = doc.getDocumentElement();
            current = root;
            if (!"svg".equals(localName(root)) || !isSvg(root)) {
                throw fail("the root element is <" + root.getTagName() + ">, not <svg>");
            }
            double[] viewBox = viewBox(root);
            double width = rootLength(root, "width", viewBox == null ? 300 : viewBox[2]);
            double height = rootLength(root, "height", viewBox == null ? 150 : viewBox[3]);
            if (!(width > 0 && height > 0)) throw fail("the <svg> has no area (width " + width + ", height " + height + ")");
            Affine t = viewBox == null ? Affine.IDENTITY
                    : viewBoxTransform(viewBox, root.getAttribute("preserveAspectRatio"), 0, 0, width, height);
            Style style = derive(new Style(), root);
            List<Node> nodes = style.displayNone ? List.of()
                    : children(root, new Ctx(t, style, viewBox == null ? width : viewBox[2],
                            viewBox == null ? height : viewBox[3], 0, new HashSet<>()));
            if (style.opacity < 1 && !nodes.isEmpty()) nodes = List.of(new Group(nodes, (float) style.opacity));
            if (!unsupported.isEmpty()) {
                warnings.add(0, "left out unsupported SVG features: " + unsupported.entrySet().stream()
                        .map(e -> e.getValue() > 1 ? e.getKey() + " (" + e.getValue() + ")" : e.getKey())
                        .collect(Collectors.joining(", ")));
            }
            if (!missingRefs.isEmpty()) {
                warnings.add("references to missing elements drawn as none: "
                        + missingRefs.stream().map(id -> "#" + id).collect(Collectors.joining(", ")));
            }
            return new Result(new Scene(width, height, null, nodes), List.copyOf(warnings));
        }

        private List<Node> children(Element parent, Ctx ctx) {
            List<Node> out = new ArrayList<>();
            for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) {
                    Node node = node(child, ctx);
                    if (node != null) out.add(node);
                }
            }
            return out;
        }

        private Node node(Element el, Ctx ctx) {
            if (!isSvg(el)) return null; // editor metadata in other namespaces
            current = el;
            if (ctx.depth > 200) throw fail("elements nest more than 200 deep through <use>");
            String name = localName(el);
            switch (name) {
                case "defs", "title", "desc", "metadata", "linearGradient", "radialGradient", "stop", "symbol",
                        "clipPath", "mask", "pattern", "marker", "filter", "script", "animate", "animateTransform",
                        "animateMotion", "set", "cursor", "view" -> {
                    if (name.equals("script")) note("<script> (never run)");
                    return null;
                }
                case "style" -> {
                    note("<style> sheets");
                    return null;
                }
                default -> { }
            }
            Style style = derive(ctx.style.inherit(), el);
            if (style.displayNone) return null;
            Affine transform = ctx.transform.times(transformOf(el));
            noteUnsupportedAttributes(el);
            Node node = switch (name) {
                case "g", "a" -> group(children(el, ctx.with(transform, style)));
                case "switch" -> {
                    Ctx inner = ctx.with(transform, style);
                    Node first = null;
                    for (org.w3c.dom.Node n = el.getFirstChild(); n != null && first == null; n = n.getNextSibling()) {
                        if (n instanceof Element child) first = node(child, inner);
                    }
                    yield first;
                }
                case "svg" -> nestedSvg(el, ctx, transform, style);
                case "use" -> use(el, ctx, transform, style);
                case "path", "rect", "circle", "ellipse", "line", "polyline", "polygon" -> shape(el, name, ctx,
                        transform, style);
                default -> {
                    note("<" + name + ">");
                    yield null;
                }
            };
            if (node != null && style.opacity < 1) {
                node = switch (node) {
                    case Shape s -> new Shape(s.path(), s.transform(), s.fill(), s.stroke(),
                            (float) (s.opacity() * style.opacity));
                    case Group g -> g.withOpacity((float) (g.opacity() * style.opacity));
                };
            }
            if (node != null) node = clip(el, node, ctx, transform);
            return node;
        }

        /** Wraps {@code node} in a clipped group when {@code el} has a clip-path. */
        private Node clip(Element el, Node node, Ctx ctx, Affine transform) {
            String ref = el.getAttribute("clip-path").trim();
            String inline = el.getAttribute("style");
            if (!inline.isBlank()) ref = Css.plainDeclarations(inline).getOrDefault("clip-path", ref);
            if (ref.isEmpty() || ref.equals("none")) return node;
            if (!ref.startsWith("url(")) {
                note("clip-path shapes other than url(#id)");
                return node;
            }
            String id = ref.substring(4, ref.indexOf(')') < 0 ? ref.length() : ref.indexOf(')')).trim()
                    .replace("\"", "").replace("'", "");
            if (id.startsWith("#")) id = id.substring(1);
            Element clipEl = ids.get(id);
            if (clipEl == null || !"clipPath".equals(localName(clipEl))) {
                missingRefs.add(id);
                return node;
            }
            Affine t = transform;
            if ("objectBoundingBox".equals(clipEl.getAttribute("clipPathUnits"))) {
                if (!(node instanceof Shape s)) {
                    note("objectBoundingBox clip paths on groups");
                    return node;
                }
                double[] bb = s.path().bounds();
                t = t.times(new Affine(bb[2] - bb[0], 0, 0, bb[3] - bb[1], bb[0], bb[1]));
            }
            if (!clipEl.getAttribute("clip-path").isBlank()) note("clip-path on <clipPath>");
            Element saved = current;
            current = clipEl;
            Style clipStyle = derive(new Style(), clipEl);
            List<Shape> shapes = new ArrayList<>();
            Ctx cctx = new Ctx(t.times(transformOf(clipEl)), clipStyle, ctx.vpWidth, ctx.vpHeight, ctx.depth + 1,
                    ctx.using);
            for (org.w3c.dom.Node n = clipEl.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) clipShapes(child, cctx, shapes);
            }
            current = saved;
            return new Group(List.of(node), 1f, shapes);
        }

        /** Adds the geometry of a clipPath child (a shape, or a use of one) as filled shapes. */
        private void clipShapes(Element el, Ctx ctx, List<Shape> out) {
            if (!isSvg(el)) return;
            current = el;
            String name = localName(el);
            Style style = derive(ctx.style.inherit(), el);
            if (style.displayNone || !style.visible) return;
            Affine transform = ctx.transform.times(transformOf(el));
            switch (name) {
                case "use" -> {
                    String href = href(el);
                    Element target = href.startsWith("#") ? ids.get(href.substring(1)) : null;
                    if (target == null || ctx.using.contains(target)) return;
                    double x = length(el, "x", 0, Axis.X, ctx), y = length(el, "y", 0, Axis.Y, ctx);
                    ctx.using.add(target);
                    try {
                        clipShapes(target, ctx.with(transform.times(Affine.translate(x, y)), style), out);
                    } finally {
                        ctx.using.remove(target);
                    }
                }
                case "path", "rect", "circle", "ellipse", "line", "polyline", "polygon" -> {
                    Style solid = style.inherit();
                    solid.fill = new PaintSpec.Color(Rgba.BLACK);
                    solid.fillRule = style.clipRule;
                    solid.fillOpacity = 1;
                    solid.stroke = CssValues.NONE;
                    Node n = shape(el, name, ctx, transform, solid);
                    if (n instanceof Shape s) out.add(s);
                }
                case "text" -> note("text in <clipPath>");
                default -> { }
            }
        }

        private static Node group(List<Node> children) {
            return children.isEmpty() ? null : new Group(children, 1f);
        }

        private Node nestedSvg(Element el, Ctx ctx, Affine transform, Style style) {
            double x = length(el, "x", 0, Axis.X, ctx), y = length(el, "y", 0, Axis.Y, ctx);
            double w = length(el, "width", ctx.vpWidth, Axis.X, ctx);
            double h = length(el, "height", ctx.vpHeight, Axis.Y, ctx);
            if (!(w > 0 && h > 0)) return null;
            double[] vb = viewBox(el);
            Affine inner = vb == null ? Affine.translate(x, y)
                    : viewBoxTransform(vb, el.getAttribute("preserveAspectRatio"), x, y, w, h);
            note("clipping at nested <svg> viewports");
            Ctx c = new Ctx(transform.times(inner), style, vb == null ? w : vb[2], vb == null ? h : vb[3],
                    ctx.depth + 1, ctx.using);
            return group(children(el, c));
        }

        private Node use(Element el, Ctx ctx, Affine transform, Style style) {
            String href = href(el);
            if (href.isEmpty()) return null;
            if (!href.startsWith("#")) {
                note("external references in <use>");
                return null;
            }
            Element target = ids.get(href.substring(1));
            if (target == null) {
                missingRefs.add(href.substring(1));
                return null;
            }
            if (ctx.using.contains(target) || target == el) throw fail("<use> refers to itself through " + href);
            double x = length(el, "x", 0, Axis.X, ctx), y = length(el, "y", 0, Axis.Y, ctx);
            Affine t = transform.times(Affine.translate(x, y));
            ctx.using.add(target);
            try {
                Ctx inner = new Ctx(t, style, ctx.vpWidth, ctx.vpHeight, ctx.depth + 1, ctx.using);
                String name = localName(target);
                if (name.equals("symbol")) {
                    Style s = derive(style.inherit(), target);
                    if (s.displayNone) return null;
                    double w = length(el, "width", ctx.vpWidth, Axis.X, ctx);
                    double h = length(el, "height", ctx.vpHeight, Axis.Y, ctx);
                    double[] vb = viewBox(target);
                    Affine st = vb == null ? Affine.IDENTITY
                            : viewBoxTransform(vb, target.getAttribute("preserveAspectRatio"), 0, 0, w, h);
                    Node g = group(children(target, new Ctx(t.times(st), s, vb == null ? w : vb[2],
                            vb == null ? h : vb[3], ctx.depth + 1, ctx.using)));
                    return g != null && s.opacity < 1 ? new Group(((Group) g).children(), (float) s.opacity) : g;
                }
                return node(target, inner);
            } finally {
                ctx.using.remove(target);
                current = el;
            }
        }

        private Node shape(Element el, String name, Ctx ctx, Affine transform, Style style) {
            if (!style.visible) return null;
            BezPath.Builder b = new BezPath.Builder();
            switch (name) {
                case "path" -> pathData(el, el.getAttribute("d"), b);
                case "rect" -> rect(el, ctx, b);
                case "circle" -> {
                    double r = length(el, "r", 0, Axis.DIAGONAL, ctx);
                    ellipse(length(el, "cx", 0, Axis.X, ctx), length(el, "cy", 0, Axis.Y, ctx), r, r, b);
                }
                case "ellipse" -> {
                    double rx = lengthOrAuto(el, "rx", ctx, Axis.X), ry = lengthOrAuto(el, "ry", ctx, Axis.Y);
                    if (rx < 0) rx = ry;
                    if (ry < 0) ry = rx;
                    ellipse(length(el, "cx", 0, Axis.X, ctx), length(el, "cy", 0, Axis.Y, ctx), rx, ry, b);
                }
                case "line" -> b.moveTo(length(el, "x1", 0, Axis.X, ctx), length(el, "y1", 0, Axis.Y, ctx))
                        .lineTo(length(el, "x2", 0, Axis.X, ctx), length(el, "y2", 0, Axis.Y, ctx));
                default -> points(el, b, name.equals("polygon"));
            }
            if (!b.isFinite()) throw fail("a coordinate is out of range (not a finite number)");
            var built = b.finish();
            if (built.isEmpty()) return null;
            BezPath path = built.get();
            if (!transform.isFinite()) throw fail("the transform is out of range");
            double[] bbox = path.bounds();
            Fill fill = null;
            if (!name.equals("line")) {
                Paint p = resolvePaint(style.fill, style, bbox, ctx);
                if (p != null && style.fillOpacity > 0) fill = new Fill(p, style.fillRule, (float) style.fillOpacity);
            }
            Stroke stroke = null;
            double strokeWidth = style.strokeWidthPercent
                    ? toUser(new double[] {style.strokeWidth, UNIT_PERCENT}, Axis.DIAGONAL, ctx) : style.strokeWidth;
            if (strokeWidth > 0) {
                Paint p = resolvePaint(style.stroke, style, bbox, ctx);
                if (p != null && style.strokeOpacity > 0) {
                    if (style.dashed) note("stroke-dasharray (drawn solid)");
                    stroke = new Stroke(p, (float) strokeWidth, style.join, style.cap,
                            (float) Math.max(1, style.miterLimit), (float) style.strokeOpacity);
                }
            }
            if (fill == null && stroke == null) return null;
            return new Shape(path, transform, fill, stroke, 1f);
        }

        /**
         * Path data through DiffInk's double-precision reader: Batik's parser reports floats,
         * and an arc near a half turn turns a float's rounding into a visible shift of its centre.
         */
        private void pathData(Element el, String d, BezPath.Builder b) {
            if (d.isBlank()) return;
            List<PathData.Segment> segments;
            try {
                segments = PathData.parse(d);
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
            for (PathData.Segment s : segments) {
                double[] v = s.v();
                switch (s.cmd()) {
                    case 'M' -> b.moveTo(v[0], v[1]);
                    case 'L' -> b.lineTo(v[0], v[1]);
                    case 'C' -> b.cubicTo(v[0], v[1], v[2], v[3], v[4], v[5]);
                    case 'Q' -> b.quadTo(v[0], v[1], v[2], v[3]);
                    case 'A' -> b.arcTo(v[0], v[1], v[2], v[3] != 0, v[4] != 0, v[5], v[6]);
                    default -> b.close();
                }
            }
        }

        private void rect(Element el, Ctx ctx, BezPath.Builder b) {
            double x = length(el, "x", 0, Axis.X, ctx), y = length(el, "y", 0, Axis.Y, ctx);
            double w = length(el, "width", 0, Axis.X, ctx), h = length(el, "height", 0, Axis.Y, ctx);
            if (!(w > 0 && h > 0)) return;
            double rx = lengthOrAuto(el, "rx", ctx, Axis.X), ry = lengthOrAuto(el, "ry", ctx, Axis.Y);
            if (rx < 0 && ry < 0) rx = ry = 0;
            else if (rx < 0) rx = ry;
            else if (ry < 0) ry = rx;
            rx = Math.min(rx, w / 2);
            ry = Math.min(ry, h / 2);
            if (rx > 0 && ry > 0) {
                b.moveTo(x + rx, y).lineTo(x + w - rx, y).arcTo(rx, ry, 0, false, true, x + w, y + ry)
                        .lineTo(x + w, y + h - ry).arcTo(rx, ry, 0, false, true, x + w - rx, y + h)
                        .lineTo(x + rx, y + h).arcTo(rx, ry, 0, false, true, x, y + h - ry)
                        .lineTo(x, y + ry).arcTo(rx, ry, 0, false, true, x + rx, y).close();
            } else {
                b.moveTo(x, y).lineTo(x + w, y).lineTo(x + w, y + h).lineTo(x, y + h).close();
            }
        }

        private static void ellipse(double cx, double cy, double rx, double ry, BezPath.Builder b) {
            if (!(rx > 0 && ry > 0)) return;
            b.moveTo(cx + rx, cy).arcTo(rx, ry, 0, false, true, cx, cy + ry).arcTo(rx, ry, 0, false, true, cx - rx, cy)
                    .arcTo(rx, ry, 0, false, true, cx, cy - ry).arcTo(rx, ry, 0, false, true, cx + rx, cy).close();
        }

        private void points(Element el, BezPath.Builder b, boolean close) {
            PointsParser parser = new PointsParser();
            boolean[] first = {true};
            parser.setPointsHandler(new PointsHandler() {
                @Override
                public void startPoints() {}

                @Override
                public void point(float x, float y) {
                    if (first[0]) b.moveTo(x, y);
                    else b.lineTo(x, y);
                    first[0] = false;
                }

                @Override
                public void endPoints() {}
            });
            try {
                parser.parse(el.getAttribute("points"));
            } catch (ParseException e) {
                throw fail("bad points list: " + e.getMessage());
            }
            if (close) b.close();
        }

        // ---- paint ----

        private Paint resolvePaint(PaintSpec spec, Style style, double[] bbox, Ctx ctx) {
            return switch (spec) {
                case PaintSpec.None n -> null;
                case PaintSpec.Color c -> c.color();
                case PaintSpec.CurrentColor c -> style.color;
                case PaintSpec.Url u -> {
                    Element target = ids.get(u.id());
                    if (target == null) {
                        if (u.fallback() != null) yield resolvePaint(u.fallback(), style, bbox, ctx);
                        missingRefs.add(u.id());
                        yield null;
                    }
                    String name = localName(target);
                    if (name.equals("linearGradient") || name.equals("radialGradient")) {
                        Element saved = current;
                        current = target;
                        try {
                            yield gradient(target, bbox, ctx);
                        } finally {
                            current = saved;
                        }
                    }
                    note(name.equals("pattern") ? "pattern paint" : "paint from <" + name + ">");
                    yield u.fallback() != null ? resolvePaint(u.fallback(), style, bbox, ctx) : null;
                }
            };
        }

        /** Follows the href chain of a gradient: the first element of the chain that has an attribute wins. */
        private List<Element> gradientChain(Element g) {
            List<Element> chain = new ArrayList<>();
            for (Element e = g; e != null && chain.size() < 32 && !chain.contains(e); ) {
                chain.add(e);
                String href = href(e);
                if (!href.startsWith("#")) break;
                Element next = ids.get(href.substring(1));
                if (next == null) break;
                String n = localName(next);
                if (!n.equals("linearGradient") && !n.equals("radialGradient")) break;
                e = next;
            }
            return chain;
        }

        private static String attr(List<Element> chain, String name) {
            for (Element e : chain) {
                if (e.hasAttribute(name)) return e.getAttribute(name);
            }
            return null;
        }

        private Paint gradient(Element g, double[] bbox, Ctx ctx) {
            List<Element> chain = gradientChain(g);
            List<GradientStop> stops = List.of();
            for (Element e : chain) {
                stops = stops(e);
                if (!stops.isEmpty()) break;
            }
            if (stops.isEmpty()) return null;
            if (stops.size() == 1) return stops.get(0).color();
            boolean userSpace = "userSpaceOnUse".equals(attr(chain, "gradientUnits"));
            Affine gt = transformText(attr(chain, "gradientTransform"));
            Affine units = Affine.IDENTITY;
            if (!userSpace) {
                double bw = bbox[2] - bbox[0], bh = bbox[3] - bbox[1];
                if (!(bw > 0 && bh > 0)) return null;
                units = new Affine(bw, 0, 0, bh, bbox[0], bbox[1]);
            }
            Affine transform = units.times(gt);
            if (Math.abs(transform.determinant()) < 1e-12) return null;
            SpreadMethod spread = switch (String.valueOf(attr(chain, "spreadMethod"))) {
                case "reflect" -> SpreadMethod.REFLECT;
                case "repeat" -> SpreadMethod.REPEAT;
                default -> SpreadMethod.PAD;
            };
            Rgba last = stops.get(stops.size() - 1).color();
            if (localName(g).equals("linearGradient")) {
                double x1 = coord(chain, "x1", "0%", userSpace, Axis.X, ctx);
                double y1 = coord(chain, "y1", "0%", userSpace, Axis.Y, ctx);
                double x2 = coord(chain, "x2", "100%", userSpace, Axis.X, ctx);
                double y2 = coord(chain, "y2", "0%", userSpace, Axis.Y, ctx);
                if (x1 == x2 && y1 == y2) return last;
                return new LinearGradient((float) x1, (float) y1, (float) x2, (float) y2, stops, transform, spread);
            }
            double cx = coord(chain, "cx", "50%", userSpace, Axis.X, ctx);
            double cy = coord(chain, "cy", "50%", userSpace, Axis.Y, ctx);
            double r = coord(chain, "r", "50%", userSpace, Axis.DIAGONAL, ctx);
            String fxText = attr(chain, "fx"), fyText = attr(chain, "fy");
            double fx = fxText == null ? cx : coord(chain, "fx", "50%", userSpace, Axis.X, ctx);
            double fy = fyText == null ? cy : coord(chain, "fy", "50%", userSpace, Axis.Y, ctx);
            double fr = coord(chain, "fr", "0%", userSpace, Axis.DIAGONAL, ctx);
            if (!(r > 0)) return last;
            // A focal point outside the end circle is moved onto it (SVG 1.1), as librsvg does.
            double dx = fx - cx, dy = fy - cy, dist = Math.hypot(dx, dy);
            if (dist > r * 0.999) {
                fx = cx + dx * r * 0.999 / dist;
                fy = cy + dy * r * 0.999 / dist;
            }
            return new RadialGradient((float) cx, (float) cy, (float) r, (float) fx, (float) fy,
                    (float) Math.max(0, Math.min(fr, r)), stops, transform, spread);
        }

        private double coord(List<Element> chain, String name, String def, boolean userSpace, Axis axis, Ctx ctx) {
            String text = attr(chain, name);
            if (text == null) text = def;
            double[] v = parseLength(text.trim(), name);
            if (userSpace) return toUser(v, axis, ctx);
            // Bounding-box units: plain numbers and percentages are fractions of the box.
            return v[1] == UNIT_PERCENT ? v[0] / 100 : v[0];
        }

        private List<GradientStop> stops(Element g) {
            List<GradientStop> stops = new ArrayList<>();
            float previous = 0;
            for (org.w3c.dom.Node n = g.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element s) || !"stop".equals(localName(s)) || !isSvg(s)) continue;
                Element saved = current;
                current = s;
                Style st = derive(new Style(), s);
                String offText = s.getAttribute("offset").trim();
                double off = 0;
                if (!offText.isEmpty()) {
                    try {
                        off = offText.endsWith("%") ? Double.parseDouble(offText.substring(0, offText.length() - 1)) / 100
                                : Double.parseDouble(offText);
                    } catch (NumberFormatException e) {
                        throw fail("bad stop offset \"" + offText + "\"");
                    }
                }
                if (!Double.isFinite(off)) throw fail("stop offset out of range");
                float offset = Math.max(previous, (float) CssValues.clamp01(off));
                previous = offset;
                Rgba color = Rgba.BLACK;
                if (st.stopColor != null) {
                    color = st.stopColor.trim().equalsIgnoreCase("currentColor") ? st.color : color(st.stopColor);
                }
                stops.add(new GradientStop(offset, color.fade((float) st.stopOpacity)));
                current = saved;
            }
            return stops;
        }

        // ---- style ----

        private Style derive(Style s, Element el) {
            for (String prop : PROPERTIES) {
                if (el.hasAttribute(prop)) apply(s, prop, el.getAttribute(prop));
            }
            String inline = el.getAttribute("style");
            if (!inline.isBlank()) {
                for (var e : Css.plainDeclarations(inline).entrySet()) apply(s, e.getKey(), e.getValue());
            }
            return s;
        }

        private static final List<String> PROPERTIES = List.of("fill", "fill-opacity", "fill-rule", "stroke",
                "stroke-width", "stroke-opacity", "stroke-linejoin", "stroke-linecap", "stroke-miterlimit",
                "stroke-dasharray", "color", "visibility", "opacity", "display", "stop-color", "stop-opacity",
                "clip-rule");

        private void apply(Style s, String prop, String raw) {
            String v = raw.trim();
            if (v.isEmpty() || v.equals("inherit")) return;
            try {
                switch (prop) {
                    case "fill" -> s.fill = paintSpec(v);
                    case "stroke" -> s.stroke = paintSpec(v);
                    case "fill-opacity" -> s.fillOpacity = fraction(v);
                    case "stroke-opacity" -> s.strokeOpacity = fraction(v);
                    case "opacity" -> s.opacity = fraction(v);
                    case "stop-opacity" -> s.stopOpacity = fraction(v);
                    case "stop-color" -> s.stopColor = v;
                    case "fill-rule" -> s.fillRule = v.equals("evenodd") ? FillRule.EVEN_ODD : FillRule.NONZERO;
                    case "clip-rule" -> s.clipRule = v.equals("evenodd") ? FillRule.EVEN_ODD : FillRule.NONZERO;
                    case "stroke-width" -> {
                        double[] len = parseLength(v, prop);
                        s.strokeWidthPercent = len[1] == UNIT_PERCENT;
                        s.strokeWidth = s.strokeWidthPercent ? len[0] : toAbsolute(len);
                        if (s.strokeWidth < 0) throw new IllegalArgumentException("negative");
                    }
                    case "stroke-linejoin" -> s.join = switch (v) {
                        case "round" -> LineJoin.ROUND;
                        case "bevel" -> LineJoin.BEVEL;
                        default -> LineJoin.MITER;
                    };
                    case "stroke-linecap" -> s.cap = switch (v) {
                        case "round" -> LineCap.ROUND;
                        case "square" -> LineCap.SQUARE;
                        default -> LineCap.BUTT;
                    };
                    case "stroke-miterlimit" -> s.miterLimit = number(v);
                    case "stroke-dasharray" -> s.dashed = !v.equals("none") && !v.matches("[0\\s,.]*");
                    case "color" -> s.color = v.equalsIgnoreCase("currentColor") ? s.color : CssValues.color(v);
                    case "visibility" -> s.visible = v.equals("visible");
                    case "display" -> s.displayNone = v.equals("none");
                    default -> { }
                }
            } catch (IllegalArgumentException e) {
                throw fail("bad " + prop + " \"" + raw + "\"");
            }
        }

        private PaintSpec paintSpec(String v) {
            return CssValues.paint(v);
        }

        private Rgba color(String v) {
            try {
                return CssValues.color(v);
            } catch (IllegalArgumentException e) {
                throw fail("bad colour \"" + v + "\"");
            }
        }

        private static double fraction(String v) {
            double x = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100 : Double.parseDouble(v);
            if (!Double.isFinite(x)) throw new IllegalArgumentException("not finite");
            return CssValues.clamp01(x);
        }

        private static double number(String v) {
            double x = Double.parseDouble(v);
            if (!Double.isFinite(x)) throw new IllegalArgumentException("not finite");
            return x;
        }

        private void noteUnsupportedAttributes(Element el) {
            for (String a : List.of("filter", "mask")) {
                String v = el.getAttribute(a).trim();
                if (v.isEmpty() || v.equals("none")) {
                    String inline = el.getAttribute("style");
                    v = inline.isBlank() ? "" : Css.plainDeclarations(inline).getOrDefault(a, "");
                }
                if (!v.isEmpty() && !v.equals("none")) note(a + " attribute");
            }
            for (String a : List.of("marker-start", "marker-mid", "marker-end", "marker")) {
                String v = el.getAttribute(a).trim();
                if (!v.isEmpty() && !v.equals("none")) note("markers");
            }
        }

        // ---- lengths and transforms ----

        enum Axis { X, Y, DIAGONAL }

        static final int UNIT_NONE = 0, UNIT_PERCENT = 1, UNIT_EM = 2, UNIT_EX = 3;

        /** Parses a length into {value in px (or percent, em, ex), unit kind} with Batik's parser. */
        private double[] parseLength(String text, String what) {
            double[] out = {0, UNIT_NONE};
            LengthParser parser = new LengthParser();
            parser.setLengthHandler(new DefaultLengthHandler() {
                @Override
                public void lengthValue(float v) {
                    out[0] = v;
                }

                @Override
                public void em() {
                    out[1] = UNIT_EM;
                }

                @Override
                public void ex() {
                    out[1] = UNIT_EX;
                }

                @Override
                public void in() {
                    out[0] *= 96;
                }

                @Override
                public void cm() {
                    out[0] *= 96 / 2.54;
                }

                @Override
                public void mm() {
                    out[0] *= 96 / 25.4;
                }

                @Override
                public void pc() {
                    out[0] *= 16;
                }

                @Override
                public void pt() {
                    out[0] *= 96.0 / 72;
                }

                @Override
                public void percentage() {
                    out[1] = UNIT_PERCENT;
                }
            });
            try {
                parser.parse(text);
            } catch (ParseException e) {
                throw fail("bad length in " + what + ": \"" + text + "\"");
            }
            if (!Double.isFinite(out[0]) || Math.abs(out[0]) > 1e9) throw fail(what + " is out of range: \"" + text + "\"");
            return out;
        }

        private static double toAbsolute(double[] len) {
            return len[1] == UNIT_EM ? len[0] * 16 : len[1] == UNIT_EX ? len[0] * 8 : len[0];
        }

        private static double toUser(double[] len, Axis axis, Ctx ctx) {
            if (len[1] != UNIT_PERCENT) return toAbsolute(len);
            double base = switch (axis) {
                case X -> ctx.vpWidth;
                case Y -> ctx.vpHeight;
                case DIAGONAL -> Math.sqrt((ctx.vpWidth * ctx.vpWidth + ctx.vpHeight * ctx.vpHeight) / 2);
            };
            return len[0] / 100 * base;
        }

        private double length(Element el, String name, double def, Axis axis, Ctx ctx) {
            String text = el.getAttribute(name).trim();
            if (text.isEmpty()) return def;
            return toUser(parseLength(text, name), axis, ctx);
        }

        /** A length, or -1 for "auto" or absent (rx, ry). */
        private double lengthOrAuto(Element el, String name, Ctx ctx, Axis axis) {
            String text = el.getAttribute(name).trim();
            if (text.isEmpty() || text.equals("auto")) return -1;
            return Math.max(0, toUser(parseLength(text, name), axis, ctx));
        }

        private double rootLength(Element root, String name, double def) {
            String text = root.getAttribute(name).trim();
            if (text.isEmpty()) return def;
            double[] len = parseLength(text, name);
            return len[1] == UNIT_PERCENT ? def * len[0] / 100 : toAbsolute(len);
        }

        private double[] viewBox(Element el) {
            String text = el.getAttribute("viewBox").trim();
            if (text.isEmpty()) return null;
            String[] parts = text.split("[\\s,]+");
            if (parts.length != 4) throw fail("bad viewBox \"" + text + "\"");
            double[] vb = new double[4];
            try {
                for (int i = 0; i < 4; i++) vb[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw fail("bad viewBox \"" + text + "\"");
            }
            for (double v : vb) if (!Double.isFinite(v)) throw fail("viewBox is out of range");
            if (!(vb[2] > 0 && vb[3] > 0)) throw fail("viewBox has no area: \"" + text + "\"");
            return vb;
        }

        /** The map from a viewBox into the viewport (x, y, w, h), per preserveAspectRatio. */
        private Affine viewBoxTransform(double[] vb, String par, double x, double y, double w, double h) {
            int[] align = {1, 1};
            boolean[] none = {false}, slice = {false};
            if (!par.isBlank()) {
                PreserveAspectRatioParser parser = new PreserveAspectRatioParser();
                parser.setPreserveAspectRatioHandler(new DefaultPreserveAspectRatioHandler() {
                    @Override public void none() { none[0] = true; }
                    @Override public void xMinYMin() { align[0] = 0; align[1] = 0; }
                    @Override public void xMidYMin() { align[0] = 1; align[1] = 0; }
                    @Override public void xMaxYMin() { align[0] = 2; align[1] = 0; }
                    @Override public void xMinYMid() { align[0] = 0; align[1] = 1; }
                    @Override public void xMidYMid() { align[0] = 1; align[1] = 1; }
                    @Override public void xMaxYMid() { align[0] = 2; align[1] = 1; }
                    @Override public void xMinYMax() { align[0] = 0; align[1] = 2; }
                    @Override public void xMidYMax() { align[0] = 1; align[1] = 2; }
                    @Override public void xMaxYMax() { align[0] = 2; align[1] = 2; }
                    @Override public void slice() { slice[0] = true; }
                });
                try {
                    parser.parse(par);
                } catch (ParseException e) {
                    throw fail("bad preserveAspectRatio \"" + par + "\"");
                }
            }
            double sx = w / vb[2], sy = h / vb[3];
            if (none[0]) return new Affine(sx, 0, 0, sy, x - vb[0] * sx, y - vb[1] * sy);
            double s = slice[0] ? Math.max(sx, sy) : Math.min(sx, sy);
            double tx = x - vb[0] * s + (w - vb[2] * s) * align[0] / 2;
            double ty = y - vb[1] * s + (h - vb[3] * s) * align[1] / 2;
            return new Affine(s, 0, 0, s, tx, ty);
        }

        private Affine transformOf(Element el) {
            return transformText(el.getAttribute("transform"));
        }

        private Affine transformText(String text) {
            if (text == null || text.isBlank()) return Affine.IDENTITY;
            try {
                AffineTransform t = AWTTransformProducer.createAffineTransform(text);
                Affine a = new Affine(t.getScaleX(), t.getShearY(), t.getShearX(), t.getScaleY(), t.getTranslateX(),
                        t.getTranslateY());
                if (!a.isFinite()) throw fail("transform is out of range: \"" + text + "\"");
                return a;
            } catch (ParseException e) {
                throw fail("bad transform \"" + text + "\"");
            }
        }

        // ---- helpers ----

        private static String href(Element el) {
            String h = el.getAttribute("href");
            if (h.isEmpty()) h = el.getAttributeNS(XLINK_NS, "href");
            if (h.isEmpty()) h = el.getAttribute("xlink:href");
            return h.trim();
        }

        private void note(String feature) {
            unsupported.merge(feature, 1, Integer::sum);
        }

        private DiffInkException fail(String message) {
            Element e = current;
            String where = "";
            if (e != null) {
                String id = e.getAttribute("id");
                int line = XmlLoader.lineOf(e);
                where = "<" + e.getTagName() + (id.isEmpty() ? "" : " id=\"" + id + "\"") + ">"
                        + (line > 0 ? " (line " + line + ")" : "") + ": ";
            }
            return DiffInkException.badInput(source + ": " + where + message);
        }
    }

    static String localName(Element e) {
        String n = e.getLocalName();
        return n != null ? n : e.getTagName();
    }

    static boolean isSvg(Element e) {
        String ns = e.getNamespaceURI();
        return ns == null || ns.isEmpty() || ns.equals(SVG_NS);
    }
}
