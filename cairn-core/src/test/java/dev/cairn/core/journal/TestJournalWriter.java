package dev.cairn.core.journal;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestJournalWriter
{
    @TempDir
    Path directory;

    /**
     * Calls beyond the bound are refused at once with ThrottlingException (nothing recorded); Cairn's own changes
     * are always admitted; once the writer catches up, calls are admitted again.
     */
    @Test
    public void aFullQueueThrottlesCallsAtOnce()
            throws Exception
    {
        try (SqliteStore store = SqliteStore.open(directory)) {
            JournalWriter journal = new JournalWriter(store, 16, 2, (lastPosition, metadataChanged) -> { });
            // not started yet: nothing is taken from the queue
            CompletableFuture<Void> first = journal.append(event("1"));
            CompletableFuture<Void> second = journal.append(event("2"));
            CompletableFuture<Void> third = journal.append(event("3"));
            assertThat(third).isCompletedExceptionally();
            assertThatThrownBy(third::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(CairnException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.THROTTLING);
                        assertThat(e.getMessage()).contains("retry");
                    });
            CompletableFuture<Object> refusedWrite = journal.submit(WriteTask.unrecorded(metadata -> null));
            assertThat(refusedWrite).isCompletedExceptionally();
            assertThat(journal.throttledCalls()).isEqualTo(2);
            // an internal change is admitted over the bound
            CompletableFuture<Boolean> internal = CompletableFuture.supplyAsync(() -> {
                try {
                    return journal.applyUnrecorded("test", metadata -> metadata.insert("test", "", "k", new byte[] {1}), Duration.ofSeconds(30));
                }
                catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            journal.start();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(internal.get(10, TimeUnit.SECONDS)).isTrue();
            journal.append(event("4")).get(10, TimeUnit.SECONDS);
            assertThat(store.journal().read(0, 10)).extracting(entry -> entry.event().eventId()).containsExactly("1", "2", "4");
            journal.close();
        }
    }

    /**
     * A task's extra entries (PutAuditEvents' events) follow its record in the same batch; a failed task appends its
     * failure's record alone.
     */
    @Test
    public void aTasksEntriesFollowItsRecordAndFailWithIt()
            throws Exception
    {
        try (SqliteStore store = SqliteStore.open(directory)) {
            JournalWriter journal = new JournalWriter(store, 16, 16, (lastPosition, metadataChanged) -> { });
            journal.start();
            journal.submit(withEntries(false)).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> journal.submit(withEntries(true)).get(10, TimeUnit.SECONDS)).cause().isInstanceOf(CairnException.class);
            assertThat(store.journal().read(0, 10)).extracting(entry -> entry.event().eventId()).containsExactly("call", "entry-1", "entry-2", "failed call");
            journal.close();
        }
    }

    private static WriteTask<String> withEntries(boolean fail)
    {
        return new WriteTask<>()
        {
            @Override
            public String apply(dev.cairn.spi.BatchWriters batch)
            {
                if (fail) {
                    throw new CairnException(ErrorCode.VALIDATION, "refused");
                }
                return "done";
            }

            @Override
            public boolean changesMetadata()
            {
                return false;
            }

            @Override
            public Optional<EventRecord> recordSuccess(String result)
            {
                return Optional.of(event("call"));
            }

            @Override
            public List<EventRecord> entries(String result)
            {
                return List.of(event("entry-1"), event("entry-2"));
            }

            @Override
            public Optional<EventRecord> recordFailure(CairnException error)
            {
                return Optional.of(event("failed call"));
            }
        };
    }

    private static EventRecord event(String id)
    {
        return new EventRecord("us-east-1", "111122223333", Instant.EPOCH, id, "DescribeTrails", "cloudtrail.amazonaws.com", true, Optional.of("root"), Optional.empty(),
                EventCategory.MANAGEMENT, List.of(), ("{\"eventID\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
