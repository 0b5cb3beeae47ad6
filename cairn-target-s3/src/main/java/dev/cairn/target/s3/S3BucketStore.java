package dev.cairn.target.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.BucketStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Buckets on any S3-compatible endpoint, addressed path-style ({@code http://host:port/bucket/key}), through the AWS
 * SDK's S3 client. Errors come back as {@link IOException}s whose message says what the endpoint answered.
 */
public final class S3BucketStore
        implements BucketStore, Closeable
{
    private final Settings settings;
    private final S3Client client;

    /**
     * @param accessKeyId with {@code secretAccessKey}: the key to sign with; without, the SDK's default chain
     *         ({@code AWS_ACCESS_KEY_ID}, profiles, ...)
     */
    public record Settings(URI endpoint, String region, Optional<String> accessKeyId, Optional<String> secretAccessKey)
    {
        /** The region S3 requests are signed for unless another is given. */
        public static final String DEFAULT_REGION = "us-east-1";

        public Settings
        {
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(region, "region is null");
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
            if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
                throw new IllegalArgumentException("give both the S3 access key id and the secret access key, or neither");
            }
        }

        @Override
        public String toString()
        {
            // the secret never reaches logs
            return "S3 " + endpoint + " (" + region + accessKeyId.map(key -> ", key " + key).orElse("") + ")";
        }
    }

    public S3BucketStore(Settings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
        AwsCredentialsProvider credentials = settings.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        this.client = S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .forcePathStyle(true)
                .credentialsProvider(credentials)
                // plain checksums only where S3 requires them: S3-compatible servers differ in the newer trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(override -> override.apiCallTimeout(Duration.ofSeconds(60)).addExecutionInterceptor(new NoExpectContinue()))
                .build();
    }

    /**
     * Removes the {@code Expect: 100-continue} the S3 client puts on uploads. HttpURLConnection waits up to 5 s for the
     * interim answer, and when a server answers at once with an error instead (no such bucket, encryption refused)
     * and closes, the client reports "Error writing request body" instead of the server's error, after four such
     * attempts: a refused delivery took 20 s to show, without its reason. Log files are small: sending the body
     * unasked costs little, and the server's answer is then read.
     */
    private static final class NoExpectContinue
            implements ExecutionInterceptor
    {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes)
        {
            SdkHttpRequest request = context.httpRequest();
            return request.firstMatchingHeader("Expect").isPresent() ? request.toBuilder().removeHeader("Expect").build() : request;
        }
    }

    @Override
    public boolean bucketExists(String bucket)
            throws IOException
    {
        try {
            client.headBucket(request -> request.bucket(bucket));
            return true;
        }
        catch (NoSuchBucketException e) {
            return false;
        }
        catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("check bucket " + bucket, e);
        }
        catch (SdkException e) {
            throw failure("check bucket " + bucket, e);
        }
    }

    /** GetBucketPolicy; a bucket without a policy answers 404 ({@code NoSuchBucketPolicy}, or s3proxy's {@code NoSuchPolicy}). */
    @Override
    public Optional<String> bucketPolicy(String bucket)
            throws IOException
    {
        try {
            return Optional.of(client.getBucketPolicy(request -> request.bucket(bucket)).policy());
        }
        catch (S3Exception e) {
            if (e.statusCode() == 404 && e.awsErrorDetails() != null && !"NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw failure("read the policy of bucket " + bucket, e);
        }
        catch (SdkException e) {
            throw failure("read the policy of bucket " + bucket, e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content, ObjectAttributes attributes)
            throws IOException
    {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(attributes.contentType())
                .metadata(attributes.userMetadata());
        if (attributes.kmsKeyId().isPresent()) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(attributes.kmsKeyId().get());
        }
        try {
            client.putObject(request.build(), RequestBody.fromBytes(content));
        }
        catch (SdkException e) {
            throw failure("write s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public Optional<StoredObject> get(String bucket, String key)
            throws IOException
    {
        try {
            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(request -> request.bucket(bucket).key(key));
            return Optional.of(new StoredObject(object.asByteArray(), object.response().metadata()));
        }
        catch (NoSuchKeyException | NoSuchBucketException e) {
            return Optional.empty();
        }
        catch (SdkException e) {
            throw failure("read s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public List<String> list(String bucket, String prefix)
            throws IOException
    {
        try {
            return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key)
                    .sorted()
                    .toList();
        }
        catch (SdkException e) {
            throw failure("list s3://" + bucket + "/" + prefix, e);
        }
    }

    @Override
    public String describe()
    {
        return settings.toString();
    }

    @Override
    public void close()
    {
        client.close();
    }

    private IOException failure(String what, SdkException e)
    {
        String detail = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                ? s3.statusCode() + " " + s3.awsErrorDetails().errorCode() + ": " + s3.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException("cannot " + what + " at " + settings.endpoint() + ": " + detail, e);
    }
}
