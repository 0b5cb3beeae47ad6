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
    private final List<LowWatermark> others;

    /** A consumer that keeps its own positions: every entry at or below the returned position is done with. */
    @FunctionalInterface
    public interface LowWatermark
    {
        long position()
                throws IOException;
    }

    public JournalTrimmer(JournalReader journal, CheckpointStore checkpoints, List<String> consumers, List<LowWatermark> others)
    {
        this.journal = requireNonNull(journal, "journal is null");
        this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
        this.consumers = List.copyOf(consumers);
        this.others = List.copyOf(others);
    }

    /** Returns how many entries were deleted. */
    public int runOnce()
            throws IOException
    {
        long minimum = Long.MAX_VALUE;
        for (String consumer : consumers) {
            minimum = Math.min(minimum, checkpoints.get(consumer));
        }
        for (LowWatermark other : others) {
            minimum = Math.min(minimum, other.position());
        }
        if (minimum == Long.MAX_VALUE || minimum == 0) {
            return 0;
        }
        return journal.trimBefore(minimum + 1);
    }
}
