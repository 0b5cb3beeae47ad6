package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.Json;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.core.trail.DeliveryState;
import dev.cairn.core.trail.EventSelectors;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers trails' log files: a journal consumer per (trail, region), each with its own durable checkpoint.
 *
 * <p>Every delivery interval a unit reads the journal after its checkpoint, keeps the entries its trail takes (its
 * account and region, logged while the trail was logging, chosen by its selectors), and writes them as one log file,
 * or several when a file reaches the size cap. The file is first recorded as pending, with the positions it covers
 * and its key; then written; then the checkpoint moves past it. After a crash a pending file is written again under
 * the same key with the same entries, overwriting rather than duplicating; nothing after the checkpoint is lost.
 *
 * <p>Units run on a small pool, one task per unit at a time, so a slow or failing bucket delays only its own trail; a
 * failure is retried with backoff and shown in GetTrailStatus. API calls never wait for delivery.
 */
public final class TrailDelivery
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(TrailDelivery.class);
    private static final int READ_CHUNK = 2_000;
    private static final Duration MAXIMUM_BACKOFF = Duration.ofMinutes(1);
    private static final Duration PERSIST_ADVANCE_EVERY = Duration.ofSeconds(30);
    private static final long STATE_TIMEOUT_SECONDS = 60;

    private final Store store;
    private final JournalWriter journal;
    private final BucketStore buckets;
    private final Clock clock;
    private final List<String> regions;
    private final Duration interval;
    private final long maximumFileBytes;
    private final ExecutorService workers;
    private final Map<String, Unit> units = new ConcurrentHashMap<>();
    private final AtomicLong deliveredFiles = new AtomicLong();
    private final AtomicLong deliveredRecords = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile boolean scanned;
    private volatile boolean closed;

    public TrailDelivery(Store store, JournalWriter journal, BucketStore buckets, Clock clock, List<String> regions, Duration interval, long maximumFileBytes)
    {
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.regions = List.copyOf(regions);
        this.interval = requireNonNull(interval, "interval is null");
        this.maximumFileBytes = maximumFileBytes;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "cairn-delivery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * How often {@link #runOnce} should be called: a quarter of the interval (at most a second), so that a unit
     * starts within that much of being due.
     */
    public Duration tick()
    {
        Duration quarter = interval.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? quarter : Duration.ofSeconds(1);
    }

    /** Finds the trails, and starts each unit that is due and not already running. */
    public boolean runOnce()
            throws IOException
    {
        if (closed) {
            return false;
        }
        List<Trail> trails = allTrails();
        Instant now = clock.instant();
        Set<String> live = new HashSet<>();
        for (Trail trail : trails) {
            for (String region : trail.regions(regions)) {
                String id = trail.arn() + "|" + region;
                live.add(id);
                Unit unit = units.computeIfAbsent(id, ignored -> new Unit(trail, region));
                unit.trail = trail;
                if (unit.startIfDue(now)) {
                    workers.execute(unit::run);
                }
            }
        }
        units.keySet().retainAll(live);
        scanned = true;
        return false;
    }

    /**
     * Every journal entry at or below this position has been delivered or passed over by every unit, so the journal
     * may be trimmed up to it ({@link Long#MAX_VALUE} without trails). A trail without a unit state yet holds
     * everything back. Read the other consumers' checkpoints before calling this: a trail created after this read
     * then committed after those checkpoints too, so nothing it needs can be trimmed.
     */
    public long lowWatermark()
            throws IOException
    {
        if (!scanned) {
            return 0;
        }
        long minimum = Long.MAX_VALUE;
        for (Trail trail : allTrails()) {
            for (String region : trail.regions(regions)) {
                Unit unit = units.get(trail.arn() + "|" + region);
                if (unit == null || unit.state == null) {
                    return 0;
                }
                minimum = Math.min(minimum, unit.state.checkpoint());
            }
        }
        return minimum;
    }

    public long deliveredFiles()
    {
        return deliveredFiles.get();
    }

    public long deliveredRecords()
    {
        return deliveredRecords.get();
    }

    public long failedAttempts()
    {
        return failedAttempts.get();
    }

    /** The slowest unit's distance from the end of the journal. */
    public long lag(long lastPosition)
    {
        long lag = 0;
        for (Unit unit : units.values()) {
            DeliveryState state = unit.state;
            lag = Math.max(lag, lastPosition - (state == null ? 0 : state.checkpoint()));
        }
        return lag;
    }

    private List<Trail> allTrails()
            throws IOException
    {
        return store.read(reader -> {
            List<Trail> trails = new ArrayList<>();
            TrailRepository repository = new TrailRepository(reader);
            for (Account account : new IdentityRepository(reader).accounts()) {
                trails.addAll(repository.trails(account.accountId()));
            }
            return trails;
        });
    }

    @Override
    public void close()
    {
        closed = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One trail's delivery from one region. Runs on one worker at a time. */
    private final class Unit
    {
        private final String region;
        private volatile Trail trail;
        private volatile DeliveryState state;
        private boolean running;
        private Instant nextRun = Instant.MIN;
        private int failures;
        private Instant lastPersisted = Instant.MIN;

        Unit(Trail trail, String region)
        {
            this.trail = trail;
            this.region = region;
        }

        synchronized boolean startIfDue(Instant now)
        {
            if (running || now.isBefore(nextRun)) {
                return false;
            }
            running = true;
            return true;
        }

        void run()
        {
            Instant started = clock.instant();
            boolean succeeded = false;
            try {
                succeeded = deliver();
            }
            catch (IOException | RuntimeException e) {
                log.warn("delivery of {} from {} failed: {}", trail.arn(), region, e.toString());
            }
            synchronized (this) {
                if (succeeded) {
                    failures = 0;
                    nextRun = started.plus(interval);
                }
                else {
                    failures++;
                    Duration backoff = Duration.ofMillis(Math.min(MAXIMUM_BACKOFF.toMillis(), 500L << Math.min(failures, 10)));
                    nextRun = clock.instant().plus(backoff);
                }
                running = false;
            }
        }

        /** Returns false when a write failed (to be retried with backoff). */
        private boolean deliver()
                throws IOException
        {
            Trail current = trail;
            if (state == null) {
                Optional<DeliveryState> stored = store.read(reader -> new TrailRepository(reader).deliveryState(current, region));
                state = stored.orElse(DeliveryState.INITIAL);
            }
            if (state.pending().isPresent()) {
                DeliveryState.PendingFile pending = state.pending().get();
                List<byte[]> records = collect(current, pending.afterPosition(), pending.lastPosition());
                if (!write(current, pending, records)) {
                    return false;
                }
            }
            long end = store.journal().lastPosition();
            long after = state.checkpoint();
            List<byte[]> records = new ArrayList<>();
            long bytes = 0;
            long scannedTo = after;
            while (scannedTo < end && !closed) {
                List<JournalEntry> entries = store.journal().read(scannedTo, READ_CHUNK);
                if (entries.isEmpty()) {
                    break;
                }
                for (JournalEntry entry : entries) {
                    if (entry.position() > end) {
                        break;
                    }
                    if (takes(current, entry.event())) {
                        records.add(entry.event().json());
                        bytes += entry.event().json().length + 1;
                    }
                    scannedTo = entry.position();
                    if (bytes >= maximumFileBytes) {
                        if (!cut(current, after, scannedTo, records)) {
                            return false;
                        }
                        after = scannedTo;
                        records = new ArrayList<>();
                        bytes = 0;
                    }
                }
                if (entries.get(entries.size() - 1).position() >= end) {
                    break;
                }
            }
            if (!records.isEmpty()) {
                return cut(current, after, scannedTo, records);
            }
            if (scannedTo > state.checkpoint()) {
                state = state.advancedTo(scannedTo);
                if (Duration.between(lastPersisted, clock.instant()).compareTo(PERSIST_ADVANCE_EVERY) >= 0) {
                    persist(current, state);
                }
            }
            return true;
        }

        private boolean cut(Trail current, long after, long last, List<byte[]> records)
                throws IOException
        {
            Instant now = clock.instant();
            String key = LogFiles.key(current, region, now, current.arn() + "|" + region + "|" + after + "|" + last);
            DeliveryState.PendingFile pending = new DeliveryState.PendingFile(after, last, key, records.size());
            state = state.withPending(pending);
            persist(current, state);
            return write(current, pending, records);
        }

        private boolean write(Trail current, DeliveryState.PendingFile pending, List<byte[]> records)
                throws IOException
        {
            if (!records.isEmpty()) {
                try {
                    buckets.put(current.s3BucketName(), pending.key(), LogFiles.content(records),
                            new BucketStore.ObjectAttributes("application/json", current.kmsKeyId(), Map.of()));
                }
                catch (IOException | RuntimeException e) {
                    failedAttempts.incrementAndGet();
                    String message = "Failed to write " + pending.key() + " to bucket " + current.s3BucketName() + ": " + describe(e);
                    log.warn("trail {} ({}): {}", current.arn(), region, message);
                    state = state.failed(message, clock.instant());
                    persist(current, state);
                    return false;
                }
                deliveredFiles.incrementAndGet();
                deliveredRecords.addAndGet(records.size());
            }
            state = state.delivered(pending, clock.instant());
            persist(current, state);
            return true;
        }

        /** The entries after {@code after} up to {@code last} that the trail takes, in journal order. */
        private List<byte[]> collect(Trail current, long after, long last)
                throws IOException
        {
            List<byte[]> records = new ArrayList<>();
            long position = after;
            while (position < last) {
                List<JournalEntry> entries = store.journal().read(position, READ_CHUNK);
                if (entries.isEmpty()) {
                    break;
                }
                for (JournalEntry entry : entries) {
                    if (entry.position() > last) {
                        return records;
                    }
                    if (takes(current, entry.event())) {
                        records.add(entry.event().json());
                    }
                    position = entry.position();
                }
            }
            return records;
        }

        private boolean takes(Trail current, EventRecord event)
        {
            if (!event.accountId().equals(current.accountId()) || !event.region().equals(region) || !current.loggingAt(event)) {
                return false;
            }
            JsonNode[] parsed = new JsonNode[1];
            return EventSelectors.takes(current, event, record -> {
                if (parsed[0] == null) {
                    try {
                        parsed[0] = Json.mapper().readTree(record.json());
                    }
                    catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return parsed[0];
            });
        }

        /** Stores the state durably (through the journal writer, which owns writes), unless the trail is gone. */
        private void persist(Trail current, DeliveryState newState)
                throws IOException
        {
            WriteTask<Boolean> task = new WriteTask<>()
            {
                @Override
                public Boolean apply(MetadataWriter metadata)
                        throws IOException
                {
                    return new TrailRepository(metadata).putDeliveryState(current, region, newState);
                }

                @Override
                public Optional<EventRecord> recordSuccess(Boolean result)
                {
                    return Optional.empty();
                }

                @Override
                public Optional<EventRecord> recordFailure(CairnException error)
                {
                    return Optional.empty();
                }
            };
            try {
                journal.submit(task).get(STATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                lastPersisted = clock.instant();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while storing delivery state", e);
            }
            catch (ExecutionException | TimeoutException e) {
                throw new IOException("cannot store delivery state of " + current.arn() + ": " + e, e);
            }
        }
    }

    private static String describe(Throwable e)
    {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
