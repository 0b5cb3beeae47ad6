package dev.cairn.core.events;

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
 * Connections and API destinations as metadata documents: {@code events.connection / account/region / name} and
 * {@code events.api-destination / account/region / name}. Names are case-sensitive and listed in the store's key order.
 */
public final class ConnectionRepository
{
    static final String CONNECTION = "events.connection";
    static final String API_DESTINATION = "events.api-destination";

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public ConnectionRepository(MetadataReader reader)
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

    public Optional<Connection> connection(String accountId, String region, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(CONNECTION, scope(accountId, region), name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), Connection.class));
    }

    /** Connections whose names start with {@code prefix}, after {@code afterName} (empty: from the first), at most {@code limit}. */
    public List<Connection> connections(String accountId, String region, String prefix, String afterName, int limit)
            throws IOException
    {
        List<Connection> connections = new ArrayList<>();
        for (Document document : reader.list(CONNECTION, scope(accountId, region), prefix, afterName, limit)) {
            connections.add(mapper.readValue(document.value(), Connection.class));
        }
        return connections;
    }

    /** Adds the connection; false if one of that name exists. */
    public boolean insert(Connection connection)
            throws IOException
    {
        return writer().insert(CONNECTION, scope(connection.accountId(), connection.region()), connection.name(), mapper.writeValueAsBytes(connection));
    }

    public void put(Connection connection)
            throws IOException
    {
        writer().put(CONNECTION, scope(connection.accountId(), connection.region()), connection.name(), mapper.writeValueAsBytes(connection));
    }

    public boolean deleteConnection(String accountId, String region, String name)
            throws IOException
    {
        return writer().delete(CONNECTION, scope(accountId, region), name);
    }

    public Optional<ApiDestination> apiDestination(String accountId, String region, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(API_DESTINATION, scope(accountId, region), name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), ApiDestination.class));
    }

    /** API destinations whose names start with {@code prefix}, after {@code afterName} (empty: from the first), at most {@code limit}. */
    public List<ApiDestination> apiDestinations(String accountId, String region, String prefix, String afterName, int limit)
            throws IOException
    {
        List<ApiDestination> destinations = new ArrayList<>();
        for (Document document : reader.list(API_DESTINATION, scope(accountId, region), prefix, afterName, limit)) {
            destinations.add(mapper.readValue(document.value(), ApiDestination.class));
        }
        return destinations;
    }

    /** Adds the API destination; false if one of that name exists. */
    public boolean insert(ApiDestination destination)
            throws IOException
    {
        return writer().insert(API_DESTINATION, scope(destination.accountId(), destination.region()), destination.name(), mapper.writeValueAsBytes(destination));
    }

    public void put(ApiDestination destination)
            throws IOException
    {
        writer().put(API_DESTINATION, scope(destination.accountId(), destination.region()), destination.name(), mapper.writeValueAsBytes(destination));
    }

    public boolean deleteApiDestination(String accountId, String region, String name)
            throws IOException
    {
        return writer().delete(API_DESTINATION, scope(accountId, region), name);
    }
}
