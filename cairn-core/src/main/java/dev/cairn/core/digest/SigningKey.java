package dev.cairn.core.digest;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One region's RSA key pair for signing digest files.
 *
 * @param publicKey the public key as PKCS#1 {@code RSAPublicKey} DER, as ListPublicKeys returns it
 * @param fingerprint lowercase hex MD5 of {@code publicKey}
 * @param privateKey PKCS#8 DER; in the store, encrypted with the master key ({@link SigningKeys}); never leaves the
 *         store except to sign
 */
public record SigningKey(String region, String fingerprint, byte[] publicKey, byte[] privateKey, Instant validityStart, Instant validityEnd)
{
    public static final String ALGORITHM = "SHA256withRSA";

    public SigningKey
    {
        requireNonNull(region, "region is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(validityStart, "validityStart is null");
        requireNonNull(validityEnd, "validityEnd is null");
    }

    /** SHA256withRSA (PKCS#1 v1.5) over {@code data}, lowercase hex. */
    public String sign(byte[] data)
    {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(privateKey));
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return HexFormat.of().formatHex(signature.sign());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with key " + fingerprint, e);
        }
    }

    @Override
    public String toString()
    {
        // the private key never reaches logs
        return "SigningKey{" + region + ", " + fingerprint + ", " + validityStart + " to " + validityEnd + "}";
    }
}
