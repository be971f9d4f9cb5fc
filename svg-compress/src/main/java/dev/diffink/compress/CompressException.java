package dev.diffink.compress;

/**
 * A request the compressor cannot meet for this document: a profile forbids what the drawing is
 * made of, or the byte budget is too small. The message says which and what would help.
 */
public final class CompressException extends RuntimeException {

    /** Why the request cannot be met. */
    public enum Kind {
        /** The document draws with something the requested profile forbids (bad input). */
        FORBIDDEN_CONTENT,
        /** The byte budget cannot be met (the request fails). */
        BUDGET
    }

    private final Kind kind;

    public CompressException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
