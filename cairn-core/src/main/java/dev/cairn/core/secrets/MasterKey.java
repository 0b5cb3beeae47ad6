package dev.cairn.core.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The key that encrypts the secrets Cairn keeps in its store (AES-256-GCM): access keys' secrets and digest signing
 * keys' private halves, so that a copy of the database alone reveals no usable key. It is kept apart from the
 * database: the file given by {@code --master-key-file} (every node of a shared store has the same one), or, for the
 * embedded store without that option, {@code master.key} in the data directory, made on the first start. A key file
 * holds 32 bytes as base64 ({@code openssl rand -base64 32}), as 64 hex digits, or raw. Thread-safe.
 */
public final class MasterKey
{
    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    /** Marks encrypted bytes: these never begin a DER-encoded key (which starts with 0x30). */
    private static final byte[] MAGIC = "cairn-mk1:".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private MasterKey(byte[] key)
    {
        this.key = new SecretKeySpec(key, "AES");
    }

    public static MasterKey of(byte[] key)
    {
        requireNonNull(key, "key is null");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key is 32 bytes, not " + key.length);
        }
        return new MasterKey(key.clone());
    }

    /** A new random key, e.g. for a test whose store lives no longer than the key. */
    public static MasterKey generate()
    {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new MasterKey(key);
    }

    /** Reads the key file; the message says how to make one when the content is not a key. */
    public static MasterKey read(Path file)
            throws IOException
    {
        byte[] content = Files.readAllBytes(file);
        if (content.length == KEY_BYTES) {
            return of(content);
        }
        String text = new String(content, StandardCharsets.US_ASCII).trim();
        try {
            if (text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return of(HexFormat.of().parseHex(text));
            }
            byte[] decoded = Base64.getDecoder().decode(text);
            if (decoded.length == KEY_BYTES) {
                return of(decoded);
            }
        }
        catch (IllegalArgumentException e) {
            // not base64: fall through
        }
        throw new IOException(file + " does not hold a master key: it must hold 32 random bytes as base64 (make one with: openssl rand -base64 32 > " + file + ")");
    }

    /**
     * Reads the key file, or makes it with a new random key when there is none: readable by its owner only, written
     * whole to a temporary file beside it and synced before it takes the name, so that a crash leaves either no key
     * file or a complete one, and an existing file is never replaced.
     */
    public static MasterKey readOrCreate(Path file)
            throws IOException
    {
        if (Files.exists(file)) {
            return read(file);
        }
        MasterKey created = generate();
        byte[] content = (Base64.getEncoder().encodeToString(created.key.getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path temporary = file.resolveSibling("." + file.getFileName() + "-" + UUID.randomUUID());
        try {
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            catch (UnsupportedOperationException e) {
                // not a POSIX file system
                Files.createFile(temporary);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                // a hard link takes the name only if it is free (a rename would replace a key that appeared meanwhile)
                Files.createLink(file, temporary);
            }
            catch (FileAlreadyExistsException e) {
                return read(file);
            }
            catch (UnsupportedOperationException e) {
                // no hard links here
                Files.move(temporary, file);
            }
        }
        finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(file.toAbsolutePath().getParent());
        log.info("created the master key {}: it encrypts the secrets in the store, which are unusable without it; back it up along with the store", file);
        return created;
    }

    private static void syncDirectory(Path directory)
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a directory; the file itself is synced
        }
    }

    /**
     * A key for one purpose, derived from this one (HMAC-SHA256 of the purpose): what it encrypts cannot be confused
     * with what the master key itself or another purpose encrypts, and it needs no storage of its own.
     */
    public MasterKey derive(String purpose)
    {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return new MasterKey(mac.doFinal(("cairn-derived-key:" + purpose).getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive a key with HMAC-SHA256", e);
        }
    }

    public static boolean isEncrypted(byte[] stored)
    {
        return stored.length > MAGIC.length && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Encrypts with a random IV. {@code context} names what is encrypted (a signing key's region and fingerprint, an
     * access key's id) and is bound to the ciphertext: moved to another record, it no longer decrypts.
     */
    public byte[] encrypt(byte[] plain, String context)
    {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
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

    /** Decrypts what {@link #encrypt} made with the same context; fails when the key or the context differ. */
    public byte[] decrypt(byte[] stored, String context)
            throws IOException
    {
        if (!isEncrypted(stored) || stored.length < MAGIC.length + IV_BYTES + TAG_BITS / 8) {
            throw new IOException("the stored secret " + context + " is not encrypted with a master key");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, MAGIC.length, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, MAGIC.length + IV_BYTES, stored.length - MAGIC.length - IV_BYTES);
        }
        catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt the stored secret " + context + " with the master key: is it the key this store was started with (--master-key-file, "
                    + "or master.key in the data directory)?", e);
        }
    }

    @Override
    public String toString()
    {
        return "MasterKey{***}";
    }
}
