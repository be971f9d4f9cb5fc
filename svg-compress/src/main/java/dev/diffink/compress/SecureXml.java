package dev.diffink.compress;

import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one XML parser configuration DiffInk uses: nothing outside the document is ever read (no
 * external DTDs or entities, no XInclude, no schema access), while internal entities (which drawing
 * programs write) are allowed with bounded expansion, and nesting depth is bounded.
 */
public final class SecureXml {
    private SecureXml() {}

    /** Factories are not thread-safe; one configured factory per thread saves the service lookup. */
    private static final ThreadLocal<SAXParserFactory> FACTORY = ThreadLocal.withInitial(SecureXml::newFactory);

    private static SAXParserFactory newFactory() {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return f;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("this JDK's XML parser lacks a required safety feature: " + e, e);
        }
    }

    /** A namespace-aware SAX parser with the limits above. */
    public static SAXParser newParser(int maxDepth) {
        try {
            SAXParser p = FACTORY.get().newSAXParser();
            p.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            p.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            p.setProperty("jdk.xml.entityExpansionLimit", "10000");
            p.setProperty("jdk.xml.maxElementDepth", Integer.toString(maxDepth));
            return p;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("this JDK's XML parser lacks a required safety feature: " + e, e);
        }
    }

    /** An entity resolver's answer for any external entity or DTD: nothing. */
    public static InputSource emptySource() {
        return new InputSource(new StringReader(""));
    }

    /** Whether a parse error is one of the JDK's limits against hostile XML (JAXP00010xxx). */
    public static boolean isLimit(SAXParseException e) {
        String m = e.getMessage();
        return m != null && m.startsWith("JAXP000100");
    }

    /** A limit error's message without the JAXP code. */
    public static String limitMessage(SAXParseException e) {
        return e.getMessage().replaceFirst("^JAXP\\d+: ", "") + " (a limit against hostile XML)";
    }
}
