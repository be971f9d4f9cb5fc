package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Pass;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Comment;
import dev.diffink.compress.SvgDocument.Element;

/** Removes comments; by default keeps legal comments, those starting with {@code !}. */
public final class RemoveComments implements Pass {

    /** @param keepLegal keep comments that start with {@code !} (licence notices) */
    public record Options(boolean keepLegal) {
        public static final Options DEFAULT = new Options(true);
    }

    private final Options options;

    public RemoveComments() {
        this(Options.DEFAULT);
    }

    public RemoveComments(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "removeComments";
    }

    @Override
    public String description() {
        return "remove comments (legal ones, starting with !, are kept by default)";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        for (Element e : doc.elements()) {
            e.children.removeIf(n -> n instanceof Comment c && !(options.keepLegal() && c.text.startsWith("!")));
        }
    }
}
