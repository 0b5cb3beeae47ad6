package dev.cairn.core.sns;

import com.amazonaws.services.sns.util.SignatureChecker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The certificate, its stored form, and the signatures checked by AWS's own checker: the AWS SDK for Java v1's
 * {@link SignatureChecker}, which rebuilds the string to sign from the posted JSON, as a subscriber does. The SDK
 * deprecates it for its SnsMessageManager, which also downloads the certificate and accepts it only from
 * {@code sns.<region>.amazonaws.com}: not a place a Cairn serves from.
 */
@SuppressWarnings("deprecation")
public class TestSnsSigningCertificate
{
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:cloudtrail-logs";
    private static final String SUBSCRIPTION = TOPIC + ":0f3a3b4e-6c1d-4b8a-9e51-7d3c2a1b0f9e";
    private static final String CERT_URL = "https://cairn.example:8443/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
    private static final SnsSigningCertificate CERTIFICATE = SnsSigningCertificate.generate(NOW);
    /** The PEM form the AWS SDK for Java v1 accepts for a downloaded certificate (its SignatureVerifier's X509_PATTERN). */
    private static final Pattern SDK_PEM = Pattern.compile("^[\\s]*-----BEGIN [A-Z]+-----\\n[A-Za-z\\d+\\/\\n]+[=]{0,2}\\n-----END [A-Z]+-----[\\s]*$");

    @Test
    public void selfSignedRsa2048ForTenYears()
            throws GeneralSecurityException
    {
        X509Certificate certificate = CERTIFICATE.certificate();
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Cairn Simple Notification Service,O=Cairn").isEqualTo(SnsSigningCertificate.SUBJECT);
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(((RSAPublicKey) CERTIFICATE.publicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSerialNumber().signum()).isPositive();
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-01-02T02:04:05Z"));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(Instant.parse("2036-01-02T02:04:05Z"));
        certificate.checkValidity(Date.from(NOW));
        // an end-entity certificate for signatures only
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()).startsWith(true).containsOnlyOnce(true);
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(CERTIFICATE.toString()).contains("Cairn Simple Notification Service").doesNotContain(Base64.getEncoder().encodeToString(CERTIFICATE.privateKey()).substring(0, 40));
    }

    @Test
    public void pemAsServed()
            throws GeneralSecurityException
    {
        String pem = CERTIFICATE.pem();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----\n").doesNotContain("\r");
        assertThat(pem.lines().filter(line -> !line.startsWith("-----")).mapToInt(String::length).max().orElseThrow()).isEqualTo(64);
        assertThat(SDK_PEM.matcher(pem).matches()).isTrue();
        X509Certificate read = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(read).isEqualTo(CERTIFICATE.certificate());
        assertThat(CERTIFICATE.fileName()).matches("SimpleNotificationService-[0-9a-f]{32}\\.pem");
    }

    @Test
    public void loadsFromItsStoredForm()
            throws IOException
    {
        for (byte[] storedCertificate : List.of(CERTIFICATE.encoded(), CERTIFICATE.pem().getBytes(StandardCharsets.US_ASCII))) {
            SnsSigningCertificate loaded = SnsSigningCertificate.load(CERTIFICATE.privateKey(), storedCertificate);
            assertThat(loaded.certificate()).isEqualTo(CERTIFICATE.certificate());
            assertThat(loaded.pem()).isEqualTo(CERTIFICATE.pem());
            assertThat(loaded.fileName()).isEqualTo(CERTIFICATE.fileName());
            assertThat(loaded.privateKey()).isEqualTo(CERTIFICATE.privateKey());
            // what the loaded one signs, the certificate a subscriber kept verifies
            assertThat(new SignatureChecker().verifyMessageSignature(loaded.sign(notification(Optional.empty(), "after a restart"), SignatureVersion.V2, CERT_URL).body(),
                    CERTIFICATE.publicKey())).isTrue();
        }
    }

    @Test
    public void loadRefusesWhatIsNotAKeyAndItsCertificate()
    {
        SnsSigningCertificate other = SnsSigningCertificate.generate(NOW);
        assertThatThrownBy(() -> SnsSigningCertificate.load(other.privateKey(), CERTIFICATE.encoded()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not the key of the stored certificate");
        assertThatThrownBy(() -> SnsSigningCertificate.load(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}, CERTIFICATE.encoded())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SnsSigningCertificate.load(CERTIFICATE.privateKey(), "not a certificate".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(IOException.class);
    }

    @Test
    public void awsSignatureCheckerAcceptsNotifications()
    {
        Map<String, SnsMessageAttribute> attributes = Map.of("eventSource", new SnsMessageAttribute("String", "cloudtrail.amazonaws.com"));
        List<SnsMessage> messages = List.of(
                notification(Optional.empty(), "{\"s3Bucket\":\"trail-bucket\",\"s3ObjectKey\":[\"AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/02/x.json.gz\"]}"),
                notification(Optional.of("CloudTrail log files"), "a \"quoted\" line\nand a second, with \\ and \t"),
                new SnsMessage.Notification("5c3a2b1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0", TOPIC, SUBSCRIPTION, Optional.of("with attributes"), "m", NOW, "https://cairn.example/u", attributes));
        SignatureChecker checker = new SignatureChecker();
        for (SnsMessage message : messages) {
            for (SignatureVersion version : SignatureVersion.values()) {
                SignedSnsMessage signed = CERTIFICATE.sign(message, version, CERT_URL);
                assertThat(checker.verifyMessageSignature(signed.body(), CERTIFICATE.publicKey())).as("%s %s", version, message).isTrue();
            }
        }
    }

    @Test
    public void awsSignatureCheckerAcceptsConfirmations()
    {
        String subscribeUrl = "https://cairn.example/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747b";
        List<SnsMessage> messages = List.of(
                SnsMessage.subscriptionConfirmation("165545c9-2a5c-472c-8df2-7ff2be2b3b1b", TOPIC, SUBSCRIPTION, "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747b",
                        subscribeUrl, NOW),
                SnsMessage.unsubscribeConfirmation("47138184-6831-46b8-8f7c-afc488602d7d", TOPIC, SUBSCRIPTION, "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747b",
                        subscribeUrl, NOW));
        SignatureChecker checker = new SignatureChecker();
        for (SnsMessage message : messages) {
            for (SignatureVersion version : SignatureVersion.values()) {
                SignedSnsMessage signed = CERTIFICATE.sign(message, version, CERT_URL);
                assertThat(checker.verifyMessageSignature(signed.body(), CERTIFICATE.publicKey())).as("%s %s", version, message.type()).isTrue();
                assertThat(checker.verifySignature(Map.of(
                        "Type", message.type().value(),
                        "MessageId", message.messageId(),
                        "Token", ((SnsMessage.Confirmation) message).token(),
                        "TopicArn", TOPIC,
                        "Message", message.message(),
                        "SubscribeURL", subscribeUrl,
                        "Timestamp", "2026-01-02T03:04:05.678Z",
                        "SignatureVersion", version.value(),
                        "Signature", signed.signature()), CERTIFICATE.publicKey())).isTrue();
            }
        }
    }

    @Test
    public void awsSignatureCheckerAcceptsUtf8()
            throws GeneralSecurityException
    {
        SignedSnsMessage signed = CERTIFICATE.sign(notification(Optional.of("Größe"), "café ☕ 🪨 日本語"), SignatureVersion.V2, CERT_URL);
        // signed as UTF-8, whatever the platform
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(CERTIFICATE.publicKey());
        verifier.update(signed.message().stringToSign().getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(signed.signature()))).isTrue();
        // the checker takes the string's bytes in the platform's charset
        assumeThat(Charset.defaultCharset()).as("the v1 SDK's checker reads the message in the platform charset, which is not UTF-8 here").isEqualTo(StandardCharsets.UTF_8);
        assertThat(new SignatureChecker().verifyMessageSignature(signed.body(), CERTIFICATE.publicKey())).isTrue();
    }

    @Test
    public void awsSignatureCheckerRejectsTamperedMessages()
    {
        SignatureChecker checker = new SignatureChecker();
        for (SignatureVersion version : SignatureVersion.values()) {
            String body = CERTIFICATE.sign(notification(Optional.of("CloudTrail"), "{\"s3Bucket\":\"trail-bucket\"}"), version, CERT_URL).body();
            assertThat(checker.verifyMessageSignature(body, CERTIFICATE.publicKey())).isTrue();

            assertThat(checker.verifyMessageSignature(body.replace("trail-bucket", "other-bucket"), CERTIFICATE.publicKey())).isFalse();
            assertThat(checker.verifyMessageSignature(body.replace("\"CloudTrail\"", "\"Cloudtrail\""), CERTIFICATE.publicKey())).isFalse();
            assertThat(checker.verifyMessageSignature(body.replace("03:04:05.678Z", "03:04:05.679Z"), CERTIFICATE.publicKey())).isFalse();
            assertThat(checker.verifyMessageSignature(body.replace(TOPIC, TOPIC + "2"), CERTIFICATE.publicKey())).isFalse();
            // a signature of one version does not pass for the other
            String otherVersion = version == SignatureVersion.V1 ? "2" : "1";
            assertThat(checker.verifyMessageSignature(body.replace("\"SignatureVersion\" : \"" + version.value() + "\"", "\"SignatureVersion\" : \"" + otherVersion + "\""),
                    CERTIFICATE.publicKey())).isFalse();
            // nor under another certificate's key
            PublicKey otherKey = SnsSigningCertificate.generate(NOW).publicKey();
            assertThat(checker.verifyMessageSignature(body, otherKey)).isFalse();
        }
        String confirmation = CERTIFICATE.sign(SnsMessage.subscriptionConfirmation("id", TOPIC, SUBSCRIPTION, "token", "https://cairn.example/confirm?Token=token", NOW),
                SignatureVersion.V2, CERT_URL).body();
        assertThat(checker.verifyMessageSignature(confirmation, CERTIFICATE.publicKey())).isTrue();
        assertThat(checker.verifyMessageSignature(confirmation.replace("https://cairn.example/confirm", "https://attacker.example/confirm"), CERTIFICATE.publicKey())).isFalse();
    }

    @Test
    public void signaturesAreBase64OfRsa2048()
    {
        SignedSnsMessage signed = CERTIFICATE.sign(notification(Optional.empty(), "m"), SignatureVersion.V1, CERT_URL);
        assertThat(Base64.getDecoder().decode(signed.signature())).hasSize(256);
        assertThat(signed.signatureVersion()).isEqualTo(SignatureVersion.V1);
        assertThat(signed.body()).contains("\"SignatureVersion\" : \"1\"").contains("\"SigningCertURL\" : \"" + CERT_URL + "\"");
        assertThat(Duration.between(CERTIFICATE.certificate().getNotBefore().toInstant(), CERTIFICATE.certificate().getNotAfter().toInstant()).toDays()).isBetween(3650L, 3653L);
    }

    private static SnsMessage.Notification notification(Optional<String> subject, String message)
    {
        return new SnsMessage.Notification("d2b4e9a1-3c5f-4e7a-8b9c-0a1b2c3d4e5f", TOPIC, SUBSCRIPTION, subject, message, NOW,
                "https://cairn.example/?Action=Unsubscribe&SubscriptionArn=" + SUBSCRIPTION, Map.of());
    }
}
