package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.ApiDestination;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Changes what is given of an API destination (description, connection, endpoint, method, rate), checked as at
 * creation; the rest stays.
 */
public final class UpdateApiDestination
        implements WriteOperation, ApiDestinationOperation
{
    @Override
    public String name()
    {
        return "UpdateApiDestination";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        ConnectionRepository connections = new ConnectionRepository(metadata);
        ApiDestination old = Connections.requireApiDestination(connections, call, Events.text(call, "Name"));
        Optional<String> endpoint = Events.optionalText(call, "InvocationEndpoint");
        endpoint.ifPresent(Connections::checkEndpoint);
        int rateLimit = Connections.rateLimit(call, old.invocationRateLimitPerSecond());
        String connectionArn = old.connectionArn();
        if (call.input().hasNonNull("ConnectionArn")) {
            connectionArn = Connections.requireConnectionByArn(connections, call, Events.text(call, "ConnectionArn")).arn();
        }
        ApiDestination updated = new ApiDestination(old.accountId(), old.region(), old.name(), old.id(), Events.optionalText(call, "Description").or(old::description),
                connectionArn, endpoint.orElse(old.invocationEndpoint()), Events.optionalText(call, "HttpMethod").orElse(old.httpMethod()), rateLimit, old.creationTime(),
                call.receivedAt().toEpochMilli());
        connections.put(updated);
        return Connections.apiDestinationState(updated, Connections.state(connections, updated));
    }
}
