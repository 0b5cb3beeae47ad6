package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.logs.LogGroup;
import dev.cairn.core.logs.LogGroupRepository;
import dev.cairn.core.logs.MetricFilter;
import dev.cairn.core.logs.MetricFilterRepository;
import dev.cairn.core.logs.MetricTransformation;
import dev.cairn.core.logs.filter.FilterPattern;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Creates or replaces a log group's metric filter. The pattern must parse; the metric value must be a number or a
 * selector the pattern supports ({@code $.path} for a JSON pattern, {@code $name} of a named field for a
 * space-delimited one), and so must each of at most three dimensions; a default value and dimensions together are
 * refused, as AWS refuses them. At most 100 filters a group ({@code LimitExceededException}). A replaced filter keeps
 * its creation time. Transformed logs, field selection criteria and system field dimensions are refused: Cairn has no
 * log transformers.
 */
public final class PutMetricFilter
        implements WriteOperation, LogsOperation
{
    @Override
    public String name()
    {
        return "PutMetricFilter";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        if (call.input().path("applyOnTransformedLogs").asBoolean(false)) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Cairn does not support applyOnTransformedLogs: it has no log transformers.");
        }
        if (!call.input().path("fieldSelectionCriteria").asText("").isEmpty() || !call.input().path("emitSystemFieldDimensions").isEmpty()) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Cairn does not support fieldSelectionCriteria or emitSystemFieldDimensions yet.");
        }
        String filterPattern = Logs.text(call, "filterPattern");
        FilterPattern pattern = MetricFilters.parse(filterPattern);
        MetricTransformation transformation = transformation(call.input().path("metricTransformations").path(0), pattern);

        LogGroupRepository groups = new LogGroupRepository(metadata);
        LogGroup group = Logs.requireGroup(groups, call, Logs.text(call, "logGroupName"));
        MetricFilterRepository filters = new MetricFilterRepository(metadata);
        String filterName = Logs.text(call, "filterName");
        Optional<MetricFilter> existing = filters.filter(group.accountId(), group.region(), group.name(), filterName);
        if (existing.isEmpty() && filters.count(group.accountId(), group.region(), group.name()) >= MetricFilters.MAXIMUM_FILTERS_PER_GROUP) {
            throw new CairnException(ErrorCode.LOGS_LIMIT_EXCEEDED, "Resource limit exceeded: log group " + group.name() + " has "
                    + MetricFilters.MAXIMUM_FILTERS_PER_GROUP + " metric filters, the most it may have.");
        }
        long creationTime = existing.map(MetricFilter::creationTime).orElse(call.receivedAt().toEpochMilli());
        filters.put(group.accountId(), group.region(), new MetricFilter(group.name(), filterName, filterPattern, transformation, creationTime));
        return Logs.NODES.objectNode();
    }

    private static MetricTransformation transformation(JsonNode node, FilterPattern pattern)
    {
        String metricValue = node.path("metricValue").asText();
        if (MetricTransformation.fixedValue(metricValue).isEmpty() && !pattern.supportsValueSelector(metricValue)) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Invalid metric value '" + metricValue + "': a number, or a selector of the filter "
                    + "pattern's ($.path for a JSON pattern, $name of a named field for a space-delimited one).");
        }
        Map<String, String> dimensions = new TreeMap<>();
        node.path("dimensions").properties().forEach(dimension -> dimensions.put(dimension.getKey(), dimension.getValue().asText()));
        if (dimensions.size() > MetricFilters.MAXIMUM_DIMENSIONS) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "A metric filter can have at most " + MetricFilters.MAXIMUM_DIMENSIONS + " dimensions.");
        }
        for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
            if (!pattern.supportsValueSelector(dimension.getValue())) {
                throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "Invalid value '" + dimension.getValue() + "' of dimension " + dimension.getKey()
                        + ": a selector of the filter pattern's ($.path for a JSON pattern, $name of a named field for a space-delimited one).");
            }
        }
        Optional<Double> defaultValue = node.hasNonNull("defaultValue") ? Optional.of(node.get("defaultValue").asDouble()) : Optional.empty();
        if (defaultValue.isPresent() && !dimensions.isEmpty()) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "A metric transformation cannot have both a defaultValue and dimensions.");
        }
        return new MetricTransformation(
                node.path("metricName").asText(),
                node.path("metricNamespace").asText(),
                metricValue,
                defaultValue,
                dimensions,
                node.hasNonNull("unit") ? Optional.of(node.get("unit").asText()) : Optional.empty());
    }
}
