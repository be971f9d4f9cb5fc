package dev.diffink.models;

import dev.diffink.raster.Rasterizer;
import dev.diffink.raster.PackedScene;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Captioned flat vector scenes: the training data of DiffInk's bundled models. Each scene is a
 * background colour and one to three objects (primitive shapes, or small composite objects such as
 * a house or a tree) with a colour, a size, a position and a count; its caption says all or part
 * of that in words ("two small red stars at the top on a blue background", "a yellow circle left
 * of a green square"). What a caption leaves out is drawn at random, so a caption is always true of
 * its picture. Scenes are drawn by DiffInk's own rasterizer.
 *
 * <p>Deterministic: scene {@code i} of a seed is the same on every machine and thread count.
 */
public final class SyntheticScenes {

    /** A named colour and its sRGB centre; drawn colours are jittered around it. */
    record Colour(String name, float r, float g, float b) {}

    static final List<Colour> COLOURS = List.of(
            new Colour("red", 0.86f, 0.12f, 0.12f),
            new Colour("orange", 0.97f, 0.55f, 0.08f),
            new Colour("yellow", 0.98f, 0.87f, 0.15f),
            new Colour("green", 0.18f, 0.65f, 0.22f),
            new Colour("blue", 0.15f, 0.35f, 0.85f),
            new Colour("purple", 0.52f, 0.22f, 0.70f),
            new Colour("pink", 0.97f, 0.55f, 0.75f),
            new Colour("brown", 0.50f, 0.30f, 0.13f),
            new Colour("black", 0.07f, 0.07f, 0.08f),
            new Colour("white", 0.97f, 0.97f, 0.96f),
            new Colour("gray", 0.55f, 0.56f, 0.58f));

    /** Primitive shapes, by name, with their plural. */
    static final List<String> SHAPES = List.of("circle", "square", "triangle", "star", "diamond", "ring", "heart",
            "cross");
    /** Composite objects: several parts, some in fixed colours. */
    static final List<String> OBJECTS = List.of("house", "tree", "sun", "mountain", "boat");

    static final List<String> POSITIONS = List.of("left", "right", "top", "bottom", "center");
    static final List<String> RELATIONS = List.of("and", "left of", "right of", "above", "below");

    /** One scene: its caption and its picture (sRGB bytes, row-major RGB). */
    public record Sample(String caption, byte[] rgb, int size) {}

    private final int size;
    private final long seed;

    public SyntheticScenes(int size, long seed) {
        if (size < 16 || size > 1024) {
            throw new IllegalArgumentException("scene size must be 16 to 1024 pixels, got " + size);
        }
        this.size = size;
        this.seed = seed;
    }

    /** Every word a caption can contain, in a fixed order (the tokenizer's vocabulary). */
    public static List<String> vocabulary() {
        Set<String> words = new LinkedHashSet<>(List.of("a", "an", "on", "the", "background", "and", "of", "at", "in",
                "two", "three", "small", "large", "left", "right", "top", "bottom", "center", "above", "below"));
        for (Colour c : COLOURS) {
            words.add(c.name());
        }
        for (String s : SHAPES) {
            words.add(s);
            words.add(plural(s));
        }
        for (String o : OBJECTS) {
            words.add(o);
            words.add(plural(o));
        }
        return List.copyOf(words);
    }

    static String plural(String noun) {
        return switch (noun) {
            case "cross" -> "crosses";
            case "boat", "sun", "tree", "house", "mountain" -> noun + "s";
            default -> noun + "s";
        };
    }

    /** An object placed in the scene. */
    private record Placed(String kind, Colour colour, float cx, float cy, float radius, float angle) {}

    /** Scene number {@code index} of this generator's seed. */
    public Sample sample(int index, Rasterizer raster) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + index);
        Colour background = COLOURS.get(r.nextInt(COLOURS.size()));
        List<Placed> placed = new ArrayList<>();
        StringBuilder caption = new StringBuilder();
        if (r.nextFloat() < 0.3f) {
            twoThings(r, background, placed, caption);
        } else {
            oneKind(r, background, placed, caption);
        }
        if (r.nextFloat() < 0.7f) {
            caption.append(" on a ").append(background.name()).append(" background");
        }
        return new Sample(caption.toString(), draw(r, background, placed, raster), size);
    }

    private Colour pickColour(Random r, Colour background, Colour avoid) {
        while (true) {
            Colour c = COLOURS.get(r.nextInt(COLOURS.size()));
            if (c != background && c != avoid) {
                return c;
            }
        }
    }

    private String pickThing(Random r) {
        return r.nextFloat() < 0.75f ? SHAPES.get(r.nextInt(SHAPES.size())) : OBJECTS.get(r.nextInt(OBJECTS.size()));
    }

    /** "[count] [size] [colour] thing[s] [at position]". */
    private void oneKind(Random r, Colour background, List<Placed> placed, StringBuilder caption) {
        String thing = pickThing(r);
        Colour colour = pickColour(r, background, null);
        int count = r.nextFloat() < 0.7f ? 1 : 2 + r.nextInt(2);
        boolean sayColour = r.nextFloat() < 0.9f || OBJECTS.contains(thing);
        Boolean large = r.nextFloat() < 0.5f ? null : r.nextBoolean();
        String position = count == 1 && r.nextFloat() < 0.5f ? POSITIONS.get(r.nextInt(POSITIONS.size())) : null;
        if (count > 1) {
            large = large == null ? null : false;
        }
        List<String> words = new ArrayList<>();
        words.add(count == 1 ? "a" : count == 2 ? "two" : "three");
        if (large != null) {
            words.add(large ? "large" : "small");
        }
        if (sayColour) {
            words.add(colour.name());
        }
        words.add(count == 1 ? thing : plural(thing));
        if (position != null) {
            words.add(position.equals("center") ? "in the center" : position.equals("left") || position.equals("right")
                    ? "on the " + position : "at the " + position);
        }
        if (words.get(0).equals("a") && "aeiou".indexOf(words.get(1).charAt(0)) >= 0) {
            words.set(0, "an");
        }
        caption.append(String.join(" ", words));
        for (int i = 0; i < count; i++) {
            float radius = size * (large == null ? (count > 1 ? 0.09f + 0.06f * r.nextFloat() : 0.1f + 0.25f * r.nextFloat())
                    : large ? 0.26f + 0.1f * r.nextFloat() : 0.08f + 0.06f * r.nextFloat());
            place(r, thing, colour, radius, position, placed);
        }
    }

    /** "a [colour] thing RELATION a [colour] thing". */
    private void twoThings(Random r, Colour background, List<Placed> placed, StringBuilder caption) {
        String a = pickThing(r);
        String b = pickThing(r);
        Colour ca = pickColour(r, background, null);
        Colour cb = pickColour(r, background, a.equals(b) ? ca : null);
        String relation = RELATIONS.get(r.nextInt(RELATIONS.size()));
        caption.append(article(ca.name())).append(' ').append(ca.name()).append(' ').append(a).append(' ')
                .append(relation).append(' ').append(article(cb.name())).append(' ').append(cb.name()).append(' ')
                .append(b);
        float radius = size * (0.12f + 0.07f * r.nextFloat());
        float jitter = size * 0.06f;
        float near = size * 0.27f;
        float far = size * 0.73f;
        float mid = size * 0.5f;
        float[][] centres = switch (relation) {
            case "left of" -> new float[][] {{near, mid}, {far, mid}};
            case "right of" -> new float[][] {{far, mid}, {near, mid}};
            case "above" -> new float[][] {{mid, near}, {mid, far}};
            case "below" -> new float[][] {{mid, far}, {mid, near}};
            default -> r.nextBoolean() ? new float[][] {{near, mid}, {far, mid}} : new float[][] {{mid, near}, {mid, far}};
        };
        placed.add(new Placed(a, ca, centres[0][0] + jitter * (r.nextFloat() - 0.5f),
                centres[0][1] + jitter * (r.nextFloat() - 0.5f), radius, angle(r, a)));
        placed.add(new Placed(b, cb, centres[1][0] + jitter * (r.nextFloat() - 0.5f),
                centres[1][1] + jitter * (r.nextFloat() - 0.5f), radius, angle(r, b)));
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static float angle(Random r, String thing) {
        return switch (thing) {
            case "circle", "ring", "house", "tree", "sun", "mountain", "boat", "heart" -> 0f;
            default -> (float) ((r.nextFloat() - 0.5f) * 0.5f);
        };
    }

    /** Puts an object where its position word says, not overlapping those already placed (if it can). */
    private void place(Random r, String thing, Colour colour, float radius, String position, List<Placed> placed) {
        float best = -1;
        float bx = size / 2f;
        float by = size / 2f;
        for (int attempt = 0; attempt < 30; attempt++) {
            float lo = radius + 1;
            float hi = size - radius - 1;
            float x = lo + (hi - lo) * r.nextFloat();
            float y = lo + (hi - lo) * r.nextFloat();
            if (position != null) {
                float third = size / 3f;
                switch (position) {
                    case "left" -> x = Math.min(x, third * 0.5f + radius * 0.5f + third * 0.3f * r.nextFloat());
                    case "right" -> x = Math.max(x, size - (third * 0.5f + radius * 0.5f + third * 0.3f * r.nextFloat()));
                    case "top" -> y = Math.min(y, third * 0.5f + radius * 0.5f + third * 0.3f * r.nextFloat());
                    case "bottom" -> y = Math.max(y, size - (third * 0.5f + radius * 0.5f + third * 0.3f * r.nextFloat()));
                    default -> {
                        x = size / 2f + size * 0.06f * (r.nextFloat() - 0.5f);
                        y = size / 2f + size * 0.06f * (r.nextFloat() - 0.5f);
                    }
                }
            }
            float clearance = Float.MAX_VALUE;
            for (Placed p : placed) {
                clearance = Math.min(clearance, (float) Math.hypot(p.cx - x, p.cy - y) - p.radius - radius);
            }
            if (clearance > best) {
                best = clearance;
                bx = x;
                by = y;
            }
            if (clearance > 1) {
                break;
            }
        }
        placed.add(new Placed(thing, colour, bx, by, radius, angle(r, thing)));
    }

    private byte[] draw(Random r, Colour background, List<Placed> placed, Rasterizer raster) {
        PackedScene.Builder b = new PackedScene.Builder(size, size);
        float[] bg = jitter(r, background);
        b.background(bg[0], bg[1], bg[2], 1);
        for (Placed p : placed) {
            Parts.draw(b, p.kind, jitter(r, p.colour), p.cx, p.cy, p.radius, p.angle, r);
        }
        PackedScene scene = b.build();
        float[] image = new float[size * size * 4];
        raster.render(scene, image);
        byte[] rgb = new byte[size * size * 3];
        for (int i = 0, o = 0; i < image.length; i += 4, o += 3) {
            // The background is opaque, so premultiplied equals straight colour here.
            for (int c = 0; c < 3; c++) {
                rgb[o + c] = (byte) Math.round(Math.clamp(image[i + c], 0f, 1f) * 255f);
            }
        }
        return rgb;
    }

    private static float[] jitter(Random r, Colour c) {
        float d = 0.07f;
        return new float[] {
                Math.clamp(c.r() + d * (2 * r.nextFloat() - 1), 0f, 1f),
                Math.clamp(c.g() + d * (2 * r.nextFloat() - 1), 0f, 1f),
                Math.clamp(c.b() + d * (2 * r.nextFloat() - 1), 0f, 1f)};
    }

    public int size() {
        return size;
    }
}
