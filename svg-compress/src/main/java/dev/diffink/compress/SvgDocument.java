package dev.diffink.compress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A mutable SVG document tree for the compressor's passes: elements with ordered attributes
 * (qualified names as written, e.g. {@code xlink:href}), text (kept for style, title and desc),
 * and comments (kept until a pass removes them).
 */
public final class SvgDocument {
    private Element root;

    public SvgDocument(Element root) {
        this.root = root;
    }

    public Element root() {
        return root;
    }

    public void setRoot(Element root) {
        this.root = root;
    }

    /** A node of the tree. */
    public abstract static sealed class Node permits Element, Text, Comment {
        Element parent;

        public Element parent() {
            return parent;
        }
    }

    /** Character data. */
    public static final class Text extends Node {
        public String text;

        public Text(String text) {
            this.text = text;
        }
    }

    /** A comment. */
    public static final class Comment extends Node {
        public final String text;

        public Comment(String text) {
            this.text = text;
        }
    }

    /** An element. */
    public static final class Element extends Node {
        public String name;
        public final Map<String, String> attributes = new LinkedHashMap<>();
        public final List<Node> children = new ArrayList<>();
        /** Source line, or -1. */
        public int line = -1;

        public Element(String name) {
            this.name = name;
        }

        public String attr(String name) {
            return attributes.get(name);
        }

        public boolean has(String name) {
            return attributes.containsKey(name);
        }

        public void set(String name, String value) {
            attributes.put(name, value);
        }

        public void remove(String name) {
            attributes.remove(name);
        }

        /** The local name (after any prefix). */
        public String localName() {
            int colon = name.indexOf(':');
            return colon < 0 ? name : name.substring(colon + 1);
        }

        /** Whether the name has a namespace prefix (editor elements such as sodipodi:namedview). */
        public boolean prefixed() {
            return name.indexOf(':') >= 0;
        }

        public void append(Node n) {
            n.parent = this;
            children.add(n);
        }

        public void insert(int index, Node n) {
            n.parent = this;
            children.add(index, n);
        }

        /** The element children, in order (a snapshot). */
        public List<Element> elements() {
            List<Element> out = new ArrayList<>();
            for (Node n : children) {
                if (n instanceof Element e) out.add(e);
            }
            return out;
        }

        /** Concatenated text content of the direct text children. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Node n : children) {
                if (n instanceof Text t) sb.append(t.text);
            }
            return sb.toString();
        }

        /** Visits this element and every descendant element, parents before children. */
        public void walk(Consumer<Element> visitor) {
            visitor.accept(this);
            for (Node n : new ArrayList<>(children)) {
                if (n instanceof Element e && e.parent == this) e.walk(visitor);
            }
        }

        /** Removes this node from its parent. */
        public void detach() {
            if (parent != null) {
                parent.children.remove(this);
                parent = null;
            }
        }
    }

    /** A deep copy. */
    public SvgDocument copy() {
        return new SvgDocument(copy(root));
    }

    private static Element copy(Element e) {
        Element c = new Element(e.name);
        c.line = e.line;
        c.attributes.putAll(e.attributes);
        for (Node n : e.children) {
            switch (n) {
                case Element child -> c.append(copy(child));
                case Text t -> c.append(new Text(t.text));
                case Comment m -> c.append(new Comment(m.text));
            }
        }
        return c;
    }

    /** Every element, parents before children. */
    public List<Element> elements() {
        List<Element> out = new ArrayList<>();
        root.walk(out::add);
        return out;
    }
}
