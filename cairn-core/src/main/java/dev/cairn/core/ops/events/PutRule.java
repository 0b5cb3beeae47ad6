package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.EventPattern;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates a rule on the default event bus, or replaces the rule of that name: as AWS, members left out of an update
 * are cleared, the targets stay, and tags given with an update are ignored. The pattern is checked by event-ruler
 * ({@code InvalidEventPatternException}). Schedule expressions are refused: Cairn matches events, it runs no schedules.
 * Quotas as EventBridge's defaults: 300 rules a bus, of which at most 30 with wildcards.
 */
public final class PutRule
        implements WriteOperation, RuleOperation
{
    /** EventBridge's default quota of rules per event bus. */
    static final int MAXIMUM_RULES = 300;
    /** EventBridge's quota of rules with wildcard patterns per event bus, which cannot be raised. */
    static final int MAXIMUM_WILDCARD_RULES = 30;

    @Override
    public String name()
    {
        return "PutRule";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        String name = Events.text(call, "Name");
        if (call.input().hasNonNull("ScheduleExpression")) {
            throw new CairnException(ErrorCode.VALIDATION, "Cairn does not support ScheduleExpression: its rules match events by an EventPattern and run on no schedule.");
        }
        Optional<String> patternJson = Events.optionalText(call, "EventPattern");
        if (patternJson.isEmpty()) {
            throw new CairnException(ErrorCode.VALIDATION, "Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        EventPattern pattern = Events.pattern(patternJson.get());

        RuleRepository rules = new RuleRepository(metadata);
        Optional<Rule> existing = rules.rule(call.accountId(), call.region(), name);
        if (existing.isEmpty() && rules.count(call.accountId(), call.region()) >= MAXIMUM_RULES) {
            throw new CairnException(ErrorCode.EVENTS_LIMIT_EXCEEDED, "The requested resource exceeds the maximum number allowed: at most " + MAXIMUM_RULES
                    + " rules on an event bus.");
        }
        if (pattern.usesWildcard() && wildcardRules(rules, call, name) >= MAXIMUM_WILDCARD_RULES) {
            throw new CairnException(ErrorCode.EVENTS_LIMIT_EXCEEDED, "The requested resource exceeds the maximum number allowed: at most " + MAXIMUM_WILDCARD_RULES
                    + " rules with wildcards on an event bus.");
        }
        Rule rule = new Rule(
                call.accountId(),
                call.region(),
                name,
                Optional.of(pattern.json()),
                Events.optionalText(call, "State").orElse(Rule.ENABLED),
                Events.optionalText(call, "Description"),
                Events.optionalText(call, "RoleArn"),
                existing.map(Rule::tags).orElseGet(() -> tags(call.input().path("Tags"))),
                existing.map(Rule::createdBy).orElse(call.accountId()),
                existing.map(Rule::targets).orElse(List.of()));
        rules.put(rule);
        ObjectNode output = Events.NODES.objectNode();
        output.put("RuleArn", rule.arn());
        return output;
    }

    private static int wildcardRules(RuleRepository rules, CallContext call, String except)
            throws IOException
    {
        int count = 0;
        for (Rule rule : rules.rules(call.accountId(), call.region(), "", "", Integer.MAX_VALUE)) {
            if (!rule.name().equals(except) && rule.eventPattern().isPresent() && EventPattern.parse(rule.eventPattern().get()).usesWildcard()) {
                count++;
            }
        }
        return count;
    }

    private static Map<String, String> tags(JsonNode list)
    {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : list) {
            tags.put(tag.path("Key").asText(), tag.path("Value").asText());
        }
        return tags;
    }
}
