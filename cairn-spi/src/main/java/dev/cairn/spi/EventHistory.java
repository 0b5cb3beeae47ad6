package dev.cairn.spi;

import dev.cairn.model.JournalEntry;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The searchable event history behind {@code LookupEvents}. Thread-safe; {@link #index} is called by one consumer.
 */
public interface EventHistory
{
    /**
     * Adds entries; indexing an entry that is already present (same position) changes nothing. Each is filed under
     * its {@link HistoryKeys#lookupCategory}: data events with management events. Entries of a category not
     * {@link HistoryKeys#inHistory} (events from outside AWS) are skipped.
     */
    void index(List<JournalEntry> entries)
            throws IOException;

    /**
     * Events of the query's account, region and category that match every filter and lie in the time range,
     * newest first: by event time descending, then position descending; starting after the query's cursor.
     */
    HistoryPage lookup(HistoryQuery query)
            throws IOException;

    /**
     * How many events match the query (its limit and cursor are ignored), in buckets of {@code bucketSeconds} of
     * event time: element {@code i} counts events from {@code startTime + i * bucketSeconds} (whole seconds); the
     * array covers the range up to {@code endTime}. Counts may come from the index alone.
     */
    long[] histogram(HistoryQuery query, long bucketSeconds)
            throws IOException;

    /** Removes events older than {@code cutoff}. */
    void purgeBefore(Instant cutoff)
            throws IOException;
}
