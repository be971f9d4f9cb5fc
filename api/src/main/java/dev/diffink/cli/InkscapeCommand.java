package dev.diffink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.render.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffink inkscape install|uninstall}: puts DiffInk's Inkscape extension (the .inx and
 * Python files of plugin-inkscape/extension) into a {@code diffink} folder of Inkscape's user
 * extensions folder, with a record of the files and of the launcher the extension should call;
 * uninstall removes exactly the recorded files.
 */
@Command(name = "inkscape", mixinStandardHelpOptions = true, description = "Install or remove DiffInk's Inkscape extension (Extensions > DiffInk).",
        subcommands = {InkscapeCommand.Install.class, InkscapeCommand.Uninstall.class})
final class InkscapeCommand implements Runnable {
    /** The record the extension reads (diffink_common.py) and uninstall follows. */
    static final String RECORD = "diffink-helper.json";
    static final String FOLDER = "diffink";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say install or uninstall");
    }

    static Path defaultDir() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("inkscape").resolve("extensions");
    }

    /** Where the extension goes: {@code diffink/} in the given extensions folder, or in Inkscape's default one. */
    static Path target(Path dir) {
        return (dir != null ? dir : defaultDir()).toAbsolutePath().normalize().resolve(FOLDER);
    }

    static Path home() {
        String home = System.getProperty("diffink.home");
        if (home == null || home.isBlank()) {
            throw new DiffInkException(DiffInkException.Kind.MISSING_DEPENDENCY, "DiffInk's folder is not known (run "
                    + "this through the ./diffink launcher, which sets -Ddiffink.home)");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Copy the extension into Inkscape's user extensions folder and record this DiffInk as its helper.")
    static final class Install implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "Inkscape's user extensions folder (default: ~/.config/inkscape/extensions).")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path home = home();
            Path source = home.resolve("plugin-inkscape").resolve("extension");
            Path helper = home.resolve("diffink");
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(source)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(source, "*.{inx,py}")) {
                    s.forEach(files::add);
                }
            }
            if (files.isEmpty()) {
                throw new DiffInkException(DiffInkException.Kind.MISSING_DEPENDENCY, "the extension's files were not "
                        + "found in " + source + "; install from a DiffInk checkout or release");
            }
            files.sort(null);
            Path target = target(dir);
            Path record = target.resolve(RECORD);
            if (Files.isDirectory(target) && !Files.isRegularFile(record) && !isEmpty(target)) {
                throw DiffInkException.badInput(target + " exists and was not made by 'diffink inkscape install'; move "
                        + "it away, or install into another --dir");
            }
            List<String> previous = Files.isRegularFile(record) ? recorded(record) : List.of();
            Files.createDirectories(target);
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode r = mapper.createObjectNode();
            r.put("helper", helper.toString());
            var names = r.putArray("files");
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                AtomicFiles.write(target.resolve(f.getFileName().toString()), out -> out.write(bytes));
                names.add(f.getFileName().toString());
            }
            // Files of an older install that this one no longer has.
            for (String old : previous) {
                if (files.stream().noneMatch(f -> f.getFileName().toString().equals(old))) {
                    Files.deleteIfExists(target.resolve(old));
                }
            }
            byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(r);
            AtomicFiles.write(record, out -> out.write(json));
            PrintWriter err = spec.commandLine().getErr();
            err.println("diffink: installed the Inkscape extension in " + target + " (" + files.size() + " files), "
                    + "calling " + helper + "; restart Inkscape, then see Extensions > DiffInk");
            err.flush();
            return 0;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Remove exactly what install put there.")
    static final class Uninstall implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "Inkscape's user extensions folder (default: ~/.config/inkscape/extensions).")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path target = target(dir);
            Path record = target.resolve(RECORD);
            if (!Files.isRegularFile(record)) {
                throw DiffInkException.badInput("no DiffInk extension is installed in " + target + " (no " + RECORD
                        + " there)");
            }
            List<String> files = recorded(record);
            int removed = 0;
            for (String name : files) {
                if (Files.deleteIfExists(target.resolve(name))) removed++;
            }
            Files.delete(record);
            boolean empty = isEmpty(target);
            if (empty) Files.delete(target);
            PrintWriter err = spec.commandLine().getErr();
            err.println("diffink: removed the Inkscape extension from " + target + " (" + removed + " files"
                    + (empty ? ", and the folder" : "; other files there were left") + ")");
            err.flush();
            return 0;
        }
    }

    static boolean isEmpty(Path folder) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            return !s.iterator().hasNext();
        }
    }

    /** The file names in an install record; names with a path are refused (the record is not trusted blindly). */
    static List<String> recorded(Path record) throws IOException {
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(record.toFile());
        } catch (IOException e) {
            throw DiffInkException.badInput(record + " is not a DiffInk install record: " + e.getMessage());
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : j.path("files")) {
            String name = n.asText();
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
                throw DiffInkException.badInput(record + " lists '" + name + "', not a plain file name; remove the "
                        + "folder by hand");
            }
            names.add(name);
        }
        return names;
    }
}
