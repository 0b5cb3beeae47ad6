package dev.cairn.core.eventbus;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.events.Rule;
import dev.cairn.spi.OutboxWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One matched event on its way to one target of one rule, as the outbox keeps it (destination
 * {@code events/<rule ARN>/<target id>}): what to send where, and for how long to keep trying.
 *
 * @param input what the target gets: the event, or the target's {@code Input} / {@code InputPath} applied to it
 * @param maximumRetryAttempts the target's {@code RetryPolicy} (EventBridge's default 185)
 * @param expires when the event is too old to send ({@code MaximumEventAgeInSeconds} after it was matched)
 * @param deadLetterArn where an event that could not be sent goes ({@code DeadLetterConfig}): an SNS topic or a log group
 */
public record EventTargetMessage(String accountId, String region, String ruleName, String targetId, String targetArn, String eventId, JsonNode input,
        int maximumRetryAttempts, Instant expires, java.util.Optional<String> deadLetterArn)
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

    /** A constant {@code Input} (JSON text) is sent as it is; an {@code InputPath} picks a part of the event. */
    static JsonNode targetInput(ObjectNode event, java.util.Optional<String> constant, java.util.Optional<String> path)
    {
        if (constant.isPresent()) {
            return Json.mapper().getNodeFactory().textNode(constant.get());
        }
        if (path.isPresent() && path.get().startsWith("$")) {
            JsonNode node = event;
            for (String part : path.get().substring(1).split("\\.")) {
                if (!part.isEmpty()) {
                    node = node.path(part);
                }
            }
            return node.isMissingNode() ? Json.mapper().getNodeFactory().nullNode() : node;
        }
        return event;
    }
}
