package dev.diffink.vectorize;

import java.util.SplittableRandom;

/**
 * Colour quantisation: k-means in Oklab (k-means++ seeding from a seeded random source, so the
 * result is deterministic), then every pixel labelled with its nearest colour. Pixels less than
 * half opaque are labelled {@link #TRANSPARENT} and never drawn.
 */
final class Palette {
    static final int TRANSPARENT = -1;

    /** Colours as straight sRGB in [0, 1], three per entry. */
    final double[] srgb;
    /** Per pixel: its colour's index, or {@link #TRANSPARENT}. */
    final int[] labels;
    /** Per colour: how many pixels carry it. */
    final int[] counts;

    private Palette(double[] srgb, int[] labels, int[] counts) {
        this.srgb = srgb;
        this.labels = labels;
        this.counts = counts;
    }

    int size() {
        return counts.length;
    }

    static Palette of(ImageInput.Bitmap image, int k, long seed) {
        int n = image.width() * image.height();
        float[] px = image.rgba();
        double[] lab = new double[n * 3];
        boolean[] opaque = new boolean[n];
        double[] t = new double[3];
        int opaqueCount = 0;
        for (int i = 0; i < n; i++) {
            float a = px[4 * i + 3];
            if (a < 0.5f) continue;
            opaque[i] = true;
            opaqueCount++;
            Oklab.fromSrgb(px[4 * i] / a, px[4 * i + 1] / a, px[4 * i + 2] / a, t);
            lab[3 * i] = t[0];
            lab[3 * i + 1] = t[1];
            lab[3 * i + 2] = t[2];
        }
        int[] labels = new int[n];
        if (opaqueCount == 0) {
            java.util.Arrays.fill(labels, TRANSPARENT);
            return new Palette(new double[0], labels, new int[0]);
        }
        // Cluster a sample (at most 40,000 pixels), then label every pixel.
        int[] opaqueIndex = new int[opaqueCount];
        for (int i = 0, j = 0; i < n; i++) if (opaque[i]) opaqueIndex[j++] = i;
        SplittableRandom random = new SplittableRandom(seed);
        int sampleSize = Math.min(opaqueCount, 40_000);
        double[] sample = new double[sampleSize * 3];
        for (int s = 0; s < sampleSize; s++) {
            int i = sampleSize == opaqueCount ? opaqueIndex[s] : opaqueIndex[random.nextInt(opaqueCount)];
            System.arraycopy(lab, 3 * i, sample, 3 * s, 3);
        }
        double[] centres = kMeans(sample, Math.min(k, sampleSize), random);
        int kk = centres.length / 3;
        int[] counts = new int[kk];
        for (int i = 0; i < n; i++) {
            if (!opaque[i]) {
                labels[i] = TRANSPARENT;
                continue;
            }
            int best = nearest(lab, 3 * i, centres);
            labels[i] = best;
            counts[best]++;
        }
        dissolveBlends(lab, labels, counts, centres, image.width(), image.height());
        // Colours nobody got are dropped; the rest are renumbered in order.
        int kept = 0;
        int[] renumber = new int[kk];
        for (int c = 0; c < kk; c++) renumber[c] = counts[c] > 0 ? kept++ : -1;
        double[] srgb = new double[kept * 3];
        int[] keptCounts = new int[kept];
        for (int c = 0; c < kk; c++) {
            if (renumber[c] < 0) continue;
            Oklab.toSrgb(centres[3 * c], centres[3 * c + 1], centres[3 * c + 2], t);
            System.arraycopy(t, 0, srgb, 3 * renumber[c], 3);
            keptCounts[renumber[c]] = counts[c];
        }
        for (int i = 0; i < n; i++) if (labels[i] >= 0) labels[i] = renumber[labels[i]];
        return new Palette(srgb, labels, keptCounts);
    }

    /**
     * Speckle filter on the labels: a pixel whose label at most one neighbour shares takes the
     * label most of its 3x3 neighbourhood carries, when at least five of the nine do. Removes
     * isolated pixels and ragged fringes (photos, dithering, anti-aliasing) that would cost bytes
     * in every outline, while one-pixel lines (three in a row) and real edges stay.
     */
    void smooth(int width, int height, int passes) {
        int[] next = labels.clone();
        int[] seen = new int[9], votes = new int[9];
        for (int pass = 0; pass < passes; pass++) {
            int changed = 0;
            for (int y = 1; y < height - 1; y++) {
                for (int x = 1; x < width - 1; x++) {
                    int kinds = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int l = labels[(y + dy) * width + x + dx];
                            int k = 0;
                            while (k < kinds && seen[k] != l) k++;
                            if (k == kinds) {
                                seen[kinds] = l;
                                votes[kinds++] = 0;
                            }
                            votes[k]++;
                        }
                    }
                    int best = 0, own = 0;
                    int i = y * width + x;
                    for (int k = 0; k < kinds; k++) {
                        if (votes[k] > votes[best]) best = k;
                        if (seen[k] == labels[i]) own = votes[k];
                    }
                    next[i] = votes[best] >= 5 && own <= 2 ? seen[best] : labels[i];
                    if (next[i] != labels[i]) changed++;
                }
            }
            System.arraycopy(next, 0, labels, 0, labels.length);
            if (changed == 0) break;
        }
        java.util.Arrays.fill(counts, 0);
        for (int l : labels) if (l >= 0) counts[l]++;
    }

    /**
     * Anti-aliased edges make colours of their own: a blend of the two sides, found almost only on
     * boundaries. Drawn as shapes they become broken slivers along every edge. A colour that
     * lies on the line between two others (within 0.03 in Oklab, not near either end) and has at
     * least 70% of its pixels on a boundary is dissolved: each of its pixels takes the nearest
     * remaining colour. Thin lines of a real colour of their own are not blends and stay.
     */
    private static void dissolveBlends(double[] lab, int[] labels, int[] counts, double[] centres, int w, int h) {
        int k = counts.length;
        int[] edge = new int[k];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int l = labels[y * w + x];
                if (l < 0) continue;
                if ((x > 0 && labels[y * w + x - 1] != l) || (x < w - 1 && labels[y * w + x + 1] != l)
                        || (y > 0 && labels[(y - 1) * w + x] != l) || (y < h - 1 && labels[(y + 1) * w + x] != l)) {
                    edge[l]++;
                }
            }
        }
        boolean[] dissolve = new boolean[k];
        int dissolved = 0;
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0 || edge[c] < 0.7 * counts[c]) continue;
            search:
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    if (a == c || b == c || counts[a] <= counts[c] || counts[b] <= counts[c]) continue;
                    double t = 0, len2 = 0;
                    for (int j = 0; j < 3; j++) {
                        double ab = centres[3 * b + j] - centres[3 * a + j];
                        t += (centres[3 * c + j] - centres[3 * a + j]) * ab;
                        len2 += ab * ab;
                    }
                    if (len2 == 0) continue;
                    t /= len2;
                    if (t < 0.1 || t > 0.9) continue;
                    double d2 = 0;
                    for (int j = 0; j < 3; j++) {
                        double p = centres[3 * a + j] + t * (centres[3 * b + j] - centres[3 * a + j]);
                        d2 += (centres[3 * c + j] - p) * (centres[3 * c + j] - p);
                    }
                    if (d2 < 0.03 * 0.03) {
                        dissolve[c] = true;
                        dissolved++;
                        break search;
                    }
                }
            }
        }
        if (dissolved == 0 || dissolved == k) return;
        double[] kept = new double[3 * (k - dissolved)];
        int[] index = new int[k - dissolved];
        for (int c = 0, j = 0; c < k; c++) {
            if (dissolve[c]) continue;
            System.arraycopy(centres, 3 * c, kept, 3 * j, 3);
            index[j++] = c;
        }
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l < 0 || !dissolve[l]) continue;
            int to = index[nearest(lab, 3 * i, kept)];
            labels[i] = to;
            counts[l]--;
            counts[to]++;
        }
    }

    private static int nearest(double[] points, int at, double[] centres) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length / 3; c++) {
            double dl = points[at] - centres[3 * c], da = points[at + 1] - centres[3 * c + 1],
                    db = points[at + 2] - centres[3 * c + 2];
            double d = dl * dl + da * da + db * db;
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Lloyd's k-means with k-means++ seeding; at most 30 rounds. */
    private static double[] kMeans(double[] points, int k, SplittableRandom random) {
        int n = points.length / 3;
        double[] centres = new double[k * 3];
        double[] dist = new double[n];
        int first = random.nextInt(n);
        System.arraycopy(points, 3 * first, centres, 0, 3);
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int chosen = 1;
        for (; chosen < k; chosen++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                int c = chosen - 1;
                double dl = points[3 * i] - centres[3 * c], da = points[3 * i + 1] - centres[3 * c + 1],
                        db = points[3 * i + 2] - centres[3 * c + 2];
                dist[i] = Math.min(dist[i], dl * dl + da * da + db * db);
                total += dist[i];
            }
            if (total <= 1e-12) break; // fewer distinct colours than k
            double r = random.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                r -= dist[i];
                if (r <= 0) {
                    pick = i;
                    break;
                }
            }
            System.arraycopy(points, 3 * pick, centres, 3 * chosen, 3);
        }
        k = chosen;
        centres = java.util.Arrays.copyOf(centres, k * 3);
        int[] assign = new int[n];
        for (int round = 0; round < 30; round++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int c = nearest(points, 3 * i, centres);
                if (c != assign[i] || round == 0) changed |= c != assign[i];
                assign[i] = c;
            }
            double[] sum = new double[k * 3];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                int c = assign[i];
                count[c]++;
                for (int j = 0; j < 3; j++) sum[3 * c + j] += points[3 * i + j];
            }
            for (int c = 0; c < k; c++) {
                if (count[c] == 0) continue;
                for (int j = 0; j < 3; j++) centres[3 * c + j] = sum[3 * c + j] / count[c];
            }
            if (!changed && round > 0) break;
        }
        return centres;
    }
}
