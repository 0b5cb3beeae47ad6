package dev.cairn.server;

import dev.cairn.core.api.TlsDetails;
import dev.cairn.core.iam.policy.IpAddresses;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.io.EndPoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * Reads a request's {@link RequestOrigin}: from the connection itself, or, when the connection comes from one of the
 * trusted proxies ({@code --trusted-proxies}, CIDRs), from what the proxy says: {@code X-Forwarded-For} (the nearest
 * address that is not itself a trusted proxy), {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}, and the TLS
 * session a proxy that ends TLS forwards in {@code X-Forwarded-Tls-Version} and {@code X-Forwarded-Tls-Cipher}
 * (nginx: {@code $ssl_protocol}, {@code $ssl_cipher}). These headers from anyone else are ignored: a client cannot
 * choose the address its calls are recorded with. Thread-safe.
 */
public final class TrustedProxies
{
    static final String FORWARDED_TLS_VERSION = "X-Forwarded-Tls-Version";
    static final String FORWARDED_TLS_CIPHER = "X-Forwarded-Tls-Cipher";

    private final List<String> cidrs;

    public TrustedProxies(List<String> cidrs)
    {
        this.cidrs = List.copyOf(cidrs);
        for (String cidr : this.cidrs) {
            if (!IpAddresses.isCidr(cidr)) {
                throw new IllegalArgumentException("not an IP address or CIDR: " + cidr);
            }
        }
    }

    public RequestOrigin origin(HttpServletRequest request)
    {
        String peer = request.getRemoteAddr();
        String host = ApiEndpoint.host(request);
        if (!trusted(peer)) {
            return new RequestOrigin(peer, request.isSecure(), request.isSecure() ? connectionTls(request, host) : Optional.empty(), host);
        }
        String client = forwardedClient(request, peer);
        Optional<String> proto = last(request, "X-Forwarded-Proto");
        boolean secure = proto.isPresent() ? proto.get().equalsIgnoreCase("https") : request.isSecure();
        String forwardedHost = last(request, "X-Forwarded-Host").orElse(host);
        Optional<TlsDetails> tls;
        if (proto.isEmpty()) {
            tls = request.isSecure() ? connectionTls(request, forwardedHost) : Optional.empty();
        }
        else {
            Optional<String> version = last(request, FORWARDED_TLS_VERSION);
            tls = secure && version.isPresent()
                    ? Optional.of(new TlsDetails(version.get(), TlsNames.openSslCipher(last(request, FORWARDED_TLS_CIPHER).orElse("")), forwardedHost))
                    : Optional.empty();
        }
        return new RequestOrigin(client, secure, tls, forwardedHost);
    }

    private boolean trusted(String address)
    {
        for (String cidr : cidrs) {
            if (IpAddresses.inRange(cidr, address)) {
                return true;
            }
        }
        return false;
    }

    /** The rightmost address of X-Forwarded-For that is not a trusted proxy (the proxies append what they saw). */
    private String forwardedClient(HttpServletRequest request, String peer)
    {
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(headers(request, "X-Forwarded-For"))) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (IpAddresses.parse(hop).isEmpty()) {
                // not an address: nothing further left can be believed
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private static Optional<String> last(HttpServletRequest request, String name)
    {
        String value = null;
        for (String header : Collections.list(headers(request, name))) {
            for (String part : header.split(",")) {
                if (!part.isBlank()) {
                    value = part.trim();
                }
            }
        }
        return Optional.ofNullable(value);
    }

    private static Enumeration<String> headers(HttpServletRequest request, String name)
    {
        Enumeration<String> values = request.getHeaders(name);
        return values == null ? Collections.emptyEnumeration() : values;
    }

    /** The TLS session of the request's own connection. */
    private static Optional<TlsDetails> connectionTls(HttpServletRequest request, String host)
    {
        if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData session)) {
            return Optional.empty();
        }
        String protocol = session.sslSession() == null ? "" : session.sslSession().getProtocol();
        return Optional.of(new TlsDetails(protocol, TlsNames.openSslCipher(Optional.ofNullable(session.cipherSuite()).orElse("")), host));
    }

    @Override
    public String toString()
    {
        return cidrs.isEmpty() ? "none" : String.join(",", cidrs);
    }
}
