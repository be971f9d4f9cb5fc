package dev.diffink.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the project root and the shared corpus beside it. */
public final class TestPaths {
    private TestPaths() {}

    public static Path root() {
        String p = System.getProperty("diffink.root");
        if (p != null) return Path.of(p);
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("pom.xml")) && Files.exists(here.resolve("api")) ? here : here.getParent();
    }

    /** ../shared beside the project root (the development corpus and style guide). */
    public static Path shared() {
        String p = System.getProperty("diffink.shared");
        return p != null ? Path.of(p) : root().resolve("../shared");
    }

    public static Path corpus() {
        return shared().resolve("corpus");
    }
}
