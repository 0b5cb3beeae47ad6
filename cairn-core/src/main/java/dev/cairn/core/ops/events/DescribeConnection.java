package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;

/**
 * A connection with the names of what authorizes it (the user, the key's header, the invocation parameters), and the
 * values of no secret, as AWS answers.
 */
public final class DescribeConnection
        implements ReadOperation, ConnectionOperation
{
    @Override
    public String name()
    {
        return "DescribeConnection";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return Connections.describe(Connections.requireConnection(new ConnectionRepository(metadata), call, Events.text(call, "Name")));
    }
}
