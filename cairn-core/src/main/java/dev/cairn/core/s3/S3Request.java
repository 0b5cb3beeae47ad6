package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An S3 request as the gateway sees it before forwarding it: its method, the bucket and key it addresses, its query
 * parameters, the headers S3's authorization and records use, and how it was signed. {@link S3Operation#classify}
 * names its operation.
 *
 * <p>Addressing follows S3's "Virtual hosting of buckets"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html): with a gateway domain such as
 * {@code s3.cairn.local}, the Host {@code bucket.s3.cairn.local[:port]} names the bucket and the whole path is the key;
 * any other Host is path-style, {@code /bucket/key}. Keys are percent-decoded as UTF-8; a {@code +} in the path is a
 * plus sign, and slashes, spaces and any other character are kept as they are.
 *
 * @param method the HTTP method in upper case
 * @param bucket empty for requests to the service itself ({@code ListBuckets})
 * @param key empty for requests to the service or to a bucket
 * @param query the decoded query parameters, in the request's order when the given map keeps one
 * @param headers the headers of {@link #HEADERS} the request carries, by lower-case name
 * @param authentication how the request was signed; empty for an unsigned request
 */
public record S3Request(String method, Optional<String> bucket, Optional<String> key, Map<String, List<String>> query, Map<String, String> headers,
        Optional<S3Authentication> authentication)
{
    /**
     * The request headers kept from the request: those S3 authorizes or records with. Others (and {@code Authorization}
     * itself, read only for {@link #authentication}) are left out.
     */
    public static final List<String> HEADERS = List.of(
            "host",
            "x-amz-date",
            "x-amz-content-sha256",
            "x-amz-copy-source",
            "x-amz-copy-source-range",
            "x-amz-acl",
            "x-amz-grant-read",
            "x-amz-grant-write",
            "x-amz-grant-read-acp",
            "x-amz-grant-write-acp",
            "x-amz-grant-full-control",
            "x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-server-side-encryption-context",
            "x-amz-server-side-encryption-bucket-key-enabled",
            "x-amz-server-side-encryption-customer-algorithm",
            "x-amz-server-side-encryption-customer-key-md5",
            "x-amz-storage-class",
            "x-amz-metadata-directive",
            "x-amz-tagging",
            "x-amz-tagging-directive",
            "x-amz-website-redirect-location",
            "x-amz-object-lock-mode",
            "x-amz-object-lock-retain-until-date",
            "x-amz-object-lock-legal-hold",
            "x-amz-bucket-object-lock-enabled",
            "x-amz-object-ownership");

    public S3Request
    {
        requireNonNull(method, "method is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        if (key.isPresent() && bucket.isEmpty()) {
            throw new IllegalArgumentException("a key needs a bucket");
        }
        query = copy(query);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        requireNonNull(authentication, "authentication is null");
    }

    /**
     * Reads a request.
     *
     * @param rawPath the request target's path as sent, still percent-encoded, without the query string
     * @param query the decoded query parameters (each with its values)
     * @param headers the value of a header given its lower-case name; null when the request has none (as
     *         {@code Context.header} answers)
     * @param virtualHostDomain the gateway's domain for virtual-hosted-style requests ({@code --s3-gateway-domain});
     *         empty for path-style only
     * @throws S3Exception {@code InvalidURI} when the path does not decode
     */
    public static S3Request parse(String method, String rawPath, Map<String, List<String>> query, Function<String, String> headers, Optional<String> virtualHostDomain)
    {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : HEADERS) {
            String value = headers.apply(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        Optional<String> virtualBucket = virtualHostDomain.flatMap(domain -> Optional.ofNullable(kept.get("host")).flatMap(host -> virtualHostedBucket(host, domain)));
        Optional<String> bucket;
        Optional<String> key;
        if (virtualBucket.isPresent()) {
            bucket = virtualBucket;
            key = nonEmpty(decode(path));
        }
        else {
            int slash = path.indexOf('/');
            String bucketPart = slash < 0 ? path : path.substring(0, slash);
            String keyPart = slash < 0 ? "" : path.substring(slash + 1);
            if (bucketPart.isEmpty() && !keyPart.isEmpty()) {
                throw new S3Exception(S3ErrorCode.INVALID_URI);
            }
            bucket = nonEmpty(decode(bucketPart));
            key = nonEmpty(decode(keyPart));
        }
        return new S3Request(method.toUpperCase(Locale.ROOT), bucket, key, query, kept, authentication(query, Optional.ofNullable(headers.apply("authorization"))));
    }

    /** The bucket named by a virtual-hosted-style Host ({@code bucket.domain}, with or without a port); empty for any other Host. */
    static Optional<String> virtualHostedBucket(String host, String domain)
    {
        String name = withoutPort(host).toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String suffix = "." + domain.toLowerCase(Locale.ROOT);
        if (name.length() > suffix.length() && name.endsWith(suffix)) {
            return Optional.of(name.substring(0, name.length() - suffix.length()));
        }
        return Optional.empty();
    }

    private static String withoutPort(String host)
    {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /**
     * A path segment percent-decoded as UTF-8; {@code +} stays a plus sign.
     *
     * @throws S3Exception {@code InvalidURI} for a bad escape or bytes that are not UTF-8
     */
    static String decode(String encoded)
    {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        byte[] raw = encoded.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            if (i + 2 >= raw.length) {
                throw new S3Exception(S3ErrorCode.INVALID_URI);
            }
            int high = Character.digit(raw[i + 1], 16);
            int low = Character.digit(raw[i + 2], 16);
            if (high < 0 || low < 0) {
                throw new S3Exception(S3ErrorCode.INVALID_URI);
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        }
        catch (CharacterCodingException e) {
            throw new S3Exception(S3ErrorCode.INVALID_URI);
        }
    }

    private static Optional<String> nonEmpty(String text)
    {
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static Optional<S3Authentication> authentication(Map<String, List<String>> query, Optional<String> authorization)
    {
        if (authorization.isPresent()) {
            if (authorization.get().startsWith("AWS4-HMAC-SHA256")) {
                return Optional.of(S3Authentication.SIGV4_HEADER);
            }
            if (authorization.get().startsWith("AWS ")) {
                return Optional.of(S3Authentication.SIGV2_HEADER);
            }
        }
        if (query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Signature")) {
            return Optional.of(S3Authentication.SIGV4_QUERY_STRING);
        }
        if (query.containsKey("Signature") && query.containsKey("AWSAccessKeyId")) {
            return Optional.of(S3Authentication.SIGV2_QUERY_STRING);
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> query)
    {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        query.forEach((name, values) -> copy.put(requireNonNull(name, "query parameter name is null"), List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }

    /** What the request addresses: the service, a bucket, or an object. */
    public S3Operation.Target target()
    {
        if (bucket.isEmpty()) {
            return S3Operation.Target.SERVICE;
        }
        return key.isEmpty() ? S3Operation.Target.BUCKET : S3Operation.Target.OBJECT;
    }

    /** The first value of a query parameter; empty when absent ({@code ?acl} has the value {@code ""}). */
    public Optional<String> queryParameter(String name)
    {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean hasQueryParameter(String name)
    {
        return query.containsKey(name);
    }

    /** A header of {@link #HEADERS} by lower-case name. */
    public Optional<String> header(String lowercaseName)
    {
        return Optional.ofNullable(headers.get(lowercaseName));
    }

    /** The Host header as sent (with its port, if any); empty when the request had none. */
    public Optional<String> host()
    {
        return header("host");
    }

    /**
     * The resource as IAM policies name it: the object ({@code arn:aws:s3:::bucket/key}), the bucket
     * ({@code arn:aws:s3:::bucket}), or {@code *} for the service ({@code s3:ListAllMyBuckets} has no resource).
     */
    public String resourceArn()
    {
        if (bucket.isEmpty()) {
            return "*";
        }
        return key.map(value -> objectArn(bucket.get(), value)).orElseGet(() -> bucketArn(bucket.get()));
    }

    /** The request's {@code versionId} query parameter, which names one version of the object. */
    public Optional<String> versionId()
    {
        return queryParameter("versionId");
    }

    public static String bucketArn(String bucket)
    {
        return "arn:aws:s3:::" + bucket;
    }

    public static String objectArn(String bucket, String key)
    {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }
}
