package dev.diffink.compress;

import dev.diffink.compress.SvgDocument.Comment;
import dev.diffink.compress.SvgDocument.Element;
import dev.diffink.compress.SvgDocument.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.regex.Matcher;
import javax.xml.parsers.SAXParser;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/** Reads SVG bytes into an {@link SvgDocument}, safely and within limits (see {@link SecureXml}). */
public final class SvgParser {

    /** Limits against hostile input; each names the option that raises it. */
    public record Limits(long maxBytes, int maxElements, int maxDepth) {
        public static final Limits DEFAULT = new Limits(64L << 20, 200_000, 256);
    }

    private SvgParser() {}

    public static SvgDocument parse(byte[] svg, String source, Limits limits) {
        if (svg.length > limits.maxBytes()) {
            throw new SvgFormatException(SvgFormatException.Kind.LIMIT, source + ": " + svg.length
                    + " bytes is over the " + limits.maxBytes()
                    + "-byte input limit; raise it with --max-input-bytes if the file is trusted");
        }
        Handler h = new Handler(limits.maxElements());
        try {
            SAXParser p = SecureXml.newParser(limits.maxDepth());
            p.setProperty("http://xml.org/sax/properties/lexical-handler", h);
            p.parse(new InputSource(new ByteArrayInputStream(svg)), h);
        } catch (OutOfRange e) {
            throw new SvgFormatException(SvgFormatException.Kind.MALFORMED, source + ": " + e.getMessage());
        } catch (TooMany e) {
            throw new SvgFormatException(SvgFormatException.Kind.LIMIT, source + ": " + e.getMessage());
        } catch (SAXParseException e) {
            if (SecureXml.isLimit(e)) {
                throw new SvgFormatException(SvgFormatException.Kind.LIMIT, source + ": " + SecureXml.limitMessage(e));
            }
            throw new SvgFormatException(SvgFormatException.Kind.MALFORMED, source + ": line " + e.getLineNumber()
                    + ": not well-formed XML: " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw new SvgFormatException(SvgFormatException.Kind.MALFORMED, source + ": not well-formed XML: "
                    + e.getMessage());
        }
        if (h.root == null) {
            throw new SvgFormatException(SvgFormatException.Kind.MALFORMED, source + ": the XML has no root element");
        }
        if (!h.root.localName().equals("svg")) {
            throw new SvgFormatException(SvgFormatException.Kind.MALFORMED, source + ": the root element is <"
                    + h.root.name + ">, not <svg>");
        }
        return new SvgDocument(h.root);
    }

    private static final class OutOfRange extends SAXException {
        OutOfRange(String m) {
            super(m);
        }
    }

    private static final class TooMany extends SAXException {
        TooMany(String m) {
            super(m);
        }
    }

    private static final class Handler extends DefaultHandler2 {
        private final int maxElements;
        private Element root, current;
        private Locator locator;
        private int count;
        /** Namespace declarations for the next element: SAX reports them apart from attributes. */
        private final java.util.Map<String, String> pendingNamespaces = new java.util.LinkedHashMap<>();

        @Override
        public void startPrefixMapping(String prefix, String uri) {
            pendingNamespaces.put(prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, uri);
        }

        Handler(int maxElements) {
            this.maxElements = maxElements;
        }

        @Override
        public void setDocumentLocator(Locator l) {
            locator = l;
        }

        @Override
        public InputSource resolveEntity(String publicId, String systemId) {
            return SecureXml.emptySource();
        }

        @Override
        public InputSource resolveEntity(String name, String publicId, String baseURI, String systemId) {
            return SecureXml.emptySource();
        }

        @Override
        public InputSource getExternalSubset(String name, String baseURI) {
            return null;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (++count > maxElements) {
                throw new TooMany("more than " + maxElements
                        + " elements; raise the limit with --max-elements if the file is trusted");
            }
            Element e = new Element(qName);
            pendingNamespaces.forEach(e::set);
            pendingNamespaces.clear();
            if (locator != null) e.line = locator.getLineNumber();
            for (int i = 0; i < atts.getLength(); i++) {
                String name = atts.getQName(i), value = atts.getValue(i);
                if (SvgProperties.NUMERIC.contains(name) || name.equals("style")) checkRange(e, name, value);
                e.set(name, value);
            }
            if (current == null) root = e;
            else current.append(e);
            current = e;
        }

        private static void checkRange(Element e, String name, String value) throws SAXException {
            Matcher m = Geometry.NUMBER.matcher(value);
            while (m.find()) {
                if (Double.isInfinite(Double.parseDouble(m.group()))) {
                    throw new OutOfRange("<" + e.name + "> (line " + e.line + "): " + name
                            + " has a number out of range: " + m.group());
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            current = current.parent();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (current == null) return;
            // Keep text only where SVG reads it; whitespace between elements is dropped.
            String n = current.localName();
            if (n.equals("style") || n.equals("title") || n.equals("desc") || n.equals("text") || n.equals("tspan")
                    || n.equals("textPath") || n.equals("script")) {
                current.append(new Text(new String(ch, start, length)));
            }
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            if (current != null) current.append(new Comment(new String(ch, start, length)));
        }
    }
}
