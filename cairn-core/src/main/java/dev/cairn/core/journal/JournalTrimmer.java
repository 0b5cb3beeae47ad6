package dev.cairn.core.journal;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.CheckpointStore;
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
    private final CheckpointStore checkpoints;
    private final List<String> consumers;

    public JournalTrimmer(JournalReader journal, CheckpointStore checkpoints, List<String> consumers)
    {
        this.journal = requireNonNull(journal, "journal is null");
        this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
        this.consumers = List.copyOf(consumers);
    }

    /** Returns how many entries were deleted. */
    public int runOnce()
            throws IOException
    {
        long minimum = Long.MAX_VALUE;
        for (String consumer : consumers) {
            minimum = Math.min(minimum, checkpoints.get(consumer));
        }
        if (minimum == Long.MAX_VALUE || minimum == 0) {
            return 0;
        }
        return journal.trimBefore(minimum + 1);
    }
}
