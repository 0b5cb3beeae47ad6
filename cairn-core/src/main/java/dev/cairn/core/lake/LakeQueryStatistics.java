package dev.cairn.core.lake;

/**
 * What a query read, for DescribeQuery's {@code QueryStatisticsForDescribeQuery} (and {@code BytesScanned} of
 * GetQueryResults' {@code QueryStatistics}), counted by DuckDB's profiler:
 *
 * @param eventsMatched the rows that came out of the scans of event data stores after the query's row filters
 *         (those DuckDB pushed into the scan and those applied right above it): the events the rest of the query
 *         (joins, aggregates, the select list) worked on
 * @param eventsScanned the rows of the Parquet row groups the scans read: files and row groups whose statistics rule
 *         out the query's filters (an {@code eventTime} range outside a file's, say) are skipped and not counted.
 *         Estimated (DuckDB's profile counts row groups, not their rows): each scan's store's rows times the share of
 *         its row groups the scan read, never fewer than {@code eventsMatched}
 * @param bytesScanned the bytes read from the files: only the columns the query uses, of the row groups it reads
 * @param executionTimeMillis from the start of {@link LakeEngine#execute} to the last row delivered
 */
public record LakeQueryStatistics(long eventsMatched, long eventsScanned, long bytesScanned, long executionTimeMillis)
{
}
