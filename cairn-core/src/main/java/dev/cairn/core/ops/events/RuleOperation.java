package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.util.List;
import java.util.Optional;

/**
 * An operation on one rule of the default event bus, named by its {@code Name} (or, for target operations, its
 * {@code Rule}): IAM authorizes it on the rule's ARN, and event history reports the rule.
 */
interface RuleOperation
        extends EventsOperation
{
    /** The input member that names the rule. */
    default String ruleMember()
    {
        return "Name";
    }

    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(Rule.arn(call.accountId(), call.region(), Events.text(call, ruleMember())));
    }

    @Override
    default List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(new LookupResource(Events.RULE_TYPE, Events.text(call, ruleMember())));
    }
}
