package dev.cairn.spi;

import dev.cairn.model.JournalEntry;

import java.util.List;

/**
 * A page of history results.
 *
 * @param events at most the query's limit, newest first
 * @param more whether further matching events exist after the last one
 */
public record HistoryPage(List<JournalEntry> events, boolean more)
{
    public HistoryPage
    {
        events = List.copyOf(events);
    }

    /** The page of what a lookup found, reading up to one event more than {@code limit} to learn whether there is more. */
    public static HistoryPage ofFound(List<JournalEntry> found, int limit)
    {
        boolean more = found.size() > limit;
        return new HistoryPage(more ? found.subList(0, limit) : found, more);
    }
}
