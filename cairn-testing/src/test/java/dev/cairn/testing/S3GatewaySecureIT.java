package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.journal.JournalConfig;
import dev.cairn.server.s3.GatewayConfig;
import dev.cairn.target.s3.TestingS3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The S3 gateway over HTTPS with virtual-hosted-style buckets ({@code --s3-gateway-domain}), used with a role's
 * temporary credentials: its data events carry {@code tlsDetails} and the assumed role, and {@code aws:SecureTransport}
 * is true for its calls. And a journal that takes no more calls: the gateway answers {@code 503 SlowDown} and the
 * upstream is never called.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class S3GatewaySecureIT
{
    private static final String DOMAIN = "s3.localhost";

    private Path temp;
    private TestingCertificate certificate;
    private TestingS3Proxy upstream;
    private TestingCairnServer cairn;

    @BeforeAll
    public void start()
            throws IOException
    {
        temp = Files.createTempDirectory("cairn-gateway-secure-");
        certificate = TestingCertificate.create(temp, List.of("*." + DOMAIN));
        upstream = new TestingS3Proxy(Files.createDirectory(temp.resolve("upstream")), "upstream-key", "upstream-secret");
        cairn = TestingCairnServer.builder()
                .tls(certificate.tls())
                .historyDataEvents(true)
                .gateway(new GatewayConfig(upstream.endpoint(), 0, Optional.of(DOMAIN), "upstream-key", "upstream-secret", "us-east-1"))
                .start();
    }

    @AfterAll
    public void stop()
    {
        cairn.close();
        upstream.close();
        TestingCairnServer.deleteRecursively(temp);
    }

    @Test
    public void aRoleSessionUsesVirtualHostedBucketsOverHttpsAndItsEventsCarryTlsDetails()
    {
        String account = cairn.accountId();
        URI gateway = URI.create(cairn.server().gateway().orElseThrow().url());
        assertThat(gateway.getScheme()).isEqualTo("https");
        try (IamClient iam = cairn.iam()) {
            iam.createUser(request -> request.userName("deployer"));
            iam.putUserPolicy(request -> request.userName("deployer").policyName("assume").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}"""));
            iam.createRole(request -> request.roleName("artifacts-writer").assumeRolePolicyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:user/deployer"}, "Action": "sts:AssumeRole"}]}"""
                    .formatted(account)));
            // only over TLS: the condition AWS documents for "HTTPS only" buckets
            iam.putRolePolicy(request -> request.roleName("artifacts-writer").policyName("write-artifacts").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::artifacts/*",
                       "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"""));
            AccessKey key = iam.createAccessKey(request -> request.userName("deployer")).accessKey();
            Credentials session;
            try (StsClient sts = cairn.sts(TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey()))) {
                session = sts.assumeRole(request -> request.roleArn("arn:aws:iam::" + account + ":role/artifacts-writer").roleSessionName("build-42")).credentials();
            }
            try (S3Client root = virtualHosted(gateway, TestingCairnServer.rootCredentials());
                    S3Client role = virtualHosted(gateway, StaticCredentialsProvider.create(
                            AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))) {
                root.createBucket(request -> request.bucket("artifacts"));
                String putRequestId = role.putObject(request -> request.bucket("artifacts").key("builds/42.tar"), RequestBody.fromString("artifact")).responseMetadata().requestId();
                assertThat(role.getObjectAsBytes(request -> request.bucket("artifacts").key("builds/42.tar")).asUtf8String()).isEqualTo("artifact");
                // the role may do nothing else
                assertThatThrownBy(() -> role.deleteObject(request -> request.bucket("artifacts").key("builds/42.tar")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));

                try (CloudTrailClient cloudTrail = cairn.cloudTrail()) {
                    Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "PutObject", "the role's PutObject",
                            candidate -> EventHistory.record(candidate).path("requestID").asText().equals(putRequestId), Duration.ofSeconds(10));
                    JsonNode record = EventHistory.record(event);
                    String host = "artifacts." + DOMAIN + ":" + gateway.getPort();
                    assertThat(record.path("eventCategory").asText()).isEqualTo("Data");
                    assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("AssumedRole");
                    assertThat(record.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:sts::" + account + ":assumed-role/artifacts-writer/build-42");
                    assertThat(record.path("userIdentity").path("accessKeyId").asText()).isEqualTo(session.accessKeyId());
                    assertThat(record.path("requestParameters").path("bucketName").asText()).isEqualTo("artifacts");
                    assertThat(record.path("requestParameters").path("key").asText()).isEqualTo("builds/42.tar");
                    assertThat(record.path("requestParameters").path("Host").asText()).isEqualTo(host);
                    assertThat(record.path("tlsDetails").path("tlsVersion").asText()).isEqualTo("TLSv1.3");
                    assertThat(record.path("tlsDetails").path("cipherSuite").asText()).startsWith("TLS_");
                    assertThat(record.path("tlsDetails").path("clientProvidedHostHeader").asText()).isEqualTo(host);
                    assertThat(record.path("resources").get(0).path("ARN").asText()).isEqualTo("arn:aws:s3:::artifacts/builds/42.tar");
                }
            }
        }
    }

    @Test
    public void aJournalThatTakesNoMoreCallsMakesTheGatewayAnswerSlowDownAndNothingReachesTheUpstream()
            throws Exception
    {
        Path data = Files.createTempDirectory("cairn-gateway-full-");
        GatewayConfig gateway = new GatewayConfig(upstream.endpoint(), 0, Optional.empty(), "upstream-key", "upstream-secret", "us-east-1");
        // one call at a time may wait for the journal
        try (TestingCairnServer full = TestingCairnServer.builder().dataDirectory(data).journal(new JournalConfig(JournalConfig.DEFAULT_BATCH_SIZE, 1)).gateway(gateway).start();
                S3Client client = pathStyle(URI.create(full.server().gateway().orElseThrow().url()))) {
            client.createBucket(request -> request.bucket("full"));
            ExecutorService callers = Executors.newCachedThreadPool();
            Map<String, Future<Boolean>> waiting = new LinkedHashMap<>();
            // another writer holds the database: the journal's next commit waits, and the calls behind it
            try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("cairn.db"));
                    Statement statement = blocker.createStatement()) {
                statement.execute("BEGIN EXCLUSIVE");
                // one call waits in the writer's batch, the next one in its queue of one: then it takes no more
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (full.server().cairn().journal().accepting()) {
                    assertThat(System.nanoTime()).as("the journal still takes calls").isLessThan(deadline);
                    String key = "waiting-" + waiting.size();
                    waiting.put(key, callers.submit(() -> put(client, key)));
                    Thread.sleep(100);
                }
                assertThatThrownBy(() -> client.putObject(request -> request.bucket("full").key("refused"), RequestBody.fromString("no")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(503);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                        });
                statement.execute("COMMIT");
            }
            List<String> answered = new ArrayList<>();
            for (Map.Entry<String, Future<Boolean>> call : waiting.entrySet()) {
                if (call.getValue().get(30, TimeUnit.SECONDS)) {
                    answered.add(call.getKey());
                }
            }
            callers.shutdown();
            assertThat(answered).hasSizeGreaterThanOrEqualTo(2);
            // what was answered is in the store; the refused upload never reached it
            assertThat(client.listObjectsV2(request -> request.bucket("full")).contents()).extracting(object -> object.key()).containsExactlyInAnyOrderElementsOf(answered);
        }
        finally {
            TestingCairnServer.deleteRecursively(data);
        }
    }

    /** Whether the upload was answered; a SlowDown (a call that came while the journal took no more) is not. */
    private static boolean put(S3Client client, String key)
    {
        try {
            client.putObject(request -> request.bucket("full").key(key), RequestBody.fromString(key));
            return true;
        }
        catch (S3Exception e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
            return false;
        }
    }

    /** Root's client to an HTTP gateway, path-style, that does not retry (503 SlowDown is retried by default). */
    private static S3Client pathStyle(URI endpoint)
    {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(TestingCairnServer.rootCredentials())
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** A client of the HTTPS gateway that addresses buckets as {@code bucket.s3.localhost}, resolved to this machine. */
    private S3Client virtualHosted(URI gateway, AwsCredentialsProvider credentials)
    {
        return S3Client.builder()
                .endpointOverride(URI.create("https://" + DOMAIN + ":" + gateway.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(ApacheHttpClient.builder()
                        .tlsTrustManagersProvider(certificate::trustManagers)
                        .dnsResolver(host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})})
                        .build())
                .build();
    }
}
