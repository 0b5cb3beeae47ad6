package dev.cairn.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key store made of PEM files as web servers take them: a certificate chain and its private key, PKCS#8
 * ({@code BEGIN PRIVATE KEY}: RSA, EC or EdDSA) or RSA PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). Errors say what to
 * run to make a file fit.
 */
final class PemKeyStore
{
    static final char[] PASSWORD = new char[0];
    static final String ALIAS = "cairn";
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    private PemKeyStore() {}

    static KeyStore load(Path certificateFile, Path keyFile)
            throws IOException
    {
        List<Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        }
        catch (GeneralSecurityException e) {
            throw new IOException("the key in " + keyFile + " does not go with the certificate in " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file)
            throws IOException
    {
        List<Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    chain.add(factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        }
        catch (GeneralSecurityException e) {
            throw new IOException(file + " holds a certificate that cannot be read: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file)
            throws IOException
    {
        for (Block block : blocks(file)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), file);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(rsaPkcs1ToPkcs8(block.der()), file);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException(file + " holds an encrypted key; decrypt it with: openssl pkcs8 -in " + file + " -out key.pem");
                case "EC PRIVATE KEY" -> throw new IOException(file + " holds an EC key in SEC1 form; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file
                        + " -out key.pem");
                default -> {
                    // not a key: look further
                }
            }
        }
        throw new IOException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(byte[] der, Path file)
            throws IOException
    {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            }
            catch (GeneralSecurityException e) {
                // another algorithm
            }
        }
        throw new IOException(file + " holds a private key of an algorithm Cairn cannot use (RSA, EC, Ed25519 and Ed448 work)");
    }

    /** Wraps a PKCS#1 {@code RSAPrivateKey} in a PKCS#8 {@code PrivateKeyInfo} with the rsaEncryption algorithm. */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1)
    {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] octets = derElement(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return derElement(0x30, body);
    }

    private static byte[] derElement(int tag, byte[] content)
    {
        byte[] length;
        if (content.length < 0x80) {
            length = new byte[] {(byte) content.length};
        }
        else {
            byte[] digits = BigInteger.valueOf(content.length).toByteArray();
            int start = digits[0] == 0 ? 1 : 0;
            length = new byte[digits.length - start + 1];
            length[0] = (byte) (0x80 | (digits.length - start));
            System.arraycopy(digits, start, length, 1, digits.length - start);
        }
        byte[] element = new byte[1 + length.length + content.length];
        element[0] = (byte) tag;
        System.arraycopy(length, 0, element, 1, length.length);
        System.arraycopy(content, 0, element, 1 + length.length, content.length);
        return element;
    }

    private record Block(String type, byte[] der)
    {
    }

    private static List<Block> blocks(Path file)
            throws IOException
    {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            }
            catch (IllegalArgumentException e) {
                throw new IOException(file + " holds a PEM block that is not base64: " + matcher.group(1), e);
            }
        }
        return blocks;
    }
}
