package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Enables a disabled rule ({@code ENABLED}); a rule already enabled, also one enabled for all CloudTrail management events, stays as it is.
 */
public final class EnableRule
        implements WriteOperation, RuleOperation
{
    @Override
    public String name()
    {
        return "EnableRule";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        RuleRepository rules = new RuleRepository(metadata);
        Rule rule = Events.requireRule(rules, call, Events.text(call, "Name"));
        if (!rule.enabled()) {
            rules.put(rule.withState(Rule.ENABLED));
        }
        return Events.NODES.objectNode();
    }
}
