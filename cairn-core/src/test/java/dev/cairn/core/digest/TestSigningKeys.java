package dev.cairn.core.digest;

import dev.cairn.core.Json;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestSigningKeys
{
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path directory;

    @Test
    public void plaintextPrivateKeysOfOlderVersionsAreEncrypted()
            throws IOException, GeneralSecurityException
    {
        MasterKey masterKey = MasterKey.generate();
        byte[] privateKey = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded();
        SigningKey plaintext = new SigningKey("us-east-1", "00ff", new byte[] {0x30}, privateKey, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        try (SqliteStore store = SqliteStore.open(directory)) {
            try (WriteBatch batch = store.beginBatch()) {
                batch.metadata().put(SigningKeys.KIND, "us-east-1", "00ff", Json.mapper().writeValueAsBytes(plaintext));
                batch.commit();
            }
            JournalWriter journal = new JournalWriter(store, 16, 2, (lastPosition, metadataChanged) -> { });
            SigningKeys keys = new SigningKeys(store, journal, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30), masterKey);
            try (WriteBatch batch = store.beginBatch()) {
                assertThat(keys.encryptPlaintextKeys(batch.metadata(), List.of("us-east-1", "eu-west-1"))).isEqualTo(1);
                batch.commit();
            }

            String stored = new String(store.read(reader -> reader.get(SigningKeys.KIND, "us-east-1", "00ff")).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(stored).doesNotContain(Base64.getEncoder().encodeToString(privateKey).substring(0, 64));
            // the key still signs, as the current one
            assertThat(keys.current("us-east-1").privateKey()).isEqualTo(privateKey);
            try (WriteBatch batch = store.beginBatch()) {
                assertThat(keys.encryptPlaintextKeys(batch.metadata(), List.of("us-east-1"))).isZero();
                SigningKeys other = new SigningKeys(store, journal, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30), MasterKey.generate());
                assertThatThrownBy(() -> other.encryptPlaintextKeys(batch.metadata(), List.of("us-east-1"))).isInstanceOf(IOException.class);
            }
        }
    }
}
