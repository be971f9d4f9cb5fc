package dev.diffink.cli;

import dev.diffink.compress.SvgParser;
import dev.diffink.render.Renderer;
import dev.diffink.svg.SvgImporter;
import picocli.CommandLine.Option;

/** Limits against absurd or hostile input, shared by every command that reads SVG. */
final class InputLimits {
    @Option(names = "--max-elements", paramLabel = "N", description = "Refuse SVGs with more elements (default: ${DEFAULT-VALUE}).")
    int maxElements = SvgImporter.Options.DEFAULT.maxElements();

    @Option(names = "--max-input-bytes", paramLabel = "N", description = "Refuse larger input files (default: ${DEFAULT-VALUE}).")
    long maxInputBytes = SvgImporter.Options.DEFAULT.maxBytes();

    @Option(names = "--max-size", paramLabel = "PX", description = "Refuse outputs with a longer side (default: ${DEFAULT-VALUE}).")
    int maxSize = Renderer.DEFAULT_MAX_SIDE;

    SvgParser.Limits parserLimits() {
        return new SvgParser.Limits(maxInputBytes, maxElements, SvgParser.Limits.DEFAULT.maxDepth());
    }

    SvgImporter.Options importOptions() {
        return new SvgImporter.Options(maxInputBytes, maxElements, SvgImporter.Options.DEFAULT.maxDepth());
    }
}
