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
 * Log groups and their streams as metadata documents: {@code logs.group / account/region / name} and
 * {@code logs.stream / account/region/group / name}. Names are case-sensitive and listed in the store's key order.
 */
public final class LogGroupRepository
{
    static final String GROUP = "logs.group";
    static final String STREAM = "logs.stream";

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public LogGroupRepository(MetadataReader reader)
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

    private static String groupScope(String accountId, String region)
    {
        return accountId + "/" + region;
    }

    private static String streamScope(String accountId, String region, String group)
    {
        return accountId + "/" + region + "/" + group;
    }

    public Optional<LogGroup> group(String accountId, String region, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(GROUP, groupScope(accountId, region), name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), LogGroup.class));
    }

    /** Groups whose names start with {@code prefix}, after {@code afterName} (empty: from the first), at most {@code limit}. */
    public List<LogGroup> groups(String accountId, String region, String prefix, String afterName, int limit)
            throws IOException
    {
        List<LogGroup> groups = new ArrayList<>();
        for (Document document : reader.list(GROUP, groupScope(accountId, region), prefix, afterName, limit)) {
            groups.add(mapper.readValue(document.value(), LogGroup.class));
        }
        return groups;
    }

    /** Adds the group; false if one of that name exists. */
    public boolean insert(LogGroup group)
            throws IOException
    {
        return writer().insert(GROUP, groupScope(group.accountId(), group.region()), group.name(), mapper.writeValueAsBytes(group));
    }

    public void put(LogGroup group)
            throws IOException
    {
        writer().put(GROUP, groupScope(group.accountId(), group.region()), group.name(), mapper.writeValueAsBytes(group));
    }

    /** Deletes the group, its streams and its metric filters; false if there was none. */
    public boolean delete(String accountId, String region, String name)
            throws IOException
    {
        new MetricFilterRepository(reader).deleteAll(accountId, region, name);
        String scope = streamScope(accountId, region, name);
        for (Document document : reader.list(STREAM, scope, "", "", Integer.MAX_VALUE)) {
            writer().delete(STREAM, scope, document.key());
        }
        return writer().delete(GROUP, groupScope(accountId, region), name);
    }

    public Optional<LogStream> stream(String accountId, String region, String group, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(STREAM, streamScope(accountId, region, group), name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), LogStream.class));
    }

    /** A group's streams whose names start with {@code prefix}, in name order, after {@code afterName}, at most {@code limit}. */
    public List<LogStream> streams(String accountId, String region, String group, String prefix, String afterName, int limit)
            throws IOException
    {
        List<LogStream> streams = new ArrayList<>();
        for (Document document : reader.list(STREAM, streamScope(accountId, region, group), prefix, afterName, limit)) {
            streams.add(mapper.readValue(document.value(), LogStream.class));
        }
        return streams;
    }

    /** Adds the stream to the group; false if the group has one of that name. */
    public boolean insertStream(String accountId, String region, String group, LogStream stream)
            throws IOException
    {
        return writer().insert(STREAM, streamScope(accountId, region, group), stream.name(), mapper.writeValueAsBytes(stream));
    }

    public boolean deleteStream(String accountId, String region, String group, String name)
            throws IOException
    {
        return writer().delete(STREAM, streamScope(accountId, region, group), name);
    }
}
