package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * The S3 gateway's settings ({@code --s3-gateway-*}): where the upstream S3-compatible store is, the key the gateway
 * signs its requests to it with, and where the gateway listens.
 *
 * @param upstream the upstream's endpoint, e.g. {@code http://127.0.0.1:9000}; requests go to it path-style
 * @param port the gateway's port (0 picks a free one)
 * @param domain the domain of virtual-hosted-style requests: a request for {@code bucket.<domain>} is for
 *         {@code bucket}; empty: path-style only
 * @param upstreamRegion the region the gateway signs upstream requests for
 */
public record GatewayConfig(URI upstream, int port, Optional<String> domain, String upstreamAccessKeyId, String upstreamSecretAccessKey, String upstreamRegion)
{
    public static final int DEFAULT_PORT = 4748;
    public static final String DEFAULT_UPSTREAM_REGION = "us-east-1";

    public GatewayConfig
    {
        requireNonNull(upstream, "upstream is null");
        if (upstream.getScheme() == null || !(upstream.getScheme().equals("http") || upstream.getScheme().equals("https")) || upstream.getHost() == null) {
            throw new IllegalArgumentException("the S3 gateway's upstream must be an http:// or https:// URL with a host, not " + upstream);
        }
        if (upstream.getRawPath() != null && !upstream.getRawPath().isEmpty() && !upstream.getRawPath().equals("/")) {
            throw new IllegalArgumentException("the S3 gateway's upstream is a server's root URL, without a path: " + upstream);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        requireNonNull(domain, "domain is null");
        requireNonNull(upstreamAccessKeyId, "upstreamAccessKeyId is null");
        requireNonNull(upstreamSecretAccessKey, "upstreamSecretAccessKey is null");
        requireNonNull(upstreamRegion, "upstreamRegion is null");
    }

    @Override
    public String toString()
    {
        // the secret never reaches logs
        return "GatewayConfig{upstream=" + upstream + ", port=" + port + ", domain=" + domain.orElse("none") + ", upstreamAccessKeyId=" + upstreamAccessKeyId + "}";
    }
}
