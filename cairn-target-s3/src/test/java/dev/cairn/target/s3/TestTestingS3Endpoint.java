package dev.cairn.target.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

public class TestTestingS3Endpoint
{
    private static final String ACCESS_KEY_ID = "cairn-test-s3";
    private static final String SECRET_ACCESS_KEY = "cairn-test-s3-secret";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},"
            + "\"Action\":\"s3:GetBucketAcl\",\"Resource\":\"arn:aws:s3:::logs\"}]}";

    @TempDir
    Path directory;

    private TestingS3Proxy proxy;
    private TestingS3Endpoint endpoint;
    private S3Client client;
    private final List<String> payloadHashes = new CopyOnWriteArrayList<>();

    @BeforeEach
    public void start()
    {
        proxy = new TestingS3Proxy(directory, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
        endpoint = new TestingS3Endpoint(proxy.endpoint(), ACCESS_KEY_ID, SECRET_ACCESS_KEY);
        client = client(ACCESS_KEY_ID, SECRET_ACCESS_KEY, RequestChecksumCalculation.WHEN_SUPPORTED);
        client.createBucket(request -> request.bucket("logs"));
    }

    @AfterEach
    public void stop()
    {
        client.close();
        endpoint.close();
        proxy.close();
    }

    /** The SDK's defaults but for the endpoint, recording the {@code x-amz-content-sha256} of each request as sent. */
    private S3Client client(String accessKeyId, String secretAccessKey, RequestChecksumCalculation checksums)
    {
        return S3Client.builder()
                .endpointOverride(endpoint.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .requestChecksumCalculation(checksums)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(override -> override.addExecutionInterceptor(new ExecutionInterceptor()
                {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes)
                    {
                        context.httpRequest().firstMatchingHeader("x-amz-content-sha256").ifPresent(payloadHashes::add);
                    }
                }))
                .build();
    }

    private static String errorCode(Throwable e)
    {
        return ((S3Exception) e).awsErrorDetails().errorCode();
    }

    @Test
    public void keepsBucketPolicies()
    {
        assertThatThrownBy(() -> client.getBucketPolicy(request -> request.bucket("logs")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(errorCode(e)).isEqualTo("NoSuchBucketPolicy");
                });

        client.putBucketPolicy(request -> request.bucket("logs").policy(POLICY));
        GetBucketPolicyResponse policy = client.getBucketPolicy(request -> request.bucket("logs"));
        assertThat(policy.policy()).isEqualTo(POLICY);
        assertThat(policy.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(policy.sdkHttpResponse().firstMatchingHeader("Content-Type")).contains("application/json");

        client.deleteBucketPolicy(request -> request.bucket("logs"));
        assertThatThrownBy(() -> client.getBucketPolicy(request -> request.bucket("logs")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchBucketPolicy"));
    }

    @Test
    public void policiesOfMissingBucketsAreNoSuchBucket()
    {
        assertThatThrownBy(() -> client.getBucketPolicy(request -> request.bucket("missing-logs")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(errorCode(e)).isEqualTo("NoSuchBucket");
                });
        assertThatThrownBy(() -> client.putBucketPolicy(request -> request.bucket("missing-logs").policy(POLICY)))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchBucket"));
        assertThatThrownBy(() -> client.deleteBucketPolicy(request -> request.bucket("missing-logs")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchBucket"));
    }

    @Test
    public void policyRequestsNeedTheKey()
    {
        client.putBucketPolicy(request -> request.bucket("logs").policy(POLICY));
        try (S3Client wrongSecret = client(ACCESS_KEY_ID, "not-the-secret", RequestChecksumCalculation.WHEN_REQUIRED);
                S3Client otherKey = client("other-key", SECRET_ACCESS_KEY, RequestChecksumCalculation.WHEN_REQUIRED)) {
            // GET is signed-checked upstream
            assertThatThrownBy(() -> wrongSecret.getBucketPolicy(request -> request.bucket("logs")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            // PUT and DELETE only for the key id
            assertThatThrownBy(() -> otherKey.putBucketPolicy(request -> request.bucket("logs").policy("{}")))
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidAccessKeyId"));
            assertThatThrownBy(() -> otherKey.deleteBucketPolicy(request -> request.bucket("logs")))
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidAccessKeyId"));
        }
        assertThat(client.getBucketPolicy(request -> request.bucket("logs")).policy()).isEqualTo(POLICY);
    }

    @Test
    public void aDeletedBucketLosesItsPolicy()
    {
        client.putBucketPolicy(request -> request.bucket("logs").policy(POLICY));
        client.deleteBucket(request -> request.bucket("logs"));
        client.createBucket(request -> request.bucket("logs"));
        assertThatThrownBy(() -> client.getBucketPolicy(request -> request.bucket("logs")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchBucketPolicy"));
    }

    @Test
    public void signedChunkedUploadsVerifyUpstream()
    {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        for (RequestChecksumCalculation checksums : RequestChecksumCalculation.values()) {
            payloadHashes.clear();
            try (S3Client uploader = client(ACCESS_KEY_ID, SECRET_ACCESS_KEY, checksums)) {
                uploader.putObject(request -> request.bucket("logs").key("chunked/" + checksums), RequestBody.fromBytes(content));
            }
            assertThat(payloadHashes).as("signed in chunks (%s)", checksums).singleElement().asString().startsWith("STREAMING-");
            assertThat(client.getObjectAsBytes(request -> request.bucket("logs").key("chunked/" + checksums)).asByteArray()).isEqualTo(content);
            assertThat(client.headObject(request -> request.bucket("logs").key("chunked/" + checksums)).contentLength()).isEqualTo(content.length);
        }
        // and a wrong chunk signature still fails (a body small enough to be sent whole before the refusal: with a
        // large one, the server may answer and close while the client still writes, which the client sees as a reset)
        byte[] small = Arrays.copyOf(content, 2_000);
        try (S3Client wrongSecret = client(ACCESS_KEY_ID, "not-the-secret", RequestChecksumCalculation.WHEN_REQUIRED)) {
            assertThatThrownBy(() -> wrongSecret.putObject(request -> request.bucket("logs").key("chunked/refused"), RequestBody.fromBytes(small)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(client.listObjectsV2(request -> request.bucket("logs").prefix("chunked/")).contents()).hasSize(RequestChecksumCalculation.values().length);
    }

    @Test
    public void stopRefusesConnectionsAndRestartListensOnTheSamePort()
            throws IOException
    {
        client.putBucketPolicy(request -> request.bucket("logs").policy(POLICY));
        URI before = endpoint.endpoint();
        endpoint.stop();
        assertThatThrownBy(() -> new Socket(before.getHost(), before.getPort()).close()).isInstanceOf(ConnectException.class);
        endpoint.restart();
        assertThat(endpoint.endpoint()).isEqualTo(before);
        new Socket(before.getHost(), before.getPort()).close();
        assertThat(client.getBucketPolicy(request -> request.bucket("logs")).policy()).isEqualTo(POLICY);
    }
}
