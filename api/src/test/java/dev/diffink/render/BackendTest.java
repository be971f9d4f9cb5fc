package dev.diffink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.DiffInkException;
import dev.diffink.raster.FineInputs;
import dev.diffink.raster.FineStage;
import dev.diffink.raster.FineStageProvider;
import dev.diffink.raster.Rasterizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing the backend by option or by system property, and refusing names it does not know. */
class BackendTest {

    @Test
    void namesParseWhateverTheirCase() {
        assertEquals(Backend.Kind.JVM, Backend.parse("jvm"));
        assertEquals(Backend.Kind.TORNADO, Backend.parse("Tornado"));
        assertEquals(Backend.Kind.AUTO, Backend.parse("AUTO"));
    }

    @Test
    void anUnknownNameIsBadInputNamingWhereItCameFrom() {
        var option = assertThrows(DiffInkException.class, () -> Backend.parse("cuda"));
        assertTrue(option.getMessage().contains("--backend 'cuda'"), option.getMessage());
        var property = assertThrows(DiffInkException.class, () -> Backend.fromProperty("cuda"));
        assertTrue(property.getMessage().contains("-Ddiffink.backend=cuda"), property.getMessage());
        assertEquals(Backend.Kind.TORNADO, Backend.fromProperty("tornado"));
    }

    /** A backend whose fastest device is a CPU or an accelerator, and whose stage is a no-op. */
    static FineStageProvider provider(boolean accelerated) {
        return new FineStageProvider() {
            public String name() {
                return "tornado";
            }

            public List<String> devices() {
                return List.of(accelerated ? "OPENCL: a GPU" : "OPENCL: a CPU");
            }

            public boolean accelerated() {
                return accelerated;
            }

            public FineStage open() {
                return new FineStage() {
                    public String name() {
                        return "test device";
                    }

                    public void render(FineInputs in, float[] image) {}

                    public void backward(FineInputs in, float[] adjoint, long adjointId, double[] tileLoss,
                            int[] entryGradStart, float[] entryGrad, float[] pieceGrad) {}

                    public void close() {}
                };
            }
        };
    }

    @Test
    void autoUsesAnAcceleratorButNotACpuAndSaysWhy() {
        List<String> notices = new ArrayList<>();
        java.util.function.Consumer<String> say = notices::add;
        try (Rasterizer r = Backend.rasterizer(Backend.Kind.AUTO, provider(true), 1, 0.05f, say)) {
            // Only for scenes large enough for a device to win.
            assertEquals("test device (scenes of " + Backend.AUTO_STAGE_TILES
                    + " tiles or more; smaller: JVM, 1 thread)", r.backendName());
        }
        assertEquals(1, notices.size(), "says where it renders");
        assertTrue(notices.getFirst().startsWith("rendering on test device for scenes of at least 4096 tiles"),
                notices.getFirst());
        try (Rasterizer r = Backend.rasterizer(Backend.Kind.AUTO, provider(true), 1, 0.05f, say)) {
            assertTrue(r.backendName().startsWith("test device"));
        }
        assertEquals(1, notices.size(), "once for the same command's notices");
        notices.clear();
        try (Rasterizer r = Backend.rasterizer(Backend.Kind.AUTO, provider(false), 1, 0.05f, notices::add)) {
            assertTrue(r.backendName().startsWith("JVM"), r.backendName());
        }
        assertEquals(1, notices.size());
        assertTrue(notices.getFirst().contains("a CPU") && notices.getFirst().contains("rendering on the JVM"),
                notices.getFirst());
        try (Rasterizer r = Backend.rasterizer(Backend.Kind.AUTO, null, 1, 0.05f, notices::add)) {
            assertTrue(r.backendName().startsWith("JVM"), r.backendName());
        }
        assertTrue(notices.getLast().contains("not on the class path"), notices.getLast());
    }

    @Test
    void tornadoUsesWhatItIsGivenOrFailsNamingWhatIsMissing() {
        try (Rasterizer r = Backend.rasterizer(Backend.Kind.TORNADO, provider(false), 1, 0.05f, line -> { })) {
            assertEquals("test device", r.backendName());
        }
        var e = assertThrows(DiffInkException.class,
                () -> Backend.rasterizer(Backend.Kind.TORNADO, null, 1, 0.05f, line -> { }));
        assertEquals(DiffInkException.Kind.MISSING_DEPENDENCY, e.kind());
        assertTrue(e.getMessage().contains("--backend jvm"), e.getMessage());
    }
}
