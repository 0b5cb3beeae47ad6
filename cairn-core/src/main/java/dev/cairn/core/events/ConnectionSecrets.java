package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cairn.core.Json;
import dev.cairn.core.secrets.MasterKey;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The secret values of connections as the store keeps them ({@link Connection#encryptedSecrets}): a JSON object of
 * names ({@code Password}, {@code ApiKeyValue}, and each secret invocation parameter's {@link Connection.Parameter#secretName})
 * to values, encrypted (AES-256-GCM) with a key derived from the master key for this purpose, with the connection's
 * ARN as associated data, so that secrets copied onto another connection do not decrypt. Thread-safe.
 */
public final class ConnectionSecrets
{
    public static final String PASSWORD = "Password";
    public static final String API_KEY_VALUE = "ApiKeyValue";

    private final MasterKey key;

    public ConnectionSecrets(MasterKey masterKey)
    {
        this.key = requireNonNull(masterKey, "masterKey is null").derive("events-connection");
    }

    /** The stored form of a connection's secrets. */
    public String encrypt(String connectionArn, Map<String, String> secrets)
    {
        try {
            byte[] plain = Json.mapper().writeValueAsBytes(new TreeMap<>(secrets));
            return Base64.getEncoder().encodeToString(key.encrypt(plain, context(connectionArn)));
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot write a map of strings as JSON", e);
        }
    }

    /** The connection's secrets by name; none once it was deauthorized. Fails when encrypted with another key or for another connection. */
    public Map<String, String> decrypt(Connection connection)
            throws IOException
    {
        if (connection.encryptedSecrets().isEmpty()) {
            return Map.of();
        }
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(connection.encryptedSecrets().get());
        }
        catch (IllegalArgumentException e) {
            throw new IOException("the stored secrets of connection " + connection.arn() + " are not encrypted", e);
        }
        return Map.copyOf(Json.mapper().readValue(key.decrypt(stored, context(connection.arn())), new TypeReference<Map<String, String>>() {}));
    }

    private static String context(String connectionArn)
    {
        return "events.connection/" + connectionArn;
    }

    @Override
    public String toString()
    {
        return "ConnectionSecrets{***}";
    }
}
