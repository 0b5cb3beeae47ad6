package dev.cairn.testing;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-built requests for what SDK clients never send: bad signatures, old dates, unknown targets, malformed
 * bodies. Signed with the SDK's public SigV4 signer unless a test tampers with them.
 */
final class RawRequests
{
    static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";
    static final String ORGANIZATIONS_TARGET_PREFIX = "AWSOrganizationsV20161128.";
    static final String LOGS_TARGET_PREFIX = "Logs_20140328.";
    static final String EVENTS_TARGET_PREFIX = "AWSEvents.";
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private RawRequests() {}

    record Response(int status, Map<String, List<String>> headers, String body)
    {
        String header(String name)
        {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    static Map<String, String> cloudTrailHeaders(String operation)
    {
        return jsonHeaders(TARGET_PREFIX + operation);
    }

    static Map<String, String> organizationsHeaders(String operation)
    {
        return jsonHeaders(ORGANIZATIONS_TARGET_PREFIX + operation);
    }

    static Map<String, String> logsHeaders(String operation)
    {
        return jsonHeaders(LOGS_TARGET_PREFIX + operation);
    }

    static Map<String, String> eventsHeaders(String operation)
    {
        return jsonHeaders(EVENTS_TARGET_PREFIX + operation);
    }

    private static Map<String, String> jsonHeaders(String target)
    {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("X-Amz-Target", target);
        return headers;
    }

    static Map<String, String> queryHeaders()
    {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        return headers;
    }

    /** Signs and sends {@code POST /}. */
    static Response send(URI endpoint, Map<String, String> headers, String body, String accessKeyId, String secret, String region, String service, Instant signingTime)
            throws IOException, InterruptedException
    {
        return send(endpoint, headers, body, accessKeyId, secret, region, service, signingTime, CLIENT);
    }

    /** Signs and sends {@code POST /} with this client (e.g. one that trusts a test certificate). */
    static Response send(URI endpoint, Map<String, String> headers, String body, String accessKeyId, String secret, String region, String service, Instant signingTime,
            HttpClient client)
            throws IOException, InterruptedException
    {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"));
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC)));
        Map<String, String> signedHeaders = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> signedHeaders.put(name, values.get(0)));
        return sendUnsigned(endpoint, signedHeaders, payload, client);
    }

    /**
     * Signs and sends {@code POST <pathAndQuery>}, a REST call such as CloudTrail Data's
     * {@code /PutAuditEvents?channelArn=...} (the query already percent-encoded).
     */
    static Response sendRest(URI endpoint, String pathAndQuery, Map<String, String> headers, byte[] payload, String accessKeyId, String secret, String region,
            String service, Instant signingTime)
            throws IOException, InterruptedException
    {
        URI uri = endpoint.resolve(pathAndQuery);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC)));
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                http.header(name, values.get(0));
            }
        });
        HttpResponse<String> response = CLIENT.send(http.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }

    static Response sendUnsigned(URI endpoint, Map<String, String> headers, byte[] payload)
            throws IOException, InterruptedException
    {
        return sendUnsigned(endpoint, headers, payload, CLIENT);
    }

    private static Response sendUnsigned(URI endpoint, Map<String, String> headers, byte[] payload, HttpClient client)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.resolve("/")).POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        headers.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                http.header(name, value);
            }
        });
        HttpResponse<String> response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }

    static Response get(URI uri)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }
}
