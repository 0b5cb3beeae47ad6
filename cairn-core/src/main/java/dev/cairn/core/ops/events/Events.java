package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.EventPattern;
import dev.cairn.core.events.InvalidEventPatternException;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.events.Target;
import dev.cairn.core.ops.PageTokens;

import java.io.IOException;
import java.util.Optional;

/**
 * Helpers shared by the EventBridge operations.
 */
final class Events
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String RULE_TYPE = "AWS::Events::Rule";
    /** The model's {@code LimitMax100}: at most 100 items a page, and 100 when not given. */
    static final int DEFAULT_LIMIT = 100;
    private static final PageTokens TOKENS = new PageTokens("cairn-events:", () -> new CairnException(ErrorCode.VALIDATION, "The NextToken provided is not valid."));

    private Events()
    {
    }

    static String text(CallContext call, String member)
    {
        return call.input().path(member).asText();
    }

    static Optional<String> optionalText(CallContext call, String member)
    {
        return optionalText(call.input(), member);
    }

    static Optional<String> optionalText(JsonNode node, String member)
    {
        return node.hasNonNull(member) ? Optional.of(node.get(member).asText()) : Optional.empty();
    }

    static int limit(CallContext call)
    {
        return call.input().hasNonNull("Limit") ? call.input().get("Limit").asInt() : DEFAULT_LIMIT;
    }

    /**
     * Checks {@code EventBusName}: Cairn has the default event bus only, named {@code default} or by its ARN in the
     * caller's account and region. Any other bus does not exist.
     */
    static void requireDefaultBus(CallContext call)
    {
        Optional<String> bus = optionalText(call, "EventBusName");
        if (bus.isPresent() && !bus.get().equals(Rule.DEFAULT_EVENT_BUS) && !bus.get().equals(Rule.defaultEventBusArn(call.accountId(), call.region()))) {
            throw new CairnException(ErrorCode.EVENTS_RESOURCE_NOT_FOUND, "Event bus " + bus.get() + " does not exist.");
        }
    }

    static Rule requireRule(RuleRepository rules, CallContext call, String name)
            throws IOException
    {
        return rules.rule(call.accountId(), call.region(), name)
                .orElseThrow(() -> new CairnException(ErrorCode.EVENTS_RESOURCE_NOT_FOUND, "Rule " + name + " does not exist on EventBus " + Rule.DEFAULT_EVENT_BUS + "."));
    }

    /** The pattern, checked as EventBridge checks it: a refused one is {@code InvalidEventPatternException}. */
    static EventPattern pattern(String json)
    {
        try {
            return EventPattern.parse(json);
        }
        catch (InvalidEventPatternException e) {
            throw new CairnException(ErrorCode.INVALID_EVENT_PATTERN, e.getMessage());
        }
    }

    /** An opaque token naming where the next page starts. */
    static String nextToken(String position)
    {
        return TOKENS.encode(position);
    }

    /** The position a {@code NextToken} names, empty without one. */
    static Optional<String> position(CallContext call)
    {
        return TOKENS.decode(optionalText(call, "NextToken"));
    }

    /** A rule as ListRules lists it; DescribeRule adds {@code CreatedBy}. */
    static ObjectNode rule(Rule rule)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Name", rule.name());
        node.put("Arn", rule.arn());
        rule.eventPattern().ifPresent(pattern -> node.put("EventPattern", pattern));
        node.put("State", rule.state());
        rule.description().ifPresent(description -> node.put("Description", description));
        rule.roleArn().ifPresent(role -> node.put("RoleArn", role));
        node.put("EventBusName", Rule.DEFAULT_EVENT_BUS);
        return node;
    }

    /** A target as ListTargetsByRule lists it (the {@code Target} shape). */
    static ObjectNode target(Target target)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Id", target.id());
        node.put("Arn", target.arn());
        target.roleArn().ifPresent(role -> node.put("RoleArn", role));
        target.input().ifPresent(input -> node.put("Input", input));
        target.inputPath().ifPresent(path -> node.put("InputPath", path));
        target.inputTransformer().ifPresent(transformer -> {
            ObjectNode json = node.putObject("InputTransformer");
            if (!transformer.inputPathsMap().isEmpty()) {
                ObjectNode paths = json.putObject("InputPathsMap");
                transformer.inputPathsMap().forEach(paths::put);
            }
            json.put("InputTemplate", transformer.inputTemplate());
        });
        target.httpParameters().ifPresent(parameters -> {
            ObjectNode json = node.putObject("HttpParameters");
            if (!parameters.pathParameterValues().isEmpty()) {
                ArrayNode values = json.putArray("PathParameterValues");
                parameters.pathParameterValues().forEach(values::add);
            }
            if (!parameters.headerParameters().isEmpty()) {
                ObjectNode headers = json.putObject("HeaderParameters");
                parameters.headerParameters().forEach(headers::put);
            }
            if (!parameters.queryStringParameters().isEmpty()) {
                ObjectNode query = json.putObject("QueryStringParameters");
                parameters.queryStringParameters().forEach(query::put);
            }
        });
        target.deadLetterArn().ifPresent(arn -> node.putObject("DeadLetterConfig").put("Arn", arn));
        target.retryPolicy().ifPresent(policy -> node.putObject("RetryPolicy")
                .put("MaximumRetryAttempts", policy.maximumRetryAttempts())
                .put("MaximumEventAgeInSeconds", policy.maximumEventAgeInSeconds()));
        return node;
    }
}
