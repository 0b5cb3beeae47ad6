package dev.cairn.core.ops.sts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.iam.SessionToken;

/**
 * What the STS handlers share: the credentials' output shape, and what of it a record shows.
 */
final class Sts
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Sts() {}

    /** {@code Credentials}: the key id, the secret, the token, and the expiration. */
    static ObjectNode credentials(SessionToken session, String token)
    {
        ObjectNode credentials = NODES.objectNode();
        credentials.put("AccessKeyId", session.accessKeyId());
        credentials.put("SecretAccessKey", session.secretAccessKey());
        credentials.put("SessionToken", token);
        credentials.put("Expiration", session.expiration().getEpochSecond());
        return credentials;
    }

    /**
     * The output as the record shows it: the credentials without their secret (which the model marks sensitive) and
     * without the session token, which with the secret would let anyone who reads the trail act as the session.
     */
    static ObjectNode withoutSecrets(ObjectNode output)
    {
        ObjectNode recorded = output.deepCopy();
        if (recorded.get("Credentials") instanceof ObjectNode credentials) {
            credentials.remove("SecretAccessKey");
            credentials.remove("SessionToken");
        }
        return recorded;
    }
}
