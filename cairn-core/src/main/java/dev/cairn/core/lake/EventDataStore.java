package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import dev.cairn.core.trail.EventSelectors;
import dev.cairn.core.trail.Trail;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A CloudTrail Lake event data store as stored: its settings, selectors, tags and lifecycle. Immutable; change it with
 * {@link #toBuilder()}. The files that hold its events are the Lake's, keyed by {@link #id}.
 *
 * @param id a random UUID, the last part of the ARN (what the API calls the ID suffix)
 * @param accountId the owner; an organization store belongs to the organization's management account
 * @param homeRegion where it was created; a multi-region store collects the events of every region served
 * @param advancedEventSelectors as validated by {@link LakeSelectors}
 * @param organizationId for an organization store, the organization whose accounts' events it collects
 * @param retentionPeriod days an event is kept after its {@code eventTime}
 * @param kmsKeyId the key it was given, as an ARN: kept and reported, not used (Cairn does not encrypt with KMS)
 * @param ingesting whether it takes live events (StopEventDataStoreIngestion turns this off)
 * @param deleted when DeleteEventDataStore was called: pending deletion until {@link #deletionDue}
 * @param resourcePolicy the resource-based policy (PutResourcePolicy), as given
 */
public record EventDataStore(
        String id,
        String accountId,
        String homeRegion,
        String name,
        JsonNode advancedEventSelectors,
        boolean multiRegion,
        Optional<String> organizationId,
        int retentionPeriod,
        boolean terminationProtection,
        BillingMode billingMode,
        Optional<String> kmsKeyId,
        List<Trail.Tag> tags,
        boolean ingesting,
        Instant created,
        Instant updated,
        Optional<Instant> deleted,
        Optional<String> resourcePolicy)
{
    /** How long a deleted store can be restored before it is removed for good (CloudTrail's seven days). */
    public static final Duration DELETION_WAIT = Duration.ofDays(7);

    public EventDataStore
    {
        requireNonNull(id, "id is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(homeRegion, "homeRegion is null");
        requireNonNull(name, "name is null");
        requireNonNull(advancedEventSelectors, "advancedEventSelectors is null");
        organizationId = organizationId == null ? Optional.empty() : organizationId;
        requireNonNull(billingMode, "billingMode is null");
        kmsKeyId = kmsKeyId == null ? Optional.empty() : kmsKeyId;
        tags = tags == null ? List.of() : List.copyOf(tags);
        requireNonNull(created, "created is null");
        requireNonNull(updated, "updated is null");
        deleted = deleted == null ? Optional.empty() : deleted;
        resourcePolicy = resourcePolicy == null ? Optional.empty() : resourcePolicy;
    }

    public static String arn(String homeRegion, String accountId, String id)
    {
        return "arn:aws:cloudtrail:" + homeRegion + ":" + accountId + ":eventdatastore/" + id;
    }

    public String arn()
    {
        return arn(homeRegion, accountId, id);
    }

    /** The type of events it holds, by its selectors. */
    public LakeSchema schema()
    {
        return LakeSelectors.schema(advancedEventSelectors);
    }

    public EventDataStoreStatus status()
    {
        if (deleted.isPresent()) {
            return EventDataStoreStatus.PENDING_DELETION;
        }
        return ingesting ? EventDataStoreStatus.ENABLED : EventDataStoreStatus.STOPPED_INGESTION;
    }

    public boolean pendingDeletion()
    {
        return deleted.isPresent();
    }

    /** When a deleted store is removed for good; empty while it is not deleted. */
    public Optional<Instant> deletionDue()
    {
        return deleted.map(time -> time.plus(DELETION_WAIT));
    }

    public boolean organizationStore()
    {
        return organizationId.isPresent();
    }

    /** Whether it appears in {@code region}: its home region, or every region for a multi-region store. */
    public boolean visibleIn(String region)
    {
        return multiRegion || homeRegion.equals(region);
    }

    /** Whether it collects the events recorded in {@code region} (its home region, or every one when multi-region). */
    public boolean collectsRegion(String region)
    {
        return visibleIn(region);
    }

    /**
     * Whether its advanced event selectors take this CloudTrail event (by selectors alone: region, account, status and
     * ingestion are the caller's to check). Stores of other types than {@link LakeSchema#CLOUDTRAIL_EVENTS} take no
     * journal event, and no store takes the journal's {@code ActivityAuditLog} entries by selectors: events from
     * outside AWS reach their stores through channels ({@code metadata.channelARN}).
     */
    public boolean matches(EventRecord record)
    {
        return matches(record, EventDataStore::parse);
    }

    /**
     * As {@link #matches(EventRecord)}, with the parsed record supplied by the caller (asked for only when a selector
     * needs a field the journal entry does not carry).
     */
    public boolean matches(EventRecord record, Function<EventRecord, JsonNode> parsed)
    {
        return schema() == LakeSchema.CLOUDTRAIL_EVENTS && record.category() != EventCategory.ACTIVITY_AUDIT_LOG
                && EventSelectors.advancedSelectorsTake(advancedEventSelectors, record, parsed);
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

    public Builder toBuilder()
    {
        return new Builder(this);
    }

    public static final class Builder
    {
        public String id;
        public String accountId;
        public String homeRegion;
        public String name;
        public JsonNode advancedEventSelectors;
        public boolean multiRegion = true;
        public Optional<String> organizationId = Optional.empty();
        public int retentionPeriod;
        public boolean terminationProtection = true;
        public BillingMode billingMode = BillingMode.EXTENDABLE_RETENTION_PRICING;
        public Optional<String> kmsKeyId = Optional.empty();
        public List<Trail.Tag> tags = List.of();
        public boolean ingesting = true;
        public Instant created;
        public Instant updated;
        public Optional<Instant> deleted = Optional.empty();
        public Optional<String> resourcePolicy = Optional.empty();

        public Builder() {}

        private Builder(EventDataStore store)
        {
            id = store.id;
            accountId = store.accountId;
            homeRegion = store.homeRegion;
            name = store.name;
            advancedEventSelectors = store.advancedEventSelectors;
            multiRegion = store.multiRegion;
            organizationId = store.organizationId;
            retentionPeriod = store.retentionPeriod;
            terminationProtection = store.terminationProtection;
            billingMode = store.billingMode;
            kmsKeyId = store.kmsKeyId;
            tags = store.tags;
            ingesting = store.ingesting;
            created = store.created;
            updated = store.updated;
            deleted = store.deleted;
            resourcePolicy = store.resourcePolicy;
        }

        public EventDataStore build()
        {
            return new EventDataStore(id, accountId, homeRegion, name, advancedEventSelectors, multiRegion, organizationId, retentionPeriod, terminationProtection,
                    billingMode, kmsKeyId, tags, ingesting, created, updated, deleted, resourcePolicy);
        }
    }
}
