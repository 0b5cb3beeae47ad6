package dev.cairn.core.logs;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How a metric filter turns the log events it matches into a metric's values, as the model's
 * {@code MetricTransformation} says.
 *
 * @param metricValue a number, or a selector of the filter pattern's ({@code $.path} of a JSON pattern, {@code $name}
 *         of a space-delimited one) whose value in each matched message is the number published
 * @param defaultValue what is published when log events arrive and none matches
 * @param dimensions dimension names and the selectors whose values in a matched message are the dimension's value
 * @param unit as given; the model says that CloudWatch takes {@code None} when there is none
 */
public record MetricTransformation(
        String metricName,
        String metricNamespace,
        String metricValue,
        Optional<Double> defaultValue,
        Map<String, String> dimensions,
        Optional<String> unit)
{
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    public MetricTransformation
    {
        requireNonNull(metricName, "metricName is null");
        requireNonNull(metricNamespace, "metricNamespace is null");
        requireNonNull(metricValue, "metricValue is null");
        requireNonNull(defaultValue, "defaultValue is null");
        dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
        requireNonNull(unit, "unit is null");
    }

    /** The number {@code metricValue} is, if it is one rather than a selector. */
    public Optional<Double> fixedValue()
    {
        return fixedValue(metricValue);
    }

    /** The number {@code text} is, if it is a finite decimal number such as {@code 1}, {@code -0.5} or {@code 2e3}. */
    public static Optional<Double> fixedValue(String text)
    {
        if (!NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }
}
