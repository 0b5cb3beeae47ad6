package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code --tls-cert/--tls-key}: HTTPS on the port, HTTP/2 and HTTP/1.1, and records of calls over it with
 * {@code tlsDetails} as AWS writes them; {@code --trusted-proxies}: behind a proxy, the client's address, scheme and
 * TLS session come from the proxy's {@code X-Forwarded-*} headers, for records, the console's Secure cookie and its
 * sign-in throttle, and only from the proxies trusted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class TlsIT
{
    private Path temp;
    private TestingCertificate certificate;
    private TestingCairnServer https;
    private TestingCairnServer proxied;

    @BeforeAll
    public void start()
            throws IOException
    {
        temp = java.nio.file.Files.createTempDirectory("cairn-tls-");
        certificate = TestingCertificate.create(temp);
        https = TestingCairnServer.builder().tls(certificate.tls()).start();
        proxied = TestingCairnServer.builder().trustedProxies(List.of("127.0.0.1/32", "10.0.0.0/8")).start();
    }

    @AfterAll
    public void stop()
    {
        https.close();
        proxied.close();
        TestingCairnServer.deleteRecursively(temp);
    }

    @Test
    public void callsOverHttpsCarryTlsDetails()
    {
        assertThat(https.endpoint().getScheme()).isEqualTo("https");
        String host = "127.0.0.1:" + https.port();
        try (CloudTrailClient tls13 = client(https, UrlConnectionHttpClient.builder().tlsTrustManagersProvider(certificate::trustManagers).build());
                CloudTrailClient tls12 = client(https, UrlConnectionHttpClient.create(uri -> connection(uri, certificate.clientContext("TLSv1.2"))))) {
            JsonNode record = recordOf(tls13, tls13.describeTrails().responseMetadata().requestId());
            assertThat(record.path("tlsDetails").path("tlsVersion").asText()).isEqualTo("TLSv1.3");
            assertThat(record.path("tlsDetails").path("cipherSuite").asText()).startsWith("TLS_");
            assertThat(record.path("tlsDetails").path("clientProvidedHostHeader").asText()).isEqualTo(host);

            JsonNode older = recordOf(tls13, tls12.describeTrails().responseMetadata().requestId());
            assertThat(older.path("tlsDetails").path("tlsVersion").asText()).isEqualTo("TLSv1.2");
            // OpenSSL's names, as AWS writes them (not Java's TLS_ECDHE_RSA_WITH_...)
            assertThat(older.path("tlsDetails").path("cipherSuite").asText()).matches("ECDHE-RSA-(AES128-GCM-SHA256|AES256-GCM-SHA384|CHACHA20-POLY1305)");
        }
    }

    @Test
    public void httpsSpeaksHttp2AndHttp11()
            throws Exception
    {
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            HttpClient client = HttpClient.newBuilder().version(version).sslContext(certificate.clientContext("TLS")).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(https.endpoint().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.version()).isEqualTo(version);
        }
    }

    @Test
    public void forwardedHeadersCountOnlyFromTrustedProxies()
            throws Exception
    {
        Map<String, String> forwarded = Map.of(
                "X-Forwarded-For", "203.0.113.9, 10.1.2.3",
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "cairn.example.com",
                "X-Forwarded-Tls-Version", "TLSv1.2",
                "X-Forwarded-Tls-Cipher", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        // through two trusted proxies: the client is the first address, over the proxy's TLS session
        JsonNode record = forwardedCall(proxied, forwarded);
        assertThat(record.path("sourceIPAddress").asText()).isEqualTo("203.0.113.9");
        assertThat(record.path("tlsDetails").path("tlsVersion").asText()).isEqualTo("TLSv1.2");
        assertThat(record.path("tlsDetails").path("cipherSuite").asText()).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(record.path("tlsDetails").path("clientProvidedHostHeader").asText()).isEqualTo("cairn.example.com");

        // a proxy that is not trusted (here: every client of the other server) cannot choose the recorded address
        JsonNode ignored = forwardedCall(https, forwarded);
        assertThat(ignored.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(ignored.path("tlsDetails").path("clientProvidedHostHeader").asText()).isEqualTo("127.0.0.1:" + https.port());

        // plain HTTP behind the proxy: no TLS details
        JsonNode plain = forwardedCall(proxied, Map.of("X-Forwarded-For", "198.51.100.4", "X-Forwarded-Proto", "http"));
        assertThat(plain.path("sourceIPAddress").asText()).isEqualTo("198.51.100.4");
        assertThat(plain.has("tlsDetails")).isFalse();
    }

    @Test
    public void theConsoleSeesTheClientBehindTheProxy()
            throws Exception
    {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> signedIn = signIn(client, proxied, "", TestingCairnServer.ROOT_PASSWORD, "192.0.2.50", "https");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).as("HTTPS at the proxy").contains("; Secure");
        assertThat(signIn(client, proxied, "", TestingCairnServer.ROOT_PASSWORD, "192.0.2.50", "http").headers().firstValue("Set-Cookie").orElseThrow())
                .doesNotContain("Secure");

        // the sign-in throttle counts failures per forwarded address, not per proxy
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(client, proxied, "nobody-" + i, "Wrong-Passw0rd", "192.0.2.66", "https").statusCode()).isEqualTo(401);
        }
        assertThat(signIn(client, proxied, "nobody-6", "Wrong-Passw0rd", "192.0.2.66", "https").statusCode()).isEqualTo(429);
        assertThat(signIn(client, proxied, "nobody-7", "Wrong-Passw0rd", "192.0.2.67", "https").statusCode()).as("another client behind the same proxy").isEqualTo(401);

        try (CloudTrailClient cloudTrail = proxied.cloudTrail()) {
            EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "ConsoleLogin", "the sign-in recorded with the client's address and the console's URL",
                    event -> EventHistory.record(event).path("sourceIPAddress").asText().equals("192.0.2.50")
                            && EventHistory.record(event).path("additionalEventData").path("LoginTo").asText().equals("https://127.0.0.1:" + proxied.port() + "/"),
                    java.time.Duration.ofSeconds(5));
        }
    }

    private static HttpResponse<String> signIn(HttpClient client, TestingCairnServer server, String user, String password, String forwardedFor, String proto)
            throws IOException, InterruptedException
    {
        String form = "account=" + server.accountId() + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return client.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", forwardedFor)
                .header("X-Forwarded-Proto", proto)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed DescribeTrails with these headers, and its record. */
    private JsonNode forwardedCall(TestingCairnServer server, Map<String, String> extra)
            throws Exception
    {
        Map<String, String> headers = new java.util.LinkedHashMap<>(RawRequests.cloudTrailHeaders("DescribeTrails"));
        headers.putAll(extra);
        String requestId;
        if (server.endpoint().getScheme().equals("https")) {
            requestId = RawRequests.send(server.endpoint(), headers, "{}", TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY,
                    "us-east-1", "cloudtrail", Instant.now(), HttpClient.newBuilder().sslContext(certificate.clientContext("TLS")).build()).header("x-amzn-RequestId");
        }
        else {
            requestId = RawRequests.send(server.endpoint(), headers, "{}", TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY,
                    "us-east-1", "cloudtrail", Instant.now()).header("x-amzn-RequestId");
        }
        try (CloudTrailClient cloudTrail = server == https
                ? client(server, UrlConnectionHttpClient.builder().tlsTrustManagersProvider(certificate::trustManagers).build())
                : server.cloudTrail()) {
            return recordOf(cloudTrail, requestId);
        }
    }

    private static JsonNode recordOf(CloudTrailClient cloudTrail, String requestId)
    {
        return EventHistory.record(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.EVENT_NAME, "DescribeTrails", requestId));
    }

    private static CloudTrailClient client(TestingCairnServer server, SdkHttpClient http)
    {
        return CloudTrailClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(TestingCairnServer.rootCredentials())
                .httpClient(http)
                .build();
    }

    private static HttpsURLConnection connection(URI uri, SSLContext context)
    {
        try {
            HttpsURLConnection connection = (HttpsURLConnection) uri.toURL().openConnection();
            connection.setSSLSocketFactory(context.getSocketFactory());
            return connection;
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
