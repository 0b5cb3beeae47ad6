package dev.cairn.core.events;

import dev.cairn.core.iam.InMemoryMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestConnectionRepository
{
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";

    private final ConnectionRepository repository = new ConnectionRepository(new InMemoryMetadata());

    private static Connection connection(String name)
    {
        return new Connection(ACCOUNT, REGION, name, "id-" + name, Optional.of("described"), Connection.API_KEY, Connection.AUTHORIZED, Optional.empty(), Optional.of("x-api-key"),
                List.of(new Connection.Parameter(Connection.Parameter.QUERY_STRING, "team", Optional.of("core"), false)), Optional.empty(), Optional.of("sealed"), 1_000L,
                2_000L, Optional.of(2_000L));
    }

    private static ApiDestination destination(String name, Connection connection)
    {
        return new ApiDestination(ACCOUNT, REGION, name, "id-" + name, Optional.empty(), connection.arn(), "https://hooks.example.com/*", "POST", 10, 1_000L, 1_000L);
    }

    @Test
    public void connectionsAndApiDestinationsAreKeptByAccountRegionAndName()
            throws Exception
    {
        Connection b = connection("b");
        assertThat(repository.insert(b)).isTrue();
        assertThat(repository.insert(connection("a"))).isTrue();
        assertThat(repository.insert(connection("a"))).isFalse();
        assertThat(repository.connection(ACCOUNT, REGION, "b")).contains(b);
        assertThat(repository.connection(ACCOUNT, "us-west-2", "b")).isEmpty();
        assertThat(repository.connections(ACCOUNT, REGION, "", "", 10)).extracting(Connection::name).containsExactly("a", "b");
        assertThat(repository.connections(ACCOUNT, REGION, "", "a", 10)).extracting(Connection::name).containsExactly("b");
        assertThat(b.arn()).isEqualTo("arn:aws:events:us-east-1:111122223333:connection/b/id-b");
        assertThat(b.withSecrets(Connection.DEAUTHORIZED, Optional.empty()).encryptedSecrets()).isEmpty();

        ApiDestination hook = destination("hook", b);
        assertThat(repository.insert(hook)).isTrue();
        assertThat(repository.insert(destination("hook", b))).isFalse();
        assertThat(repository.apiDestination(ACCOUNT, REGION, "hook")).contains(hook);
        assertThat(repository.apiDestinations(ACCOUNT, REGION, "h", "", 10)).containsExactly(hook);
        assertThat(hook.arn()).isEqualTo("arn:aws:events:us-east-1:111122223333:api-destination/hook/id-hook");
        // the kinds are apart: a connection and a destination may share a name
        assertThat(repository.connection(ACCOUNT, REGION, "hook")).isEmpty();

        assertThat(repository.deleteApiDestination(ACCOUNT, REGION, "hook")).isTrue();
        assertThat(repository.deleteApiDestination(ACCOUNT, REGION, "hook")).isFalse();
        assertThat(repository.deleteConnection(ACCOUNT, REGION, "a")).isTrue();
        assertThat(repository.connections(ACCOUNT, REGION, "", "", 10)).extracting(Connection::name).containsExactly("b");
    }
}
