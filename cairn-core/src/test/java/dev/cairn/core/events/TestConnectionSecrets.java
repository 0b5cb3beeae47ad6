package dev.cairn.core.events;

import dev.cairn.core.secrets.MasterKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestConnectionSecrets
{
    private static final MasterKey MASTER_KEY = MasterKey.generate();

    private static Connection connection(String name, Optional<String> secrets)
    {
        return new Connection("111122223333", "us-east-1", name, "6b1c3e9e-0000-4000-8000-000000000001", Optional.empty(), Connection.BASIC, Connection.AUTHORIZED,
                Optional.of("user"), Optional.empty(), List.of(new Connection.Parameter(Connection.Parameter.HEADER, "X-Token", Optional.empty(), true)), Optional.empty(),
                secrets, 1_000L, 1_000L, Optional.of(1_000L));
    }

    @Test
    public void secretsAreEncryptedForOneConnection()
            throws Exception
    {
        ConnectionSecrets secrets = new ConnectionSecrets(MASTER_KEY);
        Map<String, String> values = Map.of(ConnectionSecrets.PASSWORD, "hunter2-password", "HEADER:X-Token", "token-value");
        String stored = secrets.encrypt(connection("hook", Optional.empty()).arn(), values);
        assertThat(stored).doesNotContain("hunter2").doesNotContain("token-value");

        Connection connection = connection("hook", Optional.of(stored));
        assertThat(secrets.decrypt(connection)).isEqualTo(values);
        assertThat(connection.toString()).doesNotContain(stored);
        assertThat(secrets.decrypt(connection("hook", Optional.empty()))).isEmpty();

        // moved onto another connection, or read with another master key, they do not decrypt
        assertThatThrownBy(() -> secrets.decrypt(connection("other", Optional.of(stored)))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new ConnectionSecrets(MasterKey.generate()).decrypt(connection)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> secrets.decrypt(connection("hook", Optional.of("not base64 !")))).isInstanceOf(IOException.class);
    }
}
