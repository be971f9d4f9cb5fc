package dev.diffink.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.DiffInkException;
import dev.diffink.score.Augment;
import dev.diffink.testing.TorchGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDIM sampler against a denoiser that is exact for a one-picture-per-caption world (see
 * make_test_models.py): whatever the noise, guidance 1 must land on the caption's picture and
 * guidance 0 on the unconditional one; a sampler whose schedule or update differs from the
 * model's does not.
 */
class SamplerTest {
    @TempDir
    Path dir;

    static DiffusionModel tiny() {
        TorchGate.require();
        return DiffusionModel.load(TorchGate.model("tiny-diffusion.pt"));
    }

    /** The tiny model's clean picture, in [0, 1]: a square of (r, g, b) on 0.95 grey. */
    static float[] square(float r, float g, float b) {
        float[] out = new float[3 * 16 * 16];
        float[] rgb = {r, g, b};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    boolean in = x >= 4 && x < 12 && y >= 4 && y < 12;
                    out[(c * 16 + y) * 16 + x] = in ? rgb[c] : 0.95f;
                }
            }
        }
        return out;
    }

    static float maxDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void ddimLandsOnTheCaptionsPictureWithGuidanceOneAndOnTheUnconditionalWithZero() {
        try (DiffusionModel m = tiny()) {
            assertEquals(16, m.imageSize());
            Sampler red = new Sampler(m, Generator.tokens(m, "red square"));
            Sampler blue = new Sampler(m, Generator.tokens(m, "a blue square"));
            float[] redSquare = square(0.9f, 0.1f, 0.1f), blueSquare = square(0.1f, 0.1f, 0.9f);
            for (int steps : new int[] {1, 3, 20}) {
                for (int index = 0; index < 2; index++) {
                    assertTrue(maxDiff(red.sample(7, index, steps, 1.0), redSquare) < 2e-3, "steps " + steps);
                    assertTrue(maxDiff(blue.sample(7, index, steps, 1.0), blueSquare) < 2e-3, "steps " + steps);
                }
                float[] grey = new float[3 * 16 * 16];
                Arrays.fill(grey, 0.5f);
                assertTrue(maxDiff(red.sample(3, 0, steps, 0.0), grey) < 2e-3, "steps " + steps);
            }
        }
    }

    @Test
    void noiseIsFixedBySeedAndCandidate() {
        try (DiffusionModel m = tiny()) {
            Sampler s = new Sampler(m, Generator.tokens(m, "red circle"));
            assertArrayEquals(s.noise(5, 2), s.noise(5, 2));
            assertFalse(Arrays.equals(s.noise(5, 2), s.noise(5, 3)));
            assertFalse(Arrays.equals(s.noise(5, 2), s.noise(6, 2)));
            double mean = 0, var = 0;
            float[] n = s.noise(1, 0);
            for (float v : n) mean += v / n.length;
            for (float v : n) var += (v - mean) * (v - mean) / n.length;
            assertTrue(Math.abs(mean) < 0.1 && Math.abs(var - 1) < 0.15, mean + " " + var);
        }
    }

    @Test
    void scoreDistillationPullsThePictureTowardsTheCaption() {
        // On the exact denoiser with guidance 1, the expected SDS gradient is proportional to
        // (x - x0*) (the picture minus the caption's picture): a descent step must get closer.
        try (DiffusionModel m = tiny()) {
            Sampler s = new Sampler(m, Generator.tokens(m, "red square"));
            ScoreDistillation sds = new ScoreDistillation(s, 1f, 1.0, 3);
            float[] target = square(0.9f, 0.1f, 0.1f);
            int w = 32, h = 32;
            float[] premul = new float[w * h * 4];
            for (int i = 0; i < w * h; i++) {
                premul[i * 4] = 0.2f;
                premul[i * 4 + 1] = 0.6f;
                premul[i * 4 + 2] = 0.4f;
                premul[i * 4 + 3] = 1f;
            }
            Augment view = new Augment(16, 1);
            view.choose(w, h, new java.util.Random(0));
            float[] v = new float[view.viewsLength()];
            view.forward(premul, v);
            float before = distance(v, target);
            for (int step = 0; step < 30; step++) {
                float[] d = new float[premul.length];
                sds.accumulate(premul, w, h, d, 1f);
                for (int i = 0; i < premul.length; i++) {
                    if (i % 4 != 3) premul[i] = Math.clamp(premul[i] - 1000f * d[i], 0f, 1f);
                }
            }
            view.forward(premul, v);
            float after = distance(v, target);
            assertTrue(after < 0.5f * before, before + " -> " + after);
        }
    }

    static float distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return (float) Math.sqrt(s / a.length);
    }

    @Test
    void promptsAreChecked() {
        try (DiffusionModel m = tiny()) {
            DiffInkException empty = assertThrows(DiffInkException.class, () -> Generator.tokens(m, "  "));
            assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
            DiffInkException unknown = assertThrows(DiffInkException.class,
                    () -> Generator.tokens(m, "a purple zebra square"));
            assertTrue(unknown.getMessage().contains("'purple', 'zebra'") && unknown.getMessage().contains("it knows: red"),
                    unknown.getMessage());
            DiffInkException tooLong = assertThrows(DiffInkException.class,
                    () -> Generator.tokens(m, "a big red square on a white background"));
            assertTrue(tooLong.getMessage().contains("8 words") && tooLong.getMessage().contains("at most 6"),
                    tooLong.getMessage());
            assertThrows(DiffInkException.class, () -> Generator.tokens(m, "red ".repeat(400)));
            assertThrows(DiffInkException.class, () -> Generator.tokens(m, "!!! 123"));
        }
    }

    @Test
    void badModelsAreNamed() throws Exception {
        TorchGate.require();
        DiffInkException noMeta = assertThrows(DiffInkException.class,
                () -> DiffusionModel.load(TorchGate.model("tiny-diffusion-no-meta.pt")));
        assertTrue(noMeta.getMessage().contains("carries no diffink.json"), noMeta.getMessage());
        DiffInkException scorer = assertThrows(DiffInkException.class,
                () -> DiffusionModel.load(TorchGate.model("tiny-scorer.pt")));
        assertTrue(scorer.getMessage().contains("has no method 'denoise'"), scorer.getMessage());
        DiffInkException emptyDir = assertThrows(DiffInkException.class, () -> DiffusionModel.load(dir));
        assertTrue(emptyDir.getMessage().contains("holds no diffusion.pt"), emptyDir.getMessage());
        // metadata beside the archive is read when the archive has none
        Path folder = Files.createDirectory(dir.resolve("model"));
        Files.copy(TorchGate.model("tiny-diffusion-no-meta.pt"), folder.resolve("diffusion.pt"));
        Files.writeString(folder.resolve("diffink.json"), "{\"format\": \"diffink-diffusion-1\", \"image_size\": 16, "
                + "\"max_tokens\": 6, \"vocabulary\": [\"red\"], \"schedule\": {\"kind\": \"linear\", \"steps\": 1000}}");
        DiffInkException linear = assertThrows(DiffInkException.class, () -> DiffusionModel.load(folder));
        assertTrue(linear.getMessage().contains("schedule kind 'linear'"), linear.getMessage());
        Files.writeString(folder.resolve("diffink.json"), "{\"format\": \"diffink-diffusion-1\", \"image_size\": 16, "
                + "\"max_tokens\": 6, \"vocabulary\": [\"red\", \"square\"], \"style\": \"square\", "
                + "\"schedule\": {\"kind\": \"cosine\", \"steps\": 1000, \"offset\": 0.008}}");
        try (DiffusionModel m = DiffusionModel.load(folder)) {
            assertEquals("square", m.style());
            assertEquals(List.of("red", "square"), m.tokenizer().vocabulary());
        }
    }

    @Test
    void upscaleKeepsFlatColoursAndInterpolatesEdges() {
        float[] rgb = square(1f, 0f, 0f);
        var b = Generator.upscale(rgb, 16, 64);
        assertEquals(64, b.width());
        // centre of the square: pure red, opaque
        int o = (32 * 64 + 32) * 4;
        assertEquals(1f, b.rgba()[o], 1e-6);
        assertEquals(0f, b.rgba()[o + 1], 1e-6);
        assertEquals(1f, b.rgba()[o + 3], 0);
        // corner: the background
        assertEquals(0.95f, b.rgba()[0], 1e-6);
        // on the square's left edge (source x = 4 starts at x = 16): a blend
        float edge = b.rgba()[(32 * 64 + 16) * 4 + 1];
        assertTrue(edge > 0.05f && edge < 0.9f, "edge " + edge);
    }

    @Test
    void titleGoesFirstAndIsEscaped() {
        assertEquals("<svg a=\"1\"><title>x &lt;&amp;&gt; y</title><path/></svg>",
                Generator.withTitle("<svg a=\"1\"><path/></svg>", "<title>" + Generator.escape("x <&> y") + "</title>"));
        assertEquals("<svg a=\"1\"><title>t</title></svg>", Generator.withTitle("<svg a=\"1\"/>", "<title>t</title>"));
    }
}
