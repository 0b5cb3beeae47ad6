package dev.cairn.core.lake;

/**
 * The Lake's settings ({@code lake.*}). DuckDB's memory is outside the Java heap and its default limit is 80% of the
 * machine's memory: every DuckDB the Lake opens gets a limit from here.
 *
 * @param queryMemoryBytes the memory limit of each query's DuckDB ({@code lake.query-memory}); a query that needs more
 *         fails (queries do not spill to disk: a temporary directory would be a place user SQL could write to)
 * @param queryThreads the threads each query runs on ({@code lake.query-threads})
 * @param writeMemoryBytes the memory limit of the DuckDB that writes and compacts files ({@code lake.write-memory});
 *         compaction's sort spills to {@code <root>/.work/spill} beyond it
 * @param writeThreads the threads that writing and compaction run on ({@code lake.write-threads})
 * @param targetFileBytes compaction merges a day's small files into files of about this size, and leaves files of
 *         this size or more alone ({@code lake.target-file-size})
 */
public record LakeConfig(long queryMemoryBytes, int queryThreads, long writeMemoryBytes, int writeThreads, long targetFileBytes)
{
    public static final long DEFAULT_QUERY_MEMORY_BYTES = 512L << 20;
    public static final int DEFAULT_QUERY_THREADS = 2;
    public static final long DEFAULT_WRITE_MEMORY_BYTES = 256L << 20;
    public static final int DEFAULT_WRITE_THREADS = 2;
    public static final long DEFAULT_TARGET_FILE_BYTES = 128L << 20;
    /** DuckDB needs some memory to run at all. */
    public static final long MINIMUM_MEMORY_BYTES = 16L << 20;

    public LakeConfig
    {
        if (queryMemoryBytes < MINIMUM_MEMORY_BYTES) {
            throw new IllegalArgumentException("lake query memory must be at least 16 MB: " + queryMemoryBytes);
        }
        if (queryThreads < 1) {
            throw new IllegalArgumentException("lake query threads must be at least 1: " + queryThreads);
        }
        if (writeMemoryBytes < MINIMUM_MEMORY_BYTES) {
            throw new IllegalArgumentException("lake write memory must be at least 16 MB: " + writeMemoryBytes);
        }
        if (writeThreads < 1) {
            throw new IllegalArgumentException("lake write threads must be at least 1: " + writeThreads);
        }
        if (targetFileBytes < 1) {
            throw new IllegalArgumentException("lake target file size must be positive: " + targetFileBytes);
        }
    }

    public static LakeConfig defaults()
    {
        return new LakeConfig(DEFAULT_QUERY_MEMORY_BYTES, DEFAULT_QUERY_THREADS, DEFAULT_WRITE_MEMORY_BYTES, DEFAULT_WRITE_THREADS, DEFAULT_TARGET_FILE_BYTES);
    }

    public LakeConfig withQueryMemoryBytes(long bytes)
    {
        return new LakeConfig(bytes, queryThreads, writeMemoryBytes, writeThreads, targetFileBytes);
    }

    public LakeConfig withQueryThreads(int threads)
    {
        return new LakeConfig(queryMemoryBytes, threads, writeMemoryBytes, writeThreads, targetFileBytes);
    }

    public LakeConfig withTargetFileBytes(long bytes)
    {
        return new LakeConfig(queryMemoryBytes, queryThreads, writeMemoryBytes, writeThreads, bytes);
    }
}
