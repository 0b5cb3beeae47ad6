package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.filter.FilterMatch;
import dev.cairn.core.logs.filter.FilterPattern;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.util.Optional;

/**
 * Matches a filter pattern against up to 50 messages: each match with its number among the messages (from 1), the
 * message, and the fields a space-delimited pattern extracted ({@code $name}, or {@code $} and the position where the
 * pattern names none); other patterns extract nothing. A pattern that does not parse is
 * {@code InvalidParameterException} with the reason.
 */
public final class TestMetricFilter
        implements ReadOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "TestMetricFilter";
    }

    @Override
    public boolean readsMetadata()
    {
        return false;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
    {
        FilterPattern pattern = MetricFilters.parse(Logs.text(call, "filterPattern"));
        ObjectNode output = Logs.NODES.objectNode();
        ArrayNode matches = output.putArray("matches");
        long eventNumber = 0;
        for (JsonNode message : call.input().path("logEventMessages")) {
            eventNumber++;
            Optional<FilterMatch> match = pattern.match(message.asText());
            if (match.isPresent()) {
                ObjectNode record = matches.addObject();
                record.put("eventNumber", eventNumber);
                record.put("eventMessage", message.asText());
                ObjectNode extracted = record.putObject("extractedValues");
                match.get().extractedValues().forEach(extracted::put);
            }
        }
        return output;
    }
}
