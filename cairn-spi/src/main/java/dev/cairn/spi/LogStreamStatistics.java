package dev.cairn.spi;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * What DescribeLogStreams reports of a stream's events.
 *
 * @param firstEventTimestamp the earliest timestamp of the stream's stored events; empty when it has none
 * @param lastEventTimestamp the latest timestamp of the stream's stored events; empty when it has none
 * @param lastIngestionTime the latest ingestion time of any event ever appended to the stream (expired ones
 *         included); empty when none was appended since the stream was last deleted
 * @param storedBytes the sum of the UTF-8 lengths of the stream's stored messages
 */
public record LogStreamStatistics(OptionalLong firstEventTimestamp, OptionalLong lastEventTimestamp, OptionalLong lastIngestionTime, long storedBytes)
{
    /** A stream nothing was appended to. */
    public static final LogStreamStatistics EMPTY = new LogStreamStatistics(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), 0);

    public LogStreamStatistics
    {
        requireNonNull(firstEventTimestamp, "firstEventTimestamp is null");
        requireNonNull(lastEventTimestamp, "lastEventTimestamp is null");
        requireNonNull(lastIngestionTime, "lastIngestionTime is null");
    }
}
