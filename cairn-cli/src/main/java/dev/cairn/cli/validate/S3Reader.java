package dev.cairn.cli.validate;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.BucketStore;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads objects and listings from an S3-compatible endpoint, path-style ({@code http://host:port/bucket/key}), with
 * GetObject and ListObjectsV2 signed as S3 expects.
 */
public final class S3Reader
        implements BucketReader
{
    private static final String METADATA = "x-amz-meta-";
    private static final XMLInputFactory XML = xmlFactory();

    private final SignedHttp http;

    public S3Reader(URI endpoint, String region, AwsCredentialsIdentity credentials)
    {
        this.http = new SignedHttp(requireNonNull(endpoint, "endpoint is null"), "s3", region, credentials);
    }

    @Override
    public Optional<BucketStore.StoredObject> get(String bucket, String key)
            throws IOException
    {
        SignedHttp.Response response = http.send(SdkHttpMethod.GET, "/" + bucket + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key), Map.of(), Map.of(), null);
        if (response.status() == 404 && !"NoSuchBucket".equals(errorCode(response))) {
            return Optional.empty();
        }
        check(response, "s3://" + bucket + "/" + key);
        Map<String, String> metadata = new HashMap<>();
        response.headers().forEach((name, value) -> {
            if (name.startsWith(METADATA)) {
                metadata.put(name.substring(METADATA.length()), value);
            }
        });
        return Optional.of(new BucketStore.StoredObject(response.body(), metadata));
    }

    @Override
    public List<String> list(String bucket, String prefix)
            throws IOException
    {
        List<String> keys = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix);
            token.ifPresent(value -> query.put("continuation-token", value));
            SignedHttp.Response response = http.send(SdkHttpMethod.GET, "/" + bucket, query, Map.of(), null);
            check(response, "s3://" + bucket + "/" + prefix);
            token = parseListing(response.body(), keys);
        }
        while (token.isPresent());
        keys.sort(null);
        return keys;
    }

    /** Adds the listing's keys; returns the continuation token when the listing is truncated. */
    private static Optional<String> parseListing(byte[] xml, List<String> keys)
            throws IOException
    {
        boolean truncated = false;
        String next = null;
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(xml));
            List<String> path = new ArrayList<>();
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    path.add(name);
                    String parent = path.size() >= 2 ? path.get(path.size() - 2) : "";
                    if (name.equals("Key") && parent.equals("Contents")) {
                        keys.add(reader.getElementText());
                        path.remove(path.size() - 1);
                    }
                    else if (name.equals("IsTruncated") && path.size() == 2) {
                        truncated = Boolean.parseBoolean(reader.getElementText().trim());
                        path.remove(path.size() - 1);
                    }
                    else if (name.equals("NextContinuationToken") && path.size() == 2) {
                        next = reader.getElementText();
                        path.remove(path.size() - 1);
                    }
                }
                else if (event == XMLStreamConstants.END_ELEMENT) {
                    path.remove(path.size() - 1);
                }
            }
        }
        catch (XMLStreamException e) {
            throw new IOException("S3 returned a listing that is not valid XML: " + e.getMessage(), e);
        }
        if (truncated && (next == null || next.isEmpty())) {
            throw new IOException("S3 returned a truncated listing without a NextContinuationToken");
        }
        return truncated ? Optional.of(next) : Optional.empty();
    }

    private void check(SignedHttp.Response response, String what)
            throws IOException
    {
        if (response.status() / 100 != 2) {
            String code = errorCode(response);
            String message = errorField(response.body(), "Message");
            throw new IOException("S3 at " + http + " answered " + response.status() + (code.isEmpty() ? "" : " " + code) + " for " + what
                    + (message.isEmpty() ? "" : ": " + message));
        }
    }

    private static String errorCode(SignedHttp.Response response)
    {
        return errorField(response.body(), "Code");
    }

    /** A top-level field of an S3 error document ({@code <Error><Code>..</Code><Message>..</Message></Error>}), or empty. */
    private static String errorField(byte[] body, String field)
    {
        if (body.length == 0) {
            return "";
        }
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2 && reader.getLocalName().equals(field)) {
                        return reader.getElementText();
                    }
                }
                else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }
        catch (XMLStreamException e) {
            return new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        }
        return "";
    }

    private static XMLInputFactory xmlFactory()
    {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // listings are data: no DTDs, no external entities
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }
}
