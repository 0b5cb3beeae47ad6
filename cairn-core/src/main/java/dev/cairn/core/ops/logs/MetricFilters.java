package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.logs.MetricFilter;
import dev.cairn.core.logs.MetricTransformation;
import dev.cairn.core.logs.filter.FilterPattern;
import dev.cairn.core.logs.filter.InvalidFilterPatternException;

/**
 * What the metric filter operations share: filter patterns refused as CloudWatch Logs refuses them, and a filter as
 * the model's {@code MetricFilter}.
 */
final class MetricFilters
{
    /** The most metric filters a log group may have, as PutMetricFilter's documentation says. */
    static final int MAXIMUM_FILTERS_PER_GROUP = 100;
    /** The most dimensions a metric transformation may have, as the model's {@code dimensions} says. */
    static final int MAXIMUM_DIMENSIONS = 3;

    private MetricFilters()
    {
    }

    /** The parsed pattern; one CloudWatch Logs would refuse is {@code InvalidParameterException} with the reason. */
    static FilterPattern parse(String pattern)
    {
        try {
            return FilterPattern.parse(pattern);
        }
        catch (InvalidFilterPatternException e) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, e.getMessage());
        }
    }

    static ObjectNode metricFilter(MetricFilter filter)
    {
        ObjectNode node = Logs.NODES.objectNode();
        node.put("filterName", filter.filterName());
        node.put("filterPattern", filter.filterPattern());
        MetricTransformation transformation = filter.metricTransformation();
        ObjectNode transformationNode = node.putArray("metricTransformations").addObject();
        transformationNode.put("metricName", transformation.metricName());
        transformationNode.put("metricNamespace", transformation.metricNamespace());
        transformationNode.put("metricValue", transformation.metricValue());
        transformation.defaultValue().ifPresent(value -> transformationNode.put("defaultValue", value));
        if (!transformation.dimensions().isEmpty()) {
            ObjectNode dimensions = transformationNode.putObject("dimensions");
            transformation.dimensions().forEach(dimensions::put);
        }
        transformation.unit().ifPresent(unit -> transformationNode.put("unit", unit));
        node.put("creationTime", filter.creationTime());
        node.put("logGroupName", filter.logGroupName());
        node.put("applyOnTransformedLogs", false);
        return node;
    }
}
