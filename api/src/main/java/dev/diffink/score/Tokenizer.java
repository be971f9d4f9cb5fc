package dev.diffink.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level tokenizer of DiffInk scorers: lower-cased runs of letters, token id 2 + the word's
 * index in the model's vocabulary, 1 for a word the model has never seen, 0 for padding up to the
 * model's token count.
 */
public final class Tokenizer {
    public static final int PAD = 0;
    public static final int UNKNOWN = 1;
    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> vocabulary;
    private final int maxTokens;

    /** Tokens of one prompt, and the words that were not in the vocabulary or did not fit. */
    public record Tokens(float[] ids, List<String> unknownWords, int droppedWords) {}

    public Tokenizer(List<String> vocabulary, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1");
        }
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.putIfAbsent(vocabulary.get(i).toLowerCase(Locale.ROOT), i + 2);
        }
        this.vocabulary = List.copyOf(vocabulary);
        this.maxTokens = maxTokens;
    }

    /** The words this tokenizer knows, in id order (id = 2 + index). */
    public List<String> vocabulary() {
        return vocabulary;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public Tokens encode(String text) {
        float[] out = new float[maxTokens];
        List<String> unknown = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        int n = 0;
        int dropped = 0;
        while (m.find()) {
            String word = m.group();
            Integer id = ids.get(word);
            if (id == null && !unknown.contains(word)) {
                unknown.add(word);
            }
            if (n < maxTokens) {
                out[n++] = id == null ? UNKNOWN : id;
            } else {
                dropped++;
            }
        }
        return new Tokens(out, List.copyOf(unknown), dropped);
    }
}
