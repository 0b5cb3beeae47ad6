package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * A Lake query translated to DuckDB's dialect.
 *
 * @param sql one DuckDB SELECT statement that reads the stores only through their views ({@link LakeSql#viewName})
 *         and needs the session statements of {@link LakeSql#sessionMacros()}
 * @param storeIds the IDs of the event data stores the query reads, in the order the query first names them
 */
public record LakeQuery(String sql, Set<String> storeIds)
{
    public LakeQuery
    {
        requireNonNull(sql, "sql is null");
        storeIds = Set.copyOf(storeIds);
    }
}
