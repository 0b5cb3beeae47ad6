package dev.cairn.core.ops.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.InputValidator;
import dev.cairn.core.eventbus.EventRuleIndex;
import dev.cairn.core.eventbus.EventTargetMessage;
import dev.cairn.core.events.Rule;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.model.EventCategory;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts custom events on the default event bus, as EventBridge does: each entry becomes an event ({@code version},
 * {@code id}, {@code detail-type}, {@code source}, {@code account}, {@code time}, {@code region}, {@code resources},
 * {@code detail}) matched against the bus's enabled rules, and every (event, target) pair waits in the outbox, committed
 * with the call, for the targets' sender. Entries are answered one by one: a refused entry (no source, detail type or
 * detail; a detail that is not a JSON object; a source starting with {@code aws.}, which only AWS services may use;
 * another bus; over 256 KB) gets its {@code ErrorCode} and {@code ErrorMessage} and the others go on. Recorded as a
 * data event on the bus, its details hidden as AWS hides them.
 */
public final class PutEvents
        implements WriteOperation, EventsOperation
{
    /** EventBridge's limit on one entry: 256 KB. */
    static final int MAXIMUM_ENTRY_BYTES = 256 * 1024;

    private final EventRuleIndex rules;

    public PutEvents(EventRuleIndex rules)
    {
        this.rules = requireNonNull(rules, "rules is null");
    }

    @Override
    public String name()
    {
        return "PutEvents";
    }

    /** Only messages to deliver: its batch drops no cache of identities or trails. */
    @Override
    public boolean changesMetadata()
    {
        return false;
    }

    @Override
    public EventCategory category()
    {
        return EventCategory.DATA;
    }

    @Override
    public List<RecordResource> recordResources(CallContext call)
    {
        return List.of(new RecordResource(call.accountId(), "AWS::Events::EventBus", Rule.defaultEventBusArn(call.accountId(), call.region())));
    }

    @Override
    public ObjectNode requestParameters(ObjectNode input)
    {
        ObjectNode recorded = input.deepCopy();
        for (JsonNode entry : recorded.path("Entries")) {
            if (entry instanceof ObjectNode object && object.has("Detail")) {
                object.put("Detail", "HIDDEN_DUE_TO_SECURITY_REASONS");
            }
        }
        return recorded;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
    {
        throw new IllegalStateException("PutEvents needs the batch's outbox");
    }

    @Override
    public ObjectNode execute(CallContext call, BatchWriters batch)
            throws IOException
    {
        ObjectNode output = Events.NODES.objectNode();
        ArrayNode results = output.putArray("Entries");
        int failed = 0;
        long version = rules.version();
        for (JsonNode entry : call.input().path("Entries")) {
            ObjectNode result = results.addObject();
            Optional<String> refused = refusal(call, entry);
            if (refused.isPresent()) {
                result.put("ErrorCode", refused.get().substring(0, refused.get().indexOf(':')));
                result.put("ErrorMessage", refused.get().substring(refused.get().indexOf(':') + 2));
                failed++;
                continue;
            }
            ObjectNode event = event(call, entry);
            result.put("EventId", event.path("id").asText());
            for (EventTargetMessage message : rules.match(batch.metadata(), version, call.accountId(), call.region(), event, false, call.receivedAt())) {
                message.enqueue(batch.outbox(), call.receivedAt());
            }
        }
        output.put("FailedEntryCount", failed);
        return output;
    }

    /** Why EventBridge refuses the entry, as {@code ErrorCode: ErrorMessage}; empty for an entry it takes. */
    private static Optional<String> refusal(CallContext call, JsonNode entry)
    {
        for (String member : List.of("Source", "DetailType", "Detail")) {
            if (entry.path(member).asText("").isEmpty()) {
                return Optional.of("InvalidArgument: Parameter " + member + " is not valid. Reason: " + member + " is a required argument.");
            }
        }
        if (entry.path("Source").asText().startsWith("aws.")) {
            return Optional.of("NotAuthorizedForSourceException: Not authorized for the source.");
        }
        Optional<String> bus = Events.optionalText(entry, "EventBusName");
        if (bus.isPresent() && !bus.get().equals(Rule.DEFAULT_EVENT_BUS) && !bus.get().equals(Rule.defaultEventBusArn(call.accountId(), call.region()))) {
            return Optional.of("InvalidArgument: Parameter EventBusName is not valid. Reason: Cairn has the default event bus only.");
        }
        JsonNode detail;
        try {
            detail = Json.mapper().readTree(entry.path("Detail").asText());
        }
        catch (IOException e) {
            detail = null;
        }
        if (detail == null || !detail.isObject()) {
            return Optional.of("MalformedDetail: Detail is malformed.");
        }
        if (entry.toString().getBytes(StandardCharsets.UTF_8).length > MAXIMUM_ENTRY_BYTES) {
            return Optional.of("InvalidArgument: Total size of the entries in the request is over the limit.");
        }
        return Optional.empty();
    }

    private static ObjectNode event(CallContext call, JsonNode entry)
            throws IOException
    {
        Instant time = entry.hasNonNull("Time") ? InputValidator.instant(entry.get("Time")) : call.receivedAt();
        ObjectNode event = Events.NODES.objectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", entry.path("DetailType").asText());
        event.put("source", entry.path("Source").asText());
        event.put("account", call.accountId());
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
        event.put("region", call.region());
        ArrayNode resources = event.putArray("resources");
        entry.path("Resources").forEach(resources::add);
        event.set("detail", Json.mapper().readTree(entry.path("Detail").asText()));
        return event;
    }
}
