package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.Json;
import dev.cairn.core.digest.DeliveredLog;
import dev.cairn.core.sns.SnsPublisher;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.core.trail.NotificationTopic;
import dev.cairn.core.trail.Trail;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Writes one trail's log files from one region (and, for an organization trail, of one member account): reads the
 * journal after the unit's checkpoint, keeps the entries the trail takes (the account and region, logged while the trail was logging, chosen by its selectors), and writes them
 * as one log file, or several when a file reaches the size cap.
 *
 * <p>A file is first recorded as pending, with the positions it covers and its key; then written; then the
 * checkpoint moves past it. After a crash a pending file is written again under the same key with the same entries,
 * overwriting rather than duplicating; nothing after the checkpoint is lost. Used by one thread at a time.
 */
final class LogFileWriter
{
    private static final Logger log = LoggerFactory.getLogger(LogFileWriter.class);
    private static final int READ_CHUNK = 2_000;
    /** How often a checkpoint that moved past entries the trail does not take is stored. */
    private static final Duration PERSIST_ADVANCE_EVERY = Duration.ofSeconds(30);

    private final String region;
    /** Whose events: the trail's own account, or for an organization trail one of its member accounts. */
    private final String account;
    private final Store store;
    private final BucketStore buckets;
    private final Clock clock;
    private final long maximumFileBytes;
    private final FencedUpdates updates;
    private final DeliveryCounters counters;
    private final BooleanSupplier closed;
    private volatile DeliveryState state;
    private Instant lastPersisted = Instant.MIN;

    LogFileWriter(String region, String account, Store store, BucketStore buckets, Clock clock, long maximumFileBytes, FencedUpdates updates,
            DeliveryCounters counters, BooleanSupplier closed)
    {
        this.region = requireNonNull(region, "region is null");
        this.account = requireNonNull(account, "account is null");
        this.store = requireNonNull(store, "store is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.maximumFileBytes = maximumFileBytes;
        this.updates = requireNonNull(updates, "updates is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.closed = requireNonNull(closed, "closed is null");
    }

    /** The state as this node last knew it; empty before the first run (or after {@link #forget}). */
    Optional<DeliveryState> state()
    {
        return Optional.ofNullable(state);
    }

    /** Reads the state from the store again at the next run: another node may have moved it. */
    void forget()
    {
        state = null;
    }

    /** Writes the files that are due; returns false when a write failed (to be retried with backoff). */
    boolean deliver(Trail current)
            throws IOException
    {
        if (state == null) {
            Optional<DeliveryState> stored = store.read(reader -> new DeliveryRepository(reader).deliveryState(current, region, account));
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
        while (scannedTo < end && !closed.getAsBoolean()) {
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
        String identity = current.arn() + "|" + region + (account.equals(current.accountId()) ? "" : "|" + account) + "|" + after + "|" + last;
        String key = LogFiles.key(current, account, region, now, identity);
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
                counters.failedAttempts.incrementAndGet();
                String message = "Failed to write " + pending.key() + " to bucket " + current.s3BucketName() + ": " + DeliveryScheduler.describe(e);
                log.warn("trail {} ({}): {}", current.arn(), region, message);
                state = state.failed(message, clock.instant());
                persist(current, state);
                return false;
            }
            counters.files.incrementAndGet();
            counters.records.addAndGet(records.size());
            if (current.logFileValidationEnabled()) {
                Instant oldest = records.stream().map(EventRecord::eventTime).min(Instant::compareTo).orElseThrow();
                Instant newest = records.stream().map(EventRecord::eventTime).max(Instant::compareTo).orElseThrow();
                written = Optional.of(new DeliveredLog(current.s3BucketName(), pending.key(), file.sha256(), oldest, newest));
            }
        }
        state = state.delivered(pending, clock.instant());
        Optional<DeliveredLog> forDigest = written;
        DeliveryState delivered = state;
        boolean notify = !records.isEmpty();
        updates.applyInBatch((repository, batch) -> {
            boolean stored = repository.putDeliveryState(current, region, account, delivered);
            if (stored && forDigest.isPresent()) {
                repository.putDeliveredLog(current, region, account, pending.lastPosition(), forDigest.get());
            }
            if (stored && notify) {
                notifyTopic(current, pending.key(), repository, batch);
            }
            return stored;
        }, true);
        lastPersisted = clock.instant();
        return true;
    }

    /**
     * Tells the trail's SNS topic of the file, as CloudTrail does ({@code {"s3Bucket": ..., "s3ObjectKey": [key]}}), in
     * the batch that marks the file delivered: once for each file, with a message id made from its key. A topic that
     * is gone, or whose policy no longer lets CloudTrail publish, is passed over, with the error in the trail's
     * notification state (GetTrailStatus' {@code LatestNotificationError}).
     */
    private void notifyTopic(Trail current, String key, DeliveryRepository delivery, BatchWriters batch)
            throws IOException
    {
        Optional<NotificationTopic> named = NotificationTopic.of(current);
        if (named.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        NotificationState before = delivery.notificationState(current, region, account).orElse(NotificationState.INITIAL);
        SnsRepository repository = new SnsRepository(batch.metadata());
        Optional<SnsTopic> topic = repository.topic(named.get().accountId(), named.get().region(), named.get().name());
        try {
            NotificationTopic.check(batch.metadata(), current);
        }
        catch (CairnException e) {
            String error = "Could not publish to SNS topic " + current.snsTopicName().orElse(named.get().name()) + ": " + e.getMessage();
            log.warn("trail {} ({}): {}; {} is not notified", current.arn(), region, error, key);
            delivery.putNotificationState(current, region, account, before.failed(error, now));
            return;
        }
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("s3Bucket", current.s3BucketName());
        message.putArray("s3ObjectKey").add(key);
        String messageId = UUID.nameUUIDFromBytes((current.s3BucketName() + "/" + key).getBytes(StandardCharsets.UTF_8)).toString();
        SnsPublisher.publish(repository, batch.outbox(), topic.orElseThrow(), messageId, Optional.empty(), subscription -> message.toString(), Map.of(), now);
        delivery.putNotificationState(current, region, account, before.published(now));
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
        return TrailEvents.takes(current, account, region, event);
    }

    /** Stores the state unless the trail is gone; returns whether it was stored. */
    private boolean persist(Trail current, DeliveryState newState)
            throws IOException
    {
        boolean stored = updates.apply(repository -> repository.putDeliveryState(current, region, account, newState));
        lastPersisted = clock.instant();
        return stored;
    }
}
