package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.outbox.OutboxSenders;
import dev.cairn.spi.Outbox;
import dev.cairn.spi.OutboxMessage;
import dev.cairn.spi.OutboxStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts the SNS messages waiting in the outbox to their HTTP/HTTPS endpoints, signed with the certificate Cairn serves,
 * with SNS's headers. Each subscription is a destination that has at most one message in flight on this node; its
 * messages are claimed one at a time (so no two nodes post one message at once), posted without blocking a thread
 * (a slow or dead endpoint holds only its own destination back), then deleted, or rescheduled by the topic's delivery
 * policy and dropped once its retries are spent. Delivery is at least once: a node that dies holding a claim leaves
 * the message to be posted again when the claim runs out.
 *
 * <p>{@link #runOnce} starts work for the destinations that have messages due, for a background loop to call. The
 * API endpoint the messages' URLs point at is set with {@link #apiEndpoint} once the server has bound its port;
 * nothing is sent before. Thread-safe.
 */
public final class SnsDelivery
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(SnsDelivery.class);
    /** How long SNS waits for an HTTP/HTTPS endpoint to answer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A claim outlasts an attempt with room to spare. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final int MAXIMUM_ERROR_LENGTH = 200;

    private final Outbox outbox;
    private final SnsSigningCertificates certificates;
    private final Clock clock;
    private final HttpClient http;
    /** Outbox reads and writes after each post; few and short. */
    private final ExecutorService workers;
    private final OutboxSenders senders;
    private final Map<String, AtomicLong> failuresByDestination = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Optional<String> apiEndpoint = Optional.empty();
    private volatile boolean closed;

    public SnsDelivery(Outbox outbox, SnsSigningCertificates certificates, Clock clock)
    {
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.certificates = requireNonNull(certificates, "certificates is null");
        this.clock = requireNonNull(clock, "clock is null");
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "cairn-sns-delivery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(workers)
                .build();
        this.senders = new OutboxSenders(outbox, clock, workers, SnsDeliveryMessage::isSnsDestination, LEASE, () -> closed);
        senders.sender(this::post);
    }

    /**
     * Where Cairn's API answers, as endpoints reach it ({@code https://cairn.example.com:4747}): the base of the
     * messages' {@code SubscribeURL}, {@code UnsubscribeURL} and {@code SigningCertURL}.
     */
    public void apiEndpoint(String url)
    {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.apiEndpoint = Optional.of(URI.create(trimmed).toString());
    }

    /** The path the signing certificate is served at on the API endpoint, {@code /sns/SimpleNotificationService-<hash>.pem}. */
    public static String certificatePath(SnsSigningCertificate certificate)
    {
        return "/sns/" + certificate.fileName();
    }

    /** Starts work for destinations with messages due that this node is not already sending to; whether it started any. */
    public boolean runOnce()
            throws IOException
    {
        if (apiEndpoint.isEmpty()) {
            return false;
        }
        return senders.startDue();
    }

    private void post(String destination, OutboxMessage stored)
            throws IOException
    {
        SnsDeliveryMessage message = SnsDeliveryMessage.fromBytes(stored.payload());
        SnsSigningCertificate certificate = certificates.certificate();
        String endpoint = apiEndpoint.orElseThrow();
        SignedSnsMessage signed = certificate.sign(message.snsMessage(endpoint), SignatureVersion.fromValue(message.signatureVersion()),
                endpoint + certificatePath(certificate));
        SnsDeliveryPolicy policy = policy(message);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(message.endpoint()))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(signed.body(), StandardCharsets.UTF_8));
        signed.headers().forEach((name, value) -> request.header(name, name.equals("Content-Type") ? policy.headerContentType() : value));
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .whenCompleteAsync((response, failure) -> {
                    try {
                        if (failure == null && response.statusCode() >= 200 && response.statusCode() < 300) {
                            outbox.delete(stored.id());
                            delivered.incrementAndGet();
                            log.debug("delivered {}", message);
                        }
                        else {
                            failed(destination, stored, message, policy, failure == null ? "HTTP " + response.statusCode() : describe(failure));
                        }
                    }
                    catch (IOException | RuntimeException e) {
                        log.warn("SNS delivery to {} could not record its attempt: {}", destination, e.toString());
                    }
                    senders.next(destination);
                }, workers);
    }

    private void failed(String destination, OutboxMessage stored, SnsDeliveryMessage message, SnsDeliveryPolicy policy, String error)
            throws IOException
    {
        failedAttempts.incrementAndGet();
        failuresByDestination.computeIfAbsent(destination, ignored -> new AtomicLong()).incrementAndGet();
        int attempts = stored.attempts() + 1;
        Optional<Duration> delay = policy.delayBeforeRetry(attempts);
        if (delay.isEmpty()) {
            outbox.delete(stored.id());
            dropped.incrementAndGet();
            log.warn("dropped {} after {} attempts; the last: {}", message, attempts, error);
            return;
        }
        log.debug("attempt {} of {} failed ({}); next in {}", attempts, message, error, delay.get());
        outbox.reschedule(stored.id(), attempts, clock.instant().plus(delay.get()), error);
    }

    private static SnsDeliveryPolicy policy(SnsDeliveryMessage message)
    {
        try {
            return SnsDeliveryPolicy.parse(message.deliveryPolicy());
        }
        catch (SnsDeliveryPolicy.InvalidDeliveryPolicyException e) {
            return SnsDeliveryPolicy.DEFAULT;
        }
    }

    private static String describe(Throwable failure)
    {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() <= MAXIMUM_ERROR_LENGTH ? text : text.substring(0, MAXIMUM_ERROR_LENGTH);
    }

    /** Messages posted and acknowledged since start. */
    public long delivered()
    {
        return delivered.get();
    }

    /** Attempts that failed since start (each retried, or dropped once the retries are spent). */
    public long failedAttempts()
    {
        return failedAttempts.get();
    }

    /** Messages given up since start, their retries spent. */
    public long dropped()
    {
        return dropped.get();
    }

    /**
     * The SNS figures in the Prometheus text format: this node's counters, and per destination (subscription) what
     * waits in the outbox, how long the oldest has waited, and this node's failed attempts.
     */
    public void appendMetrics(StringBuilder text)
            throws IOException
    {
        counter(text, "cairn_sns_delivered_total", "SNS messages posted and acknowledged by their endpoints since start.", delivered.get());
        counter(text, "cairn_sns_delivery_failures_total", "Failed SNS delivery attempts since start (each retried by the topic's delivery policy).",
                failedAttempts.get());
        counter(text, "cairn_sns_dropped_total", "SNS messages given up since start, their retries spent.", dropped.get());
        Instant now = clock.instant();
        Map<String, OutboxStatistics> statistics = outbox.statistics();
        text.append("# HELP cairn_outbox_messages Messages waiting to be delivered, by destination.\n# TYPE cairn_outbox_messages gauge\n");
        statistics.forEach((destination, figures) -> labelled(text, "cairn_outbox_messages", destination, figures.messages()));
        text.append("# HELP cairn_outbox_retrying Messages waiting for a retry after a failed attempt, by destination.\n# TYPE cairn_outbox_retrying gauge\n");
        statistics.forEach((destination, figures) -> labelled(text, "cairn_outbox_retrying", destination, figures.retrying()));
        text.append("# HELP cairn_outbox_lag_seconds How long the oldest waiting message has waited, by destination.\n# TYPE cairn_outbox_lag_seconds gauge\n");
        statistics.forEach((destination, figures) -> labelled(text, "cairn_outbox_lag_seconds", destination,
                Math.max(0, Duration.between(figures.oldestEnqueued(), now).toSeconds())));
        text.append("# HELP cairn_outbox_failures_total Failed delivery attempts on this node since start, by destination.\n# TYPE cairn_outbox_failures_total counter\n");
        failuresByDestination.forEach((destination, failures) -> labelled(text, "cairn_outbox_failures_total", destination, failures.get()));
    }

    private static void counter(StringBuilder text, String name, String help, long value)
    {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" counter\n");
        text.append(name).append(' ').append(value).append('\n');
    }

    private static void labelled(StringBuilder text, String name, String destination, long value)
    {
        text.append(name).append("{destination=\"").append(destination.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"} ")
                .append(value).append('\n');
    }

    @Override
    public void close()
    {
        closed = true;
        workers.shutdownNow();
    }
}
