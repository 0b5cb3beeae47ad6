package dev.cairn.core.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

public class TestDigestFiles
{
    @Test
    public void publicKeysArePkcs1DerOfTheKey()
            throws Exception
    {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] pkcs1 = SigningKeys.pkcs1((RSAPublicKey) pair.getPublic());
        assertThat(Base64.getEncoder().encodeToString(pkcs1)).startsWith("MIIBCgKCAQEA");
        // X.509 SubjectPublicKeyInfo is the PKCS#1 key behind a fixed RSA header: Java's own encoding must match
        ByteArrayOutputStream spki = new ByteArrayOutputStream();
        spki.writeBytes(HexFormat.of().parseHex("30820122300d06092a864886f70d01010105000382010f00"));
        spki.writeBytes(pkcs1);
        assertThat(spki.toByteArray()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    public void signatureCoversTheStringToSignAsTheCliRebuildsIt()
            throws Exception
    {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        SigningKey key = new SigningKey("us-east-1", "f", SigningKeys.pkcs1((RSAPublicKey) pair.getPublic()), pair.getPrivate().getEncoded(), Instant.EPOCH, Instant.MAX);

        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        Instant end = Instant.parse("2026-11-24T11:00:07Z");
        String digestKey = DigestFiles.key(Optional.empty(), "111122223333", "audit", "us-east-1", "us-west-2", end);
        assertThat(digestKey).isEqualTo("AWSLogs/111122223333/CloudTrail-Digest/us-west-2/2026/11/24/111122223333_CloudTrail-Digest_us-west-2_audit_us-east-1_20261124T110007Z.json.gz");
        // the date the CLI takes from the key: key[-24:-8]
        assertThat(digestKey.substring(digestKey.length() - 24, digestKey.length() - 8)).isEqualTo("20261124T110007Z");

        DeliveredLog log = new DeliveredLog("logs", "AWSLogs/x.json.gz", "ab", start.plusSeconds(5), start.plusSeconds(9));
        byte[] content = DigestFiles.content("111122223333", start, end, "logs", digestKey, "f", Optional.empty(), List.of(log));
        JsonNode json = Json.mapper().readTree(content);
        assertThat(json.get("previousDigestSignature").isNull()).as("present, and null at a chain start").isTrue();
        assertThat(json.get("digestEndTime").asText()).isEqualTo("2026-11-24T11:00:07Z");
        assertThat(json.get("oldestEventTime").asText()).isEqualTo("2026-11-24T10:00:05Z");
        assertThat(json.get("logFiles").get(0).get("hashAlgorithm").asText()).isEqualTo("SHA-256");

        String hash = DigestFiles.sha256(content);
        String signature = key.sign(DigestFiles.stringToSign(end, "logs", digestKey, hash, Optional.empty()));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded())));
        verifier.update(("2026-11-24T11:00:07Z\nlogs/" + digestKey + "\n" + hash + "\nnull").getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(HexFormat.of().parseHex(signature))).isTrue();
        assertThat(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(key.privateKey()))).isNotNull();
    }
}
