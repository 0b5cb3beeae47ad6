package dev.cairn.core.iam;

import dev.cairn.core.secrets.MasterKey;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Access keys' secrets in the store: encrypted, bound to their key, and plaintext ones from older versions encrypted
 * on start.
 */
public class TestAccessKeySecrets
{
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path directory;

    private final AccessKeySecrets secrets = new AccessKeySecrets(MasterKey.generate());

    @Test
    public void theStoredKeyHoldsNoSecret()
            throws IOException
    {
        try (SqliteStore store = SqliteStore.open(directory)) {
            AccessKey key = new AccessKey("AKIAEXAMPLE000000001", secrets.encrypt("AKIAEXAMPLE000000001", SECRET), "111122223333", Optional.of("alice"), true, CREATED);
            write(store, repository -> repository.putAccessKey(key));

            byte[] stored = store.read(reader -> reader.get(IdentityRepository.ACCESS_KEY, "", "AKIAEXAMPLE000000001")).orElseThrow();
            assertThat(new String(stored, StandardCharsets.UTF_8)).contains("AKIAEXAMPLE000000001").doesNotContain(SECRET).doesNotContain("secretAccessKey");
            AccessKey read = store.read(reader -> new IdentityRepository(reader).accessKey("AKIAEXAMPLE000000001")).orElseThrow();
            assertThat(secrets.decrypt(read)).isEqualTo(SECRET);
            // another key's record with this ciphertext does not decrypt, nor does another master key
            AccessKey moved = new AccessKey("AKIAEXAMPLE000000002", read.encryptedSecret(), "111122223333", Optional.of("bob"), true, CREATED);
            assertThatThrownBy(() -> secrets.decrypt(moved)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> new AccessKeySecrets(MasterKey.generate()).decrypt(read)).isInstanceOf(IOException.class);
        }
    }

    @Test
    public void aPlaintextSecretIsNeverWritten()
            throws IOException
    {
        try (SqliteStore store = SqliteStore.open(directory)) {
            AccessKey plaintext = new AccessKey("AKIAEXAMPLE000000001", SECRET, "111122223333", Optional.empty(), true, CREATED);
            assertThatThrownBy(() -> write(store, repository -> repository.putAccessKey(plaintext)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(SECRET);
            Optional<byte[]> stored = store.read(reader -> reader.get(IdentityRepository.ACCESS_KEY, "", "AKIAEXAMPLE000000001"));
            assertThat(stored).isEmpty();
        }
    }

    @Test
    public void plaintextSecretsOfOlderVersionsAreEncrypted()
            throws IOException
    {
        try (SqliteStore store = SqliteStore.open(directory)) {
            // as Cairn stored keys before it encrypted their secrets
            String old = "{\"accessKeyId\":\"AKIAEXAMPLE000000001\",\"secretAccessKey\":\"" + SECRET
                    + "\",\"accountId\":\"111122223333\",\"userName\":\"alice\",\"active\":false,\"createDate\":\"2026-01-02T03:04:05Z\"}";
            AccessKey encrypted = new AccessKey("AKIAEXAMPLE000000002", secrets.encrypt("AKIAEXAMPLE000000002", "other" + SECRET.substring(5)), "111122223333",
                    Optional.empty(), true, CREATED);
            write(store, repository -> repository.putAccessKey(encrypted));
            try (WriteBatch batch = store.beginBatch()) {
                batch.metadata().put(IdentityRepository.ACCESS_KEY, "", "AKIAEXAMPLE000000001", old.getBytes(StandardCharsets.UTF_8));
                batch.commit();
            }

            int[] count = new int[1];
            write(store, repository -> count[0] = repository.encryptPlaintextSecrets(secrets));
            assertThat(count[0]).isEqualTo(1);

            byte[] stored = store.read(reader -> reader.get(IdentityRepository.ACCESS_KEY, "", "AKIAEXAMPLE000000001")).orElseThrow();
            assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain(SECRET).doesNotContain("secretAccessKey");
            AccessKey migrated = store.read(reader -> new IdentityRepository(reader).accessKey("AKIAEXAMPLE000000001")).orElseThrow();
            assertThat(migrated).isEqualTo(new AccessKey("AKIAEXAMPLE000000001", migrated.encryptedSecret(), "111122223333", Optional.of("alice"), false, CREATED));
            assertThat(secrets.decrypt(migrated)).isEqualTo(SECRET);

            // nothing left to do; and a store whose secrets another master key encrypted does not pass
            write(store, repository -> count[0] = repository.encryptPlaintextSecrets(secrets));
            assertThat(count[0]).isZero();
            assertThatThrownBy(() -> write(store, repository -> repository.encryptPlaintextSecrets(new AccessKeySecrets(MasterKey.generate()))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("master key");
        }
    }

    @Test
    public void encryptingLeavesNoPlaintextInTheDatabaseFile()
            throws IOException
    {
        IdGenerator ids = new IdGenerator();
        List<String> plaintexts = new ArrayList<>();
        try (SqliteStore store = SqliteStore.open(directory)) {
            try (WriteBatch batch = store.beginBatch()) {
                for (int i = 0; i < 300; i++) {
                    String id = ids.accessKeyId();
                    String secret = ids.secretAccessKey();
                    plaintexts.add(secret);
                    String old = "{\"accessKeyId\":\"" + id + "\",\"secretAccessKey\":\"" + secret
                            + "\",\"accountId\":\"111122223333\",\"active\":true,\"createDate\":\"2026-01-02T03:04:05Z\"}";
                    batch.metadata().put(IdentityRepository.ACCESS_KEY, "", id, old.getBytes(StandardCharsets.UTF_8));
                }
                batch.commit();
            }
        }
        try (SqliteStore store = SqliteStore.open(directory)) {
            write(store, repository -> assertThat(repository.encryptPlaintextSecrets(secrets)).isEqualTo(300));
        }
        // not in the free space of pages the rows moved out of, either
        StringBuilder files = new StringBuilder();
        for (String name : List.of("cairn.db", "cairn.db-wal")) {
            Path file = directory.resolve(name);
            if (Files.exists(file)) {
                files.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(plaintexts).noneMatch(secret -> files.indexOf(secret) >= 0);
    }

    private interface Change
    {
        void apply(IdentityRepository repository)
                throws IOException;
    }

    private static void write(SqliteStore store, Change change)
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            change.apply(new IdentityRepository(batch.metadata()));
            batch.commit();
        }
    }
}
