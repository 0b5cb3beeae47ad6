package dev.cairn.model;

import static java.util.Objects.requireNonNull;

/**
 * An event at its position in the journal. Positions increase in commit order and are never reused.
 */
public record JournalEntry(long position, EventRecord event)
{
    public JournalEntry
    {
        if (position <= 0) {
            throw new IllegalArgumentException("position must be positive: " + position);
        }
        requireNonNull(event, "event is null");
    }
}
