package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.model.Principal;
import dev.cairn.server.RequestAuthenticator;
import dev.cairn.server.RequestOrigin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a gateway request's record says, gathered as the request goes: who asked, from where, for what, and, once
 * known, the bucket's owner, the bytes moved and the upstream's answer. One request's, on its thread.
 */
final class GatewayEvent
{
    private final GatewayRequest request;
    private final RequestAuthenticator.Verified verified;
    private final RequestOrigin origin;
    private final Optional<String> userAgent;
    private final String requestId;
    private final String hostId;
    private final Instant receivedAt;
    private String owner;
    private long bytesIn;
    private long bytesOut;
    private int status;
    private Map<String, List<String>> responseHeaders = Map.of();

    GatewayEvent(GatewayRequest request, RequestAuthenticator.Verified verified, RequestOrigin origin, String userAgent, String requestId, String hostId, Instant receivedAt)
    {
        this.request = requireNonNull(request, "request is null");
        this.verified = requireNonNull(verified, "verified is null");
        this.origin = requireNonNull(origin, "origin is null");
        this.userAgent = Optional.ofNullable(userAgent);
        this.requestId = requireNonNull(requestId, "requestId is null");
        this.hostId = requireNonNull(hostId, "hostId is null");
        this.receivedAt = requireNonNull(receivedAt, "receivedAt is null");
    }

    GatewayRequest request()
    {
        return request;
    }

    RequestAuthenticator.Verified verified()
    {
        return verified;
    }

    Principal principal()
    {
        return verified.principal();
    }

    /** The region the request was signed for: its event's {@code awsRegion}. */
    String region()
    {
        return verified.region();
    }

    RequestOrigin origin()
    {
        return origin;
    }

    Optional<String> userAgent()
    {
        return userAgent;
    }

    String requestId()
    {
        return requestId;
    }

    String hostId()
    {
        return hostId;
    }

    Instant receivedAt()
    {
        return receivedAt;
    }

    /** The bucket owner's account (for {@code ListBuckets}, the caller's). */
    String owner()
    {
        return requireNonNull(owner, "owner not known yet");
    }

    void owner(String accountId)
    {
        this.owner = requireNonNull(accountId, "accountId is null");
    }

    long bytesIn()
    {
        return bytesIn;
    }

    void bytesIn(long bytes)
    {
        this.bytesIn = bytes;
    }

    long bytesOut()
    {
        return bytesOut;
    }

    void bytesOut(long bytes)
    {
        this.bytesOut = bytes;
    }

    /** The upstream's HTTP status; 0 before (or without) an answer. */
    int status()
    {
        return status;
    }

    /** The upstream's answer: a header's first value by lower-case name, or null. */
    String responseHeader(String lowercaseName)
    {
        List<String> values = responseHeaders.get(lowercaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    void response(int httpStatus, Map<String, List<String>> headers)
    {
        this.status = httpStatus;
        Map<String, List<String>> lowercase = new java.util.HashMap<>();
        headers.forEach((name, values) -> lowercase.put(name.toLowerCase(java.util.Locale.ROOT), values));
        this.responseHeaders = lowercase;
    }
}
