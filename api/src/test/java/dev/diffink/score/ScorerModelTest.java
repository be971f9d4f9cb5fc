package dev.diffink.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.DiffInkException;
import dev.diffink.testing.TorchGate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scorers through the torch runtime: loading checks, the tokenizer, and gradients by finite differences. */
class ScorerModelTest {
    @BeforeAll
    static void torch() {
        TorchGate.require();
    }

    @Test
    void tokenizerMapsWordsAndReportsUnknownOnes() {
        Tokenizer t = new Tokenizer(List.of("red", "circle", "a"), 4);
        Tokenizer.Tokens tokens = t.encode("A RED, shiny circle!");
        assertArrayEquals(new float[] {4, 2, 1, 3}, tokens.ids());
        assertEquals(List.of("shiny"), tokens.unknownWords());
        assertEquals(0, tokens.droppedWords());
        assertEquals(2, t.encode("a a a a a a").droppedWords());
    }

    @Test
    void loadsTheContractAndRefusesWhatBreaksIt() {
        try (ScorerModel m = ScorerModel.load(TorchGate.model("tiny-scorer.pt"))) {
            assertEquals(16, m.imageSize());
            assertEquals(10, m.tokenizer().vocabulary().size());
            assertEquals(6, m.tokenizer().maxTokens());
        }
        DiffInkException noMeta = assertThrows(DiffInkException.class,
                () -> ScorerModel.load(TorchGate.model("tiny-scorer-no-meta.pt")));
        assertEquals(DiffInkException.Kind.BAD_INPUT, noMeta.kind());
        assertTrue(noMeta.getMessage().contains("carries no diffink.json"), noMeta.getMessage());
        DiffInkException noText = assertThrows(DiffInkException.class,
                () -> ScorerModel.load(TorchGate.model("image-only.pt")));
        assertTrue(noText.getMessage().contains("has no method 'encode_text'"), noText.getMessage());
    }

    @Test
    void similarityGradientMatchesFiniteDifferences() {
        try (ScorerModel m = ScorerModel.load(TorchGate.model("tiny-scorer.pt"))) {
            float[] text = m.embedText(m.tokenizer().encode("a red circle"));
            Random r = new Random(5);
            int n = 2 * 3 * 16 * 16;
            float[] views = new float[n];
            for (int i = 0; i < n; i++) views[i] = r.nextFloat();
            float[] grad = new float[n];
            double s = m.similarity(views, 2, text, grad, 1f);
            assertTrue(s > -1 && s < 1);
            for (int k = 0; k < 12; k++) {
                int i = r.nextInt(n);
                float h = 1e-2f;
                float keep = views[i];
                views[i] = keep + h;
                double up = m.similarity(views, 2, text, null, 0);
                views[i] = keep - h;
                double down = m.similarity(views, 2, text, null, 0);
                views[i] = keep;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, grad[i], 2e-3 + 0.05 * Math.abs(fd), "pixel " + i);
            }
        }
    }

    @Test
    void ensembleLossGradientReachesThePicture() {
        try (ScorerModel m = ScorerModel.load(TorchGate.model("tiny-scorer.pt"))) {
            ScorerLoss loss = new ScorerLoss(List.of(new ScorerLoss.Term(m, "a blue square", 2f),
                    new ScorerLoss.Term(m, "a red circle", 0.5f)), 1, 7);
            int w = 24, h = 20;
            Random r = new Random(9);
            float[] pic = new float[w * h * 4];
            for (int p = 0; p < w * h; p++) {
                float a = r.nextFloat();
                for (int c = 0; c < 3; c++) pic[p * 4 + c] = a * r.nextFloat();
                pic[p * 4 + 3] = a;
            }
            float[] d = new float[pic.length];
            ScorerLoss.Value v = loss.evaluate(pic, w, h, d, 1f);
            double expected = 2 * (1 - v.scores()[0]) + 0.5 * (1 - v.scores()[1]);
            assertEquals(expected, v.loss(), 1e-9);
            for (int k = 0; k < 10; k++) {
                int i = r.nextInt(pic.length);
                float eps = 1e-2f;
                float keep = pic[i];
                pic[i] = keep + eps;
                double up = loss.evaluate(pic, w, h, null, 1f).loss();
                pic[i] = keep - eps;
                double down = loss.evaluate(pic, w, h, null, 1f).loss();
                pic[i] = keep;
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, d[i], 2e-3 + 0.05 * Math.abs(fd), "value " + i);
            }
        }
    }

    @Test
    void aPromptWithNoKnownWordIsRefused() {
        try (ScorerModel m = ScorerModel.load(TorchGate.model("tiny-scorer.pt"))) {
            DiffInkException e = assertThrows(DiffInkException.class,
                    () -> new ScorerLoss(List.of(new ScorerLoss.Term(m, "zebra stripes", 1f)), 1, 1));
            assertTrue(e.getMessage().contains("knows none of the words") && e.getMessage().contains("circle"),
                    e.getMessage());
        }
    }
}
