package dev.cairn.target.s3;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 endpoint for tests that keeps bucket policies: an HTTP front on {@code 127.0.0.1} to an S3 API server that
 * does not (s3proxy answers GetBucketPolicy with 404 {@code NoSuchPolicy} and PutBucketPolicy with 501). It serves
 * {@code GET}, {@code PUT} and {@code DELETE /<bucket>?policy} from memory and forwards every other request as it
 * came: method, path and query as sent, every header including {@code Host}, so that SigV4 signatures (also those
 * of aws-chunked uploads) verify upstream, and the body streamed with the length or chunking it came with. The
 * answer comes back as the upstream server gave it (status, headers, body), but for the headers the front's HTTP
 * server writes itself: {@code Date}, {@code Content-Length} or {@code Transfer-Encoding}, {@code Connection}.
 *
 * <p>What it checks of the policy requests:
 * <ul>
 * <li>GET is first forwarded unchanged: the upstream server verifies its signature and that the bucket exists, and
 * its answer is relayed unless it is {@code NoSuchPolicy}. Then the policy is served (200, {@code application/json})
 * or S3's 404 {@code NoSuchBucketPolicy}.</li>
 * <li>PUT and DELETE must name this endpoint's access key id (in {@code Authorization} or {@code X-Amz-Credential}),
 * but neither their signatures nor {@code Content-MD5} or checksums are verified. The bucket must exist (asked
 * upstream with a HeadBucket of the front's own; else 404 {@code NoSuchBucket}). A PUT's body, aws-chunked or not,
 * is kept as sent, not parsed as a policy. Both answer 204.</li>
 * </ul>
 * A bucket's policy is forgotten when a DeleteBucket through the front succeeds. Policies live in memory, across
 * {@link #stop()} and {@link #restart()}. Path-style addressing only. Thread-safe.
 */
public final class TestingS3Endpoint
        implements Closeable
{
    /** Request headers not copied as they are: the body's framing is written again, Expect was answered here. */
    private static final Set<String> REQUEST_FRAMING = Set.of("content-length", "transfer-encoding", "expect");
    /** Answer headers the front's HTTP server writes itself. */
    private static final Set<String> ANSWER_FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive");
    private static final Pattern BUCKET_PATH = Pattern.compile("/([^/]+)/?");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern SIGV4_KEY_ID = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Pattern SIGV2_KEY_ID = Pattern.compile("^AWS ([^:]+):");

    private final URI upstream;
    private final String accessKeyId;
    private final S3BucketStore upstreamBuckets;
    private final ExecutorService executor;
    private final Map<String, String> policies = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    // guarded by lock; empty while stopped
    private Optional<HttpServer> server = Optional.empty();
    private volatile int port;

    /**
     * Listens on a free port of {@code 127.0.0.1} in front of {@code upstream}, an S3 API server that accepts these
     * credentials.
     */
    public TestingS3Endpoint(URI upstream, String accessKeyId, String secretAccessKey)
    {
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.accessKeyId = requireNonNull(accessKeyId, "accessKeyId is null");
        this.upstreamBuckets = new S3BucketStore(new S3BucketStore.Settings(upstream, "us-east-1", Optional.of(accessKeyId),
                Optional.of(requireNonNull(secretAccessKey, "secretAccessKey is null"))));
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "testing-s3-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        synchronized (lock) {
            listen(0);
        }
    }

    /** Where clients send their requests: {@code http://127.0.0.1:<port>}. */
    public URI endpoint()
    {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The endpoint goes down: connections to its port are refused. The upstream server is left alone. */
    public void stop()
    {
        synchronized (lock) {
            server.ifPresent(running -> running.stop(0));
            server = Optional.empty();
        }
    }

    /** The endpoint comes back on the same port, with the same policies. */
    public void restart()
    {
        synchronized (lock) {
            if (server.isEmpty()) {
                listen(port);
            }
        }
    }

    @Override
    public void close()
    {
        stop();
        executor.shutdownNow();
        upstreamBuckets.close();
    }

    // guarded by lock
    private void listen(int requestedPort)
    {
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress("127.0.0.1", requestedPort), 64);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + requestedPort, e);
        }
        created.createContext("/", this::handle);
        created.setExecutor(executor);
        created.start();
        server = Optional.of(created);
        port = created.getAddress().getPort();
    }

    private void handle(HttpExchange exchange)
    {
        try {
            URI uri = exchange.getRequestURI();
            Optional<String> bucket = bucketOnly(uri);
            String method = exchange.getRequestMethod();
            if (bucket.isPresent() && hasParameter(uri, "policy") && method.equals("GET")) {
                getPolicy(exchange, bucket.get());
            }
            else if (bucket.isPresent() && hasParameter(uri, "policy") && (method.equals("PUT") || method.equals("DELETE"))) {
                changePolicy(exchange, bucket.get());
            }
            else {
                try (Answer answer = forward(exchange)) {
                    if (bucket.isPresent() && uri.getRawQuery() == null && method.equals("DELETE") && answer.status() == 204) {
                        policies.remove(bucket.get());
                    }
                    relay(exchange, answer);
                }
            }
        }
        catch (IOException | RuntimeException e) {
            // the upstream server is down or went away mid-answer, or the client did
            if (exchange.getResponseCode() == -1) {
                try {
                    error(exchange, 503, "ServiceUnavailable", "The S3 API server behind this endpoint did not answer: " + e, "");
                }
                catch (IOException ignored) {
                    // the client is gone too
                }
            }
        }
        finally {
            exchange.close();
        }
    }

    private void getPolicy(HttpExchange exchange, String bucket)
            throws IOException
    {
        // upstream checks the signature and the bucket; it knows no policies
        try (Answer answer = forward(exchange)) {
            byte[] body = answer.readBody();
            Matcher code = ERROR_CODE.matcher(new String(body, StandardCharsets.UTF_8));
            if (answer.status() != 404 || !code.find() || !code.group(1).equals("NoSuchPolicy")) {
                relay(exchange, answer);
                return;
            }
        }
        Optional<String> policy = Optional.ofNullable(policies.get(bucket));
        if (policy.isEmpty()) {
            error(exchange, 404, "NoSuchBucketPolicy", "The bucket policy does not exist", bucket);
            return;
        }
        byte[] body = policy.get().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void changePolicy(HttpExchange exchange, String bucket)
            throws IOException
    {
        Optional<String> keyId = accessKeyIdOf(exchange);
        if (keyId.isEmpty()) {
            error(exchange, 403, "AccessDenied", "Access Denied", bucket);
            return;
        }
        if (!keyId.get().equals(accessKeyId)) {
            error(exchange, 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", bucket);
            return;
        }
        if (!upstreamBuckets.bucketExists(bucket)) {
            error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist", bucket);
            return;
        }
        if (exchange.getRequestMethod().equals("PUT")) {
            policies.put(bucket, new String(requestBody(exchange), StandardCharsets.UTF_8));
        }
        else {
            policies.remove(bucket);
        }
        exchange.sendResponseHeaders(204, -1);
    }

    /** The access key id a request names, signed with SigV4 or SigV2, in a header or presigned. */
    private static Optional<String> accessKeyIdOf(HttpExchange exchange)
    {
        String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        Matcher v4 = SIGV4_KEY_ID.matcher(authorization);
        if (v4.find()) {
            return Optional.of(v4.group(1));
        }
        Matcher v2 = SIGV2_KEY_ID.matcher(authorization);
        if (v2.find()) {
            return Optional.of(v2.group(1));
        }
        return parameter(exchange.getRequestURI(), "X-Amz-Credential").filter(credential -> credential.contains("/")).map(credential -> credential.substring(0, credential.indexOf('/')));
    }

    /** The request's body without aws-chunked framing. */
    private static byte[] requestBody(HttpExchange exchange)
            throws IOException
    {
        Headers headers = exchange.getRequestHeaders();
        boolean awsChunked = Optional.ofNullable(headers.getFirst("x-amz-content-sha256")).orElse("").startsWith("STREAMING-")
                || Optional.ofNullable(headers.getFirst("Content-Encoding")).orElse("").contains("aws-chunked");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (awsChunked) {
            copyChunked(exchange.getRequestBody(), body);
        }
        else {
            exchange.getRequestBody().transferTo(body);
        }
        return body.toByteArray();
    }

    private Answer forward(HttpExchange exchange)
            throws IOException
    {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5_000);
            socket.setSoTimeout(120_000);
            Headers headers = exchange.getRequestHeaders();
            Optional<String> length = Optional.ofNullable(headers.getFirst("Content-Length"));
            boolean chunked = length.isEmpty() && Optional.ofNullable(headers.getFirst("Transfer-Encoding")).orElse("").equalsIgnoreCase("chunked");

            URI uri = exchange.getRequestURI();
            StringBuilder head = new StringBuilder()
                    .append(exchange.getRequestMethod()).append(' ')
                    .append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    .append(" HTTP/1.1\r\n");
            headers.forEach((name, values) -> {
                if (!REQUEST_FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
                }
            });
            length.ifPresent(value -> head.append("Content-Length: ").append(value).append("\r\n"));
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            }
            head.append("\r\n");

            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (chunked) {
                writeChunked(exchange.getRequestBody(), out);
            }
            else {
                exchange.getRequestBody().transferTo(out);
            }
            out.flush();
            return Answer.read(socket, exchange.getRequestMethod().equals("HEAD"));
        }
        catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void relay(HttpExchange exchange, Answer answer)
            throws IOException
    {
        Headers headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> header : answer.headers()) {
            if (!ANSWER_FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            // the length of what a GET would answer
            answer.header("Content-Length").ifPresent(length -> headers.set("Content-Length", length));
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        // 0 asks the HTTP server for chunks, -1 for no body
        long length = answer.length().orElse(0L);
        exchange.sendResponseHeaders(answer.status(), length == 0 && answer.length().isPresent() ? -1 : length);
        try (OutputStream out = exchange.getResponseBody()) {
            answer.copyBody(out);
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String bucket)
            throws IOException
    {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><BucketName>" + bucket + "</BucketName></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The bucket a path names when it names no key: {@code /bucket} or {@code /bucket/}. */
    private static Optional<String> bucketOnly(URI uri)
    {
        Matcher matcher = BUCKET_PATH.matcher(Optional.ofNullable(uri.getRawPath()).orElse(""));
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static boolean hasParameter(URI uri, String name)
    {
        return parameter(uri, name).isPresent();
    }

    private static Optional<String> parameter(URI uri, String name)
    {
        if (uri.getRawQuery() == null) {
            return Optional.empty();
        }
        for (String parameter : uri.getRawQuery().split("&")) {
            int equals = parameter.indexOf('=');
            String key = equals < 0 ? parameter : parameter.substring(0, equals);
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** Copies a body in HTTP chunks ({@code size[;extensions]} lines, also aws-chunked) without them, up to the last. */
    private static void copyChunked(InputStream in, OutputStream out)
            throws IOException
    {
        while (true) {
            String sizeLine = readLine(in);
            int extensions = sizeLine.indexOf(';');
            long size = Long.parseLong((extensions < 0 ? sizeLine : sizeLine.substring(0, extensions)).trim(), 16);
            if (size == 0) {
                // trailers (aws-chunked checksums and their signature) up to the empty line
                while (!readLine(in).isEmpty()) {
                    // skipped
                }
                return;
            }
            copyExactly(in, out, size);
            if (!readLine(in).isEmpty()) {
                throw new IOException("a chunk does not end where its size says");
            }
        }
    }

    private static void writeChunked(InputStream in, OutputStream out)
            throws IOException
    {
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            if (read > 0) {
                out.write((Integer.toHexString(read) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(buffer, 0, read);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void copyExactly(InputStream in, OutputStream out, long length)
            throws IOException
    {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the body ended " + left + " bytes early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    /** A line of an HTTP head, without its CRLF. */
    private static String readLine(InputStream in)
            throws IOException
    {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            if (next < 0) {
                throw new IOException("the connection closed in the middle of a line");
            }
            line.write(next);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** The upstream server's answer, its body still on the connection (or read, see {@link #readBody()}). */
    private static final class Answer
            implements Closeable
    {
        private final Socket socket;
        private final int status;
        private final List<Map.Entry<String, String>> headers;
        private InputStream body;
        private Optional<Long> length;
        private boolean chunked;

        private Answer(Socket socket, int status, List<Map.Entry<String, String>> headers, InputStream body, Optional<Long> length, boolean chunked)
        {
            this.socket = socket;
            this.status = status;
            this.headers = List.copyOf(headers);
            this.body = body;
            this.length = length;
            this.chunked = chunked;
        }

        static Answer read(Socket socket, boolean head)
                throws IOException
        {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (true) {
                String statusLine = readLine(in);
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    throw new IOException("not an HTTP answer: " + statusLine);
                }
                int status = Integer.parseInt(parts[1]);
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                    int colon = line.indexOf(':');
                    headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
                }
                if (status < 200) {
                    // 100 Continue and other interim answers
                    continue;
                }
                Answer answer = new Answer(socket, status, headers, in, Optional.empty(), false);
                if (head || status == 204 || status == 304) {
                    answer.length = Optional.of(0L);
                }
                else if (answer.header("Transfer-Encoding").orElse("").equalsIgnoreCase("chunked")) {
                    answer.chunked = true;
                }
                else {
                    answer.length = answer.header("Content-Length").map(Long::parseLong);
                }
                return answer;
            }
        }

        int status()
        {
            return status;
        }

        List<Map.Entry<String, String>> headers()
        {
            return headers;
        }

        Optional<String> header(String name)
        {
            return headers.stream().filter(header -> header.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        /** The body's length when known; unknown for chunks and for bodies that end when the connection does. */
        Optional<Long> length()
        {
            return length;
        }

        void copyBody(OutputStream out)
                throws IOException
        {
            if (chunked) {
                copyChunked(body, out);
            }
            else if (length.isPresent()) {
                copyExactly(body, out, length.get());
            }
            else {
                body.transferTo(out);
            }
        }

        /** Reads the whole body; it can still be copied afterwards. */
        byte[] readBody()
                throws IOException
        {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            copyBody(bytes);
            byte[] read = bytes.toByteArray();
            body = new ByteArrayInputStream(read);
            length = Optional.of((long) read.length);
            chunked = false;
            return read;
        }

        @Override
        public void close()
                throws IOException
        {
            socket.close();
        }
    }
}
