package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import dev.cairn.core.digest.DeliveredLog;
import dev.cairn.core.digest.DigestFiles;
import dev.cairn.core.digest.DigestState;
import dev.cairn.core.digest.SigningKey;
import dev.cairn.core.digest.SigningKeys;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.lease.Leases;
import dev.cairn.core.trail.DeliveryState;
import dev.cairn.core.trail.EventSelectors;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    private static final Duration STATE_TIMEOUT = Duration.ofMinutes(1);
    /** How often a unit checks whether a digest is due. */
    private static final Duration DIGEST_CHECK = Duration.ofSeconds(1);

    private final Store store;
    private final JournalWriter journal;
    private final BucketStore buckets;
    private final Clock clock;
    private final List<String> regions;
    private final Duration interval;
    private final SigningKeys signingKeys;
    private final Leases leases;
    private final Duration digestInterval;
    private final long maximumFileBytes;
    private final ExecutorService workers;
    private final Map<String, Unit> units = new ConcurrentHashMap<>();
    /** The regions of each deleted trail (ARN|deleted millis) that have finished delivering. */
    private final Map<String, Set<String>> finishedRegions = new ConcurrentHashMap<>();
    private final AtomicLong deliveredFiles = new AtomicLong();
    private final AtomicLong deliveredRecords = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong deliveredDigests = new AtomicLong();
    private volatile boolean closed;

    public TrailDelivery(Store store, JournalWriter journal, BucketStore buckets, SigningKeys signingKeys, Leases leases, Clock clock, List<String> regions,
            Duration interval, Duration digestInterval, long maximumFileBytes)
    {
        this.leases = requireNonNull(leases, "leases is null");
        this.signingKeys = requireNonNull(signingKeys, "signingKeys is null");
        this.digestInterval = requireNonNull(digestInterval, "digestInterval is null");
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

    /**
     * Finds the trails, and starts each unit that is due and not already running, of those whose lease this node
     * holds or takes (one node at a time delivers a trail's files and digests from a region).
     */
    public boolean runOnce()
            throws IOException
    {
        if (closed) {
            return false;
        }
        List<Trail> trails = allTrails();
        Set<String> live = new HashSet<>();
        for (Trail trail : trails) {
            for (String region : trail.regions(regions)) {
                String id = unitId(trail, region);
                live.add(id);
                Unit unit = units.computeIfAbsent(id, ignored -> new Unit(id, trail, region));
                unit.trail = trail;
                if (!unit.lease()) {
                    continue;
                }
                if (unit.startIfDue(clock.instant())) {
                    workers.execute(unit::run);
                }
            }
        }
        for (String gone : List.copyOf(units.keySet())) {
            if (!live.contains(gone)) {
                units.remove(gone);
                leases.release(leaseName(gone));
            }
        }
        return false;
    }

    private static String leaseName(String unitId)
    {
        return "delivery/" + unitId;
    }

    /**
     * Every journal entry at or below this position has been delivered or passed over by every unit, so the journal
     * may be trimmed up to it ({@link Long#MAX_VALUE} without trails). It comes from the stored delivery states (the
     * units may run on other nodes), which lag the units' own by up to {@link #PERSIST_ADVANCE_EVERY}. A trail
     * without a stored state yet holds everything back. Read the other consumers' checkpoints before calling this: a
     * trail created after this read then committed after those checkpoints too, so nothing it needs can be trimmed.
     */
    public long lowWatermark()
            throws IOException
    {
        return store.read(reader -> {
            TrailRepository repository = new TrailRepository(reader);
            long minimum = Long.MAX_VALUE;
            for (Account account : new IdentityRepository(reader).accounts()) {
                List<Trail> trails = new ArrayList<>(repository.trails(account.accountId()));
                trails.addAll(repository.retiredTrails(account.accountId()));
                for (Trail trail : trails) {
                    for (String region : trail.regions(regions)) {
                        Optional<DeliveryState> state = repository.deliveryState(trail, region);
                        if (state.isEmpty()) {
                            return 0L;
                        }
                        minimum = Math.min(minimum, state.get().checkpoint());
                    }
                }
            }
            return minimum;
        });
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

    public long deliveredDigests()
    {
        return deliveredDigests.get();
    }

    /** The slowest unit's distance from the end of the journal, of the units this node delivers. */
    public long lag(long lastPosition)
    {
        long lag = 0;
        for (Unit unit : units.values()) {
            if (!leases.holds(leaseName(unit.id))) {
                continue;
            }
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
                trails.addAll(repository.retiredTrails(account.accountId()));
            }
            return trails;
        });
    }

    /**
     * One trail's delivery from one region: a deleted trail finishing its delivery, and a new trail of the same name,
     * are units (and leases) apart, so that no state of one is ever carried over to the other.
     */
    private static String unitId(Trail trail, String region)
    {
        return trail.arn() + "|" + region + "|created " + trail.created().toEpochMilli() + trail.deleted().map(deleted -> "|deleted " + deleted.toEpochMilli()).orElse("");
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
        private final String id;
        private final String region;
        private volatile Trail trail;
        private volatile DeliveryState state;
        private volatile DigestState digestState;
        private boolean running;
        private Instant nextLogRun = Instant.MIN;
        private Instant nextDigestRun = Instant.MIN;
        private Instant lastLogScan = Instant.MIN;
        private int logFailures;
        private int digestFailures;
        private Instant lastPersisted = Instant.MIN;
        private boolean leased;

        Unit(String id, Trail trail, String region)
        {
            this.id = id;
            this.trail = trail;
            this.region = region;
        }

        /**
         * Whether this node delivers the unit now: takes or renews its lease. A unit newly leased (at start, or taken
         * over from a node that stopped) reads its state from the store again: the other node may have moved it.
         */
        synchronized boolean lease()
                throws IOException
        {
            boolean held = leases.tryAcquire(leaseName(id));
            if (held && !leased && !running) {
                state = null;
                digestState = null;
                nextLogRun = Instant.MIN;
                nextDigestRun = Instant.MIN;
            }
            leased = held && (leased || !running);
            return leased;
        }

        synchronized boolean startIfDue(Instant now)
        {
            if (running || (now.isBefore(nextLogRun) && now.isBefore(nextDigestRun))) {
                return false;
            }
            running = true;
            return true;
        }

        /** Log files when their interval is due, then the digest when it is due (so that it lists those files). */
        void run()
        {
            Instant started = clock.instant();
            boolean logsDue;
            boolean digestDue;
            synchronized (this) {
                logsDue = !started.isBefore(nextLogRun);
                digestDue = !started.isBefore(nextDigestRun);
            }
            if (logsDue) {
                boolean succeeded = false;
                try {
                    succeeded = deliver();
                }
                catch (IOException | RuntimeException e) {
                    log.warn("delivery of {} from {} failed: {}", trail.arn(), region, e.toString());
                }
                synchronized (this) {
                    if (succeeded) {
                        logFailures = 0;
                        nextLogRun = started.plus(interval);
                        lastLogScan = started;
                    }
                    else {
                        logFailures++;
                        nextLogRun = clock.instant().plus(backoff(logFailures));
                    }
                }
            }
            if (digestDue) {
                boolean succeeded = false;
                try {
                    succeeded = digest();
                }
                catch (IOException | RuntimeException e) {
                    log.warn("digest of {} from {} failed: {}", trail.arn(), region, e.toString());
                }
                synchronized (this) {
                    if (succeeded) {
                        digestFailures = 0;
                        nextDigestRun = clock.instant().plus(DIGEST_CHECK);
                    }
                    else {
                        digestFailures++;
                        nextDigestRun = clock.instant().plus(backoff(digestFailures));
                    }
                }
            }
            if (trail.deleted().isPresent()) {
                try {
                    forgetIfFinished();
                }
                catch (IOException | RuntimeException e) {
                    log.warn("cannot forget deleted trail {}: {}", trail.arn(), e.toString());
                }
            }
            synchronized (this) {
                running = false;
            }
        }

        /**
         * A deleted trail is forgotten once every region has delivered all it logged and written the digest that
         * closes its chain: the unit's own region is finished when a log scan after the deletion found nothing left
         * pending, and the final digest (if the chain was open) is written.
         */
        private void forgetIfFinished()
                throws IOException
        {
            Trail current = trail;
            Instant deleted = current.deleted().orElseThrow();
            Instant scanned;
            synchronized (this) {
                scanned = lastLogScan;
            }
            boolean logsDone = state != null && state.pending().isEmpty() && scanned.isAfter(deleted.plusSeconds(1));
            boolean digestsDone = digestState != null && digestState.pending().isEmpty()
                    && (!current.logFileValidationEnabled() || digestState.lastEnd().isEmpty() || digestState.finalDelivered());
            if (!logsDone || !digestsDone) {
                return;
            }
            String id = current.arn() + "|" + deleted.toEpochMilli();
            Set<String> finished = finishedRegions.computeIfAbsent(id, ignored -> ConcurrentHashMap.newKeySet());
            finished.add(region);
            if (finished.containsAll(current.regions(regions))) {
                update(current, repository -> {
                    repository.forget(current);
                    return null;
                });
                finishedRegions.remove(id);
                log.info("deleted trail {}: last log files and digest delivered", current.arn());
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
                List<EventRecord> records = collect(current, pending.afterPosition(), pending.lastPosition());
                if (!write(current, pending, records)) {
                    return false;
                }
            }
            long end = store.journal().lastPosition();
            long after = state.checkpoint();
            List<EventRecord> records = new ArrayList<>();
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
                        records.add(entry.event());
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

        private boolean cut(Trail current, long after, long last, List<EventRecord> records)
                throws IOException
        {
            Instant now = clock.instant();
            String key = LogFiles.key(current, region, now, current.arn() + "|" + region + "|" + after + "|" + last);
            DeliveryState.PendingFile pending = new DeliveryState.PendingFile(after, last, key, records.size());
            state = state.withPending(pending);
            if (!persist(current, state)) {
                // the trail was deleted (or replaced) since this run began: its retired self delivers these entries,
                // and a file written here would be listed in no digest
                log.debug("trail {} ({}) is gone; not writing {}", current.arn(), region, key);
                return false;
            }
            return write(current, pending, records);
        }

        private boolean write(Trail current, DeliveryState.PendingFile pending, List<EventRecord> records)
                throws IOException
        {
            Optional<DeliveredLog> written = Optional.empty();
            if (!records.isEmpty()) {
                LogFiles.LogFile file = LogFiles.content(records.stream().map(EventRecord::json).toList());
                try {
                    buckets.put(current.s3BucketName(), pending.key(), file.gzip(),
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
                if (current.logFileValidationEnabled()) {
                    Instant oldest = records.stream().map(EventRecord::eventTime).min(Instant::compareTo).orElseThrow();
                    Instant newest = records.stream().map(EventRecord::eventTime).max(Instant::compareTo).orElseThrow();
                    written = Optional.of(new DeliveredLog(current.s3BucketName(), pending.key(), file.sha256(), oldest, newest));
                }
            }
            state = state.delivered(pending, clock.instant());
            Optional<DeliveredLog> forDigest = written;
            DeliveryState delivered = state;
            update(current, repository -> {
                boolean stored = repository.putDeliveryState(current, region, delivered);
                if (stored && forDigest.isPresent()) {
                    repository.putDeliveredLog(current, region, pending.lastPosition(), forDigest.get());
                }
                return stored;
            });
            return true;
        }

        /** The entries after {@code after} up to {@code last} that the trail takes, in journal order. */
        private List<EventRecord> collect(Trail current, long after, long last)
                throws IOException
        {
            List<EventRecord> records = new ArrayList<>();
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
                        records.add(entry.event());
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

        /**
         * Stores the state durably (through the journal writer, which owns writes), unless the trail is gone; returns
         * whether it was stored.
         */
        private boolean persist(Trail current, DeliveryState newState)
                throws IOException
        {
            return update(current, repository -> repository.putDeliveryState(current, region, newState));
        }

        /** Runs a change of delivery documents in a journal transaction (recording nothing), waits for it, and returns its result. */
        private <R> R update(Trail current, Change<R> change)
                throws IOException
        {
            R result = journal.applyUnrecorded("store the delivery state of " + current.arn(), metadata -> {
                // fencing: a node that lost the lease changes nothing its successor owns
                leases.requireHeld(metadata, leaseName(id));
                return change.apply(new TrailRepository(metadata));
            }, STATE_TIMEOUT);
            lastPersisted = clock.instant();
            return result;
        }

        // digests

        /** Writes the digest that is due (or the one left pending by a crash); returns false when a write failed. */
        private boolean digest()
                throws IOException
        {
            Trail current = trail;
            if (digestState == null) {
                digestState = store.read(reader -> new TrailRepository(reader).digestState(current, region)).orElse(DigestState.INITIAL);
            }
            if (digestState.pending().isPresent()) {
                if (!writeDigest(current, digestState.pending().get())) {
                    return false;
                }
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            if (!current.logFileValidationEnabled()) {
                if (digestState.lastEnd().isPresent()) {
                    // validation off: the chain breaks, and the next digest after it is turned on again starts a new one
                    saveDigestState(current, digestState.breakChain());
                }
                return true;
            }
            if (current.logging() && (digestState.lastEnd().isEmpty() || digestState.finalDelivered())) {
                // the first digest, or the first after logging stopped or validation was turned off: a new chain
                saveDigestState(current, digestState.startChain(now));
                return true;
            }
            if (digestState.lastEnd().isEmpty()) {
                return true;
            }
            Instant lastEnd = digestState.lastEnd().get();
            // the digest that closes a chain when logging stops waits for a log scan after the stop, so it lists the last files
            Instant scanned;
            synchronized (this) {
                scanned = lastLogScan;
            }
            boolean closing = !current.logging() && !digestState.finalDelivered()
                    && current.stopLoggingTime().map(stop -> scanned.isAfter(stop.plusSeconds(1))).orElse(true);
            boolean due = current.logging() && !now.isBefore(lastEnd.plus(digestInterval));
            if (!due && !closing) {
                return true;
            }
            if (!now.isAfter(lastEnd)) {
                return true;
            }
            List<Map.Entry<String, DeliveredLog>> logs = store.read(reader -> new TrailRepository(reader).deliveredLogs(current, region));
            SigningKey key = signingKeys.current(region);
            String digestKey = DigestFiles.key(current, region, now);
            byte[] content = DigestFiles.content(current.accountId(), lastEnd, now, current.s3BucketName(), digestKey, key.fingerprint(), digestState.previous(),
                    logs.stream().map(Map.Entry::getValue).toList());
            String hash = DigestFiles.sha256(content);
            String signature = key.sign(DigestFiles.stringToSign(now, current.s3BucketName(), digestKey, hash, digestState.previous().map(DigestState.Link::signature)));
            DigestState.PendingDigest pending = new DigestState.PendingDigest(current.s3BucketName(), digestKey, content, hash, signature, now,
                    logs.stream().map(Map.Entry::getKey).toList(), closing);
            if (!saveDigestState(current, digestState.withPending(pending))) {
                // the trail was deleted (or replaced) since this run began: its retired self closes the chain
                log.debug("trail {} ({}) is gone; not writing {}", current.arn(), region, digestKey);
                return false;
            }
            return writeDigest(current, pending);
        }

        private boolean writeDigest(Trail current, DigestState.PendingDigest pending)
                throws IOException
        {
            try {
                buckets.put(pending.bucket(), pending.key(), gzip(pending.content()), new BucketStore.ObjectAttributes("application/json", current.kmsKeyId(),
                        Map.of("signature", pending.signature(), "signature-algorithm", SigningKey.ALGORITHM)));
            }
            catch (IOException | RuntimeException e) {
                failedAttempts.incrementAndGet();
                String message = "Failed to write digest " + pending.key() + " to bucket " + pending.bucket() + ": " + describe(e);
                log.warn("trail {} ({}): {}", current.arn(), region, message);
                saveDigestState(current, digestState.failed(message));
                return false;
            }
            deliveredDigests.incrementAndGet();
            DigestState delivered = digestState.delivered(pending, clock.instant());
            update(current, repository -> {
                boolean stored = repository.putDigestState(current, region, delivered);
                if (stored) {
                    for (String logKey : pending.logKeys()) {
                        repository.deleteDeliveredLog(current, region, logKey);
                    }
                }
                return stored;
            });
            digestState = delivered;
            return true;
        }

        /** Stores the digest state unless the trail is gone; returns whether it was stored. */
        private boolean saveDigestState(Trail current, DigestState newState)
                throws IOException
        {
            boolean stored = update(current, repository -> repository.putDigestState(current, region, newState));
            digestState = newState;
            return stored;
        }
    }

    @FunctionalInterface
    private interface Change<R>
    {
        R apply(TrailRepository repository)
                throws IOException;
    }

    private static byte[] gzip(byte[] content)
    {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(content.length / 4 + 64);
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Duration backoff(int failures)
    {
        return Duration.ofMillis(Math.min(MAXIMUM_BACKOFF.toMillis(), 500L << Math.min(failures, 10)));
    }

    private static String describe(Throwable e)
    {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
