package dev.syncr.server.dav;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A 207 Multi-Status body written as it is made: one {@code response} per resource, its found properties in a 200
 * propstat and the others in a 404 one. Nothing is held but the current resource, so a folder of 100 000 entries
 * streams.
 */
final class Multistatus implements AutoCloseable {

    /**
     * A property's value: text, or the element {@code collection} for resourcetype, or nothing (an empty element), or
     * a dead property's whole element as it was stored ({@code stored}).
     */
    record Value(String text, boolean collection, String stored) {
        static final Value EMPTY = new Value(null, false, null);
        static final Value COLLECTION = new Value(null, true, null);

        static Value of(String text) {
            return new Value(text, false, null);
        }

        static Value stored(String xml) {
            return new Value(null, false, xml);
        }
    }

    private final XMLStreamWriter xml;

    Multistatus(OutputStream out) throws IOException {
        try {
            xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setPrefix("d", PropfindBody.DAV);
            xml.writeStartElement("d", "multistatus", PropfindBody.DAV);
            xml.writeNamespace("d", PropfindBody.DAV);
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    /** One resource: {@code found} with their values, {@code missing} reported as 404. */
    void response(String href, Map<QName, Value> found, List<QName> missing, boolean namesOnly) throws IOException {
        try {
            xml.writeStartElement("d", "response", PropfindBody.DAV);
            element("href", href);
            if (!found.isEmpty()) {
                propstat(found, namesOnly, "HTTP/1.1 200 OK");
            }
            if (!missing.isEmpty()) {
                Map<QName, Value> none = new java.util.LinkedHashMap<>();
                missing.forEach(name -> none.put(name, Value.EMPTY));
                propstat(none, true, "HTTP/1.1 404 Not Found");
            }
            xml.writeEndElement();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    /** A PROPPATCH's answer: each property named, with the status it got. */
    void statuses(String href, java.util.Map<QName, String> statuses) throws IOException {
        try {
            xml.writeStartElement("d", "response", PropfindBody.DAV);
            element("href", href);
            java.util.Map<String, java.util.List<QName>> byStatus = new java.util.LinkedHashMap<>();
            statuses.forEach((name, status) -> byStatus.computeIfAbsent(status, k -> new java.util.ArrayList<>())
                    .add(name));
            for (var group : byStatus.entrySet()) {
                java.util.Map<QName, Value> names = new java.util.LinkedHashMap<>();
                group.getValue().forEach(n -> names.put(n, Value.EMPTY));
                propstat(names, true, group.getKey());
            }
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    /** A resource answered with a status of its own, no properties (a MOVE or DELETE of many that partly failed). */
    void status(String href, String status) throws IOException {
        try {
            xml.writeStartElement("d", "response", PropfindBody.DAV);
            element("href", href);
            element("status", status);
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    private void propstat(Map<QName, Value> props, boolean namesOnly, String status) throws XMLStreamException {
        xml.writeStartElement("d", "propstat", PropfindBody.DAV);
        xml.writeStartElement("d", "prop", PropfindBody.DAV);
        for (var prop : props.entrySet()) {
            QName name = prop.getKey();
            if (!namesOnly && prop.getValue().stored() != null) {
                PropertyUpdate.write(prop.getValue().stored(), xml);
                continue;
            }
            boolean dav = PropfindBody.DAV.equals(name.getNamespaceURI());
            if (dav) {
                xml.writeStartElement("d", name.getLocalPart(), PropfindBody.DAV);
            } else if (name.getNamespaceURI().isEmpty()) {
                xml.writeStartElement(name.getLocalPart());
                xml.writeDefaultNamespace("");
            } else {
                xml.writeStartElement("x", name.getLocalPart(), name.getNamespaceURI());
                xml.writeNamespace("x", name.getNamespaceURI());
            }
            Value value = prop.getValue();
            if (!namesOnly && value.collection()) {
                xml.writeEmptyElement("d", "collection", PropfindBody.DAV);
            } else if (!namesOnly && value.text() != null) {
                xml.writeCharacters(value.text());
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        element("status", status);
        xml.writeEndElement();
    }

    private void element(String name, String text) throws XMLStreamException {
        xml.writeStartElement("d", name, PropfindBody.DAV);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    @Override
    public void close() throws IOException {
        try {
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }
}
