package dev.diffink.cli;

import dev.diffink.DiffInkException;
import dev.diffink.render.AtomicFiles;
import dev.diffink.render.Images;
import dev.diffink.render.Renderer;
import dev.diffink.scene.Rgba;
import dev.diffink.svg.SvgImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffink render in.svg -o out.png}: DiffInk's rasterizer, for checking and for tests. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render an SVG to a PNG with DiffInk's anti-aliased rasterizer.")
final class RenderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN.svg", description = "The SVG to render.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.png", description = "The PNG to write.")
    Path output;

    @Option(names = "--width", paramLabel = "W", description = "Output width in pixels (default: the SVG's).")
    Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Output height in pixels (default: the SVG's).")
    Integer height;

    @Option(names = "--background", paramLabel = "COLOR",
            description = "Canvas colour in any CSS form, e.g. white or #fff (default: transparent).")
    String background;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    InputLimits limits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (threads < 1) throw DiffInkException.badInput("--threads must be at least 1");
        AtomicFiles.refuseOverwrite(output, input);
        Rgba bg = background == null ? null : Colors.parse(background, "--background");
        SvgImporter.Result result = SvgImporter.importFile(input, limits.importOptions());
        PrintWriter err = spec.commandLine().getErr();
        for (String w : result.warnings()) err.println("diffink: warning: " + input + ": " + w);
        int[] size = Renderer.outputSize(result.scene(), width, height, limits.maxSize);
        try (Renderer renderer = new Renderer(threads)) {
            float[] image = renderer.render(result.scene(), size[0], size[1], bg);
            Images.writePng(Images.toImage(image, size[0], size[1]), output);
        }
        err.println("diffink: wrote " + output + " (" + size[0] + "x" + size[1] + ")");
        return 0;
    }
}
