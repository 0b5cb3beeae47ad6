package dev.cairn.benchmark;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A complete HTTP/1.1 request, signed with the AWS SDK's SigV4 signer, as bytes ready to write to a socket.
 * SigV4 signatures stay valid for 15 minutes, so the load generator signs each distinct request once and replays it;
 * the server still verifies every one.
 */
final class SignedRequests
{
    private SignedRequests() {}

    static byte[] cloudTrail(URI endpoint, String operation, String body, String accessKeyId, String secret, String region)
    {
        return cloudTrail(endpoint, operation, body, AwsCredentialsIdentity.create(accessKeyId, secret), region);
    }

    /** With any credentials, such as temporary ones (their session token goes in {@code X-Amz-Security-Token}). */
    static byte[] cloudTrail(URI endpoint, String operation, String body, AwsCredentialsIdentity credentials, String region)
    {
        return build(endpoint, Map.of(
                "Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101." + operation,
                "User-Agent", "cairn-benchmark"), body, credentials, region, "cloudtrail");
    }

    static byte[] query(URI endpoint, String service, String body, String accessKeyId, String secret, String region)
    {
        return build(endpoint, Map.of(
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "User-Agent", "cairn-benchmark"), body, AwsCredentialsIdentity.create(accessKeyId, secret), region, service);
    }

    static byte[] query(URI endpoint, String service, String body, AwsCredentialsIdentity credentials, String region)
    {
        return build(endpoint, Map.of(
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "User-Agent", "cairn-benchmark"), body, credentials, region, service);
    }

    /**
     * A path-style S3 request with its body, the body's SHA-256 in {@code x-amz-content-sha256} and covered by the
     * signature (how the AWS SDKs sign a small upload without aws-chunked encoding).
     *
     * @param path the encoded path, {@code /bucket/key}
     */
    static byte[] s3(URI endpoint, String method, String path, byte[] body, AwsCredentialsIdentity credentials, String region)
    {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(endpoint).encodedPath(path)
                .putHeader("User-Agent", "cairn-benchmark")
                .putHeader("x-amz-content-sha256", sha256(body));
        if (body.length > 0 || method.equals("PUT")) {
            request.putHeader("Content-Length", Integer.toString(body.length));
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(credentials)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head(method, path, signed));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    /**
     * The head of a path-style S3 request whose body of {@code contentLength} bytes the caller streams after it:
     * {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}, the signature covers the headers only.
     */
    static byte[] s3UnsignedPayload(URI endpoint, String method, String path, long contentLength, AwsCredentialsIdentity credentials, String region)
    {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(endpoint).encodedPath(path)
                .putHeader("User-Agent", "cairn-benchmark")
                .putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        if (contentLength > 0 || method.equals("PUT")) {
            request.putHeader("Content-Length", Long.toString(contentLength));
        }
        // without a payload to hash and with payload signing off, the signer signs UNSIGNED-PAYLOAD (even over http)
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(credentials)
                .request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        return head(method, path, signed);
    }

    private static byte[] head(String method, String path, SignedRequest signed)
    {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue().get(0)).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] content)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] build(URI endpoint, Map<String, String> headers, String body, AwsCredentialsIdentity credentials, String region, String service)
    {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"));
        headers.forEach(request::putHeader);
        request.putHeader("Content-Length", Integer.toString(payload.length));
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(credentials)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue().get(0)).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(payload);
        return bytes.toByteArray();
    }
}
