package dev.cairn.spi;

import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link Store}: metadata documents, write batches with savepoints, the journal and checkpoints.
 * Every store implementation extends this suite unchanged.
 */
public abstract class AbstractStoreTest
{
    protected Store store;

    /** A new, empty store. */
    protected abstract Store createStore()
            throws IOException;

    /** The same store closed and opened again over the same data. */
    protected abstract Store reopen(Store closed)
            throws IOException;

    @BeforeEach
    public void setUpStore()
            throws IOException
    {
        store = createStore();
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

    @Test
    public void documentsRoundTrip()
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            assertThat(batch.metadata().insert("user", "111111111111", "alice", bytes("a"))).isTrue();
            assertThat(batch.metadata().insert("user", "111111111111", "alice", bytes("other"))).isFalse();
            batch.metadata().put("user", "111111111111", "bob", bytes("b"));
            batch.metadata().put("user", "222222222222", "alice", bytes("c"));
            // a batch sees its own writes
            assertThat(batch.metadata().get("user", "111111111111", "bob")).hasValueSatisfying(value -> assertThat(value).isEqualTo(bytes("b")));
            batch.commit();
        }
        assertThat(get("user", "111111111111", "alice")).hasValueSatisfying(value -> assertThat(value).isEqualTo(bytes("a")));
        assertThat(get("user", "222222222222", "alice")).hasValueSatisfying(value -> assertThat(value).isEqualTo(bytes("c")));
        assertThat(get("user", "333333333333", "alice")).isEmpty();
        assertThat(count("user", "111111111111", "")).isEqualTo(2);

        try (WriteBatch batch = store.beginBatch()) {
            batch.metadata().put("user", "111111111111", "alice", bytes("a2"));
            assertThat(batch.metadata().delete("user", "111111111111", "bob")).isTrue();
            assertThat(batch.metadata().delete("user", "111111111111", "bob")).isFalse();
            batch.commit();
        }
        assertThat(get("user", "111111111111", "alice")).hasValueSatisfying(value -> assertThat(value).isEqualTo(bytes("a2")));
        assertThat(get("user", "111111111111", "bob")).isEmpty();
    }

    @Test
    public void listsInKeyOrderWithPrefixAndPaging()
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            for (String key : List.of("b/2", "a/1", "b/1", "b/3", "c/1", "b", "b0")) {
                batch.metadata().put("k", "s", key, bytes(key));
            }
            batch.metadata().put("other", "s", "b/9", bytes("x"));
            batch.commit();
        }
        assertThat(keys(list("k", "s", "", "", 100))).containsExactly("a/1", "b", "b/1", "b/2", "b/3", "b0", "c/1");
        assertThat(keys(list("k", "s", "b/", "", 100))).containsExactly("b/1", "b/2", "b/3");
        assertThat(keys(list("k", "s", "b/", "b/1", 1))).containsExactly("b/2");
        assertThat(keys(list("k", "s", "", "b0", 100))).containsExactly("c/1");
        assertThat(count("k", "s", "b/")).isEqualTo(3);
        assertThat(count("k", "s", "z")).isZero();
    }

    private Optional<byte[]> get(String kind, String scope, String key)
            throws IOException
    {
        return store.read(reader -> reader.get(kind, scope, key));
    }

    private int count(String kind, String scope, String prefix)
            throws IOException
    {
        return store.read(reader -> reader.count(kind, scope, prefix));
    }

    private List<Document> list(String kind, String scope, String prefix, String after, int limit)
            throws IOException
    {
        return store.read(reader -> reader.list(kind, scope, prefix, after, limit));
    }

    private static List<String> keys(List<Document> documents)
    {
        return documents.stream().map(Document::key).toList();
    }

    @Test
    public void uncommittedBatchChangesNothing()
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            batch.metadata().put("k", "s", "key", bytes("v"));
            batch.append(TestEvents.event("111111111111", "us-east-1", Instant.ofEpochSecond(1_800_000_000L), "CreateUser", "root"));
        }
        assertThat(get("k", "s", "key")).isEmpty();
        assertThat(store.journal().read(0, 10)).isEmpty();
        assertThat(store.journal().lastPosition()).isZero();
    }

    @Test
    public void savepointRollsBackOneCallOnly()
            throws IOException
    {
        EventRecord first = TestEvents.event("111111111111", "us-east-1", Instant.ofEpochSecond(1_800_000_000L), "CreateUser", "root");
        EventRecord failed = TestEvents.event("111111111111", "us-east-1", Instant.ofEpochSecond(1_800_000_001L), "CreateUser", "root");
        EventRecord failure = TestEvents.event("111111111111", "us-east-1", Instant.ofEpochSecond(1_800_000_001L), "CreateUser", "root");
        try (WriteBatch batch = store.beginBatch()) {
            batch.savepoint();
            batch.metadata().put("k", "s", "kept", bytes("1"));
            batch.append(first);
            batch.releaseSavepoint();

            batch.savepoint();
            batch.metadata().put("k", "s", "undone", bytes("2"));
            batch.append(failed);
            batch.rollbackToSavepoint();

            batch.savepoint();
            batch.append(failure);
            batch.releaseSavepoint();
            batch.commit();
        }
        assertThat(get("k", "s", "kept")).isPresent();
        assertThat(get("k", "s", "undone")).isEmpty();
        assertThat(store.journal().read(0, 10)).extracting(JournalEntry::event).containsExactly(first, failure);
    }

    @Test
    public void journalKeepsOrderAndPositionsAcrossReopenAndTrim()
            throws IOException
    {
        List<EventRecord> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(TestEvents.event("111111111111", i % 2 == 0 ? "us-east-1" : "us-west-2", Instant.ofEpochSecond(1_800_000_000L + i), "CreateUser", "u" + i));
        }
        List<Long> positions = new ArrayList<>();
        try (WriteBatch batch = store.beginBatch()) {
            for (EventRecord event : events.subList(0, 6)) {
                positions.add(batch.append(event));
            }
            batch.commit();
        }
        try (WriteBatch batch = store.beginBatch()) {
            for (EventRecord event : events.subList(6, 10)) {
                positions.add(batch.append(event));
            }
            batch.commit();
        }
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(store.journal().lastPosition()).isEqualTo(positions.get(9));
        assertThat(store.journal().read(0, 100)).extracting(JournalEntry::event).containsExactlyElementsOf(events);
        assertThat(store.journal().read(positions.get(3), 2)).extracting(JournalEntry::position).containsExactly(positions.get(4), positions.get(5));

        store = reopen(store);
        assertThat(store.journal().read(0, 100)).extracting(JournalEntry::event).containsExactlyElementsOf(events);

        assertThat(store.journal().trimBefore(positions.get(9) + 1)).isEqualTo(10);
        assertThat(store.journal().read(0, 100)).isEmpty();
        // positions are never reused, even after the journal was emptied and reopened
        store = reopen(store);
        try (WriteBatch batch = store.beginBatch()) {
            long next = batch.append(events.get(0));
            assertThat(next).isGreaterThan(positions.get(9));
            batch.commit();
        }
    }

    @Test
    public void checkpoints()
            throws IOException
    {
        assertThat(store.checkpoints().get("history")).isZero();
        store.checkpoints().put("history", 42);
        store.checkpoints().put("delivery", 7);
        store.checkpoints().put("history", 43);
        assertThat(store.checkpoints().get("history")).isEqualTo(43);
        store = reopen(store);
        assertThat(store.checkpoints().all()).containsEntry("history", 43L).containsEntry("delivery", 7L).hasSize(2);
    }

    @Test
    public void readersSeeOnlyCommittedDataWhileABatchIsOpen()
            throws Exception
    {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (WriteBatch batch = store.beginBatch()) {
            batch.metadata().put("k", "s", "pending", bytes("v"));
            Future<Boolean> visible = executor.submit(() -> get("k", "s", "pending").isPresent());
            assertThat(visible.get(10, TimeUnit.SECONDS)).isFalse();
            batch.commit();
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(get("k", "s", "pending")).isPresent();
    }

    @Test
    public void concurrentReadersDuringWrites()
            throws Exception
    {
        int writers = 1;
        int readers = 4;
        CountDownLatch done = new CountDownLatch(writers);
        ExecutorService executor = Executors.newFixedThreadPool(writers + readers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            futures.add(executor.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    try (WriteBatch batch = store.beginBatch()) {
                        batch.metadata().put("k", "s", "key-" + i, bytes(Integer.toString(i)));
                        batch.append(TestEvents.event("111111111111", "us-east-1", Instant.ofEpochSecond(1_800_000_000L + i), "CreateUser", "u"));
                        batch.commit();
                    }
                }
                done.countDown();
                return null;
            }));
            for (int r = 0; r < readers; r++) {
                futures.add(executor.submit(() -> {
                    while (done.getCount() > 0) {
                        int documents = count("k", "s", "key-");
                        long events = store.journal().read(0, 1_000).size();
                        // a reader never sees a document without the event committed with it
                        assertThat(events).isGreaterThanOrEqualTo(documents);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(count("k", "s", "key-")).isEqualTo(200);
    }

    @Test
    public void onlyOneBatchAtATime()
            throws IOException
    {
        try (WriteBatch ignored = store.beginBatch()) {
            assertThatThrownBy(() -> store.beginBatch()).isInstanceOf(IllegalStateException.class);
        }
        try (WriteBatch batch = store.beginBatch()) {
            batch.commit();
        }
    }
}
