package dev.cairn.spi;

import java.io.IOException;
import java.util.Map;

/**
 * Journal positions that consumers have fully processed. Thread-safe.
 */
public interface CheckpointStore
{
    /** The consumer's checkpoint; 0 when it has none. */
    long get(String consumer)
            throws IOException;

    void put(String consumer, long position)
            throws IOException;

    Map<String, Long> all()
            throws IOException;
}
