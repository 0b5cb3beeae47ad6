package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.core.s3.S3Authorization;
import dev.cairn.core.s3.S3ConditionKeys;
import dev.cairn.core.s3.S3ErrorCode;
import dev.cairn.core.s3.S3Exception;
import dev.cairn.core.s3.S3Exchange;
import dev.cairn.core.s3.S3Operation;
import dev.cairn.core.s3.S3Records;
import dev.cairn.core.s3.S3Request;
import dev.cairn.core.s3.S3Xml;
import dev.cairn.model.LookupResource;
import jakarta.servlet.http.HttpServletRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A gateway request as S3 understands it ({@link S3Request}, {@link S3Operation}): what it asks, what it needs to be
 * allowed, what the upstream gets, and what its record says.
 */
final class GatewayRequest
{
    /** The most of a request body the gateway reads whole: the XML bodies its records carry, DeleteObjects' keys. */
    static final int MAXIMUM_BUFFERED_BODY = 4 * 1024 * 1024;

    /** Request headers that are the client's signature, its framing, or hop-by-hop: the upstream gets its own. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "authorization", "host", "content-length", "connection", "keep-alive", "expect", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authorization", "proxy-connection", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "x-amz-decoded-content-length",
            "x-amz-trailer", "x-amz-expected-bucket-owner", "x-amz-source-expected-bucket-owner", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
            "x-forwarded-tls-version", "x-forwarded-tls-cipher");
    /** Response headers of the upstream's that are hop-by-hop or the gateway's own. */
    private static final Set<String> RESPONSE_NOT_FORWARDED = Set.of(
            "connection", "keep-alive", "transfer-encoding", "content-length", "x-amz-request-id", "x-amz-id-2", "server", ":status");
    /** Query parameters of a presigned request's signature: the upstream request is signed anew. */
    private static final Set<String> SIGNATURE_PARAMETERS = Set.of(
            "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires", "x-amz-signedheaders", "x-amz-signature", "x-amz-security-token");

    private final S3Request request;
    private final S3Operation operation;
    private Optional<byte[]> body = Optional.empty();

    private GatewayRequest(S3Request request, S3Operation operation)
    {
        this.request = requireNonNull(request, "request is null");
        this.operation = requireNonNull(operation, "operation is null");
    }

    /**
     * @throws S3Exception {@code InvalidURI} for a path that does not decode, {@code NotImplemented} for a request
     *         the gateway does not serve
     */
    static GatewayRequest parse(String method, String rawPath, Map<String, List<String>> query, Function<String, String> headers, Optional<String> domain)
    {
        S3Request request = S3Request.parse(method, rawPath, query, headers, domain);
        S3Operation operation = S3Operation.classify(request)
                .filter(candidate -> candidate.handling() != S3Operation.Handling.NOT_IMPLEMENTED)
                .orElseThrow(() -> new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "The S3 gateway does not serve this request: " + method + " " + rawPath
                        + (query.isEmpty() ? "" : " with " + String.join(", ", query.keySet()))));
        return new GatewayRequest(request, operation);
    }

    S3Operation operation()
    {
        return operation;
    }

    String method()
    {
        return request.method();
    }

    Optional<String> bucket()
    {
        return request.bucket();
    }

    String eventName()
    {
        return operation.eventName();
    }

    boolean dataEvent()
    {
        return operation.isDataEvent();
    }

    boolean readOnly()
    {
        return operation.readOnly();
    }

    /** Whether Cairn answers the request itself (bucket policies) rather than the upstream. */
    boolean keptByCairn()
    {
        return operation.handling() == S3Operation.Handling.CAIRN;
    }

    /** Whether the request sends a body upstream. */
    boolean hasBody()
    {
        return request.method().equals("PUT") || request.method().equals("POST");
    }

    /** Whether the body is read whole before the request is authorized or forwarded: it is small, and needed. */
    boolean buffersBody()
    {
        return hasBody() && (operation.requestBody() != S3Operation.RequestBody.NO_BODY || operation == S3Operation.DELETE_OBJECTS);
    }

    Optional<byte[]> body()
    {
        return body;
    }

    void body(byte[] content)
    {
        this.body = Optional.of(content);
    }

    /** The (action, resource) pairs that must all be allowed; DeleteObjects' by the keys its body names. */
    List<S3Authorization> permissions()
    {
        if (operation == S3Operation.DELETE_OBJECTS) {
            return S3Authorization.forDeleteObjects(request.bucket().orElseThrow(), S3Xml.deleteObjects(body.orElseThrow()));
        }
        return S3Authorization.of(operation, request);
    }

    Map<String, List<String>> conditionKeys(Instant now)
    {
        return S3ConditionKeys.of(request, now);
    }

    /** The path-style path of the upstream request, encoded as S3 canonicalizes it. */
    String upstreamPath()
    {
        if (request.bucket().isEmpty()) {
            return "/";
        }
        String path = "/" + request.bucket().get();
        if (request.key().isPresent()) {
            path += "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(request.key().get());
        }
        return path;
    }

    /** The query of the upstream request: the client's, without a presigned request's signature. */
    Map<String, List<String>> upstreamQuery()
    {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.query().forEach((name, values) -> {
            if (!SIGNATURE_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                query.put(name, values);
            }
        });
        return query;
    }

    /** The client's headers that the upstream gets: all but its signature, framing and hop-by-hop headers. */
    static Map<String, List<String>> upstreamHeaders(HttpServletRequest client)
    {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(client.getHeaderNames())) {
            String lowercase = name.toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(lowercase)) {
                continue;
            }
            List<String> values = new ArrayList<>(Collections.list(client.getHeaders(name)));
            if (lowercase.equals("content-encoding")) {
                // aws-chunked is the client's framing, decoded here
                values = values.stream()
                        .flatMap(value -> List.of(value.split(",")).stream())
                        .map(String::trim)
                        .filter(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("aws-chunked"))
                        .toList();
                if (values.isEmpty()) {
                    continue;
                }
            }
            headers.put(lowercase, values);
        }
        return headers;
    }

    static boolean forwardsResponseHeader(String name)
    {
        return !RESPONSE_NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** {@code ListBuckets}: the upstream lists every bucket; the caller sees its account's. */
    boolean filtersListing()
    {
        return operation == S3Operation.LIST_BUCKETS;
    }

    Optional<JsonNode> requestParameters()
    {
        return Optional.of(S3Records.requestParameters(operation, request, body));
    }

    Optional<JsonNode> responseElements(S3Exchange exchange)
    {
        return S3Records.responseElements(operation, exchange).map(JsonNode.class::cast);
    }

    JsonNode additionalEventData(S3Exchange exchange)
    {
        return S3Records.additionalEventData(operation, request, exchange);
    }

    List<RecordResource> recordResources(String ownerAccountId)
    {
        return S3Records.resources(operation, request, Optional.of(ownerAccountId));
    }

    /** What event history shows as the event's resources: its bucket, and its object. */
    List<LookupResource> lookupResources()
    {
        List<LookupResource> resources = new ArrayList<>();
        request.bucket().ifPresent(bucket -> resources.add(new LookupResource("AWS::S3::Bucket", bucket)));
        request.key().ifPresent(key -> resources.add(new LookupResource("AWS::S3::Object", request.bucket().get() + "/" + key)));
        return resources;
    }
}
