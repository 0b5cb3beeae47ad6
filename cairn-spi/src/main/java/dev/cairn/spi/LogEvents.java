package dev.cairn.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads CloudWatch Logs log events (written through {@link WriteBatch#logEvents()}) and expires them. Thread-safe;
 * reads see only committed events.
 *
 * <p>Events are ordered by {@code (timestamp, sequence)}: by when they happened, then by when they were appended.
 * Pages are resumed from the {@link LogEventCursor} of the last event read. This order is not a tail of what commits:
 * a reader paging through it never sees an event that commits later on the side of its cursor it has passed (before
 * the cursor, reading forward). Timestamps are the caller's (PutLogEvents accepts events up to 14 days old), so an
 * event can commit with a timestamp a forward reader has passed; a new read sees it. Where several nodes write one
 * store, sequences need not follow commit order either: an event may commit after another with a higher sequence, so
 * the same holds for an event with the cursor's timestamp and a lower sequence.
 *
 * <p>Times are milliseconds since the epoch. A {@code group} and a {@code stream} are as in {@link LogEventWriter}.
 */
public interface LogEvents
{
    /**
     * One stream's events with {@code fromInclusive <= timestamp < toExclusive}, in {@code (timestamp, sequence)}
     * order, ascending or descending, at most {@code limit}: what GetLogEvents pages through, from the head or the
     * tail. With a cursor, the events after it in that order (when descending: before it).
     */
    List<StoredLogEvent> read(String group, String stream, long fromInclusive, long toExclusive, boolean ascending, Optional<LogEventCursor> after, int limit)
            throws IOException;

    /**
     * The group's events of the given streams (of every stream when {@code streams} is empty) with
     * {@code fromInclusive <= timestamp < toExclusive}, the streams interleaved in ascending
     * {@code (timestamp, sequence)} order, after the cursor when there is one, at most {@code limit}: the candidates
     * FilterLogEvents matches its pattern against.
     *
     * <p>Cost: with up to 100 streams, about {@code limit} index entries read (each stream's index, merged); with more
     * streams or none, the group's index is read from the cursor until {@code limit} events of those streams are found.
     */
    List<StoredLogEvent> scan(String group, Set<String> streams, long fromInclusive, long toExclusive, Optional<LogEventCursor> after, int limit)
            throws IOException;

    /**
     * The statistics of each of the given streams of the group, as of one moment; a stream the store has no events
     * or statistics of gets {@link LogStreamStatistics#EMPTY}. Cost per stream: two index probes (the first and last
     * timestamps) and one row read (stored bytes and last ingestion time, counted as events are appended and deleted),
     * whatever the stream's length.
     */
    Map<String, LogStreamStatistics> streamStatistics(String group, Set<String> streams)
            throws IOException;

    /**
     * The sum of the UTF-8 lengths of the group's stored messages: DescribeLogGroups' {@code storedBytes}. Cost: one
     * row read per stream the group has statistics for.
     */
    long storedBytes(String group)
            throws IOException;

    /**
     * Deletes the group's events with {@code timestamp < beforeTimestamp}, oldest first in {@code (timestamp,
     * sequence)} order, at most {@code limit} of them, and returns how many it deleted (fewer than {@code limit} when it
     * found no more). For retention: it runs outside any batch, in slices of a few thousand events, each its own short
     * transaction, so that the journal writer is never held up long; it may run while batches write. Deleted events
     * stay deleted if a later slice fails; running it again deletes only what is left.
     */
    int expire(String group, long beforeTimestamp, int limit)
            throws IOException;
}
