package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.iam.policy.IpAddresses;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP edge's settings ({@code http.*}): where it listens, whether it speaks HTTPS, and which proxies in front of
 * it are believed about the client.
 *
 * @param bindAddress the address to listen on ({@code --bind})
 * @param port the port; 0 picks a free one ({@code --port})
 * @param tls with a certificate and key: HTTPS (HTTP/1.1 and HTTP/2) on the port instead of HTTP ({@code --tls-cert},
 *         {@code --tls-key})
 * @param trustedProxies addresses or CIDRs of proxies whose {@code X-Forwarded-*} headers are believed
 *         ({@code --trusted-proxies})
 * @param maximumThreads the most requests handled at once; more wait for a thread
 * @param requestBodyTimeout the longest a request body may pause before the request is answered
 *         {@code RequestTimeout} ({@code --request-body-timeout}); the connection's own idle timeout is 30 s
 * @param publicUrl where clients and SNS subscribers reach Cairn when that is not the bind address and port (behind a
 *         reverse proxy, or bound to {@code 0.0.0.0}): the base of SNS messages' {@code SubscribeURL},
 *         {@code UnsubscribeURL} and {@code SigningCertURL} ({@code --public-url})
 */
public record HttpConfig(String bindAddress, int port, Optional<Tls> tls, List<String> trustedProxies, int maximumThreads, Duration requestBodyTimeout, Optional<URI> publicUrl)
{
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 4747;
    /** Above the journal's queue of calls, so that some threads stay free for health checks and the console. */
    public static final int DEFAULT_MAXIMUM_THREADS = 256;
    /**
     * A client sends a body right after its headers, and a body of these APIs (at most a few MB) arrives without
     * pauses; waiting longer would let a client that stops sending hold a thread. The AWS SDKs and the CLI retry
     * the {@code RequestTimeout} answered then.
     */
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofMillis(800);

    public HttpConfig
    {
        requireNonNull(bindAddress, "bindAddress is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        requireNonNull(tls, "tls is null");
        trustedProxies = List.copyOf(trustedProxies);
        for (String proxy : trustedProxies) {
            if (!IpAddresses.isCidr(proxy)) {
                throw new IllegalArgumentException("'" + proxy + "' is not an IP address or CIDR such as 10.0.0.0/8");
            }
        }
        if (maximumThreads < 8) {
            throw new IllegalArgumentException("the HTTP server needs at least 8 threads, not " + maximumThreads);
        }
        requireNonNull(requestBodyTimeout, "requestBodyTimeout is null");
        if (requestBodyTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("the request body timeout must be at least 100ms, not " + requestBodyTimeout.toMillis() + "ms");
        }
        requireNonNull(publicUrl, "publicUrl is null");
        if (publicUrl.isPresent() && (!List.of("http", "https").contains(String.valueOf(publicUrl.get().getScheme())) || publicUrl.get().getHost() == null
                || (publicUrl.get().getPath() != null && !publicUrl.get().getPath().isEmpty() && !publicUrl.get().getPath().equals("/")))) {
            throw new IllegalArgumentException("'" + publicUrl.get() + "' is not a URL like https://cairn.example.com or http://10.0.0.5:4747 (scheme, host, optional port, no path)");
        }
    }

    /**
     * The certificate chain and private key of the HTTPS port, PEM files.
     *
     * @param certificate the server's certificate, then the chain up to its CA ({@code BEGIN CERTIFICATE})
     * @param privateKey its private key, PKCS#8 ({@code BEGIN PRIVATE KEY}) or RSA PKCS#1 ({@code BEGIN RSA PRIVATE KEY})
     */
    public record Tls(Path certificate, Path privateKey)
    {
        public Tls
        {
            requireNonNull(certificate, "certificate is null");
            requireNonNull(privateKey, "privateKey is null");
        }
    }

    public static HttpConfig defaults()
    {
        return new HttpConfig(DEFAULT_BIND_ADDRESS, DEFAULT_PORT, Optional.empty(), List.of(), DEFAULT_MAXIMUM_THREADS, DEFAULT_REQUEST_BODY_TIMEOUT, Optional.empty());
    }

    public HttpConfig withAddress(String newBindAddress, int newPort)
    {
        return new HttpConfig(newBindAddress, newPort, tls, trustedProxies, maximumThreads, requestBodyTimeout, publicUrl);
    }

    public HttpConfig withTls(Optional<Tls> newTls)
    {
        return new HttpConfig(bindAddress, port, newTls, trustedProxies, maximumThreads, requestBodyTimeout, publicUrl);
    }

    public HttpConfig withTrustedProxies(List<String> newTrustedProxies)
    {
        return new HttpConfig(bindAddress, port, tls, newTrustedProxies, maximumThreads, requestBodyTimeout, publicUrl);
    }

    public HttpConfig withRequestBodyTimeout(Duration newRequestBodyTimeout)
    {
        return new HttpConfig(bindAddress, port, tls, trustedProxies, maximumThreads, newRequestBodyTimeout, publicUrl);
    }

    /** Where clients and SNS subscribers reach Cairn ({@code --public-url}), e.g. behind a reverse proxy; empty: the bind address and port. */
    public HttpConfig withPublicUrl(Optional<URI> newPublicUrl)
    {
        return new HttpConfig(bindAddress, port, tls, trustedProxies, maximumThreads, requestBodyTimeout, newPublicUrl);
    }

    /** {@code http} or {@code https}. */
    public String scheme()
    {
        return tls.isPresent() ? "https" : "http";
    }
}
