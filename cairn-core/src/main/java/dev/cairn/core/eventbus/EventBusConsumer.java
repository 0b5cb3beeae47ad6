package dev.cairn.core.eventbus;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.events.CloudTrailEvents;
import dev.cairn.core.journal.JournalConsumer;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.Store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts every recorded management event on its account's default event bus, as CloudTrail does for EventBridge: the
 * record becomes its bus event ({@link CloudTrailEvents}), is matched against the enabled rules of its account and
 * region in one pass of AWS's event-ruler, and each (event, target) pair is put in the durable outbox, in one journal
 * transaction per batch of entries, for {@link EventTargetDelivery} to send. Read-only events match only rules in state
 * {@code ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS}, as in AWS. A crash between the outbox's commit and the
 * checkpoint puts a batch's pairs in again: delivery is at least once, as EventBridge's.
 */
public final class EventBusConsumer
        implements JournalConsumer
{
    public static final String CONSUMER = "event-bus";
    private static final int BATCH = 1_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Store store;
    private final JournalWriter journal;
    private final Clock clock;
    private final EventRuleIndex rules;

    /** Run by one node at a time (its caller holds the consumer's lease). */
    public EventBusConsumer(Store store, JournalWriter journal, EventRuleIndex rules, Clock clock)
    {
        this.rules = requireNonNull(rules, "rules is null");
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String name()
    {
        return CONSUMER;
    }

    @Override
    public long checkpoint()
            throws IOException
    {
        return store.checkpoints().get(CONSUMER);
    }

    @Override
    public synchronized boolean runOnce()
            throws IOException
    {
        long checkpoint = store.checkpoints().get(CONSUMER);
        List<JournalEntry> entries = store.journal().read(checkpoint, BATCH);
        if (entries.isEmpty()) {
            return false;
        }
        long version = rules.version();
        List<EventTargetMessage> matched = store.read(reader -> {
            List<EventTargetMessage> found = new ArrayList<>();
            for (JournalEntry entry : entries) {
                match(reader, version, entry.event(), found);
            }
            return found;
        });
        if (!matched.isEmpty()) {
            Instant now = clock.instant();
            journal.applyUnrecorded("put matched events in the outbox", WriteTask.unrecorded(batch -> {
                for (EventTargetMessage message : matched) {
                    message.enqueue(batch.outbox(), now);
                }
                return null;
            }, false), TIMEOUT);
        }
        store.checkpoints().put(CONSUMER, entries.get(entries.size() - 1).position());
        return entries.size() == BATCH;
    }

    private void match(MetadataReader reader, long version, EventRecord record, List<EventTargetMessage> matched)
            throws IOException
    {
        // the bus takes CloudTrail's management events: not data events, nor events from outside AWS (ActivityAuditLog)
        if (record.category() != EventCategory.MANAGEMENT || !rules.hasRules(reader, version, record.accountId(), record.region())) {
            return;
        }
        JsonNode json = Json.mapper().readTree(record.json());
        Optional<ObjectNode> event = CloudTrailEvents.event(json);
        if (event.isPresent()) {
            matched.addAll(rules.match(reader, version, record.accountId(), record.region(), event.get(), CloudTrailEvents.readOnlyManagementEvent(json), clock.instant()));
        }
    }
}
