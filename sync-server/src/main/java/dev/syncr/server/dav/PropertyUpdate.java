package dev.syncr.server.dav;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.jdbc.JdbcDeadProps;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.Namespace;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;

/**
 * A PROPPATCH's {@code propertyupdate}: its sets and removes in document order, each set's property kept as the XML
 * element it was sent as (with the namespaces it needs), so it comes back exactly in a PROPFIND.
 */
final class PropertyUpdate {

    private PropertyUpdate() {
    }

    static XMLInputFactory parser() {
        // the JDK's own parser, whatever else is on the class path; no DTD, no external entity
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    static List<JdbcDeadProps.Change> read(InputStream in) {
        List<JdbcDeadProps.Change> changes = new ArrayList<>();
        try {
            XMLEventReader xml = parser().createXMLEventReader(in);
            int depth = 0;
            Boolean setting = null;
            boolean inProp = false;
            while (xml.hasNext()) {
                XMLEvent event = xml.nextEvent();
                if (event.getEventType() == XMLEvent.DTD) {
                    throw ApiException.badRequest("a PROPPATCH body may not have a DTD");
                }
                if (event.isStartElement()) {
                    depth++;
                    QName name = event.asStartElement().getName();
                    boolean dav = PropfindBody.DAV.equals(name.getNamespaceURI());
                    if (depth == 1 && !(dav && name.getLocalPart().equals("propertyupdate"))) {
                        throw ApiException.badRequest("a PROPPATCH body is a DAV:propertyupdate element");
                    }
                    if (depth == 2) {
                        setting = dav && name.getLocalPart().equals("set") ? Boolean.TRUE
                                : dav && name.getLocalPart().equals("remove") ? Boolean.FALSE : null;
                    } else if (depth == 3 && setting != null) {
                        inProp = dav && name.getLocalPart().equals("prop");
                    } else if (depth == 4 && inProp) {
                        String value = copy(event.asStartElement(), xml); // reads to the property's end
                        changes.add(new JdbcDeadProps.Change(name.getNamespaceURI(), name.getLocalPart(),
                                setting ? value : null));
                        depth--;
                    }
                } else if (event.isEndElement()) {
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw ApiException.badRequest("the PROPPATCH body is not well-formed XML: " + e.getMessage());
        }
        if (changes.isEmpty()) {
            throw ApiException.badRequest("the PROPPATCH body sets or removes no property");
        }
        return changes;
    }

    /** The element that starts with {@code start}, to its end, as XML that declares every namespace it uses. */
    static String copy(StartElement start, XMLEventReader xml) throws XMLStreamException {
        StringWriter text = new StringWriter();
        XMLOutputFactory factory = XMLOutputFactory.newDefaultFactory();
        factory.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, true);
        XMLEventWriter out = factory.createXMLEventWriter(text);
        out.add(start);
        int depth = 1;
        while (depth > 0) {
            XMLEvent event = xml.nextEvent();
            if (event.isStartElement()) {
                depth++;
            } else if (event.isEndElement()) {
                depth--;
            }
            out.add(event);
        }
        out.close();
        return text.toString();
    }

    /** Writes a stored property element into a response, namespaces and all. */
    static void write(String stored, XMLStreamWriter to) throws XMLStreamException {
        XMLEventReader xml = parser().createXMLEventReader(new StringReader(stored));
        while (xml.hasNext()) {
            XMLEvent event = xml.nextEvent();
            if (event.isStartElement()) {
                StartElement start = event.asStartElement();
                QName name = start.getName();
                to.writeStartElement(name.getPrefix(), name.getLocalPart(), name.getNamespaceURI());
                for (Iterator<Namespace> it = start.getNamespaces(); it.hasNext(); ) {
                    Namespace ns = it.next();
                    if (ns.isDefaultNamespaceDeclaration()) {
                        to.writeDefaultNamespace(ns.getNamespaceURI());
                    } else {
                        to.writeNamespace(ns.getPrefix(), ns.getNamespaceURI());
                    }
                }
                for (Iterator<Attribute> it = start.getAttributes(); it.hasNext(); ) {
                    Attribute a = it.next();
                    QName an = a.getName();
                    if (an.getNamespaceURI().isEmpty()) {
                        to.writeAttribute(an.getLocalPart(), a.getValue());
                    } else {
                        to.writeAttribute(an.getPrefix(), an.getNamespaceURI(), an.getLocalPart(), a.getValue());
                    }
                }
            } else if (event.isEndElement()) {
                to.writeEndElement();
            } else if (event.isCharacters()) {
                to.writeCharacters(event.asCharacters().getData());
            }
        }
    }
}
