package dev.cairn.core.logs;

import static java.util.Objects.requireNonNull;

/**
 * A metric filter of a log group: a filter pattern, and how the log events it matches become a metric's values.
 *
 * @param filterPattern as given; it parsed when the filter was put
 */
public record MetricFilter(String logGroupName, String filterName, String filterPattern, MetricTransformation metricTransformation, long creationTime)
{
    public MetricFilter
    {
        requireNonNull(logGroupName, "logGroupName is null");
        requireNonNull(filterName, "filterName is null");
        requireNonNull(filterPattern, "filterPattern is null");
        requireNonNull(metricTransformation, "metricTransformation is null");
    }
}
