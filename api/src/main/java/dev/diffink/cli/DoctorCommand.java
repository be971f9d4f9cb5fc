package dev.diffink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffink.DiffInkException;
import dev.diffink.generate.DiffusionModel;
import dev.diffink.models.BundledModels;
import dev.diffink.opencl.OpenClDevices;
import dev.diffink.score.ScorerModel;
import dev.diffink.torch.TorchException;
import dev.diffink.torch.TorchRuntime;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diffink doctor}: what this machine has for DiffInk, each item OK or what to do. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the JDK, the torch runtime (libtorch and DiffInk's shim), the bundled models and the "
                + "OpenCL devices; say for each what works or what to do.",
                "Exit code 0 when everything the commands need is there, 1 when something is missing "
                        + "(optional items never fail)."})
final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the checks as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** One line of the report. */
    record Check(String item, String status, String detail, boolean optional) {}

    @Override
    public Integer call() throws Exception {
        List<Check> checks = new ArrayList<>();
        Runtime rt = Runtime.getRuntime();
        checks.add(new Check("jdk", "ok", System.getProperty("java.vm.vendor") + " " + Runtime.version() + ", "
                + rt.availableProcessors() + " cores, max heap " + rt.maxMemory() / (1 << 20) + " MiB", false));

        TorchRuntime torch = null;
        try {
            torch = TorchRuntime.get();
            checks.add(new Check("libtorch", "ok", "libtorch " + torch.torchVersion() + " (" + torch.loadedLibrary()
                    + "), " + torch.threads() + " thread(s)", false));
            checks.add(new Check("torch shim", "ok", torch.shimPath().toString(), false));
        } catch (TorchException e) {
            checks.add(new Check("torch runtime", "missing", e.getMessage(), false));
        }

        var scorer = BundledModels.scorer();
        if (scorer.isEmpty()) {
            checks.add(new Check("bundled scorer", "missing", BundledModels.SCORER + " not found in "
                    + BundledModels.searched() + "; set DIFFINK_MODELS to the folder holding it, or retrain it with "
                    + "models/train-scorer.sh", false));
        } else if (torch == null) {
            checks.add(new Check("bundled scorer", "unchecked", scorer.get() + " (" + Files.size(scorer.get()) / 1024
                    + " KiB) is there; it loads once the torch runtime works", false));
        } else {
            try (ScorerModel m = ScorerModel.load(scorer.get())) {
                checks.add(new Check("bundled scorer", "ok", scorer.get() + ": " + m.imageSize() + "x" + m.imageSize()
                        + " images, " + m.tokenizer().vocabulary().size() + " words", false));
            } catch (DiffInkException e) {
                checks.add(new Check("bundled scorer", "broken", e.getMessage(), false));
            }
        }

        var diffusion = BundledModels.diffusion();
        if (diffusion.isEmpty()) {
            checks.add(new Check("bundled diffusion model", "missing", BundledModels.DIFFUSION + " not found in "
                    + BundledModels.searched() + "; set DIFFINK_MODELS to the folder holding it, or retrain it with "
                    + "models/train-diffusion.sh", false));
        } else if (torch == null) {
            checks.add(new Check("bundled diffusion model", "unchecked", diffusion.get() + " ("
                    + Files.size(diffusion.get()) / 1024 + " KiB) is there; it loads once the torch runtime works", false));
        } else {
            try (DiffusionModel m = DiffusionModel.load(diffusion.get())) {
                checks.add(new Check("bundled diffusion model", "ok", diffusion.get() + ": " + m.imageSize() + "x"
                        + m.imageSize() + " pictures, " + m.tokenizer().vocabulary().size() + " words, "
                        + m.schedule().steps() + "-step cosine schedule", false));
            } catch (DiffInkException e) {
                checks.add(new Check("bundled diffusion model", "broken", e.getMessage(), false));
            }
        }

        OpenClDevices.Listing cl = OpenClDevices.list();
        if (cl.devices().isEmpty()) {
            checks.add(new Check("opencl", "none", cl.problem() + " (optional: for a GPU backend)", true));
        }
        for (OpenClDevices.Device d : cl.devices()) {
            checks.add(new Check("opencl device", "ok", String.format(Locale.ROOT, "%s: %s (%s, %d compute units, %.1f GiB)",
                    d.platform(), d.name(), d.type(), d.computeUnits(), d.globalMemoryBytes() / (double) (1L << 30)), true));
        }
        String tornado = System.getenv("TORNADOVM_HOME");
        if (tornado == null) {
            checks.add(new Check("tornadovm", "none", "TORNADOVM_HOME is not set (optional: --backend tornado needs "
                    + "TornadoVM 5.2 (jdk25) installed following its documentation)", true));
        } else if (!Files.isDirectory(Path.of(tornado))) {
            checks.add(new Check("tornadovm", "missing", tornado + " (TORNADOVM_HOME) does not exist", true));
        } else {
            var status = dev.diffink.render.Backend.tornado();
            for (String line : status.lines()) {
                checks.add(new Check(status.usable() ? "tornadovm device" : "tornadovm",
                        status.usable() ? "ok" : "broken", line, true));
            }
        }
        checks.add(new Check("rsvg-convert", onPath("rsvg-convert") ? "ok" : "none",
                onPath("rsvg-convert") ? "found (the tests compare with it)"
                        : "not found (optional: the tests use it; Debian: apt-get install librsvg2-bin)", true));

        boolean healthy = checks.stream().allMatch(c -> c.optional() || c.status().equals("ok"));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("healthy", healthy);
            ArrayNode list = root.putArray("checks");
            for (Check c : checks) {
                ObjectNode n = list.addObject();
                n.put("item", c.item());
                n.put("status", c.status());
                n.put("detail", c.detail());
                n.put("optional", c.optional());
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            for (Check c : checks) {
                out.println(String.format(Locale.ROOT, "%-9s %-15s %s", "[" + c.status() + "]", c.item(), c.detail()));
            }
            out.println(healthy ? "DiffInk has everything it needs." : "Something DiffInk needs is missing: see above.");
        }
        out.flush();
        return healthy ? 0 : 1;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
