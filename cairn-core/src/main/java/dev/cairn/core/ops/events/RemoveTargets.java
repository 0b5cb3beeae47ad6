package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Removes targets from a rule by {@code Id}; ids the rule does not have are no failure. {@code Force} is for rules
 * another service manages, which Cairn has none of.
 */
public final class RemoveTargets
        implements WriteOperation, RuleOperation
{
    @Override
    public String name()
    {
        return "RemoveTargets";
    }

    @Override
    public String ruleMember()
    {
        return "Rule";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        RuleRepository rules = new RuleRepository(metadata);
        Rule rule = Events.requireRule(rules, call, Events.text(call, "Rule"));
        Set<String> ids = new HashSet<>();
        for (JsonNode id : call.input().path("Ids")) {
            ids.add(id.asText());
        }
        rules.put(rule.withTargets(rule.targets().stream().filter(target -> !ids.contains(target.id())).toList()));
        ObjectNode output = Events.NODES.objectNode();
        output.put("FailedEntryCount", 0);
        output.putArray("FailedEntries");
        return output;
    }
}
