package dev.cairn.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The step that removes event data stores seven days after DeleteEventDataStore, stepped with a clock over a real
 * store and journal writer.
 */
public class TestEventDataStoreDeletions
{
    private static final String ACCOUNT = "123456789012";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant DELETED = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    public void removesStoresWhoseSevenDaysAreOverFilesFirst()
            throws Exception
    {
        MutableClock clock = new MutableClock(DELETED);
        try (SqliteStore store = SqliteStore.open(directory)) {
            JournalWriter journal = new JournalWriter(store, 16, 16, (lastPosition, metadataChanged) -> { });
            journal.start();
            try {
                EventDataStore deleted = store("deleted", Optional.of(DELETED));
                EventDataStore deletedLater = store("deleted-later", Optional.of(DELETED.plus(Duration.ofDays(1))));
                EventDataStore active = store("active", Optional.empty());
                journal.applyUnrecorded("set up", metadata -> {
                    new IdentityRepository(metadata).createAccount(new Account(ACCOUNT, DELETED));
                    LakeRepository lake = new LakeRepository(metadata);
                    lake.put(deleted);
                    lake.put(deletedLater);
                    lake.put(active);
                    return null;
                }, TIMEOUT);
                EventDataStoreDeletions deletions = new EventDataStoreDeletions(store, journal, clock);
                List<String> filesRemoved = new ArrayList<>();

                clock.set(DELETED.plus(EventDataStore.DELETION_WAIT).minusSeconds(1));
                assertThat(deletions.due()).isEmpty();
                assertThat(deletions.runOnce(removed -> filesRemoved.add(removed.name()))).isFalse();
                assertThat(filesRemoved).isEmpty();

                clock.set(DELETED.plus(EventDataStore.DELETION_WAIT));
                assertThat(deletions.due()).extracting(EventDataStore::name).containsExactly("deleted");
                deletions.runOnce(removed -> filesRemoved.add(removed.name()));
                assertThat(filesRemoved).containsExactly("deleted");
                assertThat(names(store)).containsExactlyInAnyOrder("deleted-later", "active");

                clock.set(DELETED.plus(Duration.ofDays(30)));
                deletions.runOnce(removed -> filesRemoved.add(removed.name()));
                assertThat(filesRemoved).containsExactly("deleted", "deleted-later");
                assertThat(names(store)).containsExactly("active");
            }
            finally {
                journal.close();
            }
        }
    }

    @Test
    public void aStoreRestoredSinceItWasReadIsKept()
            throws Exception
    {
        MutableClock clock = new MutableClock(DELETED.plus(Duration.ofDays(8)));
        try (SqliteStore store = SqliteStore.open(directory)) {
            JournalWriter journal = new JournalWriter(store, 16, 16, (lastPosition, metadataChanged) -> { });
            journal.start();
            try {
                EventDataStore deleted = store("deleted", Optional.of(DELETED));
                journal.applyUnrecorded("set up", metadata -> {
                    new IdentityRepository(metadata).createAccount(new Account(ACCOUNT, DELETED));
                    new LakeRepository(metadata).put(deleted);
                    return null;
                }, TIMEOUT);
                EventDataStoreDeletions deletions = new EventDataStoreDeletions(store, journal, clock);
                EventDataStore due = deletions.due().get(0);
                // restored (and deleted again) between reading and removing: another deletion, another seven days
                journal.applyUnrecorded("delete again", metadata -> {
                    EventDataStore.Builder again = deleted.toBuilder();
                    again.deleted = Optional.of(clock.instant());
                    new LakeRepository(metadata).put(again.build());
                    return null;
                }, TIMEOUT);
                assertThat(deletions.remove(due)).isFalse();
                assertThat(names(store)).containsExactly("deleted");
            }
            finally {
                journal.close();
            }
        }
    }

    private static List<String> names(SqliteStore store)
            throws Exception
    {
        return store.read(reader -> new LakeRepository(reader).eventDataStores(ACCOUNT)).stream().map(EventDataStore::name).toList();
    }

    private static EventDataStore store(String name, Optional<Instant> deleted)
    {
        EventDataStore.Builder builder = TestLakeSelectors.store(LakeSelectors.defaultSelectors()).toBuilder();
        builder.id = name + "-0000-4000-8000-000000000000";
        builder.name = name;
        builder.deleted = deleted;
        builder.terminationProtection = false;
        return builder.build();
    }

    private static final class MutableClock
            extends Clock
    {
        private volatile Instant now;

        MutableClock(Instant now)
        {
            this.now = now;
        }

        void set(Instant instant)
        {
            now = instant;
        }

        @Override
        public ZoneId getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone)
        {
            return this;
        }

        @Override
        public Instant instant()
        {
            return now;
        }
    }
}
