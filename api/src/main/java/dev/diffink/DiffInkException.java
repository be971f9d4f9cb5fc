package dev.diffink;

/**
 * The one exception DiffInk reports to users: a {@link Kind} that decides the exit code, and a
 * message that names the problem and, where there is one, what to do about it.
 */
public final class DiffInkException extends RuntimeException {

    /** What went wrong, from the user's point of view. */
    public enum Kind {
        /** The input is malformed or not what the command takes (exit code 2). */
        BAD_INPUT(2),
        /** The input is over a limit; the message names the limit and the option that raises it (exit code 2). */
        LIMIT(2),
        /** A file could not be read or written (exit code 1). */
        IO(1),
        /** Something DiffInk needs is missing from this machine (exit code 2). */
        MISSING_DEPENDENCY(2),
        /** What was asked cannot be done for this input, e.g. a byte budget too small (exit code 1). */
        FAILED(1),
        /** A failure inside DiffInk (exit code 1). */
        INTERNAL(1);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public DiffInkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DiffInkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static DiffInkException badInput(String message) {
        return new DiffInkException(Kind.BAD_INPUT, message);
    }

    public static DiffInkException limit(String message) {
        return new DiffInkException(Kind.LIMIT, message);
    }
}
