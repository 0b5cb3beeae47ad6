package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.MetricFilter;
import dev.cairn.core.logs.MetricFilterRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Metric filters in filter name order (then log group name): a log group's, by {@code filterNamePrefix} (which, as
 * documented, counts only with {@code logGroupName}), or the caller's in the region; by {@code metricName} and
 * {@code metricNamespace}, which come together; paged by an opaque token naming the last filter of a page.
 */
public final class DescribeMetricFilters
        implements ReadOperation, LogsOperation
{
    private static final Comparator<MetricFilter> ORDER = Comparator.comparing(MetricFilter::filterName).thenComparing(MetricFilter::logGroupName);

    /** Where a page ends: its last filter's name and group. */
    private record Position(String filterName, String logGroupName)
    {
        boolean isBefore(MetricFilter filter)
        {
            int byName = filterName.compareTo(filter.filterName());
            return byName < 0 || (byName == 0 && logGroupName.compareTo(filter.logGroupName()) < 0);
        }
    }

    @Override
    public String name()
    {
        return "DescribeMetricFilters";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of(LogGroup.arn(call.accountId(), call.region(), Logs.optionalText(call, "logGroupName").orElse("*")));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Optional<String> metricName = Logs.optionalText(call, "metricName");
        Optional<String> metricNamespace = Logs.optionalText(call, "metricNamespace");
        if (metricName.isPresent() != metricNamespace.isPresent()) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "metricName and metricNamespace must be specified together.");
        }
        int limit = Logs.limit(call);
        Optional<Position> after = Logs.afterName(call).map(DescribeMetricFilters::position);
        MetricFilterRepository repository = new MetricFilterRepository(metadata);
        Optional<String> groupName = Logs.optionalText(call, "logGroupName");
        List<MetricFilter> filters;
        if (groupName.isPresent()) {
            LogGroup group = Logs.requireGroup(new LogGroupRepository(metadata), call, groupName.get());
            filters = repository.filters(group.accountId(), group.region(), group.name(), Logs.optionalText(call, "filterNamePrefix").orElse(""));
        }
        else {
            filters = repository.filters(call.accountId(), call.region());
        }
        List<MetricFilter> page = filters.stream()
                .filter(filter -> metricName.isEmpty() || (filter.metricTransformation().metricName().equals(metricName.get())
                        && filter.metricTransformation().metricNamespace().equals(metricNamespace.get())))
                .filter(filter -> after.isEmpty() || after.get().isBefore(filter))
                .sorted(ORDER)
                .limit(limit + 1L)
                .toList();
        ObjectNode output = Logs.NODES.objectNode();
        ArrayNode array = output.putArray("metricFilters");
        page.stream().limit(limit).forEach(filter -> array.add(MetricFilters.metricFilter(filter)));
        if (page.size() > limit) {
            MetricFilter last = page.get(limit - 1);
            // a filter's name has no ':'
            output.put("nextToken", Logs.nextToken(last.filterName() + ":" + last.logGroupName()));
        }
        return output;
    }

    /** The position a token names. */
    private static Position position(String token)
    {
        int colon = token.indexOf(':');
        if (colon < 0) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "The specified nextToken is invalid.");
        }
        return new Position(token.substring(0, colon), token.substring(colon + 1));
    }
}
