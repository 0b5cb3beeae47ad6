package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Rule;
import dev.cairn.core.events.RuleRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Deletes a rule that has no targets. As AWS: deleting a rule that does not exist succeeds, and {@code Force} is for
 * rules another service manages (Cairn has none), so it does not delete a rule's targets.
 */
public final class DeleteRule
        implements WriteOperation, RuleOperation
{
    @Override
    public String name()
    {
        return "DeleteRule";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Events.requireDefaultBus(call);
        RuleRepository rules = new RuleRepository(metadata);
        Optional<Rule> rule = rules.rule(call.accountId(), call.region(), Events.text(call, "Name"));
        if (rule.isPresent()) {
            if (!rule.get().targets().isEmpty()) {
                throw new CairnException(ErrorCode.VALIDATION, "Rule can't be deleted since it has targets.");
            }
            rules.delete(call.accountId(), call.region(), rule.get().name());
        }
        return Events.NODES.objectNode();
    }
}
