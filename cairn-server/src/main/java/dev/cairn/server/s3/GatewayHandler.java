package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.Cairn;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.Authorizer;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.s3.BucketAccess;
import dev.cairn.core.s3.GatewayBucket;
import dev.cairn.core.s3.GatewayBuckets;
import dev.cairn.core.s3.S3Authorization;
import dev.cairn.core.s3.S3ErrorCode;
import dev.cairn.core.s3.S3ErrorResponse;
import dev.cairn.core.s3.S3Exception;
import dev.cairn.server.ApiEndpoint;
import dev.cairn.server.RequestAuthenticator;
import dev.cairn.server.RequestOrigin;
import dev.cairn.server.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One S3 request through the gateway: authenticate (SigV4 for {@code s3}, Cairn's credentials), classify
 * ({@link GatewayRequest}), authorize (identity and bucket policies, {@link BucketAccess}), forward to the upstream
 * re-signed with the gateway's key (bodies streamed, uploads verified as they stream), record the event, and answer
 * only once the event is durable. A request whose event cannot be recorded does not reach the upstream: when the
 * journal is not accepting, the answer is {@code 503 SlowDown}. Requests that fail authentication are answered and
 * not recorded (there is no principal to record), as for Cairn's API.
 */
final class GatewayHandler
        implements Closeable
{
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final int COPY_BUFFER_SIZE = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);

    private final Cairn cairn;
    private final GatewayConfig config;
    private final RequestAuthenticator authenticator;
    private final TrustedProxies proxies;
    private final UpstreamS3 upstream;
    private final GatewayRecorder recorder;
    private final Map<String, PolicyDocument> parsedPolicies = new ConcurrentHashMap<>();
    private volatile String defaultOwner;

    GatewayHandler(Cairn cairn, GatewayConfig config, RequestAuthenticator authenticator, TrustedProxies proxies)
    {
        this.cairn = requireNonNull(cairn, "cairn is null");
        this.config = requireNonNull(config, "config is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.proxies = requireNonNull(proxies, "proxies is null");
        this.upstream = new UpstreamS3(config);
        this.recorder = new GatewayRecorder(cairn);
    }

    void handle(HttpServletRequest request, HttpServletResponse response)
    {
        String requestId = GatewayIds.requestId();
        String hostId = GatewayIds.hostId();
        response.setHeader("x-amz-request-id", requestId);
        response.setHeader("x-amz-id-2", hostId);
        Function<String, String> headers = ApiEndpoint.headerLookup(request);
        String rawPath = request.getRequestURI();
        GatewayRequest call;
        RequestAuthenticator.Verified verified;
        try {
            Map<String, List<String>> query = ApiEndpoint.parseParameters(request.getQueryString());
            call = GatewayRequest.parse(request.getMethod(), rawPath, query, headers, config.domain());
            if (GatewayErrors.signedWithVersion2(query, headers.apply("authorization"))) {
                throw GatewayErrors.signatureVersion2();
            }
            verified = authenticator.verify(List.of("s3"), request.getMethod(), rawPath, query, headers,
                    presigned -> presigned ? UNSIGNED_PAYLOAD : declaredContentHash(headers));
        }
        catch (S3Exception e) {
            sendError(response, e, rawPath, requestId, hostId);
            return;
        }
        catch (CairnException e) {
            sendError(response, GatewayErrors.authentication(e, headers.apply("authorization") == null), rawPath, requestId, hostId);
            return;
        }
        catch (IOException | RuntimeException e) {
            log.warn("S3 gateway request {} failed before authentication", requestId, e);
            sendError(response, GatewayErrors.internal(), rawPath, requestId, hostId);
            return;
        }
        RequestOrigin origin = proxies.origin(request);
        GatewayEvent event = new GatewayEvent(call, verified, origin, headers.apply("user-agent"), requestId, hostId, cairn.clock().instant());
        try {
            serve(request, response, event);
        }
        catch (S3Exception e) {
            sendError(response, e, rawPath, requestId, hostId);
        }
        catch (IOException | RuntimeException e) {
            log.warn("S3 gateway request {} ({} {}) failed", requestId, call.eventName(), rawPath, e);
            sendError(response, GatewayErrors.internal(), rawPath, requestId, hostId);
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, GatewayEvent event)
            throws IOException
    {
        GatewayRequest call = event.request();
        Optional<GatewayBucket> bucket = call.bucket().isPresent()
                ? cairn.store().read(reader -> new GatewayBuckets(reader).bucket(call.bucket().get()))
                : Optional.empty();
        boolean creates = call.eventName().equals("CreateBucket");
        // a bucket being created is the caller's; ListBuckets is about the caller's own
        String owner = call.bucket().isEmpty() || (creates && bucket.isEmpty())
                ? event.principal().accountId()
                : bucket.map(GatewayBucket::ownerAccountId).orElseGet(this::defaultOwner);
        event.owner(owner);
        if (!cairn.journal().accepting()) {
            // nothing reaches the upstream unrecorded
            throw GatewayErrors.slowDown();
        }
        if (call.buffersBody()) {
            call.body(readBody(request, event));
        }
        if (creates && bucket.isPresent() && !bucket.get().ownerAccountId().equals(event.principal().accountId())) {
            // bucket names are global: another account's bucket is taken, whatever the caller may do
            throw recorded(event, new S3Exception(S3ErrorCode.BUCKET_ALREADY_EXISTS));
        }
        authorize(request, event, bucket);
        if (call.keptByCairn()) {
            new BucketPolicies(recorder, upstream, defaultOwner()).serve(request, response, event, bucket);
        }
        else {
            forward(request, response, event, bucket);
        }
    }

    /** Every (action, resource) the request needs, by the caller's policies and the bucket's; a denial is recorded. */
    private void authorize(HttpServletRequest request, GatewayEvent event, Optional<GatewayBucket> bucket)
            throws IOException
    {
        GatewayRequest call = event.request();
        Optional<PolicyDocument> policy = bucket.flatMap(GatewayBucket::policy).map(this::parsedPolicy);
        Map<String, List<String>> context = new HashMap<>(Authorizer.requestContext(event.principal(), event.origin().clientAddress(), event.region(),
                event.origin().secure(), event.userAgent(), event.receivedAt()));
        context.putAll(call.conditionKeys(event.receivedAt()));
        List<S3Authorization> permissions;
        try {
            permissions = call.permissions();
        }
        catch (S3Exception e) {
            throw recorded(event, e);
        }
        for (S3Authorization permission : permissions) {
            BucketAccess.Outcome outcome = cairn.bucketAccess().decide(event.principal(), event.owner(), policy, new AuthorizationRequest(permission.action(), permission.resource(), context));
            if (!outcome.allowed()) {
                throw recorded(event, GatewayErrors.accessDenied());
            }
        }
        String expectedOwner = request.getHeader("x-amz-expected-bucket-owner");
        if (expectedOwner != null && !expectedOwner.equals(event.owner())) {
            throw recorded(event, GatewayErrors.accessDenied());
        }
    }

    /** The request to the upstream, and its answer back to the client once the event is durable. */
    private void forward(HttpServletRequest request, HttpServletResponse response, GatewayEvent event, Optional<GatewayBucket> bucket)
            throws IOException
    {
        GatewayRequest call = event.request();
        Optional<UpstreamS3.Body> body = Optional.empty();
        Optional<S3Payload> payload = Optional.empty();
        if (call.body().isPresent()) {
            byte[] content = call.body().get();
            body = Optional.of(new UpstreamS3.Body(new ByteArrayInputStream(content), content.length));
            event.bytesIn(content.length);
        }
        else if (call.hasBody()) {
            S3Payload streamed = openPayload(request, event);
            long length = streamed.decodedContentLength().orElse(request.getContentLengthLong());
            if (length < 0 && request.getHeader("transfer-encoding") != null) {
                throw recorded(event, new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH));
            }
            // a request without Content-Length or Transfer-Encoding has no body (a copy)
            length = Math.max(length, 0);
            payload = Optional.of(streamed);
            body = Optional.of(new UpstreamS3.Body(streamed, length));
        }
        UpstreamS3.Answer answer;
        try {
            answer = upstream.send(new UpstreamS3.Call(call.method(), call.upstreamPath(), call.upstreamQuery(), GatewayRequest.upstreamHeaders(request), body));
        }
        catch (IOException e) {
            Optional<S3BodyException> refused = bodyFailure(e);
            if (refused.isPresent()) {
                // the upload's own body was refused as it streamed (a bad chunk signature, a wrong hash): its last byte
                // was held back, so the upstream got an incomplete body and kept nothing
                throw recorded(event, new S3Exception(refused.get().errorCode(), refused.get().getMessage()));
            }
            log.warn("S3 gateway request {}: the upstream {} did not answer: {}", event.requestId(), upstream.endpoint(), e.toString());
            throw recorded(event, GatewayErrors.upstreamUnavailable());
        }
        try (answer) {
            InputStream content = answer.body();
            payload.ifPresent(streamed -> event.bytesIn(streamed.decodedBytes()));
            int status = answer.status();
            event.response(status, answer.headers());
            if (status >= 300 && status != 304) {
                // an upstream error passes through unchanged, recorded with its code
                byte[] error = content.readNBytes(GatewayRecorder.MAXIMUM_ERROR_BODY);
                recorder.recordUpstreamFailure(event, error);
                copyHeaders(answer, response);
                response.setStatus(status);
                response.setContentLength(error.length);
                response.getOutputStream().write(error);
                return;
            }
            long length = answer.contentLength();
            if (call.filtersListing()) {
                byte[] listing = ListBucketsFilter.filter(content.readAllBytes(), event.principal().accountId(), this::ownerOf);
                event.bytesOut(listing.length);
                recordSuccess(event, bucket);
                copyHeaders(answer, response);
                response.setStatus(status);
                response.setContentLength(listing.length);
                response.getOutputStream().write(listing);
                return;
            }
            event.bytesOut(call.method().equals("HEAD") ? 0 : Math.max(length, 0));
            recordSuccess(event, bucket);
            copyHeaders(answer, response);
            response.setStatus(status);
            if (length >= 0) {
                response.setContentLengthLong(length);
            }
            if (!call.method().equals("HEAD")) {
                copy(content, response.getOutputStream());
            }
        }
    }

    /** A successful call's record; creating and deleting a bucket change what Cairn keeps of it in the same commit. */
    private void recordSuccess(GatewayEvent event, Optional<GatewayBucket> bucket)
    {
        String name = event.request().bucket().orElse("");
        switch (event.request().eventName()) {
            case "CreateBucket" -> {
                GatewayBucket created = bucket.orElseGet(() -> new GatewayBucket(name, event.principal().accountId(), event.receivedAt(), Optional.empty()));
                recorder.change(event, metadata -> new GatewayBuckets(metadata).insert(created));
            }
            case "DeleteBucket" -> recorder.change(event, metadata -> new GatewayBuckets(metadata).delete(name));
            default -> recorder.recordSuccess(event);
        }
    }

    @Override
    public void close()
            throws IOException
    {
        upstream.close();
    }

    private S3Exception recorded(GatewayEvent event, S3Exception error)
    {
        recorder.recordFailure(event, error.errorCode().code(), error.getMessage());
        return error;
    }

    /** A small body read whole (an XML document the record carries, DeleteObjects' keys), verified. */
    private byte[] readBody(HttpServletRequest request, GatewayEvent event)
            throws IOException
    {
        try (InputStream body = openPayload(request, event)) {
            byte[] content = body.readNBytes(GatewayRequest.MAXIMUM_BUFFERED_BODY + 1);
            if (content.length > GatewayRequest.MAXIMUM_BUFFERED_BODY) {
                throw recorded(event, new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, "The request body is larger than the " + GatewayRequest.MAXIMUM_BUFFERED_BODY
                        + " bytes this request may have."));
            }
            return content;
        }
        catch (S3BodyException e) {
            throw recorded(event, new S3Exception(e.errorCode(), e.getMessage()));
        }
    }

    /**
     * The request's body as the upstream gets it: decoded (aws-chunked) and verified as it streams against the
     * request's signature, its declared hash and checksums.
     */
    static S3Payload openPayload(HttpServletRequest request, GatewayEvent event)
            throws IOException
    {
        RequestAuthenticator.Verified verified = event.verified();
        SeedSignature seed = SeedSignature.of(verified.secretAccessKey(), verified.requestTime(), verified.region(), "s3", verified.authorization().signature());
        String contentSha256 = verified.presigned() ? UNSIGNED_PAYLOAD : request.getHeader("x-amz-content-sha256");
        return S3Payload.open(contentSha256, ApiEndpoint.headerLookup(request), seed, request.getInputStream());
    }

    private static Optional<S3BodyException> bodyFailure(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof S3BodyException body) {
                return Optional.of(body);
            }
        }
        return Optional.empty();
    }

    private String ownerOf(String bucketName)
    {
        try {
            return cairn.store().read(reader -> new GatewayBuckets(reader).bucket(bucketName)).map(GatewayBucket::ownerAccountId).orElseGet(this::defaultOwner);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the upstream's answer to the client as it arrives, each write taking all that has arrived, up to 64 KB:
     * the JDK's client hands a response over in the pieces it read from the socket (16 KB at most), and fewer, larger
     * writes to the client cost less (docs/benchmarks.md, "S3 gateway"). Nothing waits for more to arrive.
     */
    private static void copy(InputStream in, OutputStream out)
            throws IOException
    {
        byte[] buffer = new byte[COPY_BUFFER_SIZE];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            while (read < buffer.length && in.available() > 0) {
                int more = in.read(buffer, read, buffer.length - read);
                if (more < 0) {
                    break;
                }
                read += more;
            }
            out.write(buffer, 0, read);
        }
    }

    private static void copyHeaders(UpstreamS3.Answer from, HttpServletResponse to)
    {
        from.headers().forEach((name, values) -> {
            if (GatewayRequest.forwardsResponseHeader(name)) {
                for (String value : values) {
                    to.addHeader(name, value);
                }
            }
        });
    }

    private PolicyDocument parsedPolicy(String text)
    {
        if (parsedPolicies.size() > 10_000) {
            parsedPolicies.clear();
        }
        return parsedPolicies.computeIfAbsent(text, PolicyDocument::parseStoredResourcePolicy);
    }

    /** The account that owns buckets the upstream had before Cairn knew of them: the first account. */
    private String defaultOwner()
    {
        String owner = defaultOwner;
        if (owner == null) {
            try {
                owner = cairn.accounts().firstAccount().map(Account::accountId)
                        .orElseThrow(() -> new CairnException(ErrorCode.SERVICE_UNAVAILABLE, "Cairn has no account yet."));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaultOwner = owner;
        }
        return owner;
    }

    private static String declaredContentHash(Function<String, String> headers)
    {
        String declared = headers.apply("x-amz-content-sha256");
        if (declared == null) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Missing required header for this request: x-amz-content-sha256");
        }
        return declared;
    }

    private static void sendError(HttpServletResponse response, S3Exception error, String resource, String requestId, String hostId)
    {
        if (response.isCommitted()) {
            // the answer's body was streaming: all the client can learn is that the connection ended early
            log.debug("S3 gateway request {} failed after its answer began: {}", requestId, error.getMessage());
            return;
        }
        byte[] body = S3ErrorResponse.of(error, Optional.of(resource), requestId, hostId).toXml().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setStatus(error.errorCode().status());
        response.setContentType("application/xml");
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        }
        catch (IOException e) {
            log.debug("could not write the error answer of request {}: {}", requestId, e.getMessage());
        }
    }
}
