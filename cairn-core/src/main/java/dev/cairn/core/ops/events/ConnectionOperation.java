package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Connection;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.util.List;
import java.util.Optional;

/**
 * An operation on one connection, named by its {@code Name}: IAM authorizes it on
 * {@code arn:aws:events:REGION:ACCOUNT:connection/NAME}, and event history reports the connection.
 */
interface ConnectionOperation
        extends EventsOperation
{
    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(Connection.arnPrefix(call.accountId(), call.region(), Events.text(call, "Name")));
    }

    @Override
    default List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(new LookupResource(Connections.CONNECTION_TYPE, Events.text(call, "Name")));
    }
}
