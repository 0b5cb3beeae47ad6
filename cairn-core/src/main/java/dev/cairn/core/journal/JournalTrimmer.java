package dev.cairn.core.journal;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.JournalReader;

import java.io.IOException;
import java.util.List;

/**
 * Deletes journal entries every consumer has processed. The journal is a short-lived log; event history keeps the
 * searchable copy.
 */
public final class JournalTrimmer
{
    private final JournalReader journal;
    private final List<JournalConsumer> consumers;

    /**
     * @param consumers every consumer of the journal, read in this order: a consumer that finds new work in metadata
     *         (delivery: a new trail) comes after those whose checkpoints alone say what they need (history), so that
     *         what it starts after their read committed after their checkpoints too
     */
    public JournalTrimmer(JournalReader journal, List<JournalConsumer> consumers)
    {
        this.journal = requireNonNull(journal, "journal is null");
        this.consumers = List.copyOf(consumers);
    }

    /** Returns how many entries were deleted. */
    public int runOnce()
            throws IOException
    {
        long minimum = Long.MAX_VALUE;
        for (JournalConsumer consumer : consumers) {
            minimum = Math.min(minimum, consumer.checkpoint());
        }
        if (minimum == Long.MAX_VALUE || minimum == 0) {
            return 0;
        }
        return journal.trimBefore(minimum + 1);
    }
}
