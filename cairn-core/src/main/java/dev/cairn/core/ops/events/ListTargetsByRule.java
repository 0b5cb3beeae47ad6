package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.events.Target;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;

/**
 * A rule's targets in the order they were first put, paged by {@code Limit} and an opaque {@code NextToken}.
 */
public final class ListTargetsByRule
        implements ReadOperation, RuleOperation
{
    @Override
    public String name()
    {
        return "ListTargetsByRule";
    }

    @Override
    public String ruleMember()
    {
        return "Rule";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        Rule rule = Events.requireRule(new RuleRepository(metadata), call, Events.text(call, "Rule"));
        int start = 0;
        if (Events.position(call).isPresent()) {
            try {
                start = Integer.parseInt(Events.position(call).get());
            }
            catch (NumberFormatException e) {
                throw new CairnException(ErrorCode.VALIDATION, "The NextToken provided is not valid.");
            }
        }
        List<Target> targets = rule.targets();
        int end = Math.min(targets.size(), Math.max(0, start) + Events.limit(call));
        ObjectNode output = Events.NODES.objectNode();
        ArrayNode array = output.putArray("Targets");
        for (int i = Math.max(0, start); i < end; i++) {
            array.add(Events.target(targets.get(i)));
        }
        if (end < targets.size()) {
            output.put("NextToken", Events.nextToken(Integer.toString(end)));
        }
        return output;
    }
}
