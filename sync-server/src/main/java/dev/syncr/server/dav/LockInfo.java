package dev.syncr.server.dav;

import dev.syncr.server.http.ApiException;
import java.io.InputStream;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventReader;
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
                        owner = PropertyUpdate.copy(event.asStartElement(), xml);
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
}
