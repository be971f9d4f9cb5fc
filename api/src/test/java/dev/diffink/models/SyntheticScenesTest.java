package dev.diffink.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.raster.Rasterizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The training scenes: deterministic, captions in the vocabulary, and captions true of their pictures. */
class SyntheticScenesTest {
    private final Rasterizer raster = new Rasterizer(1, 0.1f);

    @Test
    void sameSeedSameScenesWhateverTheOrder() {
        SyntheticScenes a = new SyntheticScenes(48, 11);
        SyntheticScenes b = new SyntheticScenes(48, 11);
        SyntheticScenes.Sample late = b.sample(7, raster);
        b.sample(3, raster);
        SyntheticScenes.Sample again = a.sample(7, new Rasterizer(2, 0.1f));
        assertEquals(late.caption(), again.caption());
        assertArrayEquals(late.rgb(), again.rgb());
        assertEquals(48 * 48 * 3, late.rgb().length);
    }

    @Test
    void captionsUseOnlyTheVocabularyAndVary() {
        Set<String> vocabulary = new HashSet<>(SyntheticScenes.vocabulary());
        SyntheticScenes s = new SyntheticScenes(32, 2);
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            String caption = s.sample(i, raster).caption();
            distinct.add(caption);
            for (String w : caption.split(" ")) assertTrue(vocabulary.contains(w), w + " in \"" + caption + "\"");
        }
        assertTrue(distinct.size() > 300, "only " + distinct.size() + " distinct captions in 400");
    }

    @Test
    void aNamedBackgroundIsTheColourOfTheBorder() {
        Pattern bg = Pattern.compile("on a (\\w+) background$");
        Map<String, SyntheticScenes.Colour> colours = new HashMap<>();
        for (SyntheticScenes.Colour c : SyntheticScenes.COLOURS) colours.put(c.name(), c);
        SyntheticScenes s = new SyntheticScenes(64, 3);
        int checked = 0;
        for (int i = 0; i < 200; i++) {
            SyntheticScenes.Sample sample = s.sample(i, raster);
            Matcher m = bg.matcher(sample.caption());
            if (!m.find()) continue;
            SyntheticScenes.Colour want = colours.get(m.group(1));
            // the most common border pixel
            Map<Integer, Integer> counts = new HashMap<>();
            byte[] rgb = sample.rgb();
            for (int k = 0; k < 64; k++) {
                for (int[] xy : List.of(new int[] {k, 0}, new int[] {k, 63}, new int[] {0, k}, new int[] {63, k})) {
                    int p = (xy[1] * 64 + xy[0]) * 3;
                    counts.merge(((rgb[p] & 0xff) << 16) | ((rgb[p + 1] & 0xff) << 8) | (rgb[p + 2] & 0xff), 1, Integer::sum);
                }
            }
            int mode = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            float[] got = {(mode >> 16 & 0xff) / 255f, (mode >> 8 & 0xff) / 255f, (mode & 0xff) / 255f};
            float[] expected = {want.r(), want.g(), want.b()};
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], got[c], 0.075, sample.caption() + " channel " + c);
            }
            checked++;
        }
        assertTrue(checked > 100, "checked " + checked);
    }
}
