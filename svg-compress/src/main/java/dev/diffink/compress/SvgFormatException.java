package dev.diffink.compress;

/**
 * A document the compressor cannot or will not take: malformed XML, or over a limit against
 * hostile input. The message names the problem and, for limits, the option that raises them.
 */
public final class SvgFormatException extends RuntimeException {

    /** Malformed input, or input over a limit. */
    public enum Kind {
        MALFORMED, LIMIT
    }

    private final Kind kind;

    public SvgFormatException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
