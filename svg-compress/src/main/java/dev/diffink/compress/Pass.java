package dev.diffink.compress;

/**
 * One compression pass: a named, documented transformation of the document, idempotent (running
 * it twice changes nothing), with its defaults in a record of its own.
 */
public interface Pass {
    /** Short name, as fixtures and reports use it (e.g. {@code collapseGroups}). */
    String name();

    /** What the pass does, in a sentence. */
    String description();

    void apply(SvgDocument doc, CompressContext ctx);
}
