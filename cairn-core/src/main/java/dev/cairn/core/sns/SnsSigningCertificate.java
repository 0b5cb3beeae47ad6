package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.security.auth.x500.X500Principal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

/**
 * The RSA 2048 key pair that signs the messages Cairn's SNS posts to HTTP/HTTPS endpoints, and the self-signed X.509
 * certificate for its public key that is served, as PEM, at the messages' {@code SigningCertURL}. AWS's SNS has its
 * certificates issued by a public CA; a self-hosted Cairn cannot, so subscribers that check signatures trust this
 * certificate itself (fetched over HTTPS from their Cairn), as they would pin one.
 * <p>
 * Its stored form is {@link #privateKey()} (PKCS#8 DER, to be kept encrypted with the master key, as digest signing
 * keys are) and {@link #certificate()}'s DER: {@link #load} makes the same certificate from them after a restart, so
 * that a subscriber's copy stays good. Immutable and thread-safe.
 */
public final class SnsSigningCertificate
{
    /** Subject and issuer, as {@link X500Principal#getName()} writes it. */
    public static final String SUBJECT = "CN=Cairn Simple Notification Service,O=Cairn";
    /** How long a new certificate is valid, from an hour before it was made (for subscribers whose clocks are behind). */
    public static final int VALIDITY_YEARS = 10;

    private static final String KEY_ALGORITHM = "RSA";
    private static final int KEY_SIZE = 2048;
    private static final String CERTIFICATE_SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private SnsSigningCertificate(PrivateKey privateKey, X509Certificate certificate)
    {
        this.privateKey = requireNonNull(privateKey, "privateKey is null");
        this.certificate = requireNonNull(certificate, "certificate is null");
    }

    /** A new key pair and its certificate, valid from an hour before {@code now} for {@value #VALIDITY_YEARS} years. */
    public static SnsSigningCertificate generate(Instant now)
    {
        requireNonNull(now, "now is null");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
            generator.initialize(KEY_SIZE, RANDOM);
            KeyPair pair = generator.generateKeyPair();

            Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
            Instant notAfter = notBefore.atZone(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant();
            X500Principal name = new X500Principal(SUBJECT);
            // RFC 5280: a positive serial number of at most 20 octets
            BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(notBefore), Date.from(notAfter), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(CERTIFICATE_SIGNATURE_ALGORITHM).build(pair.getPrivate())));
            return new SnsSigningCertificate(pair.getPrivate(), certificate);
        }
        catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make an SNS signing certificate", e);
        }
    }

    /**
     * The certificate in its stored form.
     *
     * @param privateKey PKCS#8 DER, as {@link #privateKey()} returned it
     * @param certificate DER or PEM
     * @throws IOException if they are not an RSA private key and an X.509 certificate for its public key
     */
    public static SnsSigningCertificate load(byte[] privateKey, byte[] certificate)
            throws IOException
    {
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(certificate, "certificate is null");
        PrivateKey key;
        Certificate read;
        try {
            key = KeyFactory.getInstance(KEY_ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(privateKey));
            read = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
        }
        catch (GeneralSecurityException e) {
            throw new IOException("the stored SNS signing certificate cannot be read", e);
        }
        if (!(read instanceof X509Certificate x509) || !(x509.getPublicKey() instanceof RSAPublicKey publicKey) || !(key instanceof RSAPrivateKey rsaKey)
                || !rsaKey.getModulus().equals(publicKey.getModulus())) {
            throw new IOException("the stored SNS signing key is not the key of the stored certificate");
        }
        return new SnsSigningCertificate(key, x509);
    }

    /**
     * Signs {@code message}: the {@code signatureVersion}'s algorithm over its string to sign in UTF-8, Base64-encoded.
     *
     * @param signingCertUrl where this certificate is served
     */
    public SignedSnsMessage sign(SnsMessage message, SignatureVersion signatureVersion, String signingCertUrl)
    {
        requireNonNull(message, "message is null");
        requireNonNull(signatureVersion, "signatureVersion is null");
        try {
            Signature signer = Signature.getInstance(signatureVersion.algorithm());
            signer.initSign(privateKey);
            signer.update(message.stringToSign().getBytes(StandardCharsets.UTF_8));
            return new SignedSnsMessage(message, signatureVersion, Base64.getEncoder().encodeToString(signer.sign()), signingCertUrl);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + signatureVersion.algorithm(), e);
        }
    }

    /** PKCS#8 DER; a copy. Keep it encrypted. */
    public byte[] privateKey()
    {
        return privateKey.getEncoded();
    }

    public X509Certificate certificate()
    {
        return certificate;
    }

    public PublicKey publicKey()
    {
        return certificate.getPublicKey();
    }

    /** The certificate's DER encoding. */
    public byte[] encoded()
    {
        try {
            return certificate.getEncoded();
        }
        catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate as served at the {@code SigningCertURL}: PEM, Base64 lines of 64 characters, {@code \n} line ends. */
    public String pem()
    {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(encoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /**
     * A file name for the {@code SigningCertURL} in the form of SNS's, {@code SimpleNotificationService-<32 hex>.pem};
     * here the hex is the start of the certificate's SHA-256, so that a new certificate gets a new name and a cached
     * copy of an old one is never taken for it.
     */
    public String fileName()
    {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(encoded());
            return "SimpleNotificationService-" + HexFormat.of().formatHex(hash, 0, 16) + ".pem";
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString()
    {
        // the private key never reaches logs
        return "SnsSigningCertificate{" + certificate.getSubjectX500Principal() + ", serial " + certificate.getSerialNumber().toString(16)
                + ", " + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant() + "}";
    }
}
