package dev.cairn.core.journal;

/**
 * The journal writer's settings ({@code journal.*}).
 *
 * @param batchSize the most calls one journal transaction commits together
 * @param maximumQueuedCalls the most calls that may wait to be recorded; more are refused at once with
 *         {@code ThrottlingException}
 */
public record JournalConfig(int batchSize, int maximumQueuedCalls)
{
    public static final int DEFAULT_BATCH_SIZE = 1_024;
    /** Below the HTTP server's threads, so that a stalled store leaves threads for health checks and the console. */
    public static final int DEFAULT_MAXIMUM_QUEUED_CALLS = 200;

    public JournalConfig
    {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("journal.batch-size must be positive: " + batchSize);
        }
        if (maximumQueuedCalls <= 0) {
            throw new IllegalArgumentException("journal.max-queued-calls must be positive: " + maximumQueuedCalls);
        }
    }

    public static JournalConfig defaults()
    {
        return new JournalConfig(DEFAULT_BATCH_SIZE, DEFAULT_MAXIMUM_QUEUED_CALLS);
    }
}
