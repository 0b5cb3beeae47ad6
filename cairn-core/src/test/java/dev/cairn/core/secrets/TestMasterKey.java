package dev.cairn.core.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestMasterKey
{
    @TempDir
    Path directory;

    @Test
    public void readOrCreateMakesAnOwnerOnlyKeyFileOnceAndReadsItAfterwards()
            throws IOException
    {
        Path file = directory.resolve("master.key");
        MasterKey created = MasterKey.readOrCreate(file);
        String content = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(Base64.getDecoder().decode(content.trim())).hasSize(32);
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        // nothing left beside it
        try (var files = Files.list(directory)) {
            assertThat(files.toList()).containsExactly(file);
        }

        byte[] sealed = created.encrypt("secret".getBytes(StandardCharsets.UTF_8), "context");
        MasterKey again = MasterKey.readOrCreate(file);
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(content);
        assertThat(new String(again.decrypt(sealed, "context"), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(new String(MasterKey.read(file).decrypt(sealed, "context"), StandardCharsets.UTF_8)).isEqualTo("secret");
    }

    @Test
    public void theCiphertextIsBoundToItsContextAndKey()
            throws IOException
    {
        MasterKey key = MasterKey.generate();
        byte[] plain = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = key.encrypt(plain, "iam.access-key/AKIA1");
        assertThat(MasterKey.isEncrypted(sealed)).isTrue();
        assertThat(MasterKey.isEncrypted(plain)).isFalse();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("wJalrXUtnFEMI");
        // a fresh IV each time
        assertThat(key.encrypt(plain, "iam.access-key/AKIA1")).isNotEqualTo(sealed);
        assertThat(key.decrypt(sealed, "iam.access-key/AKIA1")).isEqualTo(plain);
        assertThatThrownBy(() -> key.decrypt(sealed, "iam.access-key/AKIA2")).isInstanceOf(IOException.class).hasMessageContaining("iam.access-key/AKIA2");
        assertThatThrownBy(() -> MasterKey.generate().decrypt(sealed, "iam.access-key/AKIA1")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> key.decrypt(plain, "iam.access-key/AKIA1")).isInstanceOf(IOException.class).hasMessageContaining("not encrypted");
    }

    @Test
    public void aFileThatHoldsNoKeyIsRefusedWithHowToMakeOne()
            throws IOException
    {
        Path file = Files.writeString(directory.resolve("master.key"), "not a key\n");
        assertThatThrownBy(() -> MasterKey.readOrCreate(file)).isInstanceOf(IOException.class).hasMessageContaining("openssl rand -base64 32");
        assertThat(Files.readString(file)).isEqualTo("not a key\n");
    }
}
