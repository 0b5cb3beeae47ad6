package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.journal.JournalWriter;
import dev.cairn.spi.Store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The background step that ends deleted event data stores: seven days ({@link EventDataStore#DELETION_WAIT}) after
 * DeleteEventDataStore, unless RestoreEventDataStore brought it back, a store is removed for good. The Lake's loop
 * calls {@link #runOnce(Removal)} with what deletes the store's files first; removing the metadata last means a crash
 * in between only repeats the file deletion (which must be idempotent). Thread-safe; one node at a time should run it
 * (hold a lease), though running it twice removes nothing twice.
 */
public final class EventDataStoreDeletions
{
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    /** What goes before a store's metadata is removed: deleting its files. */
    @FunctionalInterface
    public interface Removal
    {
        void remove(EventDataStore store)
                throws IOException;
    }

    private final Store store;
    private final JournalWriter journal;
    private final Clock clock;

    public EventDataStoreDeletions(Store store, JournalWriter journal, Clock clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The stores pending deletion whose seven days are over, oldest deletion first. */
    public List<EventDataStore> due()
            throws IOException
    {
        Instant now = clock.instant();
        return store.read(reader -> new LakeRepository(reader).allEventDataStores()).stream()
                .filter(eventDataStore -> eventDataStore.deletionDue().map(due -> !due.isAfter(now)).orElse(false))
                .sorted(java.util.Comparator.comparing(eventDataStore -> eventDataStore.deleted().orElseThrow()))
                .toList();
    }

    /**
     * Removes a due store's metadata, unless it changed since it was read (restored, or restored and deleted again):
     * returns whether it was removed.
     */
    public boolean remove(EventDataStore due)
            throws IOException
    {
        Instant now = clock.instant();
        return journal.applyUnrecorded("remove event data store " + due.arn(), metadata -> {
            LakeRepository lake = new LakeRepository(metadata);
            Optional<EventDataStore> current = lake.eventDataStore(due.accountId(), due.id());
            if (current.isEmpty() || !current.get().deleted().equals(due.deleted()) || current.get().deletionDue().orElseThrow().isAfter(now)) {
                return false;
            }
            lake.remove(current.get());
            return true;
        }, COMMIT_TIMEOUT);
    }

    /** One pass: each due store's files (by {@code removal}), then its metadata. Returns whether work is left (never). */
    public boolean runOnce(Removal removal)
            throws IOException
    {
        for (EventDataStore due : due()) {
            removal.remove(due);
            remove(due);
        }
        return false;
    }

    /** One pass removing metadata alone (while the Lake keeps no files). */
    public boolean runOnce()
            throws IOException
    {
        return runOnce(ignored -> { });
    }
}
