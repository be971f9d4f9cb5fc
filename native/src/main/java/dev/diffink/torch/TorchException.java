package dev.diffink.torch;

/**
 * A failure of the torch runtime. {@link #getMessage()} is one line a user can act on;
 * {@link #detail()} keeps the full text libtorch gave (a TorchScript traceback, say), for --debug.
 */
public final class TorchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, so commands can choose an exit code and advice. */
    public enum Kind {
        /** The shim or libtorch is not installed or not loadable: an environment problem. */
        UNAVAILABLE,
        /** A model file is missing, unreadable or not what DiffInk needs: bad input. */
        BAD_MODEL,
        /** Tensors or arguments do not fit the method: a caller's mistake or a model mismatch. */
        BAD_CALL,
        /** libtorch or the model's code failed while running. */
        RUNTIME
    }

    private final Kind kind;
    private final String detail;

    public TorchException(Kind kind, String message) {
        this(kind, message, message);
    }

    public TorchException(Kind kind, String message, String detail) {
        super(message);
        this.kind = kind;
        this.detail = detail == null ? message : detail;
    }

    public Kind kind() {
        return kind;
    }

    /** The complete message libtorch produced; equal to the message when there was nothing more. */
    public String detail() {
        return detail;
    }

    /**
     * The line of a libtorch or TorchScript error message a user needs: the last non-blank line
     * that is not part of a traceback drawing, without the exception class prefix Python adds
     * ("builtins.RuntimeError: ...").
     */
    static String usefulLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown libtorch error";
        }
        String[] lines = message.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.matches("[~^ ]*(<--- HERE)?") || line.startsWith("File \"")) {
                continue;
            }
            return line.replaceFirst("^(builtins\\.)?[A-Za-z_.]*(Error|Exception):\\s*", "");
        }
        return lines[lines.length - 1].strip();
    }
}
