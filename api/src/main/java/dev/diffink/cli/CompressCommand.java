package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.compress.CompressException;
import dev.diffink.compress.Compressor;
import dev.diffink.compress.Numbers;
import dev.diffink.compress.SvgFormatException;
import dev.diffink.compress.Violation;
import dev.diffink.render.AtomicFiles;
import dev.diffink.render.CheckRenderer;
import dev.diffink.svg.SvgImporter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code diffink compress in.svg -o out.svg}: the compact SVG writer on any SVG. Lossless by
 * default (checked with DiffInk's renderer at 1x and 4x); lossy under {@code --max-bytes}.
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Rewrite an SVG as small as it goes while it renders the same.",
                "Lossless by default: every render check (1x and 4x) stays within 2/255 per channel.",
                "With --max-bytes: lowers precision, then removes the shapes that matter least, until it fits."})
final class CompressCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN.svg", description = "The SVG to compress (never modified).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.svg", description = "The SVG to write.")
    Path output;

    @Option(names = "--precision", paramLabel = "N|auto", defaultValue = "auto",
            description = {"Decimal places for coordinates, or auto (default): the coarsest grid whose render stays",
                    "within 2/255 of the input's at 1x and 4x. A fixed N is not checked and may be lossy."})
    String precision;

    @Option(names = "--max-bytes", paramLabel = "N",
            description = "Byte budget: lossy, the output is never over N bytes; reports the PSNR kept.")
    Integer maxBytes;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "kaggle: the drawing competition's rules (10,000 bytes, allowed elements, no embedded data).")
    String profile;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Render-check threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    InputLimits limits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Integer decimals = parsePrecision(precision);
        boolean kaggle = parseProfile(profile);
        if (maxBytes != null && maxBytes < 1) throw DiffInkException.badInput("--max-bytes must be at least 1");
        if (threads < 1) throw DiffInkException.badInput("--threads must be at least 1");
        AtomicFiles.refuseOverwrite(output, input);
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes = SvgImporter.readFile(input, limits.maxInputBytes);
        err.println("diffink: compressing " + input + " (" + bytes.length + " bytes)...");
        // The render checks need the input as DiffInk reads it: anything the importer refuses
        // (malformed path data, numbers out of range) is reported here as the input's fault.
        SvgImporter.importBytes(bytes, input.toString(), limits.importOptions());
        Compressor.Result result;
        Compressor.Options options;
        try (CheckRenderer renderer = new CheckRenderer(threads, limits.importOptions())) {
            options = new Compressor.Options(decimals, maxBytes, kaggle, renderer, limits.parserLimits(), line -> {
                err.println("diffink: " + line);
                err.flush();
            });
            result = Compressor.compress(bytes, input.toString(), options);
        } catch (SvgFormatException e) {
            throw SvgInput.translate(e);
        } catch (CompressException e) {
            throw new DiffInkException(e.kind() == CompressException.Kind.BUDGET ? DiffInkException.Kind.FAILED
                    : DiffInkException.Kind.BAD_INPUT, input + ": " + e.getMessage()
                    + (e.kind() == CompressException.Kind.BUDGET ? "; raise --max-bytes" : ""), e);
        } catch (IllegalArgumentException e) {
            // The check renderer could not read the compressor's own output: a DiffInk bug, not bad input.
            throw new DiffInkException(DiffInkException.Kind.INTERNAL, input + ": render check failed: "
                    + e.getMessage(), e);
        }
        for (String w : result.warnings()) err.println("diffink: warning: " + input + ": " + w);
        if (!result.violations().isEmpty()) {
            for (Violation v : result.violations()) err.println("diffink: " + input + ": " + v);
            throw DiffInkException.badInput(input + ": the output would break the " + profile + " profile in "
                    + result.violations().size() + " places (listed above); nothing written");
        }
        if (options.isLossless() && !(Math.max(result.maxDiff1x(), result.maxDiff4x()) <= Compressor.LOSSLESS_TOLERANCE)) {
            err.println(String.format(Locale.ROOT, "diffink: warning: %s: the render differs from the input's by "
                    + "%.1f/255 at 1x and %.1f/255 at 4x, over the %.0f/255 lossless tolerance; please report this "
                    + "file", input, result.maxDiff1x(), result.maxDiff4x(), Compressor.LOSSLESS_TOLERANCE));
        }
        byte[] out = result.svg().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(output, o -> o.write(out));
        double ratio = (double) result.outputBytes() / result.inputBytes();
        err.println(String.format(Locale.ROOT, "diffink: wrote %s: %d -> %d bytes (%.3fx), %d decimals, max diff "
                + "%.1f/255 at 1x, %.1f/255 at 4x, PSNR %s%s", output, result.inputBytes(), result.outputBytes(),
                ratio, result.decimals(), result.maxDiff1x(), result.maxDiff4x(), psnrText(result.psnr()),
                result.removedShapes() > 0 ? ", " + result.removedShapes() + " shapes removed" : ""));
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("input", input.toString());
            o.put("output", output.toString());
            o.put("input_bytes", result.inputBytes());
            o.put("output_bytes", result.outputBytes());
            o.put("ratio", Math.round(ratio * 10000) / 10000.0);
            o.put("decimals", result.decimals());
            o.put("max_diff_1x", round(result.maxDiff1x()));
            o.put("max_diff_4x", round(result.maxDiff4x()));
            if (Double.isInfinite(result.psnr())) o.putNull("psnr_db");
            else o.put("psnr_db", round(result.psnr()));
            o.put("removed_shapes", result.removedShapes());
            var warnings = o.putArray("warnings");
            result.warnings().forEach(warnings::add);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            stdout.flush();
        }
        return 0;
    }

    private static String psnrText(double psnr) {
        return Double.isInfinite(psnr) ? "inf (identical)" : String.format(Locale.ROOT, "%.1f dB", psnr);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static Integer parsePrecision(String text) {
        if (text.equals("auto")) return null;
        try {
            int d = Integer.parseInt(text);
            if (d >= 0 && d <= Numbers.MAX_DECIMALS) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw DiffInkException.badInput("--precision takes auto or a number of decimals from 0 to "
                + Numbers.MAX_DECIMALS + ", not '" + text + "'");
    }

    static boolean parseProfile(String name) {
        if (name == null) return false;
        if (name.equals("kaggle")) return true;
        throw DiffInkException.badInput("unknown --profile '" + name + "'; the profile DiffInk knows is kaggle");
    }
}
