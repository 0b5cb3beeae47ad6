package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.Operation;
import dev.cairn.spi.MetadataReader;

import java.util.List;
import java.util.Optional;

/**
 * What every EventBridge operation shares: its service, input that breaks the model's constraints answered with the
 * protocol's {@code ValidationException} (as EventBridge answers it), and a record without {@code responseElements}
 * when the output is empty.
 */
interface EventsOperation
        extends Operation
{
    @Override
    default Service service()
    {
        return Service.EVENTS;
    }

    @Override
    default Optional<ObjectNode> responseElements(ObjectNode output)
    {
        return readOnly() || output.isEmpty() ? Optional.empty() : Optional.of(output);
    }

    /** Operations without a resource of their own (lists, tests) are authorized on {@code *}. */
    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of("*");
    }
}
