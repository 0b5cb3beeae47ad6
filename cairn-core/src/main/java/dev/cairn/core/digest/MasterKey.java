package dev.cairn.core.digest;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The key that encrypts digest signing keys' private halves where they are stored (AES-256-GCM), so that a copy of
 * the database alone cannot sign digests. Given by {@code --master-key-file}: 32 bytes as base64
 * ({@code openssl rand -base64 32}), as 64 hex digits, or raw. Every node of one deployment has the same file.
 */
public final class MasterKey
{
    /** Marks an encrypted private key: these bytes never begin a DER-encoded key (which starts with 0x30). */
    private static final byte[] MAGIC = "cairn-mk1:".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private MasterKey(byte[] key)
    {
        this.key = new SecretKeySpec(key, "AES");
    }

    public static MasterKey of(byte[] key)
    {
        requireNonNull(key, "key is null");
        if (key.length != 32) {
            throw new IllegalArgumentException("a master key is 32 bytes, not " + key.length);
        }
        return new MasterKey(key.clone());
    }

    /** Reads the key file; the message says how to make one when the content is not a key. */
    public static MasterKey read(Path file)
            throws IOException
    {
        byte[] content = Files.readAllBytes(file);
        if (content.length == 32) {
            return of(content);
        }
        String text = new String(content, StandardCharsets.US_ASCII).trim();
        try {
            if (text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return of(HexFormat.of().parseHex(text));
            }
            byte[] decoded = Base64.getDecoder().decode(text);
            if (decoded.length == 32) {
                return of(decoded);
            }
        }
        catch (IllegalArgumentException e) {
            // not base64: fall through
        }
        throw new IOException(file + " does not hold a master key: it must hold 32 random bytes as base64 (make one with: openssl rand -base64 32 > " + file + ")");
    }

    static boolean isEncrypted(byte[] stored)
    {
        return stored.length > MAGIC.length && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** {@code context} (region and fingerprint) is bound to the ciphertext: a key moved to another record fails. */
    byte[] encrypt(byte[] plain, String context)
    {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[MAGIC.length + IV_BYTES + sealed.length];
            System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
            System.arraycopy(iv, 0, out, MAGIC.length, IV_BYTES);
            System.arraycopy(sealed, 0, out, MAGIC.length + IV_BYTES, sealed.length);
            return out;
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt with AES-GCM", e);
        }
    }

    byte[] decrypt(byte[] stored, String context)
            throws IOException
    {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, MAGIC.length, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, MAGIC.length + IV_BYTES, stored.length - MAGIC.length - IV_BYTES);
        }
        catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt the signing key " + context + " with the master key: is --master-key-file the one this deployment was started with?", e);
        }
    }

    @Override
    public String toString()
    {
        return "MasterKey{***}";
    }
}
