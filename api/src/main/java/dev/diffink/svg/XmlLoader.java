package dev.diffink.svg;

import dev.diffink.DiffInkException;
import dev.diffink.compress.SecureXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses XML into a DOM whose elements remember the line they started on (user data
 * {@value #LINE}), with the parser configuration of {@link SecureXml} (nothing outside the
 * document is ever read; entity expansion and depth are bounded) and a bound on the element count.
 */
public final class XmlLoader {
    public static final String LINE = "diffink.line";

    private final int maxElements;
    private final int maxDepth;

    public XmlLoader(int maxElements, int maxDepth) {
        this.maxElements = maxElements;
        this.maxDepth = maxDepth;
    }

    public Document load(byte[] xml, String source) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new DiffInkException(DiffInkException.Kind.INTERNAL, "no XML document builder: " + e.getMessage(), e);
        }
        Builder handler = new Builder(doc);
        try {
            SAXParser parser = SecureXml.newParser(maxDepth);
            parser.parse(new InputSource(new ByteArrayInputStream(xml)), handler);
        } catch (LimitException e) {
            throw DiffInkException.limit(source + ": " + e.getMessage());
        } catch (SAXParseException e) {
            if (SecureXml.isLimit(e)) throw DiffInkException.limit(source + ": " + SecureXml.limitMessage(e));
            throw DiffInkException.badInput(source + ": line " + e.getLineNumber() + ": not well-formed XML: "
                    + e.getMessage());
        } catch (SAXException e) {
            throw DiffInkException.badInput(source + ": not well-formed XML: " + e.getMessage());
        } catch (IOException e) {
            throw new DiffInkException(DiffInkException.Kind.IO, source + ": " + e.getMessage(), e);
        }
        if (doc.getDocumentElement() == null) throw DiffInkException.badInput(source + ": the XML has no root element");
        return doc;
    }

    /** The line an element started on, or -1. */
    public static int lineOf(Node node) {
        Object line = node.getUserData(LINE);
        return line instanceof Integer i ? i : -1;
    }

    private static final class LimitException extends SAXException {
        LimitException(String message) {
            super(message);
        }
    }

    /** Builds the DOM from SAX events, recording line numbers. */
    private final class Builder extends DefaultHandler {
        private final Document doc;
        private Node current;
        private Locator locator;
        private int elements;

        Builder(Document doc) {
            this.doc = doc;
            this.current = doc;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public InputSource resolveEntity(String publicId, String systemId) {
            // Never fetch anything: an external entity or DTD reads as empty.
            return SecureXml.emptySource();
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (++elements > maxElements) {
                throw new LimitException("more than " + maxElements
                        + " elements; raise the limit with --max-elements if the file is trusted");
            }
            Element e = uri == null || uri.isEmpty() ? doc.createElement(qName) : doc.createElementNS(uri, qName);
            for (int i = 0; i < atts.getLength(); i++) {
                String auri = atts.getURI(i);
                String qn = atts.getQName(i);
                if (qn.startsWith("xmlns")) continue;
                if (auri == null || auri.isEmpty()) {
                    e.setAttribute(qn, atts.getValue(i));
                } else {
                    e.setAttributeNS(auri, qn, atts.getValue(i));
                }
            }
            if (locator != null) e.setUserData(LINE, locator.getLineNumber(), null);
            current.appendChild(e);
            current = e;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            current = current.getParentNode();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            // Only style sheets have text DiffInk reads; other text would just cost memory.
            if (current instanceof Element el && "style".equals(el.getLocalName() != null ? el.getLocalName()
                    : el.getTagName())) {
                current.appendChild(doc.createTextNode(new String(ch, start, length)));
            }
        }
    }
}
