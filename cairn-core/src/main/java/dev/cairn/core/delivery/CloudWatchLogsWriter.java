package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.logs.LogEventsListener;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.LogStream;
import dev.cairn.core.trail.CloudWatchLogsDestination;
import dev.cairn.core.trail.Trail;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.LogEvent;
import dev.cairn.spi.LogGroupTarget;
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
import java.util.Optional;

/**
 * Delivers one trail's events from one region (of one account) to the trail's CloudWatch Logs log group, as CloudTrail
 * does: one log event per record (its JSON as the message, its {@code eventTime} as the timestamp), in the stream
 * {@code <account>_CloudTrail_<region>}, made when first needed. Reads the journal after its checkpoint and appends
 * batches of up to {@value #MAXIMUM_BATCH_EVENTS} events and about a megabyte in one journal transaction with the
 * checkpoint that passes them, so a crash neither loses nor repeats a log event. A log group that no longer exists
 * is an error shown in GetTrailStatus ({@code LatestCloudWatchLogsDeliveryError}); the events that could not go are
 * passed over, as CloudTrail drops what it cannot deliver to a log group. Used by one thread at a time.
 *
 * <p>With an external CloudWatch Logs service ({@code --cloudwatch-logs-endpoint}) the events go there instead, in
 * PutLogEvents calls, and the checkpoint is stored after the service took them: a crash between the two sends those
 * events again (at least once), and an unreachable service is retried (its error shown in GetTrailStatus) without
 * passing over anything.
 */
final class CloudWatchLogsWriter
{
    private static final Logger log = LoggerFactory.getLogger(CloudWatchLogsWriter.class);
    static final int MAXIMUM_BATCH_EVENTS = 10_000;
    private static final long MAXIMUM_BATCH_BYTES = 1_048_576;
    private static final int READ_CHUNK = 2_000;
    /** How often a checkpoint that moved past entries the trail does not take is stored. */
    private static final Duration PERSIST_ADVANCE_EVERY = Duration.ofSeconds(30);

    private final String region;
    private final String account;
    private final Store store;
    private final Clock clock;
    private final FencedUpdates updates;
    private final LogEventsListener listener;
    private final DeliveryCounters counters;
    private final Optional<LogGroupTarget> external;
    private volatile CloudWatchLogsState state;
    private Instant lastPersisted = Instant.MIN;

    CloudWatchLogsWriter(String region, String account, Store store, Clock clock, FencedUpdates updates, LogEventsListener listener, DeliveryCounters counters,
            Optional<LogGroupTarget> external)
    {
        this.external = requireNonNull(external, "external is null");
        this.region = requireNonNull(region, "region is null");
        this.account = requireNonNull(account, "account is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.updates = requireNonNull(updates, "updates is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.counters = requireNonNull(counters, "counters is null");
    }

    Optional<CloudWatchLogsState> state()
    {
        return Optional.ofNullable(state);
    }

    /** Reads the state from the store again at the next run: another node may have moved it. */
    void forget()
    {
        state = null;
    }

    /** Appends what the journal has for the trail's log group; returns false when a batch could not be stored. */
    boolean deliver(Trail current)
            throws IOException
    {
        Optional<CloudWatchLogsDestination> destination = CloudWatchLogsDestination.of(current);
        if (destination.isEmpty()) {
            return true;
        }
        if (state == null) {
            state = store.read(reader -> {
                DeliveryRepository repository = new DeliveryRepository(reader);
                Optional<CloudWatchLogsState> stored = repository.cloudWatchLogsState(current, region, account);
                if (stored.isPresent()) {
                    return stored.get();
                }
                // a log group given to a trail gets the trail's events from those not yet in its log files on
                return CloudWatchLogsState.startingAt(repository.deliveryState(current, region, account).map(DeliveryState::checkpoint).orElse(0L));
            });
        }
        long end = store.journal().lastPosition();
        long scannedTo = state.checkpoint();
        List<EventRecord> batch = new ArrayList<>();
        long bytes = 0;
        while (scannedTo < end) {
            List<JournalEntry> entries = store.journal().read(scannedTo, READ_CHUNK);
            if (entries.isEmpty()) {
                break;
            }
            for (JournalEntry entry : entries) {
                if (entry.position() > end) {
                    break;
                }
                if (TrailEvents.takes(current, account, region, entry.event())) {
                    batch.add(entry.event());
                    bytes += entry.event().json().length + 26;
                }
                scannedTo = entry.position();
                if (batch.size() >= MAXIMUM_BATCH_EVENTS || bytes >= MAXIMUM_BATCH_BYTES) {
                    if (!append(current, destination.get(), batch, scannedTo)) {
                        return false;
                    }
                    batch = new ArrayList<>();
                    bytes = 0;
                }
            }
            if (entries.get(entries.size() - 1).position() >= end) {
                break;
            }
        }
        if (!batch.isEmpty()) {
            return append(current, destination.get(), batch, scannedTo);
        }
        if (scannedTo > state.checkpoint()) {
            state = state.advancedTo(scannedTo);
            if (Duration.between(lastPersisted, clock.instant()).compareTo(PERSIST_ADVANCE_EVERY) >= 0) {
                CloudWatchLogsState advanced = state;
                updates.apply(repository -> repository.putCloudWatchLogsState(current, region, account, advanced));
                lastPersisted = clock.instant();
            }
        }
        return true;
    }

    private boolean append(Trail current, CloudWatchLogsDestination destination, List<EventRecord> records, long lastPosition)
            throws IOException
    {
        Instant now = clock.instant();
        List<LogEvent> events = new ArrayList<>(records.size());
        for (EventRecord record : records) {
            events.add(new LogEvent(record.eventTime().toEpochMilli(), now.toEpochMilli(), new String(record.json(), StandardCharsets.UTF_8)));
        }
        String stream = CloudWatchLogsDestination.streamName(account, region);
        if (external.isPresent()) {
            return appendExternal(current, destination, stream, events, lastPosition);
        }
        CloudWatchLogsState before = state;
        CloudWatchLogsState after;
        try {
            after = updates.applyInBatch((repository, batch) -> {
                LogGroupRepository groups = new LogGroupRepository(batch.metadata());
                Optional<LogGroup> group = groups.group(destination.accountId(), destination.region(), destination.groupName());
                CloudWatchLogsState next;
                if (group.isEmpty()) {
                    next = before.skipped(lastPosition, "Log group " + destination.groupName() + " does not exist in " + destination.region() + ".");
                }
                else {
                    if (groups.stream(destination.accountId(), destination.region(), destination.groupName(), stream).isEmpty()) {
                        groups.insertStream(destination.accountId(), destination.region(), destination.groupName(), new LogStream(stream, now.toEpochMilli()));
                    }
                    batch.logEvents().append(group.get().eventsKey(), stream, events);
                    next = before.delivered(lastPosition, now);
                }
                return repository.putCloudWatchLogsState(current, region, account, next) ? next : null;
            }, false);
        }
        catch (IOException | RuntimeException e) {
            counters.failedAttempts.incrementAndGet();
            log.warn("trail {} ({}): cannot deliver to its log group: {}", current.arn(), region, e.toString());
            return false;
        }
        lastPersisted = clock.instant();
        if (after == null) {
            // the trail was deleted (or replaced) since this run began
            return false;
        }
        state = after;
        if (after.latestDeliveryError().isEmpty()) {
            listener.appended(destination.accountId(), destination.region(), destination.groupName(), stream, events);
        }
        else {
            log.warn("trail {} ({}): {}", current.arn(), region, after.latestDeliveryError().get());
        }
        return true;
    }

    private boolean appendExternal(Trail current, CloudWatchLogsDestination destination, String stream, List<LogEvent> events, long lastPosition)
            throws IOException
    {
        CloudWatchLogsState before = state;
        CloudWatchLogsState next;
        try {
            int refused = external.get().put(destination.region(), destination.groupName(), stream, events);
            if (refused > 0) {
                log.warn("trail {} ({}): {} refused {} of {} events (too large, too old or too new)", current.arn(), region, external.get().describe(), refused, events.size());
            }
            next = before.delivered(lastPosition, clock.instant());
        }
        catch (LogGroupTarget.NoSuchLogGroupException e) {
            next = before.skipped(lastPosition, e.getMessage());
            log.warn("trail {} ({}): {}", current.arn(), region, e.getMessage());
        }
        catch (IOException | RuntimeException e) {
            counters.failedAttempts.incrementAndGet();
            log.warn("trail {} ({}): cannot deliver to its log group: {}", current.arn(), region, e.getMessage());
            String error = "Could not deliver to log group " + destination.groupName() + " at " + external.get().describe() + "; retrying.";
            if (!before.latestDeliveryError().equals(Optional.of(error))) {
                CloudWatchLogsState failed = before.failed(error);
                if (updates.apply(repository -> repository.putCloudWatchLogsState(current, region, account, failed))) {
                    state = failed;
                }
            }
            return false;
        }
        CloudWatchLogsState delivered = next;
        boolean stored = updates.apply(repository -> repository.putCloudWatchLogsState(current, region, account, delivered));
        lastPersisted = clock.instant();
        if (!stored) {
            // the trail was deleted (or replaced) since this run began
            return false;
        }
        state = delivered;
        return true;
    }
}
