package dev.cairn.target.s3;

import dev.cairn.spi.AbstractBucketStoreTest;
import dev.cairn.spi.BucketStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.Optional;

/** {@link S3BucketStore} against s3proxy behind a {@link TestingS3Endpoint}, which keeps bucket policies. */
public class TestS3BucketStore
        extends AbstractBucketStoreTest
{
    private static final String ACCESS_KEY_ID = "cairn-test-s3";
    private static final String SECRET_ACCESS_KEY = "cairn-test-s3-secret";

    @TempDir
    Path directory;

    private TestingS3Proxy proxy;
    private TestingS3Endpoint endpoint;
    private S3Client client;

    @Override
    protected BucketStore createBucketStore()
    {
        proxy = new TestingS3Proxy(directory, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
        endpoint = new TestingS3Endpoint(proxy.endpoint(), ACCESS_KEY_ID, SECRET_ACCESS_KEY);
        client = S3Client.builder()
                .endpointOverride(endpoint.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new S3BucketStore(new S3BucketStore.Settings(endpoint.endpoint(), "us-east-1", Optional.of(ACCESS_KEY_ID), Optional.of(SECRET_ACCESS_KEY)));
    }

    @AfterEach
    public void stopS3()
    {
        client.close();
        endpoint.close();
        proxy.close();
    }

    @Override
    protected void createBucket(String bucket)
    {
        client.createBucket(request -> request.bucket(bucket));
    }

    @Override
    protected void setBucketPolicy(String bucket, String json)
    {
        client.putBucketPolicy(request -> request.bucket(bucket).policy(json));
    }

    @Override
    protected Optional<String> storedContentType(String bucket, String key)
    {
        return Optional.of(client.headObject(request -> request.bucket(bucket).key(key)).contentType());
    }
}
