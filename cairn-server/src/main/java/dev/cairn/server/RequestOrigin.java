package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.api.TlsDetails;

import java.util.Optional;

/**
 * Where a request came from, as records, the console's cookies and its sign-in throttle see it (see
 * {@link TrustedProxies}).
 *
 * @param clientAddress the client's IP address, the record's {@code sourceIPAddress}
 * @param secure whether the client's connection was HTTPS
 * @param tls the client's TLS session, when known, the record's {@code tlsDetails}
 * @param host the {@code Host} the client asked for
 */
public record RequestOrigin(String clientAddress, boolean secure, Optional<TlsDetails> tls, String host)
{
    public RequestOrigin
    {
        requireNonNull(clientAddress, "clientAddress is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(host, "host is null");
    }

    /** {@code https://host/} or {@code http://host/}: the console's address as the client sees it. */
    String consoleUrl()
    {
        return (secure ? "https://" : "http://") + host + "/";
    }
}
