package dev.diffink.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffink.DiffInkException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code diffink.json} every DiffInk model carries (scorers, denoisers): its format, picture
 * size, token count and vocabulary, checked with messages that name the model ({@code where}).
 *
 * @param json      the whole document, for the fields a kind of model adds
 * @param imageSize the side of the square pictures the model takes or makes
 * @param tokenizer the model's word tokenizer
 */
public record ModelMeta(JsonNode json, int imageSize, Tokenizer tokenizer) {
    public static final String FILE = "diffink.json";

    /**
     * Parses and checks the metadata.
     *
     * @param where    how messages name the model, e.g. "scorer FILE"
     * @param formatOk which values of "format" this kind of model accepts
     * @param expected the format named when "format" is refused
     */
    public static ModelMeta parse(String text, String where, Predicate<String> formatOk, String expected) {
        JsonNode meta;
        try {
            meta = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw DiffInkException.badInput(where + ": " + FILE + " is not valid JSON: " + e.getMessage());
        }
        String format = meta.path("format").asText("");
        if (!formatOk.test(format)) {
            throw DiffInkException.badInput(where + ": " + FILE + " has format '" + format + "', expected " + expected);
        }
        int size = meta.path("image_size").asInt(-1);
        int maxTokens = meta.path("max_tokens").asInt(-1);
        if (size < 8 || size > 1024 || maxTokens < 1 || maxTokens > 1024) {
            throw DiffInkException.badInput(where + ": " + FILE + " needs image_size (8 to 1024) and max_tokens (1 to "
                    + "1024), got " + size + " and " + maxTokens);
        }
        List<String> vocabulary = new ArrayList<>();
        meta.path("vocabulary").forEach(w -> vocabulary.add(w.asText()));
        if (vocabulary.isEmpty()) {
            throw DiffInkException.badInput(where + ": " + FILE + " has no vocabulary");
        }
        return new ModelMeta(meta, size, new Tokenizer(vocabulary, maxTokens));
    }
}
