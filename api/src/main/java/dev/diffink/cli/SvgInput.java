package dev.diffink.cli;

import dev.diffink.DiffInkException;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgFormatException;
import dev.diffink.compress.SvgParser;
import java.nio.file.Path;

/** Parses SVG documents for the document-level commands (compress, check), reporting errors as DiffInk does. */
final class SvgInput {
    private SvgInput() {}

    /** The compressor's exceptions as the ones DiffInk reports. */
    static DiffInkException translate(SvgFormatException e) {
        return new DiffInkException(e.kind() == SvgFormatException.Kind.LIMIT ? DiffInkException.Kind.LIMIT
                : DiffInkException.Kind.BAD_INPUT, e.getMessage(), e);
    }

    static SvgDocument parse(byte[] bytes, Path file, InputLimits limits) {
        try {
            return SvgParser.parse(bytes, file.toString(), limits.parserLimits());
        } catch (SvgFormatException e) {
            throw translate(e);
        }
    }
}
