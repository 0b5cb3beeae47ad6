package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream S3-compatible store, as the gateway calls it: path-style requests signed with the gateway's own key
 * (SigV4 by the AWS SDK's signer, with an unsigned payload so that bodies stream), over Apache HttpClient's classic
 * (blocking) client. The exchange runs in the calling thread, on pooled keep-alive connections, read and written
 * through 64 KB buffers; bodies stream both ways and nothing is buffered whole (docs/benchmarks.md, "S3 gateway"). Thread-safe.
 */
public final class UpstreamS3
        implements Closeable
{
    /** Headers the client sets itself from the request's target and body. */
    private static final Set<String> CLIENT_SET = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");
    private static final int BUFFER_SIZE = 64 * 1024;

    private final GatewayConfig config;
    private final HttpHost host;
    private final CloseableHttpClient client;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity credentials;

    UpstreamS3(GatewayConfig config)
    {
        this.config = requireNonNull(config, "config is null");
        this.credentials = AwsCredentialsIdentity.create(config.upstreamAccessKeyId(), config.upstreamSecretAccessKey());
        this.host = HttpHost.create(config.upstream());
        this.client = httpClient();
    }

    /**
     * The HTTP client the gateway calls its upstream with (public for GatewayBenchmark's reference measurement): up to
     * 1,024 keep-alive connections, 64 KB buffers, no Nagle delay, a connection silent for five minutes taken for dead,
     * and nothing done to the answer: no retries, redirects, decompression, cookies or user agent of its own.
     */
    public static CloseableHttpClient httpClient()
    {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(1_024)
                .setMaxConnPerRoute(1_024)
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setBufferSize(BUFFER_SIZE).setChunkSizeHint(BUFFER_SIZE).build())
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        // an upstream silent this long on one connection is taken for dead; a slow large transfer is not
                        .setSocketTimeout(Timeout.ofMinutes(5))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                // the store's answer passes through as it is: no retries, no decompression, no cookies, no user agent
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableDefaultUserAgent()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
    }

    /**
     * A request to the upstream.
     *
     * @param encodedPath the path-style path, {@code /bucket/key}, encoded as S3 canonicalizes it
     * @param query decoded query parameters, in order
     * @param headers the headers to send (none of those the client sets itself), each with its values
     * @param body the body and its length; empty for none
     */
    record Call(String method, String encodedPath, Map<String, List<String>> query, Map<String, List<String>> headers, Optional<Body> body)
    {
    }

    record Body(InputStream content, long length)
    {
    }

    /**
     * The upstream's answer: its status, its headers (names as sent, in order) and its body as a stream. Closing it
     * gives the connection back to the pool once the body was read to its end, and drops the connection otherwise
     * (rather than reading the rest of an object nobody will receive).
     */
    static final class Answer
            implements Closeable
    {
        private final ClassicHttpResponse response;
        private final Map<String, List<String>> headers;
        private final InputStream body;
        private boolean ended;

        private Answer(ClassicHttpResponse response)
                throws IOException
        {
            this.response = response;
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header header : response.getHeaders()) {
                headers.computeIfAbsent(header.getName(), name -> new ArrayList<>(1)).add(header.getValue());
            }
            this.headers = headers;
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                this.ended = true;
                this.body = InputStream.nullInputStream();
            }
            else {
                this.body = new FilterInputStream(entity.getContent())
                {
                    @Override
                    public int read()
                            throws IOException
                    {
                        return ended(super.read());
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length)
                            throws IOException
                    {
                        return ended(super.read(buffer, offset, length));
                    }
                };
            }
        }

        private int ended(int read)
        {
            if (read < 0) {
                ended = true;
            }
            return read;
        }

        int status()
        {
            return response.getCode();
        }

        Map<String, List<String>> headers()
        {
            return headers;
        }

        /** The answer's Content-Length, or -1 without one. */
        long contentLength()
        {
            Header header = response.getFirstHeader("content-length");
            if (header == null) {
                return -1;
            }
            try {
                return Long.parseLong(header.getValue().trim());
            }
            catch (NumberFormatException e) {
                return -1;
            }
        }

        InputStream body()
        {
            return body;
        }

        @Override
        public void close()
                throws IOException
        {
            if (!ended && response instanceof CloseableHttpResponse closeable) {
                closeable.close(CloseMode.IMMEDIATE);
                return;
            }
            response.close();
        }
    }

    /** Sends the call and returns once the answer's status and headers have arrived; the caller must close it. */
    Answer send(Call call)
            throws IOException
    {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(call.method()))
                .uri(config.upstream())
                .encodedPath(call.encodedPath());
        call.query().forEach(unsigned::putRawQueryParameter);
        call.headers().forEach(unsigned::putHeader);
        SignedRequest signed = signer.sign(request -> request
                .identity(credentials)
                .request(unsigned.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, config.upstreamRegion())
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        SdkHttpRequest request = signed.request();
        URI uri = request.getUri();
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        BasicClassicHttpRequest http = new BasicClassicHttpRequest(call.method(), host, target);
        request.forEachHeader((name, values) -> {
            if (!CLIENT_SET.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> http.addHeader(name, value));
            }
        });
        if (call.body().isPresent()) {
            Body body = call.body().get();
            if (body.length() == 0) {
                // read to the end all the same: an empty body is verified (its hash, its signature) at its first read
                body.content().readAllBytes();
            }
            http.setEntity(new InputStreamEntity(body.content(), body.length(), null));
        }
        return new Answer(client.executeOpen(host, http, null));
    }

    URI endpoint()
    {
        return config.upstream();
    }

    @Override
    public void close()
            throws IOException
    {
        client.close();
    }
}
