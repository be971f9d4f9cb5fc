package dev.diffink.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PathDataTest {

    @Test
    void numbersReadExactlyAsJavaReadsThem() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            String text = switch (random.nextInt(4)) {
                case 0 -> Long.toString(random.nextLong(1_000_000_000L));
                case 1 -> String.format(Locale.ROOT, "%." + random.nextInt(1, 10) + "f", random.nextDouble(-5000, 5000));
                case 2 -> "." + random.nextLong(1, 1_000_000_000_000_000L);
                default -> random.nextInt(1, 999) + "e" + random.nextInt(-30, 30);
            };
            List<PathData.Segment> segs = PathData.parse("M" + text + " 0");
            assertEquals(Double.parseDouble(text), segs.get(0).v()[0], text);
        }
    }

    @Test
    void shorthandsAndRelativeCommandsBecomeAbsolute() {
        List<PathData.Segment> segs = PathData.parse("m10 10h5v5s5 5 10 0t5 5z");
        assertEquals("M L L C Q Z", String.join(" ", segs.stream().map(s -> String.valueOf(s.cmd())).toList()));
        assertEquals(20, segs.get(3).v()[2]);
        assertThrows(IllegalArgumentException.class, () -> PathData.parse("M0 0L1e400 5"));
        assertThrows(IllegalArgumentException.class, () -> PathData.parse("M0 0L5"));
    }
}
