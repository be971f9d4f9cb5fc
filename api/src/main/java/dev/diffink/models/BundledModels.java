package dev.diffink.models;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The models DiffInk ships (trained by the project, committed under {@code models/}). Looked for
 * in the folder named by the system property {@code diffink.models} or the environment variable
 * {@code DIFFINK_MODELS}, then in {@code models/} under {@code diffink.home} (set by the launcher),
 * then under each parent folder of the jar this code runs from.
 */
public final class BundledModels {
    public static final String SCORER = "diffink-scorer.pt";
    public static final String DIFFUSION = "diffink-diffusion.pt";

    private BundledModels() {}

    /** Every folder searched, in order. */
    public static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String property = System.getProperty("diffink.models");
        if (property != null && !property.isBlank()) dirs.add(Path.of(property));
        String env = System.getenv("DIFFINK_MODELS");
        if (env != null && !env.isBlank()) dirs.add(Path.of(env));
        String home = System.getProperty("diffink.home");
        if (home != null && !home.isBlank()) dirs.add(Path.of(home, "models"));
        try {
            var source = BundledModels.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                for (Path d = Path.of(source.getLocation().toURI()).getParent(); d != null; d = d.getParent()) {
                    dirs.add(d.resolve("models"));
                }
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // no code location: the explicit folders above are all there is
        }
        return dirs.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    /** The first folders searched, for messages: "A, B, C" (or "nowhere"). */
    public static String searched() {
        return searchPath().stream().limit(3).map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("nowhere");
    }

    /** A bundled model file by name, if present. */
    public static Optional<Path> find(String name) {
        for (Path dir : searchPath()) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The bundled text-to-image denoiser, if present. */
    public static Optional<Path> diffusion() {
        return find(DIFFUSION);
    }

    /** The bundled scorer, if present. */
    public static Optional<Path> scorer() {
        return find(SCORER);
    }
}
