package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upstream S3-compatible store, as the gateway calls it: path-style requests signed with the gateway's own key
 * (SigV4 by the AWS SDK's signer, with an unsigned payload so that bodies stream), over the JDK's HTTP client. Bodies
 * stream both ways; nothing is buffered whole. Thread-safe.
 */
final class UpstreamS3
{
    /** Headers the JDK's client sets itself and refuses to take. */
    private static final Set<String> CLIENT_SET = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private final GatewayConfig config;
    private final HttpClient client;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity credentials;

    UpstreamS3(GatewayConfig config)
    {
        this.config = requireNonNull(config, "config is null");
        this.credentials = AwsCredentialsIdentity.create(config.upstreamAccessKeyId(), config.upstreamSecretAccessKey());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
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
    record Call(String method, String encodedPath, Map<String, List<String>> query, Map<String, List<String>> headers, java.util.Optional<Body> body)
    {
    }

    record Body(InputStream content, long length)
    {
    }

    /** Sends the call; the response's body is a stream the caller must close. */
    HttpResponse<InputStream> send(Call call)
            throws IOException, InterruptedException
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
        HttpRequest.BodyPublisher publisher;
        if (call.body().isEmpty()) {
            publisher = HttpRequest.BodyPublishers.noBody();
        }
        else if (call.body().get().length() == 0) {
            // read to the end all the same: an empty body is verified (its hash, its signature) at its first read
            call.body().get().content().readAllBytes();
            publisher = HttpRequest.BodyPublishers.ofByteArray(new byte[0]);
        }
        else {
            publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> call.body().get().content()), call.body().get().length());
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(request.getUri())
                .method(call.method(), publisher);
        request.forEachHeader((name, values) -> {
            if (!CLIENT_SET.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> http.header(name, value));
            }
        });
        return client.send(http.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    URI endpoint()
    {
        return config.upstream();
    }
}
