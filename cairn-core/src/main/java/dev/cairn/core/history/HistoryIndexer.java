package dev.cairn.core.history;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.journal.JournalConsumer;
import dev.cairn.model.EventCategory;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.CheckpointStore;
import dev.cairn.spi.EventHistory;
import dev.cairn.spi.HistoryKeys;
import dev.cairn.spi.JournalReader;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The journal consumer that feeds event history: reads from its checkpoint, indexes, then advances the checkpoint
 * (in the store's {@link CheckpointStore}). A crash between the two re-indexes a batch, which the history ignores
 * (indexing is idempotent by position).
 *
 * <p>Event history holds management events, as AWS's does: data events (S3 object calls) are passed over, unless
 * {@link HistoryConfig#includeDataEvents} is set. Then they are indexed, and the history files them with the
 * management events (see {@link dev.cairn.spi.HistoryKeys#lookupCategory}): LookupEvents, which asks for management
 * events, and the console's searches and summaries find both in one index, without a query per category. Events
 * from outside AWS ({@code ActivityAuditLog}, which PutAuditEvents puts in the journal for CloudTrail Lake) are never
 * indexed: they are not CloudTrail's records of calls.
 */
public final class HistoryIndexer
        implements JournalConsumer
{
    public static final String CONSUMER = "history";

    private final JournalReader journal;
    private final CheckpointStore checkpoints;
    private final EventHistory history;
    private final int batchSize;
    private final boolean includeDataEvents;
    private volatile int lastIndexed;

    public HistoryIndexer(JournalReader journal, CheckpointStore checkpoints, EventHistory history, int batchSize, boolean includeDataEvents)
    {
        this.journal = requireNonNull(journal, "journal is null");
        this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
        this.history = requireNonNull(history, "history is null");
        this.batchSize = batchSize;
        this.includeDataEvents = includeDataEvents;
    }

    @Override
    public String name()
    {
        return CONSUMER;
    }

    /**
     * Whether event history takes events of the category: never the events from outside AWS (PutAuditEvents'), which
     * only CloudTrail Lake takes; data events when configured to.
     */
    private boolean indexes(EventCategory category)
    {
        return HistoryKeys.inHistory(category) && (includeDataEvents || category != EventCategory.DATA);
    }

    /** Indexes the next batch; returns whether more entries are waiting. */
    @Override
    public boolean runOnce()
            throws IOException
    {
        long checkpoint = checkpoints.get(CONSUMER);
        List<JournalEntry> entries = journal.read(checkpoint, batchSize);
        lastIndexed = entries.size();
        if (entries.isEmpty()) {
            return false;
        }
        List<JournalEntry> indexed = entries.stream().filter(entry -> indexes(entry.event().category())).toList();
        if (!indexed.isEmpty()) {
            history.index(indexed);
        }
        checkpoints.put(CONSUMER, entries.get(entries.size() - 1).position());
        return entries.size() == batchSize;
    }

    /**
     * How long to wait before the next step: briefly when little accumulated, so that events are searchable within
     * tens of milliseconds; longer under load, so that each history transaction indexes thousands of events and
     * rewrites each index page once (at a fixed 25 ms, throughput under load was 8% lower).
     */
    public Duration pacing()
    {
        return lastIndexed < 250 ? Duration.ofMillis(20) : Duration.ofMillis(200);
    }

    @Override
    public long checkpoint()
            throws IOException
    {
        return checkpoints.get(CONSUMER);
    }
}
