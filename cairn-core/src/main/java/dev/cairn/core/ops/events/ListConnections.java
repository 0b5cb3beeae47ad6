package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Connection;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The connections in name order, by {@code NamePrefix} and {@code ConnectionState}, paged.
 */
public final class ListConnections
        implements ReadOperation, EventsOperation
{
    @Override
    public String name()
    {
        return "ListConnections";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        int limit = Events.limit(call);
        Optional<String> state = Events.optionalText(call, "ConnectionState");
        // an account has few connections (EventBridge's quota is 50 a region): filter them all
        List<Connection> connections = new ConnectionRepository(metadata).connections(call.accountId(), call.region(), Events.optionalText(call, "NamePrefix").orElse(""),
                        Events.position(call).orElse(""), Integer.MAX_VALUE).stream()
                .filter(connection -> state.isEmpty() || connection.state().equals(state.get()))
                .toList();
        ObjectNode output = Events.NODES.objectNode();
        ArrayNode array = output.putArray("Connections");
        connections.stream().limit(limit).forEach(connection -> array.add(Connections.connection(connection)));
        if (connections.size() > limit) {
            output.put("NextToken", Events.nextToken(connections.get(limit - 1).name()));
        }
        return output;
    }
}
