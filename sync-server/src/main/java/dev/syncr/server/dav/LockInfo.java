package dev.syncr.server.dav;

import dev.syncr.server.http.ApiException;
import java.io.InputStream;
import java.io.StringWriter;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.XMLEvent;

/**
 * A LOCK's {@code lockinfo}: exclusive or shared (a write lock, the only type there is), and the {@code <owner>}
 * element as sent, to be echoed verbatim in every lock discovery.
 *
 * @param owner the owner element as XML, or null
 */
record LockInfo(boolean exclusive, String owner) {

    static LockInfo read(InputStream in) {
        try {
            XMLEventReader xml = PropertyUpdate.parser().createXMLEventReader(in);
            Boolean exclusive = null;
            String owner = null;
            int depth = 0;
            boolean inScope = false;
            while (xml.hasNext()) {
                XMLEvent event = xml.nextEvent();
                if (event.getEventType() == XMLEvent.DTD) {
                    throw ApiException.badRequest("a LOCK body may not have a DTD");
                }
                if (event.isStartElement()) {
                    depth++;
                    QName name = event.asStartElement().getName();
                    boolean dav = PropfindBody.DAV.equals(name.getNamespaceURI());
                    if (depth == 1 && !(dav && name.getLocalPart().equals("lockinfo"))) {
                        throw ApiException.badRequest("a LOCK body is a DAV:lockinfo element");
                    }
                    if (depth == 2 && dav && name.getLocalPart().equals("owner")) {
                        owner = copy(event, xml);
                        depth--;
                    } else if (depth == 2) {
                        inScope = dav && name.getLocalPart().equals("lockscope");
                    } else if (depth == 3 && inScope && dav) {
                        exclusive = name.getLocalPart().equals("exclusive");
                    }
                } else if (event.isEndElement()) {
                    depth--;
                }
            }
            if (exclusive == null) {
                throw ApiException.badRequest("a LOCK names its lockscope: exclusive or shared");
            }
            return new LockInfo(exclusive, owner);
        } catch (XMLStreamException e) {
            throw ApiException.badRequest("the LOCK body is not well-formed XML: " + e.getMessage());
        }
    }

    private static String copy(XMLEvent start, XMLEventReader xml) throws XMLStreamException {
        StringWriter text = new StringWriter();
        XMLOutputFactory factory = XMLOutputFactory.newDefaultFactory();
        factory.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, true);
        XMLEventWriter out = factory.createXMLEventWriter(text);
        out.add(start);
        int depth = 1;
        while (depth > 0) {
            XMLEvent event = xml.nextEvent();
            depth += event.isStartElement() ? 1 : event.isEndElement() ? -1 : 0;
            out.add(event);
        }
        out.close();
        return text.toString();
    }
}
