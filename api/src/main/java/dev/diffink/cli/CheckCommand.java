package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.compress.KaggleProfile;
import dev.diffink.compress.Safety;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.Violation;
import dev.diffink.svg.SvgImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code diffink check [--profile kaggle] in.svg...}: lists every rule an SVG breaks. Without a
 * profile the rules are the ones every DiffInk output keeps (no scripts, event attributes or
 * references outside the file); {@code kaggle} adds the drawing competition's.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"List every rule an SVG breaks: element, attribute, reason. Exit 0 only when all are clean,",
                "1 when any breaks a rule, 2 when one cannot be read.",
                "Always: no scripts, event attributes or references outside the file.",
                "--profile kaggle adds: at most 10,000 bytes, allowed elements only, no data: or ;base64, href only to #id."})
final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IN.svg", description = "The SVGs to check.")
    List<Path> inputs;

    @Option(names = "--profile", paramLabel = "NAME", description = "kaggle: the drawing competition's rules too.")
    String profile;

    @Option(names = "--json", description = "Print the violations as JSON on stdout.")
    boolean json;

    @Mixin
    InputLimits limits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean kaggle = CompressCommand.parseProfile(profile);
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode files = mapper.createArrayNode();
        int broken = 0;
        for (Path input : inputs) {
            byte[] bytes = SvgImporter.readFile(input, limits.maxInputBytes);
            SvgDocument doc = SvgInput.parse(bytes, input, limits);
            List<Violation> violations = new ArrayList<>(Safety.check(doc));
            if (kaggle) violations.addAll(KaggleProfile.check(doc, bytes.length));
            if (!violations.isEmpty()) broken++;
            if (json) {
                ObjectNode f = files.addObject();
                f.put("file", input.toString());
                f.put("bytes", bytes.length);
                ArrayNode list = f.putArray("violations");
                for (Violation v : violations) {
                    ObjectNode o = list.addObject();
                    o.put("element", v.element());
                    if (v.line() > 0) o.put("line", v.line());
                    else o.putNull("line");
                    if (v.attribute() != null) o.put("attribute", v.attribute());
                    else o.putNull("attribute");
                    o.put("reason", v.reason());
                }
            } else {
                for (Violation v : violations) out.println(input + ": " + v);
                if (violations.isEmpty()) out.println(input + ": ok" + (kaggle ? " (kaggle profile)" : ""));
            }
        }
        if (json) {
            ObjectNode root = mapper.createObjectNode();
            root.put("profile", kaggle ? "kaggle" : "safe");
            root.set("files", files);
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        }
        out.flush();
        return broken == 0 ? 0 : 1;
    }
}
