package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * An EventBridge connection: how API destinations that use it authorize themselves to their HTTP endpoint. The
 * secret values (the password of {@code BASIC}, the key of {@code API_KEY}, and invocation parameters marked secret)
 * are not in the clear here: {@link #encryptedSecrets} holds them, encrypted with the master key
 * ({@link ConnectionSecrets}); DescribeConnection never answers them.
 *
 * @param id the last part of the ARN, made when the connection is created
 * @param authorizationType {@code BASIC} or {@code API_KEY}
 * @param state {@code AUTHORIZED}, or {@code DEAUTHORIZED} after DeauthorizeConnection removed its secrets
 * @param username the user of {@code BASIC}
 * @param apiKeyName the header of {@code API_KEY}
 * @param invocationHttpParameters headers, query string and body parameters sent with every invocation
 * @param kmsKeyIdentifier kept as given and reported back: Cairn encrypts with its master key
 * @param encryptedSecrets the secret values, empty once deauthorized
 */
public record Connection(
        String accountId,
        String region,
        String name,
        String id,
        Optional<String> description,
        String authorizationType,
        String state,
        Optional<String> username,
        Optional<String> apiKeyName,
        List<Parameter> invocationHttpParameters,
        Optional<String> kmsKeyIdentifier,
        Optional<String> encryptedSecrets,
        long creationTime,
        long lastModifiedTime,
        Optional<Long> lastAuthorizedTime)
{
    public static final String BASIC = "BASIC";
    public static final String API_KEY = "API_KEY";
    public static final String AUTHORIZED = "AUTHORIZED";
    public static final String DEAUTHORIZED = "DEAUTHORIZED";

    public Connection
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(name, "name is null");
        requireNonNull(id, "id is null");
        requireNonNull(description, "description is null");
        requireNonNull(authorizationType, "authorizationType is null");
        requireNonNull(state, "state is null");
        requireNonNull(username, "username is null");
        requireNonNull(apiKeyName, "apiKeyName is null");
        invocationHttpParameters = List.copyOf(invocationHttpParameters);
        requireNonNull(kmsKeyIdentifier, "kmsKeyIdentifier is null");
        requireNonNull(encryptedSecrets, "encryptedSecrets is null");
        requireNonNull(lastAuthorizedTime, "lastAuthorizedTime is null");
    }

    /** The connection with other encrypted secrets (none: deauthorized) and state. */
    public Connection withSecrets(String newState, Optional<String> newEncryptedSecrets)
    {
        return new Connection(accountId, region, name, id, description, authorizationType, newState, username, apiKeyName, invocationHttpParameters, kmsKeyIdentifier,
                newEncryptedSecrets, creationTime, lastModifiedTime, lastAuthorizedTime);
    }

    /** {@code arn:aws:events:REGION:ACCOUNT:connection/NAME/ID}. */
    public String arn()
    {
        return "arn:aws:events:" + region + ":" + accountId + ":connection/" + name + "/" + id;
    }

    /** The ARN's form without its id, for IAM: {@code arn:aws:events:REGION:ACCOUNT:connection/NAME}. */
    public static String arnPrefix(String accountId, String region, String name)
    {
        return "arn:aws:events:" + region + ":" + accountId + ":connection/" + name;
    }

    @Override
    public String toString()
    {
        // never the secrets, not even encrypted
        return "Connection[" + arn() + ", " + authorizationType + ", " + state + "]";
    }

    /**
     * An invocation parameter: a header ({@code HEADER}), query string parameter ({@code QUERY_STRING}) or body
     * parameter ({@code BODY}). A secret one's value is in the connection's encrypted secrets, not here.
     */
    public record Parameter(String kind, String key, Optional<String> value, boolean secret)
    {
        public static final String HEADER = "HEADER";
        public static final String QUERY_STRING = "QUERY_STRING";
        public static final String BODY = "BODY";

        public Parameter
        {
            requireNonNull(kind, "kind is null");
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
        }

        /** The name of the parameter's value among the connection's secrets. */
        public String secretName()
        {
            return kind + ":" + key;
        }
    }
}
