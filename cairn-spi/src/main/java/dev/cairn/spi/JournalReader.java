package dev.cairn.spi;

import dev.cairn.model.JournalEntry;

import java.io.IOException;
import java.util.List;

/**
 * Reads the journal in position order. Thread-safe.
 */
public interface JournalReader
{
    /** Entries with a position greater than {@code afterPosition}, ascending, at most {@code limit}. */
    List<JournalEntry> read(long afterPosition, int limit)
            throws IOException;

    /** The highest committed position; 0 when nothing was ever appended. */
    long lastPosition()
            throws IOException;

    /** Deletes entries below {@code position}; returns how many were deleted. Positions are never reused. */
    int trimBefore(long position)
            throws IOException;
}
