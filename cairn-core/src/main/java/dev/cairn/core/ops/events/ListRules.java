package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;

/**
 * The rules of the default event bus in name order, by {@code NamePrefix}, paged by {@code Limit} (100 when not
 * given) and an opaque {@code NextToken}.
 */
public final class ListRules
        implements ReadOperation, EventsOperation
{
    @Override
    public String name()
    {
        return "ListRules";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        int limit = Events.limit(call);
        List<Rule> rules = new RuleRepository(metadata).rules(call.accountId(), call.region(), Events.optionalText(call, "NamePrefix").orElse(""),
                Events.position(call).orElse(""), limit + 1);
        ObjectNode output = Events.NODES.objectNode();
        ArrayNode array = output.putArray("Rules");
        rules.stream().limit(limit).forEach(rule -> array.add(Events.rule(rule)));
        if (rules.size() > limit) {
            output.put("NextToken", Events.nextToken(rules.get(limit - 1).name()));
        }
        return output;
    }
}
