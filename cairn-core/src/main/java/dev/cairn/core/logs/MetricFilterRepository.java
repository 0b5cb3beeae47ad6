package dev.cairn.core.logs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Metric filters as metadata documents: {@code logs.metricFilter / account/region / group:filter}. Neither a group's
 * name nor a filter's has a {@code :}, so a group's filters are the keys that start with {@code group:}, in filter name
 * order, and an account's filters in a region are one scope.
 */
public final class MetricFilterRepository
{
    static final String METRIC_FILTER = "logs.metricFilter";

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public MetricFilterRepository(MetadataReader reader)
    {
        this.reader = requireNonNull(reader, "reader is null");
    }

    private MetadataWriter writer()
    {
        if (!(reader instanceof MetadataWriter writer)) {
            throw new IllegalStateException("read-only access");
        }
        return writer;
    }

    private static String scope(String accountId, String region)
    {
        return accountId + "/" + region;
    }

    private static String key(String group, String filter)
    {
        return group + ":" + filter;
    }

    public Optional<MetricFilter> filter(String accountId, String region, String group, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(METRIC_FILTER, scope(accountId, region), key(group, name));
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), MetricFilter.class));
    }

    /** A group's filters whose names start with {@code prefix}, in name order. */
    public List<MetricFilter> filters(String accountId, String region, String group, String prefix)
            throws IOException
    {
        return read(reader.list(METRIC_FILTER, scope(accountId, region), key(group, prefix), "", Integer.MAX_VALUE));
    }

    /** Every filter of the account in the region, by group and name. */
    public List<MetricFilter> filters(String accountId, String region)
            throws IOException
    {
        return read(reader.list(METRIC_FILTER, scope(accountId, region), "", "", Integer.MAX_VALUE));
    }

    public int count(String accountId, String region, String group)
            throws IOException
    {
        return reader.count(METRIC_FILTER, scope(accountId, region), key(group, ""));
    }

    /** Adds the filter or replaces the group's filter of that name. */
    public void put(String accountId, String region, MetricFilter filter)
            throws IOException
    {
        writer().put(METRIC_FILTER, scope(accountId, region), key(filter.logGroupName(), filter.filterName()), mapper.writeValueAsBytes(filter));
    }

    /** False if the group has no filter of that name. */
    public boolean delete(String accountId, String region, String group, String name)
            throws IOException
    {
        return writer().delete(METRIC_FILTER, scope(accountId, region), key(group, name));
    }

    /** Deletes every filter of the group. */
    public void deleteAll(String accountId, String region, String group)
            throws IOException
    {
        for (Document document : reader.list(METRIC_FILTER, scope(accountId, region), key(group, ""), "", Integer.MAX_VALUE)) {
            writer().delete(METRIC_FILTER, scope(accountId, region), document.key());
        }
    }

    private List<MetricFilter> read(List<Document> documents)
            throws IOException
    {
        List<MetricFilter> filters = new ArrayList<>();
        for (Document document : documents) {
            filters.add(mapper.readValue(document.value(), MetricFilter.class));
        }
        return filters;
    }
}
