package dev.cairn.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * Everything Cairn keeps: metadata documents, the journal of events, consumer checkpoints and the event history.
 *
 * <p>Writes happen only through a {@link WriteBatch}, which holds state changes and the events that record them in
 * one transaction. Exactly one batch is open at a time: the caller (the journal writer) serializes them. Reads may
 * run concurrently with each other and with the open batch and see only committed data.
 */
public interface Store
        extends Closeable
{
    /** Runs {@code work} against a consistent snapshot of committed metadata. */
    <T> T read(ReadWork<T> work)
            throws IOException;

    /** Opens the next write transaction. Callers must not open a second batch before closing the first. */
    WriteBatch beginBatch()
            throws IOException;

    JournalReader journal();

    CheckpointStore checkpoints();

    EventHistory history();

    @FunctionalInterface
    interface ReadWork<T>
    {
        T run(MetadataReader reader)
                throws IOException;
    }
}
