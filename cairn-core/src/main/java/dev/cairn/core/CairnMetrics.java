package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.delivery.DeliveryCounters;
import dev.cairn.core.journal.JournalConsumer;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.logs.MetricFilterCounters;
import dev.cairn.spi.JournalReader;

import java.io.IOException;
import java.util.List;

/**
 * Operational figures in the Prometheus text format: the journal's position, batches and throttled calls, each
 * consumer's checkpoint and lag, and what delivery wrote, with no payloads and nothing per account; then the values of
 * CloudWatch Logs metric filters ({@link MetricFilterCounters}), which are the accounts' own metrics: by account,
 * region, namespace, metric name and dimension values, which metric filters take from log events.
 */
final class CairnMetrics
{
    private final JournalReader reader;
    private final JournalWriter writer;
    private final List<JournalConsumer> consumers;
    private final DeliveryCounters delivery;
    private final MetricFilterCounters metricFilters;

    CairnMetrics(JournalReader reader, JournalWriter writer, List<JournalConsumer> consumers, DeliveryCounters delivery, MetricFilterCounters metricFilters)
    {
        this.reader = requireNonNull(reader, "reader is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.consumers = List.copyOf(consumers);
        this.delivery = requireNonNull(delivery, "delivery is null");
        this.metricFilters = requireNonNull(metricFilters, "metricFilters is null");
    }

    String text()
            throws IOException
    {
        long last = reader.lastPosition();
        StringBuilder text = new StringBuilder();
        gauge(text, "cairn_journal_position", "Position of the newest durable event.", last);
        counter(text, "cairn_journal_batches_total", "Journal transactions committed since start.", writer.committedBatches());
        counter(text, "cairn_journal_calls_total", "Calls and events committed since start.", writer.committedEvents());
        gauge(text, "cairn_journal_queued_calls", "Calls waiting to be recorded.", writer.queuedCalls());
        counter(text, "cairn_journal_throttled_calls_total", "Calls refused with ThrottlingException because too many were waiting to be recorded.",
                writer.throttledCalls());
        text.append("# HELP cairn_consumer_checkpoint Journal position a consumer has durably processed.\n# TYPE cairn_consumer_checkpoint gauge\n");
        for (JournalConsumer consumer : consumers) {
            long checkpoint = consumer.checkpoint();
            text.append("cairn_consumer_checkpoint{consumer=\"").append(consumer.name()).append("\"} ").append(checkpoint == Long.MAX_VALUE ? last : checkpoint).append('\n');
        }
        text.append("# HELP cairn_consumer_lag Events a consumer has yet to process on this node.\n# TYPE cairn_consumer_lag gauge\n");
        for (JournalConsumer consumer : consumers) {
            text.append("cairn_consumer_lag{consumer=\"").append(consumer.name()).append("\"} ").append(consumer.lag(last)).append('\n');
        }
        counter(text, "cairn_delivered_files_total", "Log files written to buckets since start.", delivery.files());
        counter(text, "cairn_delivered_records_total", "Records in the log files written since start.", delivery.records());
        counter(text, "cairn_delivered_digests_total", "Digest files written to buckets since start.", delivery.digests());
        counter(text, "cairn_delivery_failures_total", "Failed log file and digest writes since start (each is retried).", delivery.failedAttempts());
        text.append(metricFilters.text());
        return text.toString();
    }

    private static void gauge(StringBuilder text, String name, String help, long value)
    {
        metric(text, name, help, "gauge", value);
    }

    private static void counter(StringBuilder text, String name, String help, long value)
    {
        metric(text, name, help, "counter", value);
    }

    private static void metric(StringBuilder text, String name, String help, String type, long value)
    {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        text.append(name).append(' ').append(value).append('\n');
    }
}
