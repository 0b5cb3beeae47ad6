package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.ApiDestination;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The API destinations in name order, by {@code NamePrefix} and {@code ConnectionArn}, paged.
 */
public final class ListApiDestinations
        implements ReadOperation, EventsOperation
{
    @Override
    public String name()
    {
        return "ListApiDestinations";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        int limit = Events.limit(call);
        Optional<String> connectionArn = Events.optionalText(call, "ConnectionArn");
        ConnectionRepository connections = new ConnectionRepository(metadata);
        List<ApiDestination> destinations = connections.apiDestinations(call.accountId(), call.region(), Events.optionalText(call, "NamePrefix").orElse(""),
                        Events.position(call).orElse(""), Integer.MAX_VALUE).stream()
                .filter(destination -> connectionArn.isEmpty() || destination.connectionArn().equals(connectionArn.get()))
                .toList();
        ObjectNode output = Events.NODES.objectNode();
        ArrayNode array = output.putArray("ApiDestinations");
        for (ApiDestination destination : destinations.subList(0, Math.min(limit, destinations.size()))) {
            array.add(Connections.apiDestination(destination, Connections.state(connections, destination)));
        }
        if (destinations.size() > limit) {
            output.put("NextToken", Events.nextToken(destinations.get(limit - 1).name()));
        }
        return output;
    }
}
