package dev.cairn.core.ops.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.EventPattern;
import dev.cairn.core.events.EventRules;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.util.List;

/**
 * Whether an event matches a pattern, by event-ruler as rules match. The pattern is checked as PutRule checks it
 * ({@code InvalidEventPatternException}); the event must be a JSON object with the members the model says are
 * mandatory ({@code id}, {@code account}, {@code source}, {@code time}, {@code region}, {@code resources},
 * {@code detail-type}), else {@code ValidationException}.
 */
public final class TestEventPattern
        implements ReadOperation, EventsOperation
{
    /** The members the model's documentation of {@code Event} says are mandatory. */
    static final List<String> MANDATORY = List.of("id", "account", "source", "time", "region", "resources", "detail-type");

    @Override
    public String name()
    {
        return "TestEventPattern";
    }

    @Override
    public boolean readsMetadata()
    {
        return false;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
    {
        EventPattern pattern = Events.pattern(Events.text(call, "EventPattern"));
        JsonNode event;
        try {
            event = Json.mapper().readTree(Events.text(call, "Event"));
        }
        catch (JsonProcessingException e) {
            throw new CairnException(ErrorCode.VALIDATION, "Parameter Event is not valid: it is not JSON.");
        }
        if (event == null || !event.isObject()) {
            throw new CairnException(ErrorCode.VALIDATION, "Parameter Event is not valid: it is not a JSON object.");
        }
        for (String member : MANDATORY) {
            if (!event.has(member)) {
                throw new CairnException(ErrorCode.VALIDATION, "Parameter Event is not valid: it has no " + member + ".");
            }
        }
        EventRules rules = new EventRules();
        rules.put("pattern", pattern);
        ObjectNode output = Events.NODES.objectNode();
        output.put("Result", !rules.matchingRules(event).isEmpty());
        return output;
    }
}
