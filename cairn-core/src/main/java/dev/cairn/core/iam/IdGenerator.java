package dev.cairn.core.iam;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Identifiers in AWS's formats, from a cryptographically strong source.
 */
public final class IdGenerator
{
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final SecureRandom random = new SecureRandom();

    /** 12 digits, not starting with 0. */
    public String accountId()
    {
        StringBuilder id = new StringBuilder(12);
        id.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < 12; i++) {
            id.append((char) ('0' + random.nextInt(10)));
        }
        return id.toString();
    }

    /** {@code AIDA} and 17 characters. */
    public String userId()
    {
        return "AIDA" + randomChars(BASE32, 17);
    }

    /** {@code AROA} and 17 characters. */
    public String roleId()
    {
        return "AROA" + randomChars(BASE32, 17);
    }

    /** {@code AGPA} and 17 characters. */
    public String groupId()
    {
        return "AGPA" + randomChars(BASE32, 17);
    }

    /** {@code AKIA} and 16 characters. */
    public String accessKeyId()
    {
        return "AKIA" + randomChars(BASE32, 16);
    }

    /**
     * {@code ASIA} and 16 characters: temporary credentials' key id. As in AWS's key ids, the first 10 characters
     * after the prefix carry the account id (the 40 bits above the lowest 7 of their first 48), so that
     * {@code sts:GetAccessKeyInfo} and the tools that decode AWS key ids find the account without a lookup.
     */
    public String temporaryAccessKeyId(String accountId)
    {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        long packed = (Long.parseLong(accountId) << 7) | (bytes[5] & 0x7f);
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (packed >>> (8 * (5 - i)));
        }
        return "ASIA" + base32(bytes);
    }

    /** The account id a key id carries ({@link #temporaryAccessKeyId}), or empty when it cannot carry one. */
    public static java.util.Optional<String> accountOfKeyId(String accessKeyId)
    {
        if (accessKeyId.length() < 20) {
            return java.util.Optional.empty();
        }
        long packed = 0;
        int bits = 0;
        for (int i = 4; i < 14; i++) {
            int value = new String(BASE32).indexOf(accessKeyId.charAt(i));
            if (value < 0) {
                return java.util.Optional.empty();
            }
            packed = (packed << 5) | value;
            bits += 5;
        }
        // 50 bits read: the first 48 hold the account
        long first48 = packed >>> (bits - 48);
        long account = (first48 & 0x7FFF_FFFF_FF80L) >>> 7;
        return java.util.Optional.of(String.format("%012d", account));
    }

    private static String base32(byte[] bytes)
    {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** 40 characters. */
    public String secretAccessKey()
    {
        return randomChars(SECRET_ALPHABET, 40);
    }

    /**
     * A random (version 4) UUID for ids that are unique but not secret, such as request ids. Drawn from a
     * thread-local generator: {@link UUID#randomUUID()} serializes every caller on one SecureRandom.
     */
    public static String uuid()
    {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /**
     * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Event ids are GUIDs in
     * CloudTrail; time-ordered ones keep the event history's id index append-only.
     */
    public static String timeOrderedUuid(long epochMillis)
    {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private String randomChars(char[] alphabet, int count)
    {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
