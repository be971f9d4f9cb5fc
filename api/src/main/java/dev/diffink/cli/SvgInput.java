package dev.diffink.cli;

import dev.diffink.DiffInkException;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgFormatException;
import dev.diffink.compress.SvgParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads SVG files for the document-level commands (compress, check), within the input limits. */
final class SvgInput {
    private SvgInput() {}

    static byte[] read(Path file, long maxBytes) {
        try {
            if (Files.isDirectory(file)) throw DiffInkException.badInput(file + " is a folder, not an SVG file");
            long size = Files.size(file);
            if (size > maxBytes) {
                throw DiffInkException.limit(file + ": " + size + " bytes is over the " + maxBytes
                        + "-byte input limit; raise it with --max-input-bytes if the file is trusted");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DiffInkException.badInput(file + ": no such file");
        } catch (IOException e) {
            throw new DiffInkException(DiffInkException.Kind.IO, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static SvgParser.Limits limits(InputLimits limits) {
        return new SvgParser.Limits(limits.maxInputBytes, limits.maxElements,
                SvgParser.Limits.DEFAULT.maxDepth());
    }

    /** The compressor's exceptions as the ones DiffInk reports. */
    static DiffInkException translate(SvgFormatException e) {
        return new DiffInkException(e.kind() == SvgFormatException.Kind.LIMIT ? DiffInkException.Kind.LIMIT
                : DiffInkException.Kind.BAD_INPUT, e.getMessage(), e);
    }

    static SvgDocument parse(byte[] bytes, Path file, InputLimits limits) {
        try {
            return SvgParser.parse(bytes, file.toString(), limits(limits));
        } catch (SvgFormatException e) {
            throw translate(e);
        }
    }
}
