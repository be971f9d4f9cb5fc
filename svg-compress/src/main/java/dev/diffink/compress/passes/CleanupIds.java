package dev.diffink.compress.passes;

import dev.diffink.compress.CompressContext;
import dev.diffink.compress.Pass;
import dev.diffink.compress.References;
import dev.diffink.compress.SvgDocument;
import dev.diffink.compress.SvgDocument.Element;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Removes ids nothing refers to and, when {@code minify} is on, renames the rest to the shortest
 * free names ({@code a}, {@code b}, ..., {@code aa}, ...), in document order. Ids are left
 * alone while a style sheet remains (its selectors may name them).
 */
public final class CleanupIds implements Pass {

    /** @param minify rename referenced ids to the shortest names */
    public record Options(boolean minify) {
        public static final Options DEFAULT = new Options(true);
    }

    private final Options options;

    public CleanupIds() {
        this(Options.DEFAULT);
    }

    public CleanupIds(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "cleanupIds";
    }

    @Override
    public String description() {
        return "remove unreferenced ids and shorten the others";
    }

    @Override
    public void apply(SvgDocument doc, CompressContext ctx) {
        if (doc.elements().stream().anyMatch(e -> e.localName().equals("style"))) return;
        Set<String> used = References.referenced(doc);
        for (Element e : doc.elements()) {
            String id = e.attr("id");
            if (id != null && !used.contains(id)) e.remove("id");
        }
        if (!options.minify()) return;
        // Rename in document order; a name already short and in place keeps its spot.
        Map<String, String> names = new HashMap<>();
        Set<String> taken = new HashSet<>();
        int next = 0;
        for (Element e : doc.elements()) {
            String id = e.attr("id");
            if (id == null) continue;
            String name;
            do {
                name = shortName(next++);
            } while (taken.contains(name));
            taken.add(name);
            names.put(id, name);
            e.set("id", name);
        }
        References.rename(doc, old -> names.getOrDefault(old, old));
    }

    /** 0 -> a, 25 -> z, 26 -> A, 51 -> Z, 52 -> aa, ... (letters only, so always a valid XML name). */
    static String shortName(int n) {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder sb = new StringBuilder();
        n++;
        while (n > 0) {
            n--;
            sb.append(letters.charAt(n % letters.length()));
            n /= letters.length();
        }
        return sb.reverse().toString();
    }
}
