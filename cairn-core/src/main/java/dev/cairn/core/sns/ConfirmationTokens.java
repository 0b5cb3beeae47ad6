package dev.cairn.core.sns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Tokens that confirm a subscription (SubscriptionConfirmation's {@code Token}, ConfirmSubscription's input): 64
 * random bytes in hex. Only their SHA-256 is stored, and compared in constant time. Thread-safe.
 */
public final class ConfirmationTokens
{
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 64;

    private ConfirmationTokens()
    {
    }

    public static String newToken()
    {
        byte[] token = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(token);
        return HexFormat.of().formatHex(token);
    }

    public static String sha256Hex(String token)
    {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Whether {@code token} is the one whose SHA-256 is {@code storedSha256Hex}. */
    public static boolean matches(String token, String storedSha256Hex)
    {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedSha256Hex);
        }
        catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(token), stored);
    }

    private static byte[] sha256(String token)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
