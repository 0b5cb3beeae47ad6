package dev.cairn.cli.validate;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SigV4-signed HTTP requests for the client commands, signed by the AWS SDK's own signer and sent over the JDK's
 * {@link HttpURLConnection} (which keeps connections alive). The commands make a few CloudTrail calls and many S3
 * GETs; building the AWS SDK's service clients for them costs a cold JVM about 0.5 s each, several times what the
 * requests themselves take. Transient failures (connection errors, 500, 503) are retried twice. Thread-safe.
 */
final class SignedHttp
{
    static {
        // idle connections kept per host (default 5): validate-logs fetches with more threads than that
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "32");
        }
    }

    private static final int ATTEMPTS = 3;

    private final URI endpoint;
    private final String service;
    private final String region;
    private final AwsCredentialsIdentity credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param endpoint scheme, host and port (any path is ignored)
     * @param service the signing name, e.g. {@code s3} or {@code cloudtrail}
     */
    SignedHttp(URI endpoint, String service, String region, AwsCredentialsIdentity credentials)
    {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.service = requireNonNull(service, "service is null");
        this.region = requireNonNull(region, "region is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        if (endpoint.getHost() == null || !List.of("http", "https").contains(String.valueOf(endpoint.getScheme()).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not an http(s) endpoint: " + endpoint + " (e.g. http://127.0.0.1:9000)");
        }
    }

    /** A response: the status, the headers with lower-case names, and the whole body. */
    record Response(int status, Map<String, String> headers, byte[] body)
    {
        Optional<String> header(String name)
        {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * @param encodedPath the path, already URL-encoded (S3 keys: every segment encoded, slashes kept)
     * @param query raw (not encoded) query parameters
     * @param body the request body, or {@code null}
     */
    Response send(SdkHttpMethod method, String encodedPath, Map<String, String> query, Map<String, String> headers, byte[] body)
            throws IOException
    {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
                .protocol(endpoint.getScheme())
                .host(endpoint.getHost())
                .port(endpoint.getPort())
                .encodedPath(encodedPath)
                .method(method);
        query.forEach(builder::putRawQueryParameter);
        headers.forEach(builder::putHeader);
        SdkHttpRequest request = builder.build();
        boolean s3 = service.equals("s3");
        SdkHttpRequest signed = signer.sign(signing -> signing
                .identity(credentials)
                .request(request)
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                // S3 signs paths as sent and takes unsigned payloads; other services sign normalized, twice-encoded paths
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !s3)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !s3)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, !s3 || body != null)).request();

        IOException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Response response = exchange(signed, body);
                if ((response.status() != 500 && response.status() != 503) || attempt == ATTEMPTS) {
                    return response;
                }
            }
            catch (IOException e) {
                failure = e;
            }
            pause(attempt);
        }
        throw new IOException("cannot reach " + endpoint + ": " + failure.getMessage(), failure);
    }

    private static Response exchange(SdkHttpRequest signed, byte[] body)
            throws IOException
    {
        HttpURLConnection connection = (HttpURLConnection) signed.getUri().toURL().openConnection();
        try {
            connection.setRequestMethod(signed.method().name());
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(60_000);
            signed.forEachHeader((name, values) -> {
                // the JDK sets Host itself, to the same value the signer signed
                if (!name.equalsIgnoreCase("Host")) {
                    values.forEach(value -> connection.addRequestProperty(name, value));
                }
            });
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            Map<String, String> headers = new HashMap<>();
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null && !values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] content;
            if (stream == null) {
                content = new byte[0];
            }
            else {
                // reading to the end and closing lets the connection be reused
                try (InputStream in = stream) {
                    content = in.readAllBytes();
                }
            }
            return new Response(status, Map.copyOf(headers), content);
        }
        catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static void pause(int attempt)
            throws IOException
    {
        try {
            Thread.sleep(100L * attempt);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String toString()
    {
        return endpoint.toString();
    }
}
