package dev.cairn.core.eventbus;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.Target;
import dev.cairn.spi.OutboxWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One matched event on its way to one target of one rule, as the outbox keeps it (destination
 * {@code events/<rule ARN>/<target id>}): what to send where, and for how long to keep trying.
 *
 * @param input what the target gets: the event, or the target's {@code Input}, {@code InputPath} or {@code InputTransformer} applied to it
 * @param maximumRetryAttempts the target's {@code RetryPolicy} (EventBridge's default 185)
 * @param expires when the event is too old to send ({@code MaximumEventAgeInSeconds} after it was matched)
 * @param deadLetterArn where an event that could not be sent goes ({@code DeadLetterConfig}): an SNS topic or a log group
 */
public record EventTargetMessage(String accountId, String region, String ruleName, String targetId, String targetArn, String eventId, JsonNode input,
        int maximumRetryAttempts, Instant expires, Optional<String> deadLetterArn)
{
    static final String DESTINATION_PREFIX = "events/";

    public EventTargetMessage
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(ruleName, "ruleName is null");
        requireNonNull(targetId, "targetId is null");
        requireNonNull(targetArn, "targetArn is null");
        requireNonNull(eventId, "eventId is null");
        requireNonNull(input, "input is null");
        requireNonNull(expires, "expires is null");
        requireNonNull(deadLetterArn, "deadLetterArn is null");
    }

    /** Puts the message in the outbox, due at once, under its rule and target's destination. */
    public void enqueue(OutboxWriter outbox, Instant at)
            throws IOException
    {
        outbox.enqueue(destination(Rule.arn(accountId, region, ruleName), targetId), toBytes(), at);
    }

    static String destination(String ruleArn, String targetId)
    {
        return DESTINATION_PREFIX + ruleArn + "/" + targetId;
    }

    static boolean isEventTargetDestination(String destination)
    {
        return destination.startsWith(DESTINATION_PREFIX);
    }

    byte[] toBytes()
    {
        try {
            return Json.mapper().writeValueAsBytes(this);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EventTargetMessage fromBytes(byte[] bytes)
            throws IOException
    {
        return Json.mapper().readValue(bytes, EventTargetMessage.class);
    }

    /** The body a target is sent: the event, unless the target's {@code Input} or {@code InputPath} chose another. */
    String body()
    {
        return input.isTextual() ? input.asText() : input.toString();
    }

    /**
     * What a target gets of the event: a constant {@code Input} (JSON text) as it is; an {@code InputPath}'s part of
     * the event; an {@code InputTransformer}'s template with each {@code <name>} replaced by the value its path picks
     * (a string's text, anything else as JSON; a path that picks nothing, {@code null}), and {@code <aws.events.rule-name>},
     * {@code <aws.events.event.json>} as EventBridge fills them; else the whole event.
     */
    static JsonNode targetInput(ObjectNode event, String ruleName, Target target)
    {
        if (target.input().isPresent()) {
            return Json.mapper().getNodeFactory().textNode(target.input().get());
        }
        if (target.inputPath().isPresent()) {
            return select(event, target.inputPath().get());
        }
        if (target.inputTransformer().isPresent()) {
            String text = target.inputTransformer().get().inputTemplate()
                    .replace("<aws.events.rule-name>", ruleName)
                    .replace("<aws.events.event.json>", event.toString());
            for (Map.Entry<String, String> variable : target.inputTransformer().get().inputPathsMap().entrySet()) {
                JsonNode value = select(event, variable.getValue());
                String replacement = value.isTextual() ? escaped(value.asText()) : value.toString();
                text = text.replace("<" + variable.getKey() + ">", replacement);
            }
            return Json.mapper().getNodeFactory().textNode(text);
        }
        return event;
    }

    /** The part of the event a JSON path ({@code $.detail.userIdentity.arn}) names, {@code null} when there is none. */
    private static JsonNode select(ObjectNode event, String path)
    {
        JsonNode node = event;
        for (String part : path.replaceFirst("^\\$\\.?", "").split("\\.")) {
            if (!part.isEmpty()) {
                node = node.path(part);
            }
        }
        return node.isMissingNode() ? Json.mapper().getNodeFactory().nullNode() : node;
    }

    /** A string's text as it stands between the quotes of a JSON string. */
    private static String escaped(String text)
    {
        String quoted = Json.mapper().getNodeFactory().textNode(text).toString();
        return quoted.substring(1, quoted.length() - 1);
    }
}
