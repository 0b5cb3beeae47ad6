package dev.cairn.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link Outbox} and {@link OutboxWriter}. Every store implementation extends this suite unchanged.
 */
public abstract class AbstractOutboxTest
{
    private static final String ONE = "sns/arn:aws:sns:us-east-1:111111111111:topic:00000000-0000-4000-8000-000000000001";
    private static final String TWO = "sns/arn:aws:sns:us-east-1:111111111111:topic:00000000-0000-4000-8000-000000000002";
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00.123Z");

    protected Store store;
    private Outbox outbox;

    /** A new, empty store. */
    protected abstract Store createStore()
            throws IOException;

    /** Another store over the same data, as a second node would open it; closed by the test. */
    protected abstract Store openAnotherNode()
            throws IOException;

    @BeforeEach
    public void setUpStore()
            throws IOException
    {
        store = createStore();
        outbox = store.outbox();
    }

    @AfterEach
    public void tearDownStore()
            throws IOException
    {
        store.close();
    }

    private static byte[] bytes(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> payloads(List<OutboxMessage> messages)
    {
        return messages.stream().map(message -> new String(message.payload(), StandardCharsets.UTF_8)).toList();
    }

    private void enqueue(String destination, String payload, Instant notBefore)
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            batch.outbox().enqueue(destination, bytes(payload), notBefore);
            batch.commit();
        }
    }

    @Test
    public void messagesCommitWithTheirBatch()
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            batch.outbox().enqueue(ONE, bytes("first"), T0);
            batch.outbox().enqueue(TWO, bytes("other"), T0);
            batch.outbox().enqueue(ONE, bytes("second ✓ \u0000 end"), T0.plusMillis(1));
            // nothing is visible before the batch commits
            assertThat(outbox.due(ONE, T0.plusSeconds(1), 10)).isEmpty();
            batch.commit();
        }
        List<OutboxMessage> due = outbox.due(ONE, T0.plusSeconds(1), 10);
        assertThat(payloads(due)).containsExactly("first", "second ✓ \u0000 end");
        OutboxMessage first = due.get(0);
        assertThat(first.destination()).isEqualTo(ONE);
        assertThat(first.enqueued()).isEqualTo(T0);
        assertThat(first.notBefore()).isEqualTo(T0);
        assertThat(first.attempts()).isZero();
        assertThat(first.lastError()).isEmpty();
        assertThat(due.get(1).id()).isGreaterThan(first.id());
        assertThat(payloads(outbox.due(TWO, T0.plusSeconds(1), 10))).containsExactly("other");
        assertThat(outbox.due(ONE, T0.plusSeconds(1), 1)).hasSize(1);
        assertThat(outbox.destinations(T0.plusSeconds(1), 10)).containsExactlyInAnyOrder(ONE, TWO);
    }

    @Test
    public void savepointsAndUncommittedBatchesUndoMessages()
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            batch.savepoint();
            batch.outbox().enqueue(ONE, bytes("kept"), T0);
            batch.releaseSavepoint();
            batch.savepoint();
            batch.outbox().enqueue(ONE, bytes("undone"), T0);
            batch.rollbackToSavepoint();
            batch.commit();
        }
        try (WriteBatch batch = store.beginBatch()) {
            batch.outbox().enqueue(ONE, bytes("never committed"), T0);
        }
        assertThat(payloads(outbox.due(ONE, T0, 10))).containsExactly("kept");
    }

    @Test
    public void messagesAreNotMetadata()
            throws IOException
    {
        long version = store.metadataVersion();
        enqueue(ONE, "message", T0);
        assertThat(store.metadataVersion()).isEqualTo(version);
    }

    @Test
    public void messagesAreDueFromTheirNotBefore()
            throws IOException
    {
        enqueue(ONE, "later", T0.plusSeconds(60));
        enqueue(ONE, "now", T0);
        enqueue(TWO, "much later", T0.plusSeconds(3_600));
        assertThat(payloads(outbox.due(ONE, T0, 10))).containsExactly("now");
        assertThat(payloads(outbox.due(ONE, T0.plusSeconds(60), 10))).containsExactly("now", "later");
        assertThat(outbox.destinations(T0, 10)).containsExactly(ONE);
        assertThat(outbox.destinations(T0.plusSeconds(3_600), 10)).containsExactlyInAnyOrder(ONE, TWO);
        assertThat(outbox.destinations(T0.plusSeconds(3_600), 1)).hasSize(1);
        assertThat(outbox.destinations(T0.minusSeconds(1), 10)).isEmpty();
    }

    @Test
    public void aClaimHoldsAMessageUntilItsLeaseRunsOut()
            throws IOException
    {
        enqueue(ONE, "message", T0);
        OutboxMessage message = outbox.due(ONE, T0, 10).get(0);
        assertThat(outbox.claim(message.id(), T0, T0.plusSeconds(30))).isTrue();
        assertThat(outbox.claim(message.id(), T0.plusSeconds(1), T0.plusSeconds(31))).isFalse();
        assertThat(outbox.due(ONE, T0.plusSeconds(1), 10)).isEmpty();
        assertThat(outbox.destinations(T0.plusSeconds(1), 10)).isEmpty();
        // the claimer died: the lease runs out and the message is due again
        assertThat(payloads(outbox.due(ONE, T0.plusSeconds(30), 10))).containsExactly("message");
        assertThat(outbox.claim(message.id(), T0.plusSeconds(30), T0.plusSeconds(60))).isTrue();

        outbox.reschedule(message.id(), 1, T0.plusSeconds(50), "HTTP 503");
        assertThat(outbox.due(ONE, T0.plusSeconds(49), 10)).isEmpty();
        OutboxMessage retried = outbox.due(ONE, T0.plusSeconds(50), 10).get(0);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).contains("HTTP 503");
        assertThat(retried.notBefore()).isEqualTo(T0.plusSeconds(50));
        assertThat(retried.enqueued()).isEqualTo(T0);
        // rescheduling released the claim
        assertThat(outbox.claim(message.id(), T0.plusSeconds(50), T0.plusSeconds(80))).isTrue();

        assertThat(outbox.delete(message.id())).isTrue();
        assertThat(outbox.delete(message.id())).isFalse();
        assertThat(outbox.claim(message.id(), T0.plusSeconds(100), T0.plusSeconds(130))).isFalse();
        assertThat(outbox.due(ONE, T0.plusSeconds(100), 10)).isEmpty();
        // a message not yet due cannot be claimed
        enqueue(ONE, "later", T0.plusSeconds(200));
        long later = outbox.due(ONE, T0.plusSeconds(200), 10).get(0).id();
        assertThat(outbox.claim(later, T0.plusSeconds(199), T0.plusSeconds(230))).isFalse();
    }

    @Test
    public void statisticsByDestination()
            throws IOException
    {
        assertThat(outbox.statistics()).isEmpty();
        enqueue(ONE, "a", T0.plusSeconds(5));
        enqueue(ONE, "b", T0);
        enqueue(TWO, "c", T0.plusSeconds(9));
        OutboxMessage b = outbox.due(ONE, T0, 10).get(0);
        outbox.claim(b.id(), T0, T0.plusSeconds(10));
        outbox.reschedule(b.id(), 1, T0.plusSeconds(20), "timed out");
        Map<String, OutboxStatistics> statistics = outbox.statistics();
        assertThat(statistics).containsOnlyKeys(ONE, TWO);
        assertThat(statistics.get(ONE)).isEqualTo(new OutboxStatistics(2, 1, T0));
        assertThat(statistics.get(TWO)).isEqualTo(new OutboxStatistics(1, 0, T0.plusSeconds(9)));
        outbox.delete(b.id());
        assertThat(outbox.statistics().get(ONE)).isEqualTo(new OutboxStatistics(1, 0, T0.plusSeconds(5)));
    }

    @Test
    public void twoNodesNeverClaimOneMessageAtOnce()
            throws Exception
    {
        try (WriteBatch batch = store.beginBatch()) {
            for (int i = 0; i < 200; i++) {
                batch.outbox().enqueue(i % 2 == 0 ? ONE : TWO, bytes("message " + i), T0);
            }
            batch.commit();
        }
        List<Long> ids = new ArrayList<>();
        outbox.due(ONE, T0, 1_000).forEach(message -> ids.add(message.id()));
        outbox.due(TWO, T0, 1_000).forEach(message -> ids.add(message.id()));
        assertThat(ids).hasSize(200);
        Map<Long, AtomicInteger> claims = new ConcurrentHashMap<>();
        try (Store other = openAnotherNode()) {
            ExecutorService executor = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Outbox node : List.of(outbox, other.outbox(), outbox, other.outbox())) {
                    futures.add(executor.submit(() -> {
                        for (long id : ids) {
                            if (node.claim(id, T0, T0.plus(Duration.ofMinutes(1)))) {
                                claims.computeIfAbsent(id, ignored -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            finally {
                executor.shutdownNow();
            }
            assertThat(claims).hasSize(200);
            assertThat(claims.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(other.outbox().due(ONE, T0.plusSeconds(59), 10)).isEmpty();
            assertThat(other.outbox().statistics().get(ONE)).isEqualTo(new OutboxStatistics(100, 0, T0));
            assertThat(Optional.ofNullable(other.outbox().statistics().get(TWO)).map(OutboxStatistics::messages)).contains(100L);
        }
    }
}
