package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import dev.cairn.core.journal.JournalConsumer;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fills event data stores from the journal, as CloudTrail Lake fills them: each recorded event goes to every ingesting
 * store of type CloudTrail events that takes it (its account, or its organization's accounts for an organization
 * store; its region; its advanced event selectors), from the moment the store exists; each event from outside AWS
 * (PutAuditEvents, category {@code ActivityAuditLog}) goes to the destinations of the channel it came through.
 *
 * <p>One pass reads up to {@value #BATCH} entries after the checkpoint and writes each store's share as one batch of
 * Parquet files named after the pass's first journal position ({@link LakeFiles#write}), then moves the checkpoint: a
 * crash before the checkpoint moved makes the next pass read from the same position and write the same batch names
 * again, replacing what was written, so nothing is lost and nothing is stored twice. Run by one node at a time (its
 * caller holds the lease).
 */
public final class LakeIngest
        implements JournalConsumer
{
    public static final String CONSUMER = "lake";
    private static final Logger log = LoggerFactory.getLogger(LakeIngest.class);
    static final int BATCH = 50_000;
    private static final int READ_CHUNK = 5_000;
    /** How often the stores' small files are merged and retention is enforced. */
    private static final Duration UPKEEP_INTERVAL = Duration.ofMinutes(1);
    /** How often a pass runs at idle: events are in the stores' files within about this long. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Store store;
    private final LakeCatalog catalog;
    private final LakeFiles files;
    private final LakeQueries queries;
    private final Clock clock;
    private Instant lastUpkeep = Instant.MIN;

    public LakeIngest(Store store, LakeCatalog catalog, LakeFiles files, LakeQueries queries, Clock clock)
    {
        this.queries = requireNonNull(queries, "queries is null");
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.files = requireNonNull(files, "files is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String name()
    {
        return CONSUMER;
    }

    @Override
    public long checkpoint()
            throws IOException
    {
        return store.checkpoints().get(CONSUMER);
    }

    /** One pass; whether there may be more to read at once. */
    @Override
    public synchronized boolean runOnce()
            throws IOException
    {
        long checkpoint = store.checkpoints().get(CONSUMER);
        List<JournalEntry> entries = new ArrayList<>();
        long position = checkpoint;
        while (entries.size() < BATCH) {
            List<JournalEntry> chunk = store.journal().read(position, Math.min(READ_CHUNK, BATCH - entries.size()));
            if (chunk.isEmpty()) {
                break;
            }
            entries.addAll(chunk);
            position = chunk.get(chunk.size() - 1).position();
            if (chunk.size() < READ_CHUNK) {
                break;
            }
        }
        boolean more = entries.size() == BATCH;
        if (!entries.isEmpty()) {
            Map<EventDataStore, List<byte[]>> batches = route(entries);
            String batchName = String.format("%020d", entries.get(0).position());
            for (Map.Entry<EventDataStore, List<byte[]>> batch : batches.entrySet()) {
                files.write(batch.getKey().id(), LakeTableSchema.of(batch.getKey().schema()), batchName, batch.getValue());
            }
            store.checkpoints().put(CONSUMER, entries.get(entries.size() - 1).position());
        }
        if (Duration.between(lastUpkeep, clock.instant()).compareTo(UPKEEP_INTERVAL) >= 0) {
            upkeep();
            lastUpkeep = clock.instant();
        }
        return more;
    }

    /** Each store's records of the entries, in journal order. */
    private Map<EventDataStore, List<byte[]>> route(List<JournalEntry> entries)
            throws IOException
    {
        List<EventDataStore> cloudTrailStores = catalog.ingestingCloudTrailEventDataStores();
        Map<String, Channel> channels = new HashMap<>();
        for (Channel channel : catalog.channels()) {
            channels.put(channel.arn(), channel);
        }
        Map<EventDataStore, List<byte[]>> batches = new LinkedHashMap<>();
        if (cloudTrailStores.isEmpty() && channels.isEmpty()) {
            return batches;
        }
        Map<String, Set<String>> organizationAccounts = organizationAccounts(cloudTrailStores);
        for (JournalEntry entry : entries) {
            EventRecord record = entry.event();
            if (record.category() == EventCategory.ACTIVITY_AUDIT_LOG) {
                for (EventDataStore destination : destinations(record, channels)) {
                    batches.computeIfAbsent(destination, ignored -> new ArrayList<>()).add(record.json());
                }
                continue;
            }
            Map<EventRecord, JsonNode> parsed = new IdentityHashMap<>();
            for (EventDataStore candidate : cloudTrailStores) {
                if (takes(candidate, record, organizationAccounts, parsed)) {
                    batches.computeIfAbsent(candidate, ignored -> new ArrayList<>()).add(record.json());
                }
            }
        }
        return batches;
    }

    private static boolean takes(EventDataStore candidate, EventRecord record, Map<String, Set<String>> organizationAccounts, Map<EventRecord, JsonNode> parsed)
    {
        boolean account = candidate.organizationId().isPresent()
                ? organizationAccounts.getOrDefault(candidate.organizationId().get(), Set.of()).contains(record.accountId())
                : candidate.accountId().equals(record.accountId());
        // from the moment the store exists (event times are whole seconds: the second it was made counts)
        return account
                && candidate.collectsRegion(record.region())
                && !record.eventTime().isBefore(candidate.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                && candidate.matches(record, event -> parsed.computeIfAbsent(event, LakeIngest::parse));
    }

    private static JsonNode parse(EventRecord record)
    {
        try {
            return Json.mapper().readTree(record.json());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ingesting stores among the destinations of the channel the event came through. */
    private List<EventDataStore> destinations(EventRecord record, Map<String, Channel> channels)
            throws IOException
    {
        String channelArn = parse(record).path("metadata").path("channelARN").asText("");
        Channel channel = channels.get(channelArn);
        if (channel == null) {
            return List.of();
        }
        List<EventDataStore> destinations = new ArrayList<>();
        for (String destination : channel.destinations()) {
            String id = destination.substring(destination.lastIndexOf('/') + 1);
            Optional<EventDataStore> found = catalog.eventDataStore(channel.accountId(), id);
            if (found.isPresent() && found.get().status() == EventDataStoreStatus.ENABLED && found.get().schema() == LakeSchema.ACTIVITY_AUDIT_LOG) {
                destinations.add(found.get());
            }
        }
        return destinations;
    }

    private Map<String, Set<String>> organizationAccounts(List<EventDataStore> stores)
            throws IOException
    {
        Set<String> organizations = new HashSet<>();
        stores.forEach(candidate -> candidate.organizationId().ifPresent(organizations::add));
        if (organizations.isEmpty()) {
            return Map.of();
        }
        return store.read(reader -> {
            OrganizationRepository repository = new OrganizationRepository(reader);
            Map<String, Set<String>> accounts = new HashMap<>();
            for (String organization : organizations) {
                accounts.put(organization, Set.copyOf(repository.memberAccountIds(organization)));
            }
            return accounts;
        });
    }

    /** Merges each store's small files, drops the days past its retention period, and forgets queries after seven days. */
    private void upkeep()
            throws IOException
    {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Set<String> accounts = new HashSet<>();
        for (EventDataStore candidate : catalog.eventDataStores()) {
            accounts.add(candidate.accountId());
            try {
                files.compact(candidate.id());
                files.dropDaysBefore(candidate.id(), today.minusDays(candidate.retentionPeriod()));
            }
            catch (IOException | RuntimeException e) {
                log.warn("event data store {}: upkeep failed: {}", candidate.arn(), e.toString());
            }
        }
        for (String account : accounts) {
            queries.purge(account);
        }
    }
}
