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
}
