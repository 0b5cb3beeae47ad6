package dev.cairn.testing;

import dev.cairn.target.s3.S3BucketStore;
import dev.cairn.target.s3.TestingS3Endpoint;
import dev.cairn.target.s3.TestingS3Proxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A real S3 API server for tests: s3proxy over a temporary directory on {@code 127.0.0.1}, with SigV4
 * authentication, behind a {@link TestingS3Endpoint} that keeps bucket policies (s3proxy cannot), and an S3 client
 * of the AWS SDK pointed at that endpoint. It can be stopped and started again on the same port and data, to play
 * an endpoint that goes down.
 */
final class TestingS3Server
        implements Closeable
{
    static final String ACCESS_KEY_ID = "cairn-test-s3";
    static final String SECRET_ACCESS_KEY = "cairn-test-s3-secret";

    private final Path directory;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final TestingS3Proxy proxy;
    private final TestingS3Endpoint endpoint;
    private final S3Client client;

    TestingS3Server()
    {
        this(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** With these credentials (for clients, such as {@code aws cloudtrail validate-logs}, that sign S3 with their own). */
    TestingS3Server(String accessKeyId, String secretAccessKey)
    {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        try {
            this.directory = Files.createTempDirectory("cairn-s3-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.proxy = new TestingS3Proxy(directory, accessKeyId, secretAccessKey);
        this.endpoint = new TestingS3Endpoint(proxy.endpoint(), accessKeyId, secretAccessKey);
        this.client = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The endpoint clients see: the front that keeps bucket policies. */
    URI endpoint()
    {
        return endpoint.endpoint();
    }

    /** What Cairn needs to deliver here. */
    S3BucketStore.Settings settings()
    {
        return new S3BucketStore.Settings(endpoint(), "us-east-1", Optional.of(accessKeyId), Optional.of(secretAccessKey));
    }

    S3Client client()
    {
        return client;
    }

    /** A bucket with a policy that lets CloudTrail write anywhere in it ({@link TestingCairnServer#cloudTrailPolicy}). */
    void createBucket(String bucket)
    {
        createBucketWithoutPolicy(bucket);
        putBucketPolicy(bucket, TestingCairnServer.cloudTrailPolicy(bucket));
    }

    /** A bucket with no policy: CreateTrail refuses it, as AWS does. */
    void createBucketWithoutPolicy(String bucket)
    {
        client.createBucket(request -> request.bucket(bucket));
    }

    /** PutBucketPolicy: GetBucketPolicy answers this document from now on. */
    void putBucketPolicy(String bucket, String json)
    {
        client.putBucketPolicy(request -> request.bucket(bucket).policy(json));
    }

    void putObject(String bucket, String key, byte[] content)
    {
        client.putObject(request -> request.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
    }

    void deleteObject(String bucket, String key)
    {
        client.deleteObject(request -> request.bucket(bucket).key(key));
    }

    /** Empties and deletes the bucket. */
    /** Empties and deletes the bucket; again while a delivery writes into it between the two (BucketNotEmpty). */
    void deleteBucket(String bucket)
    {
        for (int attempt = 1; ; attempt++) {
            for (String key : keys(bucket, "")) {
                client.deleteObject(request -> request.bucket(bucket).key(key));
            }
            try {
                client.deleteBucket(request -> request.bucket(bucket));
                return;
            }
            catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    List<String> keys(String bucket, String prefix)
    {
        return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).sorted().toList();
    }

    /** The object, un-gzipped as the AWS CLI reads log files (the first gzip member only). */
    byte[] gunzip(String bucket, String key)
    {
        byte[] bytes = client.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return gzip.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint goes down (connections refused), and s3proxy behind it. */
    void stop()
    {
        endpoint.stop();
        proxy.stop();
    }

    /** The endpoint comes back on the same port with the same data and bucket policies. */
    void restart()
    {
        proxy.restart();
        endpoint.restart();
    }

    @Override
    public void close()
    {
        client.close();
        endpoint.close();
        proxy.close();
        TestingCairnServer.deleteRecursively(directory);
    }
}
