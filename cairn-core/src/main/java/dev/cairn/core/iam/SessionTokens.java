package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.core.secrets.MasterKey;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals session tokens with AES-256-GCM under a key derived from the master key, with the access key id as associated
 * data: a token cannot be read, changed, or used with another key id, and every node started with the same master key
 * opens it. Thread-safe.
 */
public final class SessionTokens
{
    private final MasterKey key;
    private final ObjectMapper mapper = Json.mapper();

    public SessionTokens(MasterKey masterKey)
    {
        this.key = requireNonNull(masterKey, "masterKey is null").derive("sts-session-token");
    }

    /** The token a client sends as {@code X-Amz-Security-Token}: base64, as AWS's tokens are. */
    public String seal(SessionToken session)
    {
        try {
            return Base64.getEncoder().encodeToString(key.encrypt(mapper.writeValueAsBytes(session), context(session.accessKeyId())));
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot encode a session token", e);
        }
    }

    /** The session, or empty when the token was not sealed by this key for this access key id (or is malformed). */
    public Optional<SessionToken> open(String accessKeyId, String token)
    {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(token);
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            SessionToken session = mapper.readValue(key.decrypt(sealed, context(accessKeyId)), SessionToken.class);
            return session.accessKeyId().equals(accessKeyId) ? Optional.of(session) : Optional.empty();
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String context(String accessKeyId)
    {
        return "sts-session/" + accessKeyId;
    }
}
