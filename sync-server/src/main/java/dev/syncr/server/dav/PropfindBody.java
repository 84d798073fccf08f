package dev.syncr.server.dav;

import dev.syncr.server.http.ApiException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A PROPFIND's body: all properties ({@code allprop}, or no body at all), their names only ({@code propname}), or the
 * properties named. Read with the JDK's StAX parser, DTDs and external entities off: a document that tries either,
 * or is not XML, is a 400.
 *
 * @param names the properties asked for; empty for allprop and propname
 */
record PropfindBody(Kind kind, List<QName> names) {

    enum Kind { ALL, NAMES, SOME }

    static final String DAV = "DAV:";

    static PropfindBody read(InputStream in) {
        // the JDK's own parser, whatever else is on the class path (a library may bring another)
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            Kind kind = null;
            List<QName> names = new ArrayList<>();
            int depth = 0;
            boolean inProp = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamReader.DTD) {
                    throw ApiException.badRequest("a PROPFIND body may not have a DTD");
                }
                if (event == XMLStreamReader.START_ELEMENT) {
                    depth++;
                    QName name = xml.getName();
                    if (depth == 1 && !(DAV.equals(name.getNamespaceURI()) && name.getLocalPart().equals("propfind"))) {
                        throw ApiException.badRequest("a PROPFIND body is a DAV:propfind element");
                    }
                    if (depth == 2 && DAV.equals(name.getNamespaceURI())) {
                        switch (name.getLocalPart()) {
                            case "allprop" -> kind = Kind.ALL;
                            case "propname" -> kind = Kind.NAMES;
                            case "prop" -> {
                                kind = Kind.SOME;
                                inProp = true;
                            }
                            default -> { }
                        }
                    } else if (depth == 3 && inProp) {
                        names.add(name);
                    }
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    if (depth == 2) {
                        inProp = false;
                    }
                    depth--;
                }
            }
            return new PropfindBody(kind == null ? Kind.ALL : kind, List.copyOf(names));
        } catch (XMLStreamException e) {
            throw ApiException.badRequest("the PROPFIND body is not well-formed XML: " + e.getMessage());
        }
    }
}
