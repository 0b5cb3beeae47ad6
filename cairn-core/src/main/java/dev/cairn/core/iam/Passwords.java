package dev.cairn.core.iam;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Console passwords: hashed with bcrypt (cost 10; passwords longer than bcrypt's 72 bytes are first reduced with
 * SHA-512, so every character counts), and checked against IAM's default password policy.
 */
public final class Passwords
{
    private static final int COST = 10;
    private static final BCrypt.Hasher HASHER = BCrypt.with(BCrypt.Version.VERSION_2B, new SecureRandom(),
            LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2B));
    private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2B));
    private static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|'";
    private static final String GENERATED = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private Passwords() {}

    public static String hash(String password)
    {
        return new String(HASHER.hash(COST, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    public static boolean matches(String password, String hash)
    {
        return VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /**
     * Why the password breaks IAM's default policy (no account password policy set): at least 8 characters, and at
     * least three of upper case, lower case, digits and {@value #SYMBOLS}; empty when it does not.
     */
    public static Optional<String> policyViolation(String password)
    {
        if (password.length() < 8) {
            return Optional.of("Password does not conform to the account password policy: it must be at least 8 characters long.");
        }
        int kinds = 0;
        kinds += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        kinds += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        kinds += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
        kinds += password.chars().anyMatch(c -> SYMBOLS.indexOf(c) >= 0) ? 1 : 0;
        if (kinds < 3) {
            return Optional.of("Password does not conform to the account password policy: it must contain at least three of upper case letters, "
                    + "lower case letters, numbers and the symbols " + SYMBOLS + ".");
        }
        return Optional.empty();
    }

    /** A random password that meets the default policy (for the root user when none is given). */
    public static String generate()
    {
        SecureRandom random = new SecureRandom();
        while (true) {
            StringBuilder password = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                password.append(GENERATED.charAt(random.nextInt(GENERATED.length())));
            }
            if (policyViolation(password.toString()).isEmpty()) {
                return password.toString();
            }
        }
    }
}
