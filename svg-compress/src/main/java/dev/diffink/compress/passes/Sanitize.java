package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Pass;
import dev.diffink.compress.References;
import dev.diffink.compress.Safety;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import java.util.ArrayList;
import java.util.Locale;

/**
 * Removes everything that runs code or reaches outside the file: {@code script} and
 * {@code foreignObject} elements, {@code on*} event attributes, {@code javascript:} links,
 * references to anything but a local {@code #id} (the referring element goes, or for links and
 * paints the reference), and style sheets that import or fetch. Always on: DiffInk never writes
 * these. {@code data:} images are not external; profiles that forbid them say so.
 */
public final class Sanitize implements Pass {

    /** @param removeForeignObject whether to drop foreignObject (HTML inside SVG) */
    public record Options(boolean removeForeignObject) {
        public static final Options DEFAULT = new Options(true);
    }

    private final Options options;

    public Sanitize() {
        this(Options.DEFAULT);
    }

    public Sanitize(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "sanitize";
    }

    @Override
    public String description() {
        return "remove scripts, event attributes and references outside the file";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        for (Element e : doc.elements()) {
            String name = e.localName();
            if (name.equals("script") || (options.removeForeignObject() && name.equals("foreignObject"))) {
                ctx.warn("removed <" + name + ">");
                e.detach();
                continue;
            }
            if (name.equals("style") && (e.text().contains("@import") || Safety.EXTERNAL_URL.matcher(e.text()).find())) {
                ctx.warn("removed a style sheet that fetches outside the file");
                e.detach();
                continue;
            }
            for (String attr : new ArrayList<>(e.attributes.keySet())) {
                String v = e.attr(attr);
                String lower = attr.toLowerCase(Locale.ROOT);
                if (lower.startsWith("on")) {
                    e.remove(attr);
                    ctx.warn("removed event attributes");
                } else if (References.isHref(attr) && !v.startsWith("#") && !v.startsWith("data:")) {
                    if (name.equals("use") || name.equals("image") || name.equals("feImage")) {
                        ctx.warn("removed <" + name + "> elements that refer outside the file");
                        e.detach();
                        break;
                    }
                    e.remove(attr);
                    ctx.warn("removed references outside the file");
                } else if (Safety.EXTERNAL_URL.matcher(v).find()) {
                    e.set(attr, Safety.EXTERNAL_URL.matcher(v).replaceAll("none").trim());
                    ctx.warn("replaced url() references outside the file by none");
                }
            }
        }
    }
}
