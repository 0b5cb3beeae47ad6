package dev.cairn.spi;

import java.io.IOException;

/**
 * Write access to metadata documents, inside a {@link WriteBatch}.
 */
public interface MetadataWriter
        extends MetadataReader
{
    /** Inserts the document unless (kind, scope, key) exists; returns whether it was inserted. */
    boolean insert(String kind, String scope, String key, byte[] value)
            throws IOException;

    /** Inserts or replaces the document. */
    void put(String kind, String scope, String key, byte[] value)
            throws IOException;

    /** Deletes the document; returns whether it existed. */
    boolean delete(String kind, String scope, String key)
            throws IOException;
}
