package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * A rule of the default event bus, with the account that created it.
 */
public final class DescribeRule
        implements ReadOperation, RuleOperation
{
    @Override
    public String name()
    {
        return "DescribeRule";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        Rule rule = Events.requireRule(new RuleRepository(metadata), call, Events.text(call, "Name"));
        ObjectNode output = Events.rule(rule);
        output.put("CreatedBy", rule.createdBy());
        return output;
    }
}
