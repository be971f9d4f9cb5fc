package dev.diffink.cli;

import dev.diffink.DiffInkException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code diffink} command. Exit codes: 0 success, 1 failure, 2 bad input or usage. Errors are
 * one line on stderr; {@code --debug} adds the stack trace.
 */
@Command(name = "diffink", mixinStandardHelpOptions = true, versionProvider = DiffInkCli.Version.class,
        description = "Pictures and words into small, clean SVGs, through a differentiable vector rasterizer.",
        subcommands = {VectorizeCommand.class, GenerateCommand.class, InkscapeCommand.class, CompressCommand.class, CheckCommand.class, RenderCommand.class, BenchCommand.class, ScoreCommand.class, DoctorCommand.class, DatasetCommand.class, CommandLine.HelpCommand.class})
public final class DiffInkCli implements Runnable {

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean debug;

    /** Where notices about the backend go (the err writer of the running command line). */
    private static volatile PrintWriter notices = new PrintWriter(System.err, true);

    @Option(names = "--backend", paramLabel = "jvm|tornado|auto", scope = ScopeType.INHERIT,
            description = "Where the rasterizer runs: jvm (default), tornado (TornadoVM's fastest device; needs "
                    + "TORNADOVM_HOME) or auto (TornadoVM on a GPU when it works, for scenes of about 1024x1024 "
                    + "px or more; else the JVM, saying why).")
    void backend(String name) {
        PrintWriter err = notices;
        dev.diffink.render.Backend.select(dev.diffink.render.Backend.parse(name), line -> {
            err.println("diffink: " + line);
            err.flush();
        });
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        notices = err;
        dev.diffink.render.Backend.select(dev.diffink.render.Backend.Kind.JVM, line -> { });
        CommandLine cmd = new CommandLine(new DiffInkCli());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            err.println(c.getCommandName().equals("diffink") ? "diffink: " + ex.getMessage() + " (see diffink --help)"
                    : "diffink " + c.getCommandName() + ": " + ex.getMessage() + " (see diffink " + c.getCommandName()
                            + " --help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            int code;
            if (ex instanceof dev.diffink.torch.TorchException t) {
                ex = dev.diffink.score.Torch.translate(t);
            }
            if (ex instanceof UnsupportedOperationException u && u.getMessage() != null) {
                // What the rasterizer or a backend cannot do for this input, said as it is.
                ex = new DiffInkException(DiffInkException.Kind.FAILED, u.getMessage(), u);
            }
            if (ex instanceof DiffInkException e) {
                err.println("diffink: error: " + e.getMessage());
                code = e.kind().exitCode();
            } else {
                err.println("diffink: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
                code = 1;
            }
            if (debug) {
                if (ex.getCause() instanceof dev.diffink.torch.TorchException t && !t.detail().equals(t.getMessage())) {
                    err.println("libtorch said:\n" + t.detail());
                }
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("diffink: error: out of memory; give the JVM more (JAVA_OPTS=-Xmx8g) or ask for less");
            err.flush();
            return 1;
        }
    }

    /** The version from the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = DiffInkCli.class.getResourceAsStream("/dev/diffink/version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"diffink " + p.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
