package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.server.s3.GatewayConfig;
import dev.cairn.target.s3.TestingS3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The S3 gateway in front of a real S3 API server (s3proxy), driven with the AWS SDK's S3 client signing with Cairn
 * credentials: objects round-trip (chunked signed uploads with checksum trailers, multipart, presigned URLs), users
 * are allowed and denied by their policies and by bucket policies, a trail's data event selectors decide which object
 * calls it delivers, as AWS-shaped data event records, and a stopped upstream is recorded and answered 503.
 *
 * <p>Delivery is stepped: the clock stands still unless a round moves it ({@link #deliver}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class S3GatewayIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ROUND = Duration.ofSeconds(5);

    private Path upstreamDirectory;
    private TestingS3Proxy upstream;
    private TestingS3Server logs;
    private TestingClock clock;
    private TestingCairnServer cairn;
    private CloudTrailClient cloudTrail;
    private IamClient iam;
    private S3Client root;

    @BeforeAll
    public void start()
            throws IOException
    {
        upstreamDirectory = Files.createTempDirectory("cairn-gateway-upstream-");
        upstream = new TestingS3Proxy(upstreamDirectory, "upstream-key", "upstream-secret");
        logs = new TestingS3Server();
        clock = new TestingClock();
        cairn = TestingCairnServer.builder()
                .s3(logs.settings())
                .clock(clock)
                .manualDelivery()
                .gateway(new GatewayConfig(upstream.endpoint(), 0, Optional.empty(), "upstream-key", "upstream-secret", "us-east-1"))
                .start();
        cloudTrail = cairn.cloudTrail();
        iam = cairn.iam();
        root = s3(TestingCairnServer.rootCredentials());
    }

    @AfterAll
    public void stop()
    {
        root.close();
        cloudTrail.close();
        iam.close();
        cairn.close();
        logs.close();
        upstream.close();
        TestingCairnServer.deleteRecursively(upstreamDirectory);
    }

    private S3Client s3(AwsCredentialsProvider credentials)
    {
        return s3(cairn, credentials);
    }

    private static S3Client s3(TestingCairnServer server, AwsCredentialsProvider credentials)
    {
        return S3Client.builder()
                .endpointOverride(URI.create(server.server().gateway().orElseThrow().url()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(credentials)
                // the SDK's default HTTP client: it sends PutObject with Expect: 100-continue and reads an early refusal
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** A client of the gateway for a new IAM user with this inline policy. */
    private S3Client userClient(String userName, String policy)
    {
        iam.createUser(request -> request.userName(userName));
        iam.putUserPolicy(request -> request.userName(userName).policyName("gateway").policyDocument(policy));
        AccessKey key = iam.createAccessKey(request -> request.userName(userName)).accessKey();
        return s3(TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey()));
    }

    private URI gateway()
    {
        return URI.create(cairn.server().gateway().orElseThrow().url());
    }

    @Test
    public void objectsRoundTripThroughTheGatewayWithSignedChunkedUploadsAndMultipart()
    {
        root.createBucket(request -> request.bucket("round-trip"));
        byte[] small = "hello, gateway".getBytes(StandardCharsets.UTF_8);
        root.putObject(request -> request.bucket("round-trip").key("dir/hello world+1.txt").contentType("text/plain"), RequestBody.fromBytes(small));
        ResponseBytes<GetObjectResponse> read = root.getObjectAsBytes(request -> request.bucket("round-trip").key("dir/hello world+1.txt"));
        assertThat(read.asByteArray()).isEqualTo(small);
        assertThat(read.response().contentType()).isEqualTo("text/plain");

        byte[] large = random(3 * 1024 * 1024 + 17);
        root.putObject(request -> request.bucket("round-trip").key("large.bin"), RequestBody.fromBytes(large));
        assertThat(root.getObjectAsBytes(request -> request.bucket("round-trip").key("large.bin")).asByteArray()).isEqualTo(large);
        assertThat(root.getObjectAsBytes(request -> request.bucket("round-trip").key("large.bin").range("bytes=10-19")).asByteArray())
                .isEqualTo(java.util.Arrays.copyOfRange(large, 10, 20));

        // multipart: two parts of 5 MiB and one of 1 KiB
        byte[] part1 = random(5 * 1024 * 1024);
        byte[] part2 = random(5 * 1024 * 1024);
        byte[] part3 = random(1024);
        String uploadId = root.createMultipartUpload(request -> request.bucket("round-trip").key("multi.bin")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int number = 1;
        for (byte[] part : List.of(part1, part2, part3)) {
            int partNumber = number++;
            String etag = root.uploadPart(request -> request.bucket("round-trip").key("multi.bin").uploadId(uploadId).partNumber(partNumber), RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        assertThat(root.listParts(request -> request.bucket("round-trip").key("multi.bin").uploadId(uploadId)).parts()).hasSize(3);
        root.completeMultipartUpload(request -> request.bucket("round-trip").key("multi.bin").uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));
        byte[] whole = root.getObjectAsBytes(request -> request.bucket("round-trip").key("multi.bin")).asByteArray();
        assertThat(whole).hasSize(part1.length + part2.length + part3.length);
        assertThat(java.util.Arrays.copyOfRange(whole, part1.length, part1.length + part2.length)).isEqualTo(part2);

        assertThat(root.listObjectsV2(request -> request.bucket("round-trip").prefix("dir/")).contents()).extracting(S3Object::key).containsExactly("dir/hello world+1.txt");
        assertThat(root.headObject(request -> request.bucket("round-trip").key("large.bin")).contentLength()).isEqualTo(large.length);
        root.copyObject(request -> request.sourceBucket("round-trip").sourceKey("large.bin").destinationBucket("round-trip").destinationKey("copy.bin"));
        assertThat(root.getObjectAsBytes(request -> request.bucket("round-trip").key("copy.bin")).asByteArray()).isEqualTo(large);
        root.deleteObjects(request -> request.bucket("round-trip").delete(delete -> delete.objects(
                ObjectIdentifier.builder().key("copy.bin").build(), ObjectIdentifier.builder().key("multi.bin").build())));
        root.deleteObject(request -> request.bucket("round-trip").key("large.bin"));
        root.deleteObject(request -> request.bucket("round-trip").key("dir/hello world+1.txt"));
        assertThat(root.listObjectsV2(request -> request.bucket("round-trip")).contents()).isEmpty();
        assertThat(root.listBuckets().buckets()).extracting(bucket -> bucket.name()).contains("round-trip");
        root.deleteBucket(request -> request.bucket("round-trip"));
        assertThat(root.listBuckets().buckets()).extracting(bucket -> bucket.name()).doesNotContain("round-trip");
    }

    @Test
    public void presignedGetWorksWithoutCredentialsUntilItExpires()
            throws IOException
    {
        root.createBucket(request -> request.bucket("presigned"));
        root.putObject(request -> request.bucket("presigned").key("report.csv"), RequestBody.fromString("a,b\n1,2\n"));
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(gateway())
                .region(Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(TestingCairnServer.rootCredentials())
                .build()) {
            URI url = presigner.presignGetObject(request -> request.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(get -> get.bucket("presigned").key("report.csv")))
                    .url().toURI().normalize();
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            assertThat(connection.getResponseCode()).isEqualTo(200);
            try (InputStream body = connection.getInputStream()) {
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a,b\n1,2\n");
            }
            URI tampered = URI.create(url.toString().replace("report.csv", "other.csv"));
            HttpURLConnection refused = (HttpURLConnection) tampered.toURL().openConnection();
            assertThat(refused.getResponseCode()).isEqualTo(403);
        }
        catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void usersAreAllowedAndDeniedByTheirPoliciesAndTheBucketPolicy()
    {
        root.createBucket(request -> request.bucket("team-data"));
        root.putObject(request -> request.bucket("team-data").key("shared/plan.txt"), RequestBody.fromString("plan"));
        try (S3Client reader = userClient("gateway-reader", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-data/shared/*"},
                  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::team-data", "Condition": {"StringLike": {"s3:prefix": "shared/*"}}}]}
                """)) {
            assertThat(reader.getObjectAsBytes(request -> request.bucket("team-data").key("shared/plan.txt")).asUtf8String()).isEqualTo("plan");
            assertThat(reader.listObjectsV2(request -> request.bucket("team-data").prefix("shared/")).contents()).hasSize(1);
            assertAccessDenied(() -> reader.listObjectsV2(request -> request.bucket("team-data")));
            assertAccessDenied(() -> reader.putObject(request -> request.bucket("team-data").key("shared/new.txt"), RequestBody.fromString("no")));
            assertAccessDenied(() -> reader.deleteObject(request -> request.bucket("team-data").key("shared/plan.txt")));

            // the bucket policy grants the writes his own policies do not, and denies what they allow
            root.putBucketPolicy(request -> request.bucket("team-data").policy("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%1$s:user/gateway-reader"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::team-data/inbox/*"},
                      {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-data/shared/secret*"}]}
                    """.formatted(cairn.accountId())));
            assertThat(root.getBucketPolicy(request -> request.bucket("team-data")).policy()).contains("inbox");
            reader.putObject(request -> request.bucket("team-data").key("inbox/report.txt"), RequestBody.fromString("report"));
            root.putObject(request -> request.bucket("team-data").key("shared/secret.txt"), RequestBody.fromString("secret"));
            assertAccessDenied(() -> reader.getObjectAsBytes(request -> request.bucket("team-data").key("shared/secret.txt")));
            root.deleteBucketPolicy(request -> request.bucket("team-data"));
            assertThatThrownBy(() -> root.getBucketPolicy(request -> request.bucket("team-data")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy"));
            assertThat(reader.getObjectAsBytes(request -> request.bucket("team-data").key("shared/secret.txt")).asUtf8String()).isEqualTo("secret");
        }
    }

    @Test
    public void aBucketPolicyThatRequiresTlsDeniesPlainHttp()
    {
        root.createBucket(request -> request.bucket("tls-only"));
        root.putObject(request -> request.bucket("tls-only").key("a.txt"), RequestBody.fromString("a"));
        try (S3Client plain = userClient("gateway-plain", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tls-only/*"}]}""")) {
            assertThat(plain.getObjectAsBytes(request -> request.bucket("tls-only").key("a.txt")).asUtf8String()).isEqualTo("a");
            // AWS's documented policy for HTTPS-only buckets; this gateway speaks plain HTTP (S3GatewaySecureIT: HTTPS)
            root.putBucketPolicy(request -> request.bucket("tls-only").policy("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                      "Resource": ["arn:aws:s3:::tls-only", "arn:aws:s3:::tls-only/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"""));
            assertAccessDenied(() -> plain.getObjectAsBytes(request -> request.bucket("tls-only").key("a.txt")));
        }
        // the policy denies root everything over HTTP too, but the owner's root may always manage the bucket's policy
        assertAccessDenied(() -> root.getObjectAsBytes(request -> request.bucket("tls-only").key("a.txt")));
        assertThat(root.getBucketPolicy(request -> request.bucket("tls-only")).policy()).contains("aws:SecureTransport");
        root.deleteBucketPolicy(request -> request.bucket("tls-only"));
        root.deleteObject(request -> request.bucket("tls-only").key("a.txt"));
    }

    @Test
    public void anotherAccountReadsOnlyWhatTheBucketPolicyGrantsIt()
    {
        root.createBucket(request -> request.bucket("shared-out"));
        root.putObject(request -> request.bucket("shared-out").key("public/a.txt"), RequestBody.fromString("for partners"));
        root.putObject(request -> request.bucket("shared-out").key("private/b.txt"), RequestBody.fromString("ours"));
        var partner = cairn.createAccount();
        try (S3Client other = s3(TestingCairnServer.credentials(partner.accessKeyId(), partner.secretAccessKey()))) {
            // its own root user may do anything in its account, but the bucket is not its account's
            assertAccessDenied(() -> other.getObjectAsBytes(request -> request.bucket("shared-out").key("public/a.txt")));
            assertThat(other.listBuckets().buckets()).extracting(bucket -> bucket.name()).doesNotContain("shared-out");
            root.putBucketPolicy(request -> request.bucket("shared-out").policy("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-out/public/*"}]}
                    """.formatted(partner.accountId())));
            assertThat(other.getObjectAsBytes(request -> request.bucket("shared-out").key("public/a.txt")).asUtf8String()).isEqualTo("for partners");
            assertAccessDenied(() -> other.getObjectAsBytes(request -> request.bucket("shared-out").key("private/b.txt")));
            assertAccessDenied(() -> other.putObject(request -> request.bucket("shared-out").key("public/c.txt"), RequestBody.fromString("no")));
            assertThatThrownBy(() -> other.createBucket(request -> request.bucket("shared-out")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyExists"));
        }
    }

    @Test
    public void aTrailDeliversTheDataEventsItsSelectorsChooseAsAwsShapedRecords()
            throws IOException
    {
        logs.createBucket("data-logs");
        root.createBucket(request -> request.bucket("selected"));
        root.createBucket(request -> request.bucket("not-selected"));
        cloudTrail.createTrail(request -> request.name("data-basic").s3BucketName("data-logs").s3KeyPrefix("basic"));
        cloudTrail.putEventSelectors(request -> request.trailName("data-basic").eventSelectors(EventSelector.builder()
                .readWriteType("All")
                .includeManagementEvents(true)
                .dataResources(DataResource.builder().type("AWS::S3::Object").values("arn:aws:s3:::selected/").build())
                .build()));
        cloudTrail.createTrail(request -> request.name("data-advanced").s3BucketName("data-logs").s3KeyPrefix("advanced"));
        cloudTrail.putEventSelectors(request -> request.trailName("data-advanced").advancedEventSelectors(AdvancedEventSelector.builder()
                .name("writes to not-selected")
                .fieldSelectors(
                        AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Data").build(),
                        AdvancedFieldSelector.builder().field("resources.type").equalsValue("AWS::S3::Object").build(),
                        AdvancedFieldSelector.builder().field("resources.ARN").startsWith("arn:aws:s3:::not-selected/").build(),
                        AdvancedFieldSelector.builder().field("readOnly").equalsValue("false").build())
                .build()));
        clock.advance(Duration.ofSeconds(1));
        cloudTrail.startLogging(request -> request.name("data-basic"));
        cloudTrail.startLogging(request -> request.name("data-advanced"));
        clock.advance(Duration.ofSeconds(1));

        root.putObject(request -> request.bucket("selected").key("a.txt"), RequestBody.fromString("12345"));
        root.getObjectAsBytes(request -> request.bucket("selected").key("a.txt"));
        root.putObject(request -> request.bucket("not-selected").key("b.txt"), RequestBody.fromString("67890"));
        root.getObjectAsBytes(request -> request.bucket("not-selected").key("b.txt"));
        deliver();

        List<JsonNode> basic = records("data-logs", "basic/");
        List<JsonNode> basicData = basic.stream().filter(record -> record.path("eventCategory").asText().equals("Data")).toList();
        assertThat(basicData).extracting(record -> record.path("eventName").asText() + " " + record.path("requestParameters").path("key").asText())
                .containsExactly("PutObject a.txt", "GetObject a.txt");
        assertThat(basic).extracting(record -> record.path("eventName").asText()).contains("StartLogging");

        JsonNode put = basicData.get(0);
        String account = cairn.accountId();
        assertThat(put.path("eventSource").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(put.path("managementEvent").asBoolean(true)).isFalse();
        assertThat(put.path("readOnly").asBoolean(true)).isFalse();
        assertThat(put.path("recipientAccountId").asText()).isEqualTo(account);
        assertThat(put.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::" + account + ":root");
        assertThat(put.path("requestParameters").path("bucketName").asText()).isEqualTo("selected");
        assertThat(put.path("requestParameters").path("Host").asText()).isNotEmpty();
        assertThat(put.path("additionalEventData").path("bytesTransferredIn").asLong()).isEqualTo(5);
        assertThat(put.path("additionalEventData").path("x-amz-id-2").asText()).isNotEmpty();
        assertThat(put.path("resources")).hasSize(2);
        assertThat(put.path("resources").get(0).path("type").asText()).isEqualTo("AWS::S3::Object");
        assertThat(put.path("resources").get(0).path("ARN").asText()).isEqualTo("arn:aws:s3:::selected/a.txt");
        assertThat(put.path("resources").get(0).has("accountId")).isFalse();
        assertThat(put.path("resources").get(1).path("ARN").asText()).isEqualTo("arn:aws:s3:::selected");
        assertThat(put.path("resources").get(1).path("accountId").asText()).isEqualTo(account);
        JsonNode get = basicData.get(1);
        assertThat(get.path("readOnly").asBoolean(false)).isTrue();
        assertThat(get.path("additionalEventData").path("bytesTransferredOut").asLong()).isEqualTo(5);

        List<JsonNode> advanced = records("data-logs", "advanced/");
        assertThat(advanced).extracting(record -> record.path("eventName").asText() + " " + record.path("requestParameters").path("key").asText())
                .containsExactly("PutObject b.txt");

        // data events are not in event history
        assertThat(cloudTrail.lookupEvents(request -> request.lookupAttributes(eventName("PutObject")))
                .events()).isEmpty();
        // bucket calls are management events, in event history
        Poll.until("CreateBucket in event history", Duration.ofSeconds(10),
                () -> cloudTrail.lookupEvents(request -> request.lookupAttributes(eventName("CreateBucket"))).events(),
                events -> !events.isEmpty());
    }

    @Test
    public void deniedCallsAreRecordedWithAccessDenied()
            throws IOException
    {
        logs.createBucket("denied-logs");
        root.createBucket(request -> request.bucket("guarded"));
        root.putObject(request -> request.bucket("guarded").key("x"), RequestBody.fromString("x"));
        cloudTrail.createTrail(request -> request.name("denied").s3BucketName("denied-logs").s3KeyPrefix("denied"));
        cloudTrail.putEventSelectors(request -> request.trailName("denied").eventSelectors(EventSelector.builder()
                .includeManagementEvents(false)
                .dataResources(DataResource.builder().type("AWS::S3::Object").values("arn:aws:s3:::guarded/").build())
                .build()));
        clock.advance(Duration.ofSeconds(1));
        cloudTrail.startLogging(request -> request.name("denied"));
        clock.advance(Duration.ofSeconds(1));
        iam.createUser(request -> request.userName("gateway-nobody"));
        AccessKey key = iam.createAccessKey(request -> request.userName("gateway-nobody")).accessKey();
        try (S3Client nobody = s3(TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey()))) {
            assertAccessDenied(() -> nobody.getObjectAsBytes(request -> request.bucket("guarded").key("x")));
        }
        deliver();
        List<JsonNode> records = records("denied-logs", "denied/");
        assertThat(records).extracting(record -> record.path("eventName").asText()).containsExactly("GetObject");
        JsonNode denied = records.get(0);
        assertThat(denied.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(denied.path("errorMessage").asText()).isEqualTo("Access Denied");
        assertThat(denied.path("userIdentity").path("userName").asText()).isEqualTo("gateway-nobody");
    }

    @Test
    public void aStoppedUpstreamIsAnswered503AndRecorded()
    {
        root.createBucket(request -> request.bucket("flaky"));
        upstream.stop();
        try {
            assertThatThrownBy(() -> root.getObjectAsBytes(request -> request.bucket("flaky").key("anything")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        }
        finally {
            upstream.restart();
        }
        root.putObject(request -> request.bucket("flaky").key("after"), RequestBody.fromString("back"));
        assertThat(root.getObjectAsBytes(request -> request.bucket("flaky").key("after")).asUtf8String()).isEqualTo("back");
    }

    @Test
    public void aMultipartUploadCarriesOnAfterCairnRestarts()
            throws IOException
    {
        Path data = Files.createTempDirectory("cairn-gateway-restart-");
        GatewayConfig gateway = new GatewayConfig(upstream.endpoint(), 0, Optional.empty(), "upstream-key", "upstream-secret", "us-east-1");
        byte[] part1 = random(5 * 1024 * 1024 + 1);
        byte[] part2 = random(1024);
        String uploadId;
        List<CompletedPart> parts = new ArrayList<>();
        try (TestingCairnServer first = TestingCairnServer.builder().dataDirectory(data).gateway(gateway).start();
                S3Client client = s3(first, TestingCairnServer.rootCredentials())) {
            client.createBucket(request -> request.bucket("restarted"));
            uploadId = client.createMultipartUpload(request -> request.bucket("restarted").key("big.bin")).uploadId();
            String etag = client.uploadPart(request -> request.bucket("restarted").key("big.bin").uploadId(uploadId).partNumber(1), RequestBody.fromBytes(part1)).eTag();
            parts.add(CompletedPart.builder().partNumber(1).eTag(etag).build());
        }
        try (TestingCairnServer second = TestingCairnServer.builder().dataDirectory(data).gateway(gateway).start();
                S3Client client = s3(second, TestingCairnServer.rootCredentials())) {
            String etag = client.uploadPart(request -> request.bucket("restarted").key("big.bin").uploadId(uploadId).partNumber(2), RequestBody.fromBytes(part2)).eTag();
            parts.add(CompletedPart.builder().partNumber(2).eTag(etag).build());
            client.completeMultipartUpload(request -> request.bucket("restarted").key("big.bin").uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));
            byte[] whole = client.getObjectAsBytes(request -> request.bucket("restarted").key("big.bin")).asByteArray();
            assertThat(whole).hasSize(part1.length + part2.length);
            assertThat(java.util.Arrays.copyOfRange(whole, part1.length, whole.length)).isEqualTo(part2);
            // the bucket is still the first account's after the restart: its owner's root may delete it
            client.deleteObject(request -> request.bucket("restarted").key("big.bin"));
            client.deleteBucket(request -> request.bucket("restarted"));
        }
        finally {
            TestingCairnServer.deleteRecursively(data);
        }
    }

    private static LookupAttribute eventName(String name)
    {
        return LookupAttribute.builder().attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue(name).build();
    }

    private static void assertAccessDenied(Runnable call)
    {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        });
    }

    private void deliver()
    {
        clock.advance(ROUND);
        cairn.deliver();
    }

    /** The records of the log files under this prefix of a logs bucket, in file order. */
    private List<JsonNode> records(String bucket, String prefix)
            throws IOException
    {
        List<JsonNode> records = new ArrayList<>();
        for (String file : logs.keys(bucket, prefix)) {
            if (file.contains("/CloudTrail/")) {
                JSON.readTree(logs.gunzip(bucket, file)).get("Records").forEach(records::add);
            }
        }
        return records;
    }

    private static byte[] random(int size)
    {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
