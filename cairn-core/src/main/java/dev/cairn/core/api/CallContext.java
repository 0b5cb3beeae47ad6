package dev.cairn.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.Principal;

import java.time.Instant;
import java.util.Optional;

/**
 * One authenticated API call on its way through the core.
 *
 * @param requestId the id returned in {@code x-amzn-RequestId} and recorded as {@code requestID}
 * @param region the region the call was signed for
 * @param input the request members, keyed by model member names (validated before handlers see them)
 * @param sourceIpAddress the caller's address
 * @param userAgent the {@code User-Agent} header, if any
 * @param tls the TLS session, when the call arrived over TLS
 * @param fromConsole whether the call came from the web console's session
 * @param receivedAt when the edge received the call
 */
public record CallContext(
        String requestId,
        Service service,
        String operation,
        String region,
        Principal principal,
        ObjectNode input,
        String sourceIpAddress,
        Optional<String> userAgent,
        Optional<TlsDetails> tls,
        boolean fromConsole,
        Instant receivedAt)
{
    public CallContext
    {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(service, "service is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(region, "region is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(input, "input is null");
        requireNonNull(sourceIpAddress, "sourceIpAddress is null");
        requireNonNull(userAgent, "userAgent is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(receivedAt, "receivedAt is null");
    }

    public CallContext withInput(ObjectNode newInput)
    {
        return new CallContext(requestId, service, operation, region, principal, newInput, sourceIpAddress, userAgent, tls, fromConsole, receivedAt);
    }

    /** The account the call acts in: the caller's own. */
    public String accountId()
    {
        return principal.accountId();
    }

    /** The region the call's event is recorded in: us-east-1 for global services, else the signing region. */
    public String eventRegion()
    {
        return service.global() ? Service.GLOBAL_REGION : region;
    }
}
