package dev.diffink.compress;

import java.util.Map;
import java.util.Set;

/** Facts from the SVG specification that passes rely on: presentation attributes, inheritance, defaults. */
public final class SvgProperties {
    private SvgProperties() {}

    /**
     * Properties that may be written as presentation attributes (SVG 1.1 and 2). Not
     * {@code mix-blend-mode} or {@code isolation}: the compositing spec gives them no presentation
     * attribute, so they stay in {@code style}.
     */
    public static final Set<String> PRESENTATION = Set.of("alignment-baseline", "baseline-shift", "clip",
            "clip-path", "clip-rule", "color", "color-interpolation", "color-interpolation-filters",
            "color-profile", "color-rendering", "cursor", "direction", "display", "dominant-baseline",
            "enable-background", "fill", "fill-opacity", "fill-rule", "filter", "flood-color", "flood-opacity",
            "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant",
            "font-weight", "glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering",
            "kerning", "letter-spacing", "lighting-color", "marker-end", "marker-mid", "marker-start", "mask",
            "opacity", "overflow", "paint-order", "pointer-events", "shape-rendering", "stop-color",
            "stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap",
            "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor",
            "text-decoration", "text-rendering", "transform-origin", "unicode-bidi", "vector-effect",
            "visibility", "word-spacing", "writing-mode");

    /** Presentation properties whose value children inherit. */
    public static final Set<String> INHERITED = Set.of("clip-rule", "color", "color-interpolation",
            "color-interpolation-filters", "color-profile", "color-rendering", "cursor", "direction",
            "dominant-baseline", "fill", "fill-opacity", "fill-rule", "font-family", "font-size",
            "font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight",
            "glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering", "kerning",
            "letter-spacing", "marker-end", "marker-mid", "marker-start", "paint-order", "pointer-events",
            "shape-rendering", "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap",
            "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor",
            "text-rendering", "visibility", "word-spacing", "writing-mode");

    /** Initial values of presentation properties, as SVG writes them (compared after normalisation). */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("fill", "#000"),
            Map.entry("fill-opacity", "1"), Map.entry("fill-rule", "nonzero"), Map.entry("stroke", "none"),
            Map.entry("stroke-width", "1"), Map.entry("stroke-opacity", "1"), Map.entry("stroke-linecap", "butt"),
            Map.entry("stroke-linejoin", "miter"), Map.entry("stroke-miterlimit", "4"),
            Map.entry("stroke-dasharray", "none"), Map.entry("stroke-dashoffset", "0"), Map.entry("opacity", "1"),
            Map.entry("clip-rule", "nonzero"), Map.entry("visibility", "visible"), Map.entry("display", "inline"),
            Map.entry("stop-opacity", "1"), Map.entry("stop-color", "#000"), Map.entry("flood-opacity", "1"),
            Map.entry("flood-color", "#000"), Map.entry("marker-start", "none"), Map.entry("marker-mid", "none"),
            Map.entry("marker-end", "none"), Map.entry("clip-path", "none"), Map.entry("mask", "none"),
            Map.entry("filter", "none"), Map.entry("overflow", "visible"), Map.entry("paint-order", "normal"),
            Map.entry("vector-effect", "none"), Map.entry("mix-blend-mode", "normal"),
            Map.entry("isolation", "auto"));

    /** Attributes made of numbers (lengths, fractions, lists, transforms), checked for range at parse. */
    public static final Set<String> NUMERIC = Set.of("x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "fx",
            "fy", "fr", "x1", "y1", "x2", "y2", "stroke-width", "stroke-dashoffset", "stroke-miterlimit", "opacity",
            "fill-opacity", "stroke-opacity", "stop-opacity", "flood-opacity", "offset", "viewBox", "points",
            "stroke-dasharray", "transform", "gradientTransform", "patternTransform", "font-size");

    /** Attributes holding a colour. */
    public static final Set<String> COLOR = Set.of("fill", "stroke", "stop-color", "flood-color",
            "lighting-color", "color");

    /** Elements that render nothing themselves and are only referenced. */
    public static final Set<String> NON_RENDERING = Set.of("defs", "linearGradient", "radialGradient", "stop",
            "clipPath", "mask", "pattern", "marker", "symbol", "filter", "title", "desc", "metadata", "style",
            "script");

    /** Basic shapes and paths. */
    public static final Set<String> SHAPES = Set.of("path", "rect", "circle", "ellipse", "line", "polyline",
            "polygon");

    /** Whether a value of this inheritable property on a parent can be dropped when every child sets its own. */
    public static boolean isInherited(String property) {
        return INHERITED.contains(property);
    }
}
