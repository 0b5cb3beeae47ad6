package dev.cairn.core.logs;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.logs.filter.FilterMatch;
import dev.cairn.core.logs.filter.FilterPattern;
import dev.cairn.core.logs.filter.InvalidFilterPatternException;
import dev.cairn.spi.LogEvent;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The values of CloudWatch Logs metric filters: {@link #accept} runs a log group's metric filters over log event
 * messages appended to it and adds what they publish to one sum a series (account, region, namespace, metric,
 * dimensions), which {@link #text()} shows in the Prometheus text format as {@code cairn_logs_metric_value} and
 * {@code cairn_logs_metric_samples_total}.
 * <p>
 * What a filter publishes for each message it matches is its {@code metricValue}, a number or the number its selector
 * picks from the message, with each dimension the value its selector picks; a message whose selected value is not a
 * number, or that lacks a dimension's value, publishes nothing, as in CloudWatch. A filter with a {@code defaultValue}
 * that matched none of the messages of one {@link #accept} publishes its default value once: CloudWatch publishes it
 * for a period in which events arrived and none matched, and one call stands for that period here.
 * <p>
 * A group's filters are read from the store once and kept, with the metadata version they were read at; a commit
 * that changed metadata since (here or on another node sharing the store) makes the next call read them again. The
 * sums are this node's, kept in memory since it started: not durable, not shared between nodes. At most
 * {@value #MAXIMUM_SERIES} series are kept; values of further series are dropped and counted
 * ({@code cairn_logs_metric_dropped_total}). Thread-safe.
 */
public final class MetricFilterCounters
        implements LogEventsListener
{
    /** The most series kept: each distinct set of dimension values is one, and CloudWatch disables filters that make 1,000 an hour. */
    public static final int MAXIMUM_SERIES = 10_000;
    private static final int MAXIMUM_CACHED_GROUPS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(MetricFilterCounters.class);

    private final Store store;
    private final AtomicLong version = new AtomicLong();
    private final Map<String, Cached> groups = new ConcurrentHashMap<>();
    private final Map<Series, Totals> series = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();

    /**
     * One metric's values: the sum of what was published and how many values that was.
     *
     * @param dimensions dimension names and values, in name order
     */
    public record Series(String accountId, String region, String namespace, String metricName, Map<String, String> dimensions)
    {
        public Series
        {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(region, "region is null");
            requireNonNull(namespace, "namespace is null");
            requireNonNull(metricName, "metricName is null");
            dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
        }
    }

    /** A series' sum and number of values so far. */
    public record Total(double sum, long samples) {}

    private static final class Totals
    {
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder samples = new LongAdder();

        void add(double value)
        {
            sum.add(value);
            samples.increment();
        }
    }

    private record Compiled(MetricTransformation transformation, FilterPattern pattern) {}

    private record Cached(long version, List<Compiled> filters) {}

    public MetricFilterCounters(Store store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** Called after every commit that changed metadata on this node: cached filters are read again. */
    public void invalidate()
    {
        version.incrementAndGet();
        groups.clear();
    }

    /** Counts log events as they are stored; a failure to read the group's filters loses their counts, logged. */
    @Override
    public void appended(String accountId, String region, String group, String stream, List<LogEvent> events)
    {
        try {
            accept(accountId, region, group, events.stream().map(LogEvent::message).toList());
        }
        catch (IOException | RuntimeException e) {
            log.warn("metric filters of log group {} in {} of {} missed {} events: {}", group, region, accountId, events.size(), e.toString());
        }
    }

    /**
     * Runs the group's metric filters over {@code messages}, events just appended to it, and adds what they publish.
     * Call it once the events are committed: what it adds is not taken back.
     */
    public void accept(String accountId, String region, String logGroupName, List<String> messages)
            throws IOException
    {
        requireNonNull(messages, "messages is null");
        if (messages.isEmpty()) {
            return;
        }
        for (Compiled filter : filters(accountId, region, logGroupName)) {
            MetricTransformation transformation = filter.transformation();
            Optional<Double> fixedValue = transformation.fixedValue();
            boolean matched = false;
            for (String message : messages) {
                Optional<FilterMatch> match = filter.pattern().match(message);
                if (match.isEmpty()) {
                    continue;
                }
                matched = true;
                Optional<Double> value = fixedValue.isPresent() ? fixedValue : match.get().value(transformation.metricValue()).flatMap(MetricTransformation::fixedValue);
                Optional<Map<String, String>> dimensions = dimensions(transformation, match.get());
                if (value.isPresent() && dimensions.isPresent()) {
                    add(new Series(accountId, region, transformation.metricNamespace(), transformation.metricName(), dimensions.get()), value.get());
                }
            }
            if (!matched && transformation.defaultValue().isPresent()) {
                add(new Series(accountId, region, transformation.metricNamespace(), transformation.metricName(), Map.of()), transformation.defaultValue().get());
            }
        }
    }

    /** The dimensions' values in a matched message; empty if one has none. */
    private static Optional<Map<String, String>> dimensions(MetricTransformation transformation, FilterMatch match)
    {
        if (transformation.dimensions().isEmpty()) {
            return Optional.of(Map.of());
        }
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, String> dimension : transformation.dimensions().entrySet()) {
            Optional<String> value = match.value(dimension.getValue());
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.put(dimension.getKey(), value.get());
        }
        return Optional.of(values);
    }

    private void add(Series key, double value)
    {
        Totals totals = series.get(key);
        if (totals == null) {
            if (series.size() >= MAXIMUM_SERIES) {
                dropped.increment();
                return;
            }
            totals = series.computeIfAbsent(key, ignored -> new Totals());
        }
        totals.add(value);
    }

    /** The group's filters, compiled, as of the current metadata version. */
    private List<Compiled> filters(String accountId, String region, String logGroupName)
            throws IOException
    {
        String key = accountId + "/" + region + "/" + logGroupName;
        long current = version.get() + store.metadataVersion();
        Cached cached = groups.get(key);
        if (cached != null && cached.version() == current) {
            return cached.filters();
        }
        List<MetricFilter> stored = store.read(reader -> new MetricFilterRepository(reader).filters(accountId, region, logGroupName, ""));
        List<Compiled> compiled = new ArrayList<>();
        for (MetricFilter filter : stored) {
            try {
                compiled.add(new Compiled(filter.metricTransformation(), FilterPattern.parse(filter.filterPattern())));
            }
            catch (InvalidFilterPatternException e) {
                // PutMetricFilter parsed it; only a parser that changed since refuses it now
                log.warn("metric filter {} of a log group does not parse any more and publishes nothing: {}", filter.filterName(), e.getMessage());
            }
        }
        if (groups.size() > MAXIMUM_CACHED_GROUPS) {
            groups.clear();
        }
        groups.put(key, new Cached(current, List.copyOf(compiled)));
        return compiled;
    }

    /** The series' sum and number of values; empty if nothing was published to it. */
    public Optional<Total> total(Series key)
    {
        Totals totals = series.get(key);
        return totals == null ? Optional.empty() : Optional.of(new Total(totals.sum.sum(), totals.samples.sum()));
    }

    /** Values dropped because {@value #MAXIMUM_SERIES} series were kept already. */
    public long dropped()
    {
        return dropped.sum();
    }

    /** The series in the Prometheus text format, each dimension a label {@code dimension_<name>}. */
    public String text()
    {
        List<Map.Entry<Series, String>> labelled = new ArrayList<>();
        for (Series key : series.keySet()) {
            labelled.add(Map.entry(key, labels(key)));
        }
        labelled.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        StringBuilder text = new StringBuilder();
        text.append("# HELP cairn_logs_metric_value Sum of the values CloudWatch Logs metric filters published on this node since it started.\n");
        text.append("# TYPE cairn_logs_metric_value gauge\n");
        for (Map.Entry<Series, String> entry : labelled) {
            text.append("cairn_logs_metric_value").append(entry.getValue()).append(' ').append(number(series.get(entry.getKey()).sum.sum())).append('\n');
        }
        text.append("# HELP cairn_logs_metric_samples_total Values CloudWatch Logs metric filters published on this node since it started.\n");
        text.append("# TYPE cairn_logs_metric_samples_total counter\n");
        for (Map.Entry<Series, String> entry : labelled) {
            text.append("cairn_logs_metric_samples_total").append(entry.getValue()).append(' ').append(series.get(entry.getKey()).samples.sum()).append('\n');
        }
        text.append("# HELP cairn_logs_metric_dropped_total Metric filter values dropped because ").append(MAXIMUM_SERIES).append(" series were kept already.\n");
        text.append("# TYPE cairn_logs_metric_dropped_total counter\n");
        text.append("cairn_logs_metric_dropped_total ").append(dropped.sum()).append('\n');
        return text.toString();
    }

    private static String labels(Series key)
    {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("account", key.accountId());
        labels.put("region", key.region());
        labels.put("namespace", key.namespace());
        labels.put("metric", key.metricName());
        Set<String> names = new HashSet<>(labels.keySet());
        for (Map.Entry<String, String> dimension : key.dimensions().entrySet()) {
            String name = "dimension_" + dimension.getKey().replaceAll("[^A-Za-z0-9_]", "_");
            // two dimension names that differ only in characters a label name cannot have
            String unique = name;
            for (int i = 2; !names.add(unique); i++) {
                unique = name + "_" + i;
            }
            labels.put(unique, dimension.getValue());
        }
        StringBuilder text = new StringBuilder("{");
        labels.forEach((name, value) -> {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(name).append("=\"").append(escape(value)).append('"');
        });
        return text.append('}').toString();
    }

    /** A label value as the text format writes it: backslash, double quote and line feed escaped. */
    static String escape(String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A sample value as the text format writes it. */
    static String number(double value)
    {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
