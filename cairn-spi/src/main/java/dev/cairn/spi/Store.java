package dev.cairn.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * Everything Cairn keeps: metadata documents, the journal of events, consumer checkpoints, the event history,
 * CloudWatch Logs log events and the outbox of messages to deliver.
 *
 * <p>Writes happen only through a {@link WriteBatch}, which holds state changes and the events that record them in
 * one transaction. Exactly one batch is open at a time per {@code Store} instance: the caller (the journal writer)
 * serializes them. Several instances (nodes) may share one database where the implementation allows it; their
 * batches then run concurrently and commit as if one after the other. Within a batch, reading an existing document and
 * then writing it is safe against a concurrent batch changing the same document; a document that another node may
 * create at the same time is created with {@link MetadataWriter#insert}, which says whether this batch won. Reads may
 * run concurrently with each other and with the open batch and see only committed data.
 */
public interface Store
        extends Closeable
{
    /** Runs {@code work} against a consistent snapshot of committed metadata. */
    <T> T read(ReadWork<T> work)
            throws IOException;

    /**
     * A number that changes whenever a committed batch changed metadata documents, on this node or on another one
     * sharing the store; caches of metadata compare it to know whether they are current. Cheap: called on every
     * request.
     */
    long metadataVersion()
            throws IOException;

    /** Opens the next write transaction. Callers must not open a second batch before closing the first. */
    WriteBatch beginBatch()
            throws IOException;

    JournalReader journal();

    CheckpointStore checkpoints();

    EventHistory history();

    LogEvents logEvents();

    /** Messages waiting to be delivered (SNS deliveries, later EventBridge targets). */
    Outbox outbox();

    @FunctionalInterface
    interface ReadWork<T>
    {
        T run(MetadataReader reader)
                throws IOException;
    }
}
