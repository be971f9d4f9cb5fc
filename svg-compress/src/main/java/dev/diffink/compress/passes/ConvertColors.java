package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.CssColors;
import dev.diffink.compress.Pass;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgProperties;

/** Writes every opaque colour in its shortest form: {@code #abc}, {@code #aabbcc}, or a shorter name ({@code red}). */
public final class ConvertColors implements Pass {

    /** No options: the shortest form is always the same colour. */
    public record Options() {
        public static final Options DEFAULT = new Options();
    }

    @Override
    public String name() {
        return "convertColors";
    }

    @Override
    public String description() {
        return "shortest form of every opaque colour";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        for (Element e : doc.elements()) {
            for (String attr : SvgProperties.COLOR) {
                String v = e.attr(attr);
                if (v == null) continue;
                String s = CssColors.shortest(v);
                if (s != null && s.length() <= v.length()) e.set(attr, s);
            }
        }
    }
}
