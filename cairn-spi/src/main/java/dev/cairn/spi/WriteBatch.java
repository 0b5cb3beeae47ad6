package dev.cairn.spi;

import dev.cairn.model.EventRecord;

import java.io.Closeable;
import java.io.IOException;

/**
 * One write transaction holding the state changes and events of many calls (group commit).
 *
 * <p>Each call's work runs between {@link #savepoint()} and {@link #releaseSavepoint()}; a failed call rolls back to
 * its savepoint without disturbing the other calls in the batch. Nothing is visible to readers or durable before
 * {@link #commit()} returns. Closing an uncommitted batch rolls it back.
 *
 * <p>Not thread-safe: used by one writer thread.
 */
public interface WriteBatch
        extends Closeable
{
    MetadataWriter metadata();

    /** Appends an event to the journal and returns its position. */
    long append(EventRecord event)
            throws IOException;

    void savepoint()
            throws IOException;

    void releaseSavepoint()
            throws IOException;

    /** Undoes everything since the last {@link #savepoint()}, including appends, and releases the savepoint. */
    void rollbackToSavepoint()
            throws IOException;

    /** Makes the batch durable. */
    void commit()
            throws IOException;

    @Override
    void close()
            throws IOException;
}
