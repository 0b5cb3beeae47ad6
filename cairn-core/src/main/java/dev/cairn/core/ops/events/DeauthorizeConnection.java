package dev.cairn.core.ops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Connection;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * Removes a connection's secrets (its password or key value, and its secret parameters' values): it is
 * {@code DEAUTHORIZED}, and its API destinations inactive, until UpdateConnection gives it new ones.
 */
public final class DeauthorizeConnection
        implements WriteOperation, ConnectionOperation
{
    @Override
    public String name()
    {
        return "DeauthorizeConnection";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        ConnectionRepository connections = new ConnectionRepository(metadata);
        Connection old = Connections.requireConnection(connections, call, Events.text(call, "Name"));
        Connection deauthorized = new Connection(old.accountId(), old.region(), old.name(), old.id(), old.description(), old.authorizationType(), old.state(),
                old.username(), old.apiKeyName(), old.invocationHttpParameters(), old.kmsKeyIdentifier(), old.encryptedSecrets(), old.creationTime(),
                call.receivedAt().toEpochMilli(), old.lastAuthorizedTime()).withSecrets(Connection.DEAUTHORIZED, Optional.empty());
        connections.put(deauthorized);
        return Connections.connectionState(deauthorized, deauthorized.state());
    }
}
