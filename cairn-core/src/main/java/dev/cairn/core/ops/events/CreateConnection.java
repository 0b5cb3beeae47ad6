package dev.cairn.core.ops.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.events.Connection;
import dev.cairn.core.events.ConnectionRepository;
import dev.cairn.core.events.ConnectionSecrets;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates a connection with {@code BASIC} or {@code API_KEY} authorization, {@code AUTHORIZED} at once. The password,
 * the API key's value and the values of invocation parameters marked secret are stored encrypted with the master key
 * ({@link ConnectionSecrets}); the model marks them sensitive, so the call's record leaves them out. OAuth client
 * credentials and private connectivity are refused.
 */
public final class CreateConnection
        implements WriteOperation, ConnectionOperation
{
    private final ConnectionSecrets secrets;

    public CreateConnection(ConnectionSecrets secrets)
    {
        this.secrets = requireNonNull(secrets, "secrets is null");
    }

    @Override
    public String name()
    {
        return "CreateConnection";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Connections.refuseUnsupported(call);
        String type = Events.text(call, "AuthorizationType");
        JsonNode auth = call.input().path("AuthParameters");
        Connections.checkAuthParameters(type, auth);
        Map<String, String> values = new HashMap<>();
        Optional<String> username = Optional.empty();
        Optional<String> apiKeyName = Optional.empty();
        if (type.equals(Connection.BASIC)) {
            username = Optional.of(auth.path("BasicAuthParameters").path("Username").asText());
            values.put(ConnectionSecrets.PASSWORD, auth.path("BasicAuthParameters").path("Password").asText());
        }
        else {
            apiKeyName = Optional.of(auth.path("ApiKeyAuthParameters").path("ApiKeyName").asText());
            values.put(ConnectionSecrets.API_KEY_VALUE, auth.path("ApiKeyAuthParameters").path("ApiKeyValue").asText());
        }
        List<Connection.Parameter> parameters = Connections.parameters(auth.path("InvocationHttpParameters"), values);
        long now = call.receivedAt().toEpochMilli();
        Connection connection = new Connection(call.accountId(), call.region(), Events.text(call, "Name"), UUID.randomUUID().toString(),
                Events.optionalText(call, "Description"), type, Connection.AUTHORIZED, username, apiKeyName, parameters, Events.optionalText(call, "KmsKeyIdentifier"),
                Optional.empty(), now, now, Optional.of(now));
        connection = connection.withSecrets(Connection.AUTHORIZED, Optional.of(secrets.encrypt(connection.arn(), values)));
        if (!new ConnectionRepository(metadata).insert(connection)) {
            throw new CairnException(ErrorCode.EVENTS_RESOURCE_ALREADY_EXISTS, "Connection " + connection.name() + " already exists.");
        }
        return Connections.connectionState(connection, connection.state());
    }
}
