package dev.cairn.testing;

import dev.cairn.server.HttpConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} (and any other names asked for), made with the JDK's {@code keytool}, as the
 * PEM files {@code cairn serve --tls-cert/--tls-key} take (the key as PKCS#8), and a TLS context that trusts it.
 */
public final class TestingCertificate
{
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Path certificate;
    private final Path privateKey;
    private final KeyStore trustStore;

    private TestingCertificate(Path certificate, Path privateKey, KeyStore trustStore)
    {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.trustStore = trustStore;
    }

    /** Makes the key and certificate in {@code directory}. */
    public static TestingCertificate create(Path directory)
    {
        return create(directory, List.of());
    }

    /** Makes the key and certificate in {@code directory}, also valid for these DNS names (e.g. {@code *.s3.localhost}). */
    public static TestingCertificate create(Path directory, List<String> otherNames)
    {
        StringBuilder names = new StringBuilder("SAN=dns:localhost,ip:127.0.0.1");
        otherNames.forEach(name -> names.append(",dns:").append(name));
        try {
            Path keyStoreFile = directory.resolve("cairn-test.p12");
            Files.deleteIfExists(keyStoreFile);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "cairn", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", names.toString(), "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStoreFile)) {
                keyStore.load(in, PASSWORD);
            }
            Key key = keyStore.getKey("cairn", PASSWORD);
            Certificate cert = keyStore.getCertificate("cairn");
            Path certificate = directory.resolve("cairn-test.crt");
            Path privateKey = directory.resolve("cairn-test.key");
            Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
            return new TestingCertificate(certificate, privateKey, trusting(cert));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    public Path certificate()
    {
        return certificate;
    }

    public Path privateKey()
    {
        return privateKey;
    }

    /** What {@code serve} takes. */
    public HttpConfig.Tls tls()
    {
        return new HttpConfig.Tls(certificate, privateKey);
    }

    public TrustManager[] trustManagers()
    {
        return trustManagers(trustStore);
    }

    /** Trust managers that trust the certificate in this PEM file (what {@code serve --tls-cert} took). */
    public static TrustManager[] trustManagers(Path certificate)
    {
        try (InputStream in = Files.newInputStream(certificate)) {
            return trustManagers(trusting(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store holding only this certificate. */
    private static KeyStore trusting(Certificate certificate)
            throws GeneralSecurityException, IOException
    {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("cairn", certificate);
        return trusted;
    }

    private static TrustManager[] trustManagers(KeyStore trusted)
    {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory.getTrustManagers();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts the certificate; {@code protocol} {@code TLS} offers every version, {@code TLSv1.2} at most 1.2. */
    public SSLContext clientContext(String protocol)
    {
        try {
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, trustManagers(), null);
            return context;
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString()
    {
        return "TestingCertificate" + List.of(certificate, privateKey);
    }
}
