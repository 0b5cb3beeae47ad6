package dev.cairn.testing;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 requests written byte by byte, for what no HTTP client sends: a body that does not match its
 * {@code Content-Length}, broken or endless chunked encoding, a body that stops arriving. The request is written on
 * another thread while the answer is read, so that a server that answers early (and closes) is heard.
 */
final class RawHttp
{
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private RawHttp() {}

    /** How the body goes on the wire. */
    enum Framing
    {
        /** {@code Content-Length} is the body's length. */
        EXACT,
        /** {@code Content-Length} is given in the headers; the body is sent as it is. */
        DECLARED,
        /** {@code Transfer-Encoding: chunked}; the body is sent as it is (already chunk-encoded, or broken). */
        CHUNKED
    }

    record Answer(int status, Map<String, String> headers, String body, Duration elapsed)
    {
        Optional<String> header(String name)
        {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Signs a request with the AWS SDK's SigV4 signer; returns the headers to send (with {@code Host}).
     *
     * @param sessionToken sent as {@code X-Amz-Security-Token} and signed, as SDKs do with temporary credentials
     */
    static Map<String, String> sign(URI endpoint, String method, String pathAndQuery, Map<String, String> headers, byte[] body, String service, String accessKeyId,
            String secret, Optional<String> sessionToken, Instant time)
    {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(endpoint.resolve(pathAndQuery));
        headers.forEach(request::putHeader);
        AwsCredentialsIdentity identity = sessionToken.<AwsCredentialsIdentity>map(token -> AwsSessionCredentialsIdentity.create(accessKeyId, secret, token))
                .orElseGet(() -> AwsCredentialsIdentity.create(accessKeyId, secret));
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC)));
        Map<String, String> signedHeaders = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> signedHeaders.put(name, values.get(0)));
        return signedHeaders;
    }

    /** Presigns a request with the AWS SDK's signer (the signature in the query string); returns its path and query. */
    static String presign(URI endpoint, String method, String pathAndQuery, Map<String, String> headers, byte[] body, String service, String accessKeyId, String secret,
            Instant time, Duration expiresIn)
    {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(endpoint.resolve(pathAndQuery));
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiresIn)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC)));
        URI uri = signed.request().getUri();
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /**
     * Sends one request on a new connection and reads the answer.
     *
     * @param headers sent as given, after the request line (a {@code Host} header among them)
     */
    static Answer exchange(URI endpoint, String method, String pathAndQuery, Map<String, String> headers, byte[] body, Framing framing)
            throws IOException
    {
        StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        switch (framing) {
            case EXACT -> head.append("Content-Length: ").append(body.length).append("\r\n");
            case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
            case DECLARED -> {
                // the headers carry it
            }
        }
        head.append("\r\n");
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                }
                catch (IOException e) {
                    // the server answered and closed before it had the whole body: its answer is what counts
                }
            });
            Answer answer = read(socket.getInputStream(), start);
            written.cancel(true);
            return answer;
        }
    }

    private static Answer read(InputStream in, long start)
            throws IOException
    {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        long contentLength = -1;
        try {
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                received.write(buffer, 0, read);
                byte[] bytes = received.toByteArray();
                if (headEnd < 0) {
                    headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    if (headEnd >= 0) {
                        contentLength = contentLength(new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1));
                    }
                }
                if (headEnd >= 0 && contentLength >= 0 && bytes.length - headEnd - 4 >= contentLength) {
                    break;
                }
            }
        }
        catch (SocketTimeoutException e) {
            throw new IOException("no answer within " + ANSWER_TIMEOUT, e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        byte[] bytes = received.toByteArray();
        if (headEnd < 0) {
            throw new IOException("the connection closed without an answer (" + bytes.length + " bytes received)");
        }
        String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = new String(bytes, headEnd + 4, bytes.length - headEnd - 4, StandardCharsets.UTF_8);
        return new Answer(status, headers, body, elapsed);
    }

    private static long contentLength(String head)
    {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte[] part)
    {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A body as one chunk of chunked transfer encoding, with the last chunk. */
    static byte[] oneChunk(byte[] body)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
