package dev.cairn.core.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * The live files of some event data stores at one moment, held for one query: none of them is deleted (by
 * compaction, retention or a store's deletion) before the snapshot is closed. Thread-safe.
 */
public final class LakeSnapshot
        implements AutoCloseable
{
    private final LakeFiles owner;
    private final Map<String, List<LakeFile>> files;
    private final AtomicBoolean closed = new AtomicBoolean();

    LakeSnapshot(LakeFiles owner, Map<String, List<LakeFile>> files)
    {
        this.owner = requireNonNull(owner, "owner is null");
        this.files = Map.copyOf(files);
    }

    public Set<String> storeIds()
    {
        return files.keySet();
    }

    /** The store's live files when the snapshot was taken; empty for a store not in the snapshot. */
    public List<LakeFile> files(String storeId)
    {
        return files.getOrDefault(storeId, List.of());
    }

    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true)) {
            List<LakeFile> all = new ArrayList<>();
            files.values().forEach(all::addAll);
            owner.release(all);
        }
    }
}
