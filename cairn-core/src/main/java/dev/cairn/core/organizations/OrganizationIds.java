package dev.cairn.core.organizations;

import java.security.SecureRandom;

/**
 * Organizations' identifiers in AWS's formats, from a cryptographically strong source. Thread-safe.
 */
public final class OrganizationIds
{
    private static final char[] LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final SecureRandom random = new SecureRandom();

    /** {@code o-} and 10 lowercase letters or digits. */
    public String organizationId()
    {
        return "o-" + randomChars(LOWER_ALPHANUMERIC, 10);
    }

    /** {@code r-} and 4 lowercase letters or digits. */
    public String rootId()
    {
        return "r-" + randomChars(LOWER_ALPHANUMERIC, 4);
    }

    /** {@code ou-}, the root id's characters, {@code -} and 8 lowercase letters or digits. */
    public String organizationalUnitId(String rootId)
    {
        return "ou-" + rootId.substring(2) + "-" + randomChars(LOWER_ALPHANUMERIC, 8);
    }

    /** {@code car-} and 32 lowercase hexadecimal digits. */
    public String createAccountRequestId()
    {
        return "car-" + randomChars(HEX, 32);
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
