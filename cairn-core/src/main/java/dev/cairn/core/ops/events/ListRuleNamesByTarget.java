package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of the default bus's rules that have a target of the given ARN, in name order, paged.
 */
public final class ListRuleNamesByTarget
        implements ReadOperation, EventsOperation
{
    @Override
    public String name()
    {
        return "ListRuleNamesByTarget";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        String arn = Events.text(call, "TargetArn");
        int limit = Events.limit(call);
        // a bus has at most 300 rules: read them all
        List<String> names = new ArrayList<>();
        for (Rule rule : new RuleRepository(metadata).rules(call.accountId(), call.region(), "", Events.position(call).orElse(""), Integer.MAX_VALUE)) {
            if (rule.targets().stream().anyMatch(target -> target.arn().equals(arn))) {
                names.add(rule.name());
            }
        }
        ObjectNode output = Events.NODES.objectNode();
        ArrayNode array = output.putArray("RuleNames");
        names.stream().limit(limit).forEach(array::add);
        if (names.size() > limit) {
            output.put("NextToken", Events.nextToken(names.get(limit - 1)));
        }
        return output;
    }
}
