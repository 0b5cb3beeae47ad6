package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.s3.GatewayBucket;
import dev.cairn.core.s3.GatewayBuckets;
import dev.cairn.core.s3.S3ErrorCode;
import dev.cairn.core.s3.S3Exception;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GetBucketPolicy}, {@code PutBucketPolicy} and {@code DeleteBucketPolicy}: bucket policies are Cairn's, kept
 * with the bucket and evaluated by Cairn ({@code dev.cairn.core.s3.BucketAccess}); the upstream never sees them. A
 * policy is validated as S3 validates one ({@code MalformedPolicy}), at most 20 KB. A bucket Cairn has not seen
 * before (the upstream had it) is looked up upstream, and kept from then on as the first account's.
 */
final class BucketPolicies
{
    static final int MAXIMUM_POLICY_BYTES = 20 * 1024;

    private final GatewayRecorder recorder;
    private final UpstreamS3 upstream;
    private final String defaultOwner;

    BucketPolicies(GatewayRecorder recorder, UpstreamS3 upstream, String defaultOwner)
    {
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.defaultOwner = requireNonNull(defaultOwner, "defaultOwner is null");
    }

    void serve(HttpServletRequest request, HttpServletResponse response, GatewayEvent event, Optional<GatewayBucket> kept)
            throws IOException
    {
        String name = event.request().bucket().orElseThrow();
        GatewayBucket bucket = kept.isPresent() ? kept.get() : upstreamBucket(event, name);
        switch (request.getMethod()) {
            case "GET" -> {
                if (bucket.policy().isEmpty()) {
                    throw failure(event, new S3Exception(S3ErrorCode.NO_SUCH_BUCKET_POLICY));
                }
                byte[] policy = bucket.policy().get().getBytes(StandardCharsets.UTF_8);
                recorder.recordSuccess(event);
                response.setStatus(200);
                response.setContentType("application/json");
                response.setContentLength(policy.length);
                response.getOutputStream().write(policy);
            }
            case "PUT" -> {
                String text = new String(event.request().body().orElseThrow(), StandardCharsets.UTF_8);
                try {
                    PolicyDocument.parseResourcePolicy(text);
                }
                catch (CairnException e) {
                    throw failure(event, new S3Exception(S3ErrorCode.MALFORMED_POLICY, e.getMessage()));
                }
                if (text.length() > MAXIMUM_POLICY_BYTES) {
                    throw failure(event, new S3Exception(S3ErrorCode.MALFORMED_POLICY, "Policies must be no larger than " + MAXIMUM_POLICY_BYTES + " bytes."));
                }
                recorder.change(event, metadata -> {
                    new GatewayBuckets(metadata).put(bucket.withPolicy(Optional.of(text)));
                    return null;
                });
                response.setStatus(204);
            }
            case "DELETE" -> {
                recorder.change(event, metadata -> {
                    new GatewayBuckets(metadata).put(bucket.withPolicy(Optional.empty()));
                    return null;
                });
                response.setStatus(204);
            }
            default -> throw failure(event, new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED));
        }
    }

    /** A bucket the upstream has but Cairn does not keep yet: the first account's. */
    private GatewayBucket upstreamBucket(GatewayEvent event, String name)
            throws IOException
    {
        int status;
        try (UpstreamS3.Answer answer = upstream.send(new UpstreamS3.Call("HEAD", "/" + name, Map.of(), Map.of(), Optional.empty()))) {
            status = answer.status();
        }
        catch (IOException e) {
            throw failure(event, GatewayErrors.upstreamUnavailable());
        }
        if (status == 404) {
            throw failure(event, new S3Exception(S3ErrorCode.NO_SUCH_BUCKET));
        }
        if (status >= 300) {
            throw failure(event, new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "The storage behind the gateway answered HTTP " + status + " for the bucket."));
        }
        return new GatewayBucket(name, defaultOwner, Instant.now(), Optional.empty());
    }

    private S3Exception failure(GatewayEvent event, S3Exception error)
    {
        recorder.recordFailure(event, error.errorCode().code(), error.getMessage());
        return error;
    }
}
