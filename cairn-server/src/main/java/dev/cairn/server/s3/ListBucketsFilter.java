package dev.cairn.server.s3;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code ListBuckets} through the gateway lists the buckets the caller's account owns, as S3 does, not every bucket
 * of the upstream's (single) account; the owner shown is the caller's account.
 */
final class ListBucketsFilter
{
    private ListBucketsFilter() {}

    static byte[] filter(byte[] upstreamListing, String accountId, Function<String, String> ownerOf)
    {
        Optional<Document> parsed = parse(upstreamListing);
        if (parsed.isEmpty()) {
            return upstreamListing;
        }
        Document document = parsed.get();
        NodeList buckets = document.getElementsByTagName("Bucket");
        List<Node> others = new ArrayList<>();
        for (int i = 0; i < buckets.getLength(); i++) {
            Element bucket = (Element) buckets.item(i);
            NodeList names = bucket.getElementsByTagName("Name");
            if (names.getLength() == 0 || !ownerOf.apply(names.item(0).getTextContent()).equals(accountId)) {
                others.add(bucket);
            }
        }
        for (Node other : others) {
            other.getParentNode().removeChild(other);
        }
        NodeList owners = document.getElementsByTagName("Owner");
        for (int i = 0; i < owners.getLength(); i++) {
            Element owner = (Element) owners.item(i);
            setChild(owner, "ID", accountId);
            setChild(owner, "DisplayName", accountId);
        }
        return write(document);
    }

    /** The document, or empty when the bytes are not well-formed XML; no DTDs, no external entities. */
    private static Optional<Document> parse(byte[] xml)
    {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return Optional.of(factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)));
        }
        catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] write(Document document)
    {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        }
        catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setChild(Element parent, String name, String text)
    {
        NodeList children = parent.getElementsByTagName(name);
        if (children.getLength() > 0) {
            children.item(0).setTextContent(text);
        }
    }
}
