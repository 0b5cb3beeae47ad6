package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes an API destination. Rule targets that name it stay, as in AWS, and deliver nothing.
 */
public final class DeleteApiDestination
        implements WriteOperation, ApiDestinationOperation
{
    @Override
    public String name()
    {
        return "DeleteApiDestination";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        ConnectionRepository connections = new ConnectionRepository(metadata);
        Connections.requireApiDestination(connections, call, Events.text(call, "Name"));
        connections.deleteApiDestination(call.accountId(), call.region(), Events.text(call, "Name"));
        return Events.NODES.objectNode();
    }
}
