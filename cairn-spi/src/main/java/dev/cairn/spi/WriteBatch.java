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

    /** Log events, written in this transaction; they are not metadata (see {@link LogEventWriter}). */
    LogEventWriter logEvents();

    /** Messages to deliver, written in this transaction; they are not metadata (see {@link OutboxWriter}). */
    OutboxWriter outbox();

    /**
     * Appends an event to the journal. Its position is assigned at {@link #commit()}: positions follow commit order,
     * also across several nodes writing to one store, so that a reader tailing the journal by position never passes
     * over an event that commits later with a lower position.
     */
    void append(EventRecord event)
            throws IOException;

    void savepoint()
            throws IOException;

    void releaseSavepoint()
            throws IOException;

    /** Undoes everything since the last {@link #savepoint()}, including appends, and releases the savepoint. */
    void rollbackToSavepoint()
            throws IOException;

    /**
     * Makes the batch durable and returns the position of its last appended event (0 when it appended none). The
     * batch's events have consecutive positions, in the order they were appended (less those rolled back).
     *
     * @throws ConflictException when a concurrent batch (on another node) conflicted with this one; nothing of it was
     * committed, and running the batch again may succeed
     */
    long commit()
            throws IOException;

    @Override
    void close()
            throws IOException;
}
