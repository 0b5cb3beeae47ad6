package dev.cairn.core.digest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.Store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The digest signing keys: one RSA 2048 key pair per region at a time, kept as metadata documents
 * ({@code cloudtrail.signing-key / region / fingerprint}) in the store, their private halves encrypted with the master
 * key. A key signs for {@code rotation} (default 30 days), then the next one takes over; each stays valid for a
 * tenth of a rotation longer, so validity ranges overlap as CloudTrail's do. Thread-safe.
 */
public final class SigningKeys
{
    static final String KIND = "cloudtrail.signing-key";
    private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(1);

    private final Store store;
    private final JournalWriter journal;
    private final Clock clock;
    private final Duration rotation;
    private final ObjectMapper mapper = Json.mapper();
    private final Map<String, SigningKey> active = new ConcurrentHashMap<>();
    private final MasterKey masterKey;

    /**
     * @param masterKey private keys are stored encrypted with it (and read with it); keys an older Cairn stored in
     *         plaintext are read as they are until {@link #encryptPlaintextKeys} encrypts them
     */
    public SigningKeys(Store store, JournalWriter journal, Clock clock, Duration rotation, MasterKey masterKey)
    {
        this.masterKey = requireNonNull(masterKey, "masterKey is null");
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.rotation = requireNonNull(rotation, "rotation is null");
    }

    /** The key that signs in the region now, created (durably) when there is none or the current one is due for rotation. */
    public synchronized SigningKey current(String region)
            throws IOException
    {
        Instant now = clock.instant();
        SigningKey key = active.get(region);
        if (key == null) {
            key = store.read(reader -> newest(reader, region)).orElse(null);
            if (key != null) {
                key = withPlainPrivateKey(key);
            }
        }
        if (key == null || !now.isBefore(key.validityStart().plus(rotation))) {
            key = generate(region, now);
            store(key);
        }
        active.put(region, key);
        return key;
    }

    /** The region's keys whose validity overlaps {@code [start, end]}, oldest first. */
    public static List<SigningKey> keys(MetadataReader metadata, String region, Instant start, Instant end)
            throws IOException
    {
        List<SigningKey> keys = new ArrayList<>();
        for (SigningKey key : all(metadata, region)) {
            if (!key.validityStart().isAfter(end) && !key.validityEnd().isBefore(start)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static List<SigningKey> all(MetadataReader metadata, String region)
            throws IOException
    {
        List<SigningKey> keys = new ArrayList<>();
        for (Document document : metadata.list(KIND, region, "", "", Integer.MAX_VALUE)) {
            keys.add(Json.mapper().readValue(document.value(), SigningKey.class));
        }
        keys.sort(Comparator.comparing(SigningKey::validityStart));
        return keys;
    }

    private static Optional<SigningKey> newest(MetadataReader metadata, String region)
            throws IOException
    {
        List<SigningKey> keys = all(metadata, region);
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
    }

    private SigningKey generate(String region, Instant now)
    {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            byte[] publicKey = pkcs1(((RSAPublicKey) pair.getPublic()));
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(publicKey));
            return new SigningKey(region, fingerprint, publicKey, pair.getPrivate().getEncoded(), now, now.plus(rotation).plus(rotation.dividedBy(10)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    private SigningKey withPlainPrivateKey(SigningKey stored)
            throws IOException
    {
        if (!MasterKey.isEncrypted(stored.privateKey())) {
            return stored;
        }
        byte[] plain = masterKey.decrypt(stored.privateKey(), stored.region() + "/" + stored.fingerprint());
        return new SigningKey(stored.region(), stored.fingerprint(), stored.publicKey(), plain, stored.validityStart(), stored.validityEnd());
    }

    private SigningKey encrypted(SigningKey key)
    {
        return new SigningKey(key.region(), key.fingerprint(), key.publicKey(), masterKey.encrypt(key.privateKey(), key.region() + "/" + key.fingerprint()),
                key.validityStart(), key.validityEnd());
    }

    /**
     * Encrypts the regions' private keys that an older Cairn stored in plaintext (the embedded store's, before it had
     * a master key), and checks that the encrypted ones decrypt with this master key. Returns how many it encrypted.
     */
    public int encryptPlaintextKeys(MetadataWriter metadata, List<String> regions)
            throws IOException
    {
        int encrypted = 0;
        for (String region : regions) {
            for (Document document : metadata.list(KIND, region, "", "", Integer.MAX_VALUE)) {
                SigningKey stored = mapper.readValue(document.value(), SigningKey.class);
                if (MasterKey.isEncrypted(stored.privateKey())) {
                    withPlainPrivateKey(stored);
                    continue;
                }
                metadata.put(KIND, region, document.key(), mapper.writeValueAsBytes(encrypted(stored)));
                encrypted++;
            }
        }
        return encrypted;
    }

    private void store(SigningKey key)
            throws IOException
    {
        byte[] value = mapper.writeValueAsBytes(encrypted(key));
        journal.applyUnrecorded("store the signing key for " + key.region(), metadata -> {
            metadata.put(KIND, key.region(), key.fingerprint(), value);
            return null;
        }, WRITE_TIMEOUT);
    }

    /** PKCS#1 {@code RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }} in DER. */
    static byte[] pkcs1(RSAPublicKey key)
    {
        byte[] modulus = derInteger(key.getModulus());
        byte[] exponent = derInteger(key.getPublicExponent());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(modulus);
        body.writeBytes(exponent);
        return derElement(0x30, body.toByteArray());
    }

    private static byte[] derInteger(BigInteger value)
    {
        // two's complement, big-endian, minimal: a positive value keeps a leading zero byte when its top bit is set
        return derElement(0x02, value.toByteArray());
    }

    private static byte[] derElement(int tag, byte[] content)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        }
        else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        }
        else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
