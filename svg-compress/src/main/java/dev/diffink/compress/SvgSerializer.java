package dev.diffink.compress;

import dev.diffink.compress.SvgDocument.Comment;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgDocument.Node;
import dev.diffink.compress.SvgDocument.Text;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes a document as compact XML: no declaration, no whitespace between elements, double quotes. */
public final class SvgSerializer {
    private SvgSerializer() {}

    public static String write(SvgDocument doc) {
        StringBuilder sb = new StringBuilder(4096);
        element(doc.root(), sb);
        return sb.toString();
    }

    public static byte[] bytes(SvgDocument doc) {
        return write(doc).getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8 length of the serialized document. */
    public static int length(SvgDocument doc) {
        String s = write(doc);
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
        }
        return n;
    }

    static void element(Element e, StringBuilder sb) {
        sb.append('<').append(e.name);
        for (Map.Entry<String, String> a : e.attributes.entrySet()) {
            sb.append(' ').append(a.getKey()).append("=\"");
            escape(a.getValue(), sb, true);
            sb.append('"');
        }
        if (e.children.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (Node n : e.children) {
            switch (n) {
                case Element c -> element(c, sb);
                case Text t -> escape(t.text, sb, false);
                case Comment c -> sb.append("<!--").append(c.text).append("-->");
            }
        }
        sb.append("</").append(e.name).append('>');
    }

    static void escape(String s, StringBuilder sb, boolean attribute) {
        int n = s.length(), plain = 0;
        while (plain < n) {
            char c = s.charAt(plain);
            if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\n' || c == '\r' || c == '\t') break;
            plain++;
        }
        if (plain == n) {
            sb.append(s);
            return;
        }
        sb.append(s, 0, plain);
        for (int i = plain; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append(attribute ? ">" : "&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                default -> {
                    if (attribute && (c == '\n' || c == '\r' || c == '\t')) sb.append("&#").append((int) c).append(';');
                    else sb.append(c);
                }
            }
        }
    }
}
