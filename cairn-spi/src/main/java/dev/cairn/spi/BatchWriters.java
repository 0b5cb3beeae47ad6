package dev.cairn.spi;

/**
 * What a change running inside a {@link WriteBatch} may write: metadata, log events and messages to deliver, which commit with the batch
 * and roll back with its savepoints. The journal's own appends, savepoints and commit stay with the batch's owner.
 */
public interface BatchWriters
{
    MetadataWriter metadata();

    /** Log events, written in this transaction; they are not metadata (see {@link LogEventWriter}). */
    LogEventWriter logEvents();

    /** Messages to deliver, written in this transaction; they are not metadata (see {@link OutboxWriter}). */
    OutboxWriter outbox();
}
