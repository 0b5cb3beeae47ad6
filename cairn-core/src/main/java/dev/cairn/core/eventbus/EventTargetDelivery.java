package dev.cairn.core.eventbus;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.events.ApiDestination;
import dev.cairn.core.events.Connection;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.events.ConnectionSecrets;
import dev.cairn.core.events.TargetArn;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.core.logs.LogEventsListener;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.LogStream;
import dev.cairn.core.outbox.OutboxSenders;
import dev.cairn.core.sns.SnsPublisher;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.LogEvent;
import dev.cairn.spi.OutboxMessage;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends matched events from the outbox to their rules' targets: API destinations (an HTTP request with the
 * connection's basic or API-key authorization and its header parameters; 2xx is delivered), CloudWatch Logs log
 * groups (one log event in a stream named after the event, as EventBridge writes them) and SNS topics (a notification
 * per confirmed subscription). Each
 * destination (rule and target) has at most one event in flight on a node, so a slow or dead target holds back only
 * its own events; a failed attempt is retried with exponential backoff (1 s doubling up to 5 minutes) until the
 * target's {@code RetryPolicy} is spent (attempts or event age), then the event goes to the target's dead-letter
 * destination (an SNS topic or log group), or is dropped and counted. A target
 * that is gone (deleted destination or group) fails its attempts the same way.
 */
public final class EventTargetDelivery
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(EventTargetDelivery.class);
    /** How long EventBridge waits for an API destination: 5 seconds. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long a claimed event is this node's: longer than an attempt (5 s for HTTP, at most {@link #COMMIT_TIMEOUT}
     * in this Cairn), short, since a node that dies mid-attempt holds its claimed events that long.
     */
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAXIMUM_BACKOFF = Duration.ofMinutes(5);
    private static final Pattern CONNECTION_ARN = Pattern.compile("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:connection/([^/]+)/.+");

    private final Store store;
    private final JournalWriter journal;
    private final ConnectionSecrets secrets;
    private final LogEventsListener logEventsListener;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService workers;
    private final OutboxSenders senders;
    /** Each API destination's last reserved invocation time ({@link System#nanoTime}). */
    private final Map<String, Long> invocationSlots = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean closed;

    public EventTargetDelivery(Store store, JournalWriter journal, ConnectionSecrets secrets, LogEventsListener logEventsListener, Clock clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.logEventsListener = requireNonNull(logEventsListener, "logEventsListener is null");
        this.clock = requireNonNull(clock, "clock is null");
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "cairn-event-targets-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(REQUEST_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(workers)
                .build();
        this.senders = new OutboxSenders(store.outbox(), clock, workers, EventTargetMessage::isEventTargetDestination, LEASE, () -> closed);
        senders.sender(this::send);
    }

    /** Starts work for destinations with events due that this node is not already sending to; whether it started any. */
    public boolean runOnce()
            throws IOException
    {
        return senders.startDue();
    }

    private void send(String destination, OutboxMessage message)
    {
        send(message).whenCompleteAsync((error, failure) -> finish(destination, message, failure != null ? Optional.of(failure.toString()) : error), workers);
    }

    /** Sends the event; completes with the reason it failed, empty when the target took it. */
    private CompletableFuture<Optional<String>> send(OutboxMessage stored)
    {
        try {
            EventTargetMessage message = EventTargetMessage.fromBytes(stored.payload());
            Optional<TargetArn> target = TargetArn.parse(message.targetArn());
            if (target.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.of("Cairn cannot deliver to " + message.targetArn()));
            }
            return switch (target.get().kind()) {
                case API_DESTINATION -> invoke(message, target.get());
                case LOG_GROUP, SNS_TOPIC -> CompletableFuture.completedFuture(putInCairn(message, target.get()));
                case SQS_QUEUE -> CompletableFuture.completedFuture(Optional.of("Cairn has no SQS queues"));
            };
        }
        catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(Optional.of(e.toString()));
        }
    }

    private CompletableFuture<Optional<String>> invoke(EventTargetMessage message, TargetArn target)
            throws IOException
    {
        Optional<ApiDestination> destination = store.read(reader -> new ConnectionRepository(reader).apiDestination(target.accountId(), target.region(), target.name()));
        if (destination.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.of("API destination " + target.name() + " does not exist"));
        }
        Matcher connectionArn = CONNECTION_ARN.matcher(destination.get().connectionArn());
        Optional<Connection> connection = connectionArn.matches()
                ? store.read(reader -> new ConnectionRepository(reader).connection(target.accountId(), target.region(), connectionArn.group(1)))
                : Optional.empty();
        if (connection.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.of("connection " + destination.get().connectionArn() + " does not exist"));
        }
        Map<String, String> secret = secrets.decrypt(connection.get());
        HttpRequest.Builder request = invocation(destination.get(), connection.get(), secret, message.body());
        if (connection.get().authorizationType().equals(Connection.BASIC)) {
            String credentials = connection.get().username().orElse("") + ":" + secret.getOrDefault(ConnectionSecrets.PASSWORD, "");
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        else if (connection.get().apiKeyName().isPresent()) {
            request.header(connection.get().apiKeyName().get(), secret.getOrDefault(ConnectionSecrets.API_KEY_VALUE, ""));
        }
        HttpRequest built = request.build();
        // the destination's InvocationRateLimitPerSecond, on this node: the request waits for its slot
        long wait = nextInvocationSlot(message.targetArn(), destination.get().invocationRateLimitPerSecond());
        return CompletableFuture.supplyAsync(() -> built, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, workers))
                .thenCompose(ready -> http.sendAsync(ready, HttpResponse.BodyHandlers.discarding()))
                .thenApply(response -> response.statusCode() >= 200 && response.statusCode() < 300 ? Optional.<String>empty() : Optional.of("HTTP " + response.statusCode()));
    }

    /**
     * The request to the API destination with the connection's {@code InvocationHttpParameters}, as EventBridge adds
     * them: headers, query string parameters appended to the endpoint's, and body parameters as members of a JSON
     * object body (a body that is not a JSON object is sent as it is). Secret values come from the connection's
     * secrets.
     */
    static HttpRequest.Builder invocation(ApiDestination destination, Connection connection, Map<String, String> secret, String body)
    {
        StringBuilder url = new StringBuilder(destination.invocationEndpoint());
        ObjectNode bodyObject = null;
        try {
            JsonNode parsed = Json.mapper().readTree(body);
            bodyObject = parsed instanceof ObjectNode object ? object : null;
        }
        catch (IOException e) {
            // not JSON: sent as it is
        }
        List<String[]> headers = new ArrayList<>();
        for (Connection.Parameter parameter : connection.invocationHttpParameters()) {
            String value = parameter.value().orElseGet(() -> secret.getOrDefault(parameter.secretName(), ""));
            switch (parameter.kind()) {
                case Connection.Parameter.HEADER -> headers.add(new String[] {parameter.key(), value});
                case Connection.Parameter.QUERY_STRING -> url.append(url.indexOf("?") < 0 ? '?' : '&')
                        .append(URLEncoder.encode(parameter.key(), StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                case Connection.Parameter.BODY -> {
                    if (bodyObject != null) {
                        bodyObject.put(parameter.key(), value);
                    }
                }
                default -> {
                }
            }
        }
        String sent = bodyObject != null ? bodyObject.toString() : body;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .method(destination.httpMethod(), HttpRequest.BodyPublishers.ofString(sent, StandardCharsets.UTF_8));
        for (String[] header : headers) {
            request.header(header[0], header[1]);
        }
        return request;
    }

    /** Reserves the API destination's next invocation slot at its rate; how many nanoseconds until it comes. */
    private long nextInvocationSlot(String apiDestinationArn, int perSecond)
    {
        long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
        long now = System.nanoTime();
        long slot = invocationSlots.merge(apiDestinationArn, now, (previous, ignored) -> Math.max(previous + interval, now));
        return Math.max(0, slot - now);
    }

    /** Delivers to a log group or an SNS topic of this Cairn; the reason it could not, or empty. */
    private Optional<String> putInCairn(EventTargetMessage message, TargetArn target)
            throws IOException
    {
        return target.kind() == TargetArn.Kind.SNS_TOPIC ? publishToTopic(message, target) : appendToLogGroup(message, target);
    }

    /** One SNS notification per confirmed subscription of the topic, the event as its message (its id the event's). */
    private Optional<String> publishToTopic(EventTargetMessage message, TargetArn target)
            throws IOException
    {
        Instant now = clock.instant();
        return journal.applyUnrecorded("publish an event to topic " + target.name(), WriteTask.unrecorded(batch -> {
            SnsRepository repository = new SnsRepository(batch.metadata());
            Optional<SnsTopic> topic = repository.topic(target.accountId(), target.region(), target.name());
            if (topic.isEmpty()) {
                return Optional.of("topic " + target.name() + " does not exist");
            }
            SnsPublisher.publish(repository, batch.outbox(), topic.get(), message.eventId(), Optional.empty(), subscription -> message.body(), Map.of(), now);
            return Optional.<String>empty();
        }, false), COMMIT_TIMEOUT);
    }

    private Optional<String> appendToLogGroup(EventTargetMessage message, TargetArn target)
            throws IOException
    {
        long now = clock.millis();
        List<LogEvent> events = List.of(new LogEvent(now, now, message.body()));
        String stream = message.eventId();
        Optional<String> error = journal.applyUnrecorded("deliver an event to log group " + target.name(), WriteTask.unrecorded(batch -> {
            LogGroupRepository groups = new LogGroupRepository(batch.metadata());
            Optional<LogGroup> group = groups.group(target.accountId(), target.region(), target.name());
            if (group.isEmpty()) {
                return Optional.of("log group " + target.name() + " does not exist");
            }
            groups.insertStream(target.accountId(), target.region(), target.name(), new LogStream(stream, now));
            batch.logEvents().append(group.get().eventsKey(), stream, events);
            return Optional.<String>empty();
        }, false), COMMIT_TIMEOUT);
        if (error.isEmpty()) {
            logEventsListener.appended(target.accountId(), target.region(), target.name(), stream, events);
        }
        return error;
    }

    private void finish(String destination, OutboxMessage stored, Optional<String> error)
    {
        try {
            if (error.isEmpty()) {
                store.outbox().delete(stored.id());
                delivered.incrementAndGet();
            }
            else {
                failed(stored, error.get());
            }
        }
        catch (IOException | RuntimeException e) {
            log.warn("event delivery to {} could not record its attempt: {}", destination, e.toString());
        }
        senders.next(destination);
    }

    private void failed(OutboxMessage stored, String error)
            throws IOException
    {
        failedAttempts.incrementAndGet();
        int attempts = stored.attempts() + 1;
        Instant now = clock.instant();
        EventTargetMessage message = EventTargetMessage.fromBytes(stored.payload());
        Duration delay = Duration.ofSeconds(1L << Math.min(attempts - 1, 16));
        delay = delay.compareTo(MAXIMUM_BACKOFF) > 0 ? MAXIMUM_BACKOFF : delay;
        if (attempts > message.maximumRetryAttempts() || now.plus(delay).isAfter(message.expires())) {
            store.outbox().delete(stored.id());
            if (!deadLetter(message, error)) {
                dropped.incrementAndGet();
                log.warn("dropped event {} of rule {} for target {} after {} attempts; the last: {}", message.eventId(), message.ruleName(), message.targetId(), attempts, error);
            }
            return;
        }
        store.outbox().reschedule(stored.id(), attempts, now.plus(delay), error.length() > 200 ? error.substring(0, 200) : error);
    }

    /**
     * Puts an event its target never took in the target's dead-letter destination, as EventBridge puts it in an SQS
     * queue: here an SNS topic or a log group of this Cairn (Cairn has no queues). Whether it went there.
     */
    private boolean deadLetter(EventTargetMessage message, String error)
    {
        Optional<TargetArn> deadLetter = message.deadLetterArn().flatMap(TargetArn::parse)
                .filter(arn -> arn.kind() == TargetArn.Kind.SNS_TOPIC || arn.kind() == TargetArn.Kind.LOG_GROUP);
        if (deadLetter.isEmpty()) {
            return false;
        }
        try {
            Optional<String> failed = putInCairn(message, deadLetter.get());
            if (failed.isEmpty()) {
                deadLettered.incrementAndGet();
                log.info("event {} of rule {} for target {} went to its dead-letter destination after: {}", message.eventId(), message.ruleName(), message.targetId(), error);
                return true;
            }
            log.warn("event {} of rule {}: dead-letter destination {} refused it: {}", message.eventId(), message.ruleName(), message.deadLetterArn().get(), failed.get());
        }
        catch (IOException | RuntimeException e) {
            log.warn("event {} of rule {}: dead-letter destination {} failed: {}", message.eventId(), message.ruleName(), message.deadLetterArn().get(), e.toString());
        }
        return false;
    }

    /** This node's counters in the Prometheus text format (the outbox's per-destination figures are the SNS delivery's). */
    public void appendMetrics(StringBuilder text)
    {
        counter(text, "cairn_event_targets_delivered_total", "Events delivered to rules' targets since start.", delivered.get());
        counter(text, "cairn_event_targets_failures_total", "Failed attempts to deliver events to rules' targets since start.", failedAttempts.get());
        counter(text, "cairn_event_targets_dropped_total", "Events given up since start, their targets' retry policies spent.", dropped.get());
        counter(text, "cairn_event_targets_dead_lettered_total", "Events put in their targets' dead-letter destinations since start.", deadLettered.get());
    }

    private static void counter(StringBuilder text, String name, String help, long value)
    {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" counter\n");
        text.append(name).append(' ').append(value).append('\n');
    }

    @Override
    public void close()
    {
        closed = true;
        workers.shutdownNow();
    }
}
