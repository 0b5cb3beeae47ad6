package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.history.EventLookup;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console's open live streams of a search: once a second, each stream's new events are looked up (unrecorded:
 * the stream's opening was the recorded call) and sent as {@code events} ({@code {"Events": [...], "Truncated"}});
 * {@code signedout} ends a stream whose session ended, {@code switched} one whose session no longer acts as the
 * principal that opened it (a switch of role, a switch back, an expired role session). More than {@value #BATCH} new events between two ticks: the
 * newest are sent, marked {@code Truncated}. Thread-safe.
 */
final class LiveSearches
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(LiveSearches.class);
    static final int BATCH = 50;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final EventLookup lookup;
    private final ConsoleSessions sessions;
    private final Clock clock;
    private final ObjectMapper mapper = Json.mapper();
    private final Set<LiveSearch> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "console-live");
        thread.setDaemon(true);
        return thread;
    });

    LiveSearches(EventLookup lookup, ConsoleSessions sessions, Clock clock)
    {
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.clock = requireNonNull(clock, "clock is null");
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Streams the search's events from epoch second {@code since}, until the client goes or the session ends. */
    void open(SseClient client, String sessionId, CallContext call, EventLookup.ConsoleOptions options, long since)
    {
        LiveSearch live = new LiveSearch(client, sessionId, call, options, since);
        client.onClose(() -> open.remove(live));
        open.add(live);
        client.keepAlive();
    }

    /**
     * One open live stream: it has sent every matching event up to {@code since} (epoch second), and of that second
     * the ones in {@code sentAtSince}. Those two and {@code lastWrite} are touched by the ticker thread only.
     */
    private static final class LiveSearch
    {
        final SseClient client;
        final String sessionId;
        final CallContext call;
        final EventLookup.ConsoleOptions options;
        long since;
        Set<String> sentAtSince = new HashSet<>();
        long lastWrite;

        LiveSearch(SseClient client, String sessionId, CallContext call, EventLookup.ConsoleOptions options, long since)
        {
            this.client = client;
            this.sessionId = sessionId;
            this.call = call;
            this.options = options;
            this.since = since;
        }
    }

    private void tick()
    {
        Instant now = clock.instant();
        for (LiveSearch live : open) {
            try {
                Optional<ConsoleSessions.Session> session = sessions.peek(live.sessionId);
                if (session.isEmpty()) {
                    live.client.sendEvent("signedout", "{}");
                    live.client.close();
                    continue;
                }
                if (!actsAsOpener(session.get(), live, now)) {
                    // the session switched role, switched back, or its role session expired: the page asks again
                    live.client.sendEvent("switched", "{}");
                    live.client.close();
                    open.remove(live);
                    continue;
                }
                send(live, now);
                if (live.client.terminated()) {
                    open.remove(live);
                }
            }
            catch (IOException | RuntimeException e) {
                log.warn("live event stream failed; closing it", e);
                open.remove(live);
                live.client.close();
            }
        }
    }

    /** Whether the session still acts as the principal that opened the stream, and may still act. */
    private static boolean actsAsOpener(ConsoleSessions.Session session, LiveSearch live, Instant now)
    {
        boolean expired = session.role().map(role -> role.expired(now)).orElse(false);
        return !expired && session.acting().arn().equals(live.call.principal().arn())
                && session.acting().accessKeyId().equals(live.call.principal().accessKeyId());
    }

    private void send(LiveSearch live, Instant now)
            throws IOException
    {
        ObjectNode input = live.call.input().deepCopy();
        input.put("StartTime", live.since);
        input.put("MaxResults", BATCH);
        ObjectNode found = lookup.lookup(live.call.withInput(input), live.options);
        ObjectNode message = mapper.createObjectNode();
        ArrayNode events = message.putArray("Events");
        long newest = live.since;
        for (JsonNode event : found.path("Events")) {
            if (event.path("EventTime").asLong() == live.since && live.sentAtSince.contains(event.path("EventId").asText())) {
                continue;
            }
            events.add(event);
            newest = Math.max(newest, event.path("EventTime").asLong());
        }
        if (!events.isEmpty()) {
            message.put("Truncated", found.has("NextToken"));
            if (newest != live.since) {
                live.sentAtSince.clear();
                live.since = newest;
            }
            for (JsonNode event : events) {
                if (event.path("EventTime").asLong() == newest) {
                    live.sentAtSince.add(event.path("EventId").asText());
                }
            }
            live.client.sendEvent("events", mapper.writeValueAsString(message));
            live.lastWrite = now.toEpochMilli();
        }
        else if (now.toEpochMilli() - live.lastWrite > KEEP_ALIVE.toMillis()) {
            live.client.sendComment("keep-alive");
            live.lastWrite = now.toEpochMilli();
        }
    }

    @Override
    public void close()
    {
        ticker.shutdownNow();
        for (LiveSearch live : open) {
            live.client.close();
        }
        open.clear();
    }
}
