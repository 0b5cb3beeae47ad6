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
import java.util.UUID;

/**
 * Creates an API destination: an {@code https} or {@code http} endpoint, its method, an existing connection of the
 * account and region, and an invocation rate of 1 to 300 a second (300 when not given, as EventBridge's default).
 */
public final class CreateApiDestination
        implements WriteOperation, ApiDestinationOperation
{
    @Override
    public String name()
    {
        return "CreateApiDestination";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        String endpoint = Events.text(call, "InvocationEndpoint");
        Connections.checkEndpoint(endpoint);
        int rateLimit = Connections.rateLimit(call, ApiDestination.MAXIMUM_INVOCATION_RATE);
        ConnectionRepository connections = new ConnectionRepository(metadata);
        Connection connection = Connections.requireConnectionByArn(connections, call, Events.text(call, "ConnectionArn"));
        long now = call.receivedAt().toEpochMilli();
        ApiDestination destination = new ApiDestination(call.accountId(), call.region(), Events.text(call, "Name"), UUID.randomUUID().toString(),
                Events.optionalText(call, "Description"), connection.arn(), endpoint, Events.text(call, "HttpMethod"), rateLimit, now, now);
        if (!connections.insert(destination)) {
            throw new CairnException(ErrorCode.EVENTS_RESOURCE_ALREADY_EXISTS, "An api-destination " + destination.name() + " already exists.");
        }
        return Connections.apiDestinationState(destination, Connections.state(connections, destination));
    }
}
