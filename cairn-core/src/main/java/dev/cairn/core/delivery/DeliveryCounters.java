package dev.cairn.core.delivery;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node's delivery has done since start, for {@code /metrics}. Thread-safe.
 */
public final class DeliveryCounters
{
    final AtomicLong files = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong digests = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();

    /** Log files written. */
    public long files()
    {
        return files.get();
    }

    /** Records in the log files written. */
    public long records()
    {
        return records.get();
    }

    /** Digest files written. */
    public long digests()
    {
        return digests.get();
    }

    /** Failed writes of log files and digests (each is retried). */
    public long failedAttempts()
    {
        return failedAttempts.get();
    }
}
