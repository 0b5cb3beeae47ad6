package dev.cairn.core.lake;

import java.util.List;

/**
 * Receives a query's results from {@link LakeEngine#execute}: the column names once, then each row. A sink that
 * throws stops the query; the exception reaches {@code execute}'s caller.
 */
public interface LakeResultSink
{
    void columns(List<String> names);

    /**
     * One row, a value a column: {@code null} for SQL NULL; timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC), as
     * Lake prints them; booleans {@code true}/{@code false}; numbers, maps, structs and lists as the DuckDB driver
     * renders them.
     */
    void row(List<String> values);
}
