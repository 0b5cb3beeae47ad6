package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Disables a rule: it matches no events until it is enabled again.
 */
public final class DisableRule
        implements WriteOperation, RuleOperation
{
    @Override
    public String name()
    {
        return "DisableRule";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        RuleRepository rules = new RuleRepository(metadata);
        Rule rule = Events.requireRule(rules, call, Events.text(call, "Name"));
        rules.put(rule.withState(Rule.DISABLED));
        return Events.NODES.objectNode();
    }
}
