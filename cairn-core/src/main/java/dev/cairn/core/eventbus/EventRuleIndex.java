package dev.cairn.core.eventbus;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.events.EventPattern;
import dev.cairn.core.events.EventRules;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.events.Target;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each account and region's enabled rules on its default bus, compiled into one event-ruler {@code Machine}, as of a
 * metadata version: what the event bus consumer and PutEvents match events against. A bus is compiled when first
 * asked for and again after metadata changed. Thread-safe.
 */
public final class EventRuleIndex
{
    private static final Logger log = LoggerFactory.getLogger(EventRuleIndex.class);

    private final Store store;
    private final Map<String, CompiledRules> buses = new ConcurrentHashMap<>();

    public EventRuleIndex(Store store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    private record CompiledRules(long version, EventRules machine, Map<String, Rule> byName) {}

    /**
     * The (event, target) pairs of the rules the event matches: each target's input, retry policy and dead-letter
     * destination with it.
     *
     * @param reader what the rules are read from when the bus's compiled rules are older than {@code version}
     * @param version the store's metadata version ({@link #version()}), read once for many events
     * @param allManagementEvents whether only rules in state {@code ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS} may take
     *         it (a read-only management event)
     */
    public List<EventTargetMessage> match(MetadataReader reader, long version, String accountId, String region, ObjectNode event, boolean allManagementEvents,
            Instant now)
            throws IOException
    {
        CompiledRules rules = rules(reader, version, accountId, region);
        List<EventTargetMessage> matched = new ArrayList<>();
        if (rules.byName().isEmpty()) {
            return matched;
        }
        String eventId = event.path("id").asText();
        for (String ruleName : rules.machine().matchingRules((JsonNode) event)) {
            Rule rule = rules.byName().get(ruleName);
            if (rule == null || (allManagementEvents && !rule.state().equals(Rule.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS))) {
                continue;
            }
            for (Target target : rule.targets()) {
                Target.RetryPolicy retry = target.effectiveRetryPolicy();
                matched.add(new EventTargetMessage(accountId, region, rule.name(), target.id(), target.arn(), eventId,
                        EventTargetMessage.targetInput(event, rule.name(), target), retry.maximumRetryAttempts(),
                        now.plusSeconds(retry.maximumEventAgeInSeconds()), target.deadLetterArn()));
            }
        }
        return matched;
    }

    /** The store's metadata version: rules compiled at an older one are read again. */
    public long version()
            throws IOException
    {
        return store.metadataVersion();
    }

    /** Whether the account's default bus in the region has an enabled rule: events of a bus without rules need no work. */
    public boolean hasRules(MetadataReader reader, long version, String accountId, String region)
            throws IOException
    {
        return !rules(reader, version, accountId, region).byName().isEmpty();
    }

    private CompiledRules rules(MetadataReader reader, long version, String accountId, String region)
            throws IOException
    {
        String key = accountId + "/" + region;
        CompiledRules compiled = buses.get(key);
        if (compiled != null && compiled.version() >= version) {
            return compiled;
        }
        EventRules machine = new EventRules();
        Map<String, Rule> byName = new HashMap<>();
        for (Rule rule : new RuleRepository(reader).rules(accountId, region, "", "", Integer.MAX_VALUE)) {
            if (!rule.enabled() || rule.eventPattern().isEmpty()) {
                continue;
            }
            try {
                machine.put(rule.name(), EventPattern.parse(rule.eventPattern().get()));
                byName.put(rule.name(), rule);
            }
            catch (RuntimeException e) {
                log.warn("rule {} has a pattern that no longer parses; it matches nothing: {}", rule.arn(), e.getMessage());
            }
        }
        CompiledRules fresh = new CompiledRules(version, machine, byName);
        buses.put(key, fresh);
        return fresh;
    }
}
