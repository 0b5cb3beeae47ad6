package dev.cairn.core.ops.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Changes what is given of a connection: its description, its authorization type (with that type's parameters), the
 * user, password, key name or key value alone, or its invocation parameters (all of them, replacing the old ones).
 * New secrets are encrypted as at creation; a connection that was deauthorized is authorized again once it has its
 * password or key value.
 */
public final class UpdateConnection
        implements WriteOperation, ConnectionOperation
{
    private final ConnectionSecrets secrets;

    public UpdateConnection(ConnectionSecrets secrets)
    {
        this.secrets = requireNonNull(secrets, "secrets is null");
    }

    @Override
    public String name()
    {
        return "UpdateConnection";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Connections.refuseUnsupported(call);
        ConnectionRepository connections = new ConnectionRepository(metadata);
        Connection old = Connections.requireConnection(connections, call, Events.text(call, "Name"));
        JsonNode auth = call.input().path("AuthParameters");
        Optional<String> newType = Events.optionalText(call, "AuthorizationType").filter(type -> !type.equals(old.authorizationType()));
        String type = newType.orElse(old.authorizationType());
        if (newType.isPresent()) {
            Connections.checkAuthParameters(type, auth);
        }
        else if (auth.hasNonNull(type.equals(Connection.BASIC) ? "ApiKeyAuthParameters" : "BasicAuthParameters")) {
            Connections.checkAuthParameters(type, auth);
        }

        Map<String, String> values = new HashMap<>(secrets.decrypt(old));
        Optional<String> username = old.username();
        Optional<String> apiKeyName = old.apiKeyName();
        if (newType.isPresent()) {
            // the old type's secret goes with it
            values.remove(ConnectionSecrets.PASSWORD);
            values.remove(ConnectionSecrets.API_KEY_VALUE);
            username = Optional.empty();
            apiKeyName = Optional.empty();
        }
        boolean authorizing = false;
        if (type.equals(Connection.BASIC)) {
            JsonNode basic = auth.path("BasicAuthParameters");
            username = Events.optionalText(basic, "Username").or(() -> old.username());
            Optional<String> password = Events.optionalText(basic, "Password");
            if (password.isPresent()) {
                values.put(ConnectionSecrets.PASSWORD, password.get());
                authorizing = true;
            }
        }
        else {
            JsonNode apiKey = auth.path("ApiKeyAuthParameters");
            apiKeyName = Events.optionalText(apiKey, "ApiKeyName").or(() -> old.apiKeyName());
            Optional<String> value = Events.optionalText(apiKey, "ApiKeyValue");
            if (value.isPresent()) {
                values.put(ConnectionSecrets.API_KEY_VALUE, value.get());
                authorizing = true;
            }
        }
        List<Connection.Parameter> parameters = old.invocationHttpParameters();
        if (auth.hasNonNull("InvocationHttpParameters")) {
            old.invocationHttpParameters().stream().filter(Connection.Parameter::secret).forEach(parameter -> values.remove(parameter.secretName()));
            parameters = Connections.parameters(auth.get("InvocationHttpParameters"), values);
        }
        long now = call.receivedAt().toEpochMilli();
        Connection updated = new Connection(old.accountId(), old.region(), old.name(), old.id(), Events.optionalText(call, "Description").or(old::description), type,
                Connection.AUTHORIZED, username, apiKeyName, parameters, Events.optionalText(call, "KmsKeyIdentifier").or(old::kmsKeyIdentifier), Optional.empty(),
                old.creationTime(), now, authorizing ? Optional.of(now) : old.lastAuthorizedTime());
        Connections.requireSecrets(updated, values);
        updated = updated.withSecrets(Connection.AUTHORIZED, Optional.of(secrets.encrypt(updated.arn(), values)));
        connections.put(updated);
        return Connections.connectionState(updated, updated.state());
    }
}
