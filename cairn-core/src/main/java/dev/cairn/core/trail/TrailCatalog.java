package dev.cairn.core.trail;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.Store;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trails of each account as of the last metadata commit, for read operations (DescribeTrails, GetTrail, ...),
 * which are called far more often than trails change. Dropped whenever a committed batch changed metadata, before
 * that batch's callers get their answers, so a caller always reads its own changes. Each entry carries the version it
 * was read at; an entry read before a later commit is never served. Thread-safe.
 */
public final class TrailCatalog
        implements TrailSource
{
    private static final int MAXIMUM_ACCOUNTS = 10_000;

    private final Store store;
    private final AtomicLong version = new AtomicLong();
    private final Map<String, Cached> accounts = new ConcurrentHashMap<>();
    private final Map<String, Cached> organizationTrails = new ConcurrentHashMap<>();

    private record Cached(long version, List<Trail> trails) {}

    public TrailCatalog(Store store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** Called after every commit that changed metadata. */
    public void invalidate()
    {
        version.incrementAndGet();
        accounts.clear();
        organizationTrails.clear();
    }

    @Override
    public boolean managesOrganizationTrail(String accountId, Trail trail)
            throws IOException
    {
        return trail.organizationId().isPresent() && store.read(reader -> new TrailRepository(reader).managesOrganizationTrail(accountId, trail));
    }

    @Override
    public List<Trail> organizationTrailsFor(String accountId)
            throws IOException
    {
        return cached(organizationTrails, accountId, () -> store.read(reader -> new TrailRepository(reader).organizationTrailsFor(accountId)));
    }

    @Override
    public List<Trail> trails(String accountId)
            throws IOException
    {
        return cached(accounts, accountId, () -> store.read(reader -> new TrailRepository(reader).trails(accountId)));
    }

    private interface Loader
    {
        List<Trail> load()
                throws IOException;
    }

    /** The cached trails unless a commit changed metadata since they were read; else loads and caches them. */
    private List<Trail> cached(Map<String, Cached> cache, String accountId, Loader loader)
            throws IOException
    {
        long current = version.get() + store.metadataVersion();
        Cached cached = cache.get(accountId);
        if (cached != null && cached.version() == current) {
            return cached.trails();
        }
        List<Trail> loaded = loader.load();
        if (cache.size() > MAXIMUM_ACCOUNTS) {
            cache.clear();
        }
        cache.put(accountId, new Cached(current, loaded));
        return loaded;
    }
}
