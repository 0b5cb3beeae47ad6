package dev.cairn.store.postgres;

import dev.cairn.spi.AbstractStoreTest;
import dev.cairn.spi.Store;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract test {@link AbstractStoreTest#tailingConsumerNeverSkipsEventsOfConcurrentNodes} catches the naive
 * design: with positions taken from a sequence while each batch runs, the same run leaves events unread.
 */
public class TestNaiveJournalPositions
{
    @Test
    public void sequencePositionsMakeTheTailingConsumerSkipEvents()
            throws Exception
    {
        PostgresUrl database = TestingPostgres.get().newDatabase();
        List<Store> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                nodes.add(PostgresStore.open(database, 4, PostgresStore.PositionAssignment.SEQUENCE_DURING_BATCH));
            }
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user().orElse(null), database.password().orElse(null));
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SEQUENCE cairn_naive_position");
            }
            AbstractStoreTest.TailResult result = AbstractStoreTest.tailWhileWriting(nodes.get(0), nodes, Duration.ofSeconds(2));
            assertThat(result.committed()).isGreaterThan(100);
            assertThat(result.missed()).as("events the consumer never read with sequence positions").isNotEmpty();
        }
        finally {
            for (Store node : nodes) {
                node.close();
            }
        }
    }
}
