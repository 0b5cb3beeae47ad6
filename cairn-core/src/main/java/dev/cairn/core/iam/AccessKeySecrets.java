package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.secrets.MasterKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Access keys' secrets as the store keeps them: encrypted with the master key (AES-256-GCM), with the access key's
 * id as associated data, so that a secret copied onto another key's record does not decrypt. Thread-safe.
 */
public final class AccessKeySecrets
{
    private final MasterKey masterKey;

    public AccessKeySecrets(MasterKey masterKey)
    {
        this.masterKey = requireNonNull(masterKey, "masterKey is null");
    }

    /** The stored form of a key's secret ({@link AccessKey#encryptedSecret}). */
    public String encrypt(String accessKeyId, String secretAccessKey)
    {
        return Base64.getEncoder().encodeToString(masterKey.encrypt(secretAccessKey.getBytes(StandardCharsets.UTF_8), context(accessKeyId)));
    }

    /** The key's secret; fails when it was encrypted with another master key or for another key. */
    public String decrypt(AccessKey key)
            throws IOException
    {
        return new String(masterKey.decrypt(decode(key.encryptedSecret()), context(key.accessKeyId())), StandardCharsets.UTF_8);
    }

    /** Whether a stored secret is in the encrypted form (and not, say, a plaintext secret). */
    static boolean isEncrypted(String stored)
    {
        try {
            return MasterKey.isEncrypted(decode(stored));
        }
        catch (IOException e) {
            return false;
        }
    }

    private static byte[] decode(String stored)
            throws IOException
    {
        try {
            return Base64.getDecoder().decode(stored);
        }
        catch (IllegalArgumentException e) {
            throw new IOException("a stored access key secret is not encrypted", e);
        }
    }

    private static String context(String accessKeyId)
    {
        return "iam.access-key/" + accessKeyId;
    }

    @Override
    public String toString()
    {
        return "AccessKeySecrets{***}";
    }
}
