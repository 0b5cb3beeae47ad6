package dev.cairn.core.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * S3's XML request bodies: as the JSON S3's records carry them, and the objects of a {@code DeleteObjects} body.
 * Bodies are data: no DTDs, no external entities.
 *
 * <p>The JSON form follows AWS's records, such as {@code PutBucketAcl}'s
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html):
 * {@code "AccessControlPolicy": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Owner": {"ID": "..."}, ...}}:
 * an element becomes a member named as it is, namespace declarations and attributes become members ({@code xmlns},
 * {@code xmlns:xsi}, {@code xsi:type}), repeated elements an array, and an element with only text a string.
 */
public final class S3Xml
{
    /** The most objects one {@code DeleteObjects} call may name. */
    public static final int MAXIMUM_DELETE_OBJECTS = 1000;
    private static final int MAXIMUM_DEPTH = 32;
    private static final XMLInputFactory XML = xmlFactory();

    private S3Xml() {}

    /** The document as {@code {"<root element>": {...}}}; empty when it is not well-formed XML. */
    public static Optional<ObjectNode> toJson(byte[] body)
    {
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                        ObjectNode document = JsonNodeFactory.instance.objectNode();
                        document.set(name(reader), element(reader, 1));
                        return Optional.of(document);
                    }
                }
                return Optional.empty();
            }
            finally {
                reader.close();
            }
        }
        catch (XMLStreamException | DepthException e) {
            return Optional.empty();
        }
    }

    /**
     * The objects a {@code DeleteObjects} body ({@code <Delete><Object><Key>...</Key><VersionId>...</VersionId></Object>...</Delete>}) names.
     *
     * @throws S3Exception {@code MalformedXML} when it is not such a body, names no object or more than 1,000
     */
    public static List<S3ObjectIdentifier> deleteObjects(byte[] body)
    {
        JsonNode delete = toJson(body).map(document -> document.get("Delete")).orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
        JsonNode objects = delete.path("Object");
        List<JsonNode> entries = new ArrayList<>();
        if (objects.isArray()) {
            objects.forEach(entries::add);
        }
        else if (objects.isObject()) {
            entries.add(objects);
        }
        if (entries.isEmpty() || entries.size() > MAXIMUM_DELETE_OBJECTS) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        List<S3ObjectIdentifier> identifiers = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode key = entry.path("Key");
            JsonNode versionId = entry.path("VersionId");
            if (!key.isTextual() || key.asText().isEmpty() || !(versionId.isMissingNode() || versionId.isTextual())) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            identifiers.add(new S3ObjectIdentifier(key.asText(), versionId.isTextual() ? Optional.of(versionId.asText()) : Optional.empty()));
        }
        return List.copyOf(identifiers);
    }

    /** The element the reader is on, read up to its end. */
    private static JsonNode element(XMLStreamReader reader, int depth)
            throws XMLStreamException
    {
        if (depth > MAXIMUM_DEPTH) {
            throw new DepthException();
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String prefix = reader.getNamespacePrefix(i);
            node.put(prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, reader.getNamespaceURI(i));
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String prefix = reader.getAttributePrefix(i);
            String localName = reader.getAttributeLocalName(i);
            node.put(prefix == null || prefix.isEmpty() ? localName : prefix + ":" + localName, reader.getAttributeValue(i));
        }
        StringBuilder text = new StringBuilder();
        boolean children = false;
        while (true) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    children = true;
                    add(node, name(reader), element(reader, depth + 1));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(reader.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    if (children) {
                        return node;
                    }
                    if (node.isEmpty()) {
                        return JsonNodeFactory.instance.textNode(text.toString());
                    }
                    if (!text.toString().isBlank()) {
                        node.put("content", text.toString());
                    }
                    return node;
                }
                default -> {}
            }
        }
    }

    private static void add(ObjectNode node, String name, JsonNode value)
    {
        JsonNode existing = node.get(name);
        if (existing == null) {
            node.set(name, value);
        }
        else if (existing.isArray()) {
            ((ArrayNode) existing).add(value);
        }
        else {
            node.putArray(name).add(existing).add(value);
        }
    }

    private static String name(XMLStreamReader reader)
    {
        String prefix = reader.getPrefix();
        return prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
    }

    private static XMLInputFactory xmlFactory()
    {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // request bodies are data: no DTDs, no external entities
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    /** A document nested deeper than any S3 body. */
    private static final class DepthException
            extends RuntimeException
    {
        DepthException()
        {
            super("XML nested too deeply", null, false, false);
        }
    }
}
