package dev.diffink.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.models.BundledModels;
import dev.diffink.models.SyntheticScenes;
import dev.diffink.raster.Rasterizer;
import dev.diffink.testing.TorchGate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed scorer loads in this libtorch and tells scenes apart that it never saw: each of 64
 * scenes from an unseen seed must score its own caption above a caption of another scene in most
 * cases (chance: one half), and be top-1 among 9 captions far more often than chance (1/9).
 */
class BundledScorerTest {
    @Test
    void loadsAndDiscriminatesUnseenScenes() {
        TorchGate.require();
        Path file = BundledModels.scorer().orElseThrow(() -> new AssertionError("models/" + BundledModels.SCORER
                + " is missing"));
        try (ScorerModel m = ScorerModel.load(file)) {
            assertEquals(SyntheticScenes.vocabulary(), m.tokenizer().vocabulary(),
                    "the scorer was trained on the scenes' vocabulary");
            int size = m.imageSize();
            SyntheticScenes scenes = new SyntheticScenes(size, 777);
            Rasterizer raster = new Rasterizer(1, 0.1f);
            int n = 64;
            float[][] pictures = new float[n][];
            float[][] texts = new float[n][];
            String[] captions = new String[n];
            for (int i = 0; i < n; i++) {
                SyntheticScenes.Sample s = scenes.sample(i, raster);
                captions[i] = s.caption();
                pictures[i] = new float[size * size * 4];
                for (int p = 0; p < size * size; p++) {
                    for (int c = 0; c < 3; c++) pictures[i][p * 4 + c] = (s.rgb()[p * 3 + c] & 0xff) / 255f;
                    pictures[i][p * 4 + 3] = 1;
                }
                texts[i] = m.embedText(m.tokenizer().encode(captions[i]));
            }
            int pairwise = 0, top1 = 0;
            for (int i = 0; i < n; i++) {
                double own = m.scoreWhole(pictures[i], size, size, texts[i]);
                if (own > m.scoreWhole(pictures[i], size, size, texts[(i + 1) % n])) pairwise++;
                boolean best = true;
                for (int k = 1; k <= 8; k++) {
                    int j = (i + 7 * k) % n;
                    if (!captions[j].equals(captions[i]) && m.scoreWhole(pictures[i], size, size, texts[j]) >= own) {
                        best = false;
                    }
                }
                if (best) top1++;
            }
            assertTrue(pairwise >= 56, "own caption beat another in only " + pairwise + "/64");
            assertTrue(top1 >= 40, "top-1 among 9 in only " + top1 + "/64");
        }
    }
}
