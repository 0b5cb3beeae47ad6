package dev.cairn.spi;

import java.io.IOException;
import java.time.Instant;

/**
 * Puts messages in the {@link Outbox} inside a {@link WriteBatch}: they commit with the batch (a Publish call's
 * deliveries with its journal event), roll back with its savepoints, and are visible to senders only once it commits.
 * They are not metadata: they do not change {@link Store#metadataVersion()}.
 *
 * <p>Not thread-safe: used by the batch's writer thread.
 */
public interface OutboxWriter
{
    /**
     * Adds a message for {@code destination} (an opaque key the caller forms, such as {@code sns/<subscription ARN>}),
     * to be tried from {@code notBefore} on.
     */
    void enqueue(String destination, byte[] payload, Instant notBefore)
            throws IOException;
}
