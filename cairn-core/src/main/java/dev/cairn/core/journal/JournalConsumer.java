package dev.cairn.core.journal;

import java.io.IOException;

/**
 * A reader of the journal with its own durable checkpoint: event history's indexer, trail delivery, and every
 * destination to come (log groups, event rules, event data stores). Each has this shape:
 * <ul>
 * <li>it reads the entries after its checkpoint, in position order, a bounded batch at a time;</li>
 * <li>it makes its output idempotently (deterministic keys, upserts), so that redoing work after a crash changes
 * nothing;</li>
 * <li>it then moves its checkpoint durably past what it handled; nothing after the checkpoint is ever lost;</li>
 * <li>one node at a time does a consumer's work (a lease per consumer, or per unit of it);</li>
 * <li>{@link #runOnce} is one step, called by a background loop, or by tests to step it.</li>
 * </ul>
 * The journal is trimmed below the lowest {@link #checkpoint} of all consumers; {@code /metrics} reports each one's
 * checkpoint and lag. Consumers never call each other.
 */
public interface JournalConsumer
{
    /** Names the consumer in metrics and logs, e.g. {@code history}, {@code trail-delivery}. */
    String name();

    /** One step of work; returns whether more is waiting (then the loop runs it again at once). */
    boolean runOnce()
            throws IOException;

    /**
     * The durable checkpoint: every journal entry at or below it is done with, here and on every node (it is read
     * from the store). {@link Long#MAX_VALUE} when the consumer needs nothing of the journal.
     */
    long checkpoint()
            throws IOException;

    /** How many entries this node has yet to process, as far as it knows now (for metrics). */
    default long lag(long lastPosition)
            throws IOException
    {
        long checkpoint = checkpoint();
        return checkpoint == Long.MAX_VALUE ? 0 : Math.max(0, lastPosition - checkpoint);
    }
}
