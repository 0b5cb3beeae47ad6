package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.ApiDestination;
import dev.cairn.core.events.Connection;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * Deletes a connection and its secrets, answering {@code DELETING} as AWS does. A connection that API destinations
 * use is kept ({@code ValidationException}): they would be left without authorization.
 */
public final class DeleteConnection
        implements WriteOperation, ConnectionOperation
{
    @Override
    public String name()
    {
        return "DeleteConnection";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        ConnectionRepository connections = new ConnectionRepository(metadata);
        Connection connection = Connections.requireConnection(connections, call, Events.text(call, "Name"));
        for (ApiDestination destination : connections.apiDestinations(call.accountId(), call.region(), "", "", Integer.MAX_VALUE)) {
            if (destination.connectionArn().equals(connection.arn())) {
                throw new CairnException(ErrorCode.VALIDATION, "Connection " + connection.name() + " is used by API destination " + destination.name()
                        + ": delete the API destinations that use it first.");
            }
        }
        connections.deleteConnection(call.accountId(), call.region(), connection.name());
        return Connections.connectionState(connection, "DELETING");
    }
}
