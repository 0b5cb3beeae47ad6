package dev.cairn.core.iam;

import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Metadata documents in a sorted map, for unit tests: keys order as the stores order them (UTF-8 bytes, which for the
 * ASCII keys used here is {@link String} order). Not thread-safe.
 */
public final class InMemoryMetadata
        implements MetadataWriter
{
    private final Map<String, TreeMap<String, byte[]>> documents = new TreeMap<>();

    private TreeMap<String, byte[]> of(String kind, String scope)
    {
        return documents.computeIfAbsent(kind + "\u0000" + scope, ignored -> new TreeMap<>());
    }

    @Override
    public Optional<byte[]> get(String kind, String scope, String key)
    {
        return Optional.ofNullable(of(kind, scope).get(key));
    }

    @Override
    public List<Document> list(String kind, String scope, String keyPrefix, String afterKey, int limit)
    {
        List<Document> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : of(kind, scope).tailMap(afterKey, false).entrySet()) {
            if (found.size() == limit) {
                break;
            }
            if (entry.getKey().startsWith(keyPrefix)) {
                found.add(new Document(kind, scope, entry.getKey(), entry.getValue()));
            }
        }
        return found;
    }

    @Override
    public int count(String kind, String scope, String keyPrefix)
    {
        return (int) of(kind, scope).keySet().stream().filter(key -> key.startsWith(keyPrefix)).count();
    }

    @Override
    public boolean insert(String kind, String scope, String key, byte[] value)
    {
        return of(kind, scope).putIfAbsent(key, value.clone()) == null;
    }

    @Override
    public void put(String kind, String scope, String key, byte[] value)
    {
        of(kind, scope).put(key, value.clone());
    }

    @Override
    public boolean delete(String kind, String scope, String key)
    {
        return of(kind, scope).remove(key) != null;
    }

    /** The document as text, for assertions on the stored form. */
    public Optional<String> text(String kind, String scope, String key)
    {
        return get(kind, scope, key).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
