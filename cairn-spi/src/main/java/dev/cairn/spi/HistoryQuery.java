package dev.cairn.spi;

import static java.util.Objects.requireNonNull;

import dev.cairn.model.EventCategory;
import dev.cairn.model.LookupAttribute;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A history search.
 *
 * @param category {@code MANAGEMENT} (which finds the data events event history was configured to keep, too) or
 *         {@code INSIGHT}; see {@link HistoryKeys#lookupCategory}
 * @param startTime inclusive lower bound of event time
 * @param endTime inclusive upper bound of event time
 * @param limit the page size
 * @param after resume after this (time, position), exclusive
 */
public record HistoryQuery(
        String accountId,
        String region,
        EventCategory category,
        List<Filter> filters,
        Instant startTime,
        Instant endTime,
        int limit,
        Optional<Cursor> after)
{
    public HistoryQuery
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(category, "category is null");
        if (category == EventCategory.DATA) {
            throw new IllegalArgumentException("data events are looked up with management events");
        }
        filters = List.copyOf(filters);
        requireNonNull(startTime, "startTime is null");
        requireNonNull(endTime, "endTime is null");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        requireNonNull(after, "after is null");
    }

    public record Filter(LookupAttribute attribute, String value)
    {
        public Filter
        {
            requireNonNull(attribute, "attribute is null");
            requireNonNull(value, "value is null");
        }
    }

    public record Cursor(Instant eventTime, long position)
    {
        public Cursor
        {
            requireNonNull(eventTime, "eventTime is null");
        }
    }
}
