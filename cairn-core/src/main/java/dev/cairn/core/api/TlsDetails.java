package dev.cairn.core.api;

import static java.util.Objects.requireNonNull;

/**
 * The record's {@code tlsDetails}, for requests that arrived over TLS.
 */
public record TlsDetails(String tlsVersion, String cipherSuite, String clientProvidedHostHeader)
{
    public TlsDetails
    {
        requireNonNull(tlsVersion, "tlsVersion is null");
        requireNonNull(cipherSuite, "cipherSuite is null");
        requireNonNull(clientProvidedHostHeader, "clientProvidedHostHeader is null");
    }
}
