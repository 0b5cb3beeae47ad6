package dev.cairn.spi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Read access to metadata documents.
 */
public interface MetadataReader
{
    Optional<byte[]> get(String kind, String scope, String key)
            throws IOException;

    /**
     * Documents of (kind, scope) whose key starts with {@code keyPrefix} and sorts after {@code afterKey}
     * (empty: from the start), in ascending key order (by UTF-8 bytes), at most {@code limit}.
     */
    List<Document> list(String kind, String scope, String keyPrefix, String afterKey, int limit)
            throws IOException;

    /** Number of documents of (kind, scope) whose key starts with {@code keyPrefix}. */
    int count(String kind, String scope, String keyPrefix)
            throws IOException;
}
