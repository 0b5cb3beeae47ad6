package dev.cairn.core.eventbus;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.events.CloudTrailEvents;
import dev.cairn.core.events.EventPattern;
import dev.cairn.core.events.EventRules;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.events.Target;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.journal.JournalConsumer;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final Logger log = LoggerFactory.getLogger(EventBusConsumer.class);
    private static final int BATCH = 1_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Store store;
    private final JournalWriter journal;
    private final Clock clock;
    private final List<String> regions;
    /** Each account and region's enabled rules, compiled, as of a metadata version. */
    private final Map<String, CompiledRules> rules = new HashMap<>();
    private long rulesVersion = -1;

    /** Run by one node at a time (its caller holds the consumer's lease). */
    public EventBusConsumer(Store store, JournalWriter journal, Clock clock, List<String> regions)
    {
        this.regions = List.copyOf(regions);
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
        refreshRules();
        List<EventTargetMessage> matched = new ArrayList<>();
        for (JournalEntry entry : entries) {
            match(entry.event(), matched);
        }
        if (!matched.isEmpty()) {
            Instant now = clock.instant();
            journal.applyUnrecorded("put matched events in the outbox", WriteTask.unrecorded(batch -> {
                for (EventTargetMessage message : matched) {
                    batch.outbox().enqueue(EventTargetMessage.destination(Rule.arn(message.accountId(), message.region(), message.ruleName()), message.targetId()),
                            message.toBytes(), now);
                }
                return null;
            }, false), TIMEOUT);
        }
        store.checkpoints().put(CONSUMER, entries.get(entries.size() - 1).position());
        return entries.size() == BATCH;
    }

    private void match(EventRecord record, List<EventTargetMessage> matched)
            throws IOException
    {
        if (record.category() != EventCategory.MANAGEMENT) {
            return;
        }
        CompiledRules compiled = rules.get(record.accountId() + "/" + record.region());
        if (compiled == null) {
            return;
        }
        JsonNode json = Json.mapper().readTree(record.json());
        Optional<ObjectNode> event = CloudTrailEvents.event(json);
        if (event.isEmpty()) {
            return;
        }
        boolean readOnly = CloudTrailEvents.readOnlyManagementEvent(json);
        Instant now = clock.instant();
        for (String ruleName : compiled.machine().matchingRules(event.get())) {
            Rule rule = compiled.byName().get(ruleName);
            if (rule == null || (readOnly && !rule.state().equals(Rule.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS))) {
                continue;
            }
            for (Target target : rule.targets()) {
                Target.RetryPolicy retry = target.effectiveRetryPolicy();
                matched.add(new EventTargetMessage(record.accountId(), record.region(), rule.name(), target.id(), target.arn(), event.get().path("id").asText(),
                        EventTargetMessage.targetInput(event.get(), target.input(), target.inputPath()), retry.maximumRetryAttempts(),
                        now.plusSeconds(retry.maximumEventAgeInSeconds()), target.deadLetterArn()));
            }
        }
    }

    /** Compiles every account and region's enabled rules again when metadata changed since they were read. */
    private void refreshRules()
            throws IOException
    {
        long version = store.metadataVersion();
        if (version == rulesVersion) {
            return;
        }
        Map<String, CompiledRules> fresh = store.read(reader -> {
            Map<String, CompiledRules> all = new HashMap<>();
            RuleRepository repository = new RuleRepository(reader);
            List<Rule> enabled = new ArrayList<>();
            for (Account account : new IdentityRepository(reader).accounts()) {
                for (String region : regions) {
                    repository.rules(account.accountId(), region, "", "", Integer.MAX_VALUE).stream().filter(Rule::enabled).forEach(enabled::add);
                }
            }
            for (Rule rule : enabled) {
                CompiledRules compiled = all.computeIfAbsent(rule.accountId() + "/" + rule.region(), ignored -> new CompiledRules(new EventRules(), new HashMap<>()));
                try {
                    compiled.machine().put(rule.name(), EventPattern.parse(rule.eventPattern().orElseThrow()));
                    compiled.byName().put(rule.name(), rule);
                }
                catch (RuntimeException e) {
                    log.warn("rule {} has a pattern that no longer parses; it matches nothing: {}", rule.arn(), e.getMessage());
                }
            }
            return all;
        });
        rules.clear();
        rules.putAll(fresh);
        rulesVersion = version;
    }

    private record CompiledRules(EventRules machine, Map<String, Rule> byName) {}
}
