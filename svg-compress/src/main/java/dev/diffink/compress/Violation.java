package dev.diffink.compress;

/**
 * One broken rule in a document: the element (and its line in the input, when known), the
 * attribute if the rule is about one, and why.
 */
public record Violation(String element, int line, String attribute, String reason) {
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + "<" + element + ">"
                + (attribute == null ? "" : " " + attribute) + ": " + reason;
    }
}
