package dev.cairn.spi;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Messages waiting to be delivered (SNS deliveries to HTTP/HTTPS endpoints; later EventBridge targets), durable from
 * the commit of the batch that enqueued them ({@link OutboxWriter}) until a sender deletes them. Senders work outside
 * batches: they find what is {@link #due}, {@link #claim} a message for a while so that no other node sends it at
 * the same time, try it, then {@link #delete} it or {@link #reschedule} it. A sender that dies holding a claim loses
 * it when the lease runs out, and the message is tried again (delivery is at least once).
 *
 * <p>Each method is its own short transaction, off the journal writer's path. Thread-safe; several nodes may share
 * one outbox.
 */
public interface Outbox
{
    /** Destinations with messages due at {@code now} and not claimed, at most {@code limit}, in no particular order. */
    List<String> destinations(Instant now, int limit)
            throws IOException;

    /**
     * The destination's messages due at {@code now} ({@code notBefore} reached) and not claimed (no lease, or one that
     * ran out by {@code now}), the longest due first, at most {@code limit}.
     */
    List<OutboxMessage> due(String destination, Instant now, int limit)
            throws IOException;

    /**
     * Claims the message until {@code leaseUntil} if it is still due and unclaimed at {@code now}; false if it is not
     * (another sender has it, it was rescheduled or deleted). Atomic across nodes.
     */
    boolean claim(long id, Instant now, Instant leaseUntil)
            throws IOException;

    /** Records a failed attempt: the message is tried again from {@code nextAttempt} on, and its claim is released. */
    void reschedule(long id, int attempts, Instant nextAttempt, String lastError)
            throws IOException;

    /** Deletes the message (delivered, or given up); false if it was gone. */
    boolean delete(long id)
            throws IOException;

    /** What waits, by destination; destinations with nothing waiting are left out. */
    Map<String, OutboxStatistics> statistics()
            throws IOException;
}
