package dev.cairn.core.lake;

import java.util.ArrayList;
import java.util.List;

/** Keeps a query's results. */
final class CollectingSink
        implements LakeResultSink
{
    private List<String> columns = List.of();
    private final List<List<String>> rows = new ArrayList<>();

    @Override
    public void columns(List<String> names)
    {
        columns = names;
    }

    @Override
    public void row(List<String> values)
    {
        rows.add(values);
    }

    List<String> columns()
    {
        return columns;
    }

    List<List<String>> rows()
    {
        return rows;
    }
}
