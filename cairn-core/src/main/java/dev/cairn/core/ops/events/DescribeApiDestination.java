package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.ApiDestination;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * An API destination, {@code ACTIVE} while its connection is authorized.
 */
public final class DescribeApiDestination
        implements ReadOperation, ApiDestinationOperation
{
    @Override
    public String name()
    {
        return "DescribeApiDestination";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        ConnectionRepository connections = new ConnectionRepository(metadata);
        ApiDestination destination = Connections.requireApiDestination(connections, call, Events.text(call, "Name"));
        return Connections.apiDestination(destination, Connections.state(connections, destination));
    }
}
