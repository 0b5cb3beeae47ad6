package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.lake.BillingMode;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.lake.LakeSelectors;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.ops.cloudtrail.OrganizationResources;
import dev.cairn.core.organizations.Organization;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Changes the settings given (at least one), from the store's home region; others keep their values. A store pending
 * deletion cannot be changed ({@code InactiveEventDataStoreException}). What CloudTrail forbids is refused: changing
 * the type of events a store holds, fixed retention pricing for a store that had extendable pricing, another KMS key
 * once one is set, a retention beyond the pricing option's, and (for a channel's destination) anything that would make
 * it multi-region or an organization store.
 */
public final class UpdateEventDataStore
        implements EventDataStoreOperation, WriteOperation
{
    private static final Set<String> SETTINGS = Set.of("Name", "AdvancedEventSelectors", "MultiRegionEnabled", "OrganizationEnabled", "RetentionPeriod",
            "TerminationProtectionEnabled", "KmsKeyId", "BillingMode");

    private final List<String> regions;

    public UpdateEventDataStore(List<String> regions)
    {
        this.regions = List.copyOf(regions);
    }

    @Override
    public String name()
    {
        return "UpdateEventDataStore";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        if (SETTINGS.stream().noneMatch(call.input()::hasNonNull)) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, "Specify at least one setting to change besides EventDataStore.");
        }
        EventDataStore existing = EventDataStores.requireActive(call, metadata, EventDataStores.text(call, MEMBER));
        // names and limits are account-wide: one change at a time, also across nodes
        new IdentityRepository(metadata).lockAccount(existing.accountId());
        EventDataStore.Builder store = existing.toBuilder();
        EventDataStores.optionalText(call, "Name").ifPresent(name -> store.name = name);
        if (call.input().hasNonNull("AdvancedEventSelectors")) {
            ArrayNode selectors = LakeSelectors.validate(call.input().get("AdvancedEventSelectors"));
            if (LakeSelectors.schema(selectors) != existing.schema()) {
                throw new CairnException(ErrorCode.INVALID_EVENT_SELECTORS, "An event data store keeps the type of events it was created for ("
                        + String.join(", ", existing.schema().categories()) + "); create another event data store for other events.");
            }
            store.advancedEventSelectors = selectors;
        }
        EventDataStores.optionalBoolean(call, "MultiRegionEnabled").ifPresent(value -> store.multiRegion = value);
        Optional<Boolean> organization = EventDataStores.optionalBoolean(call, "OrganizationEnabled");
        if (organization.isPresent() && organization.get() != existing.organizationStore()) {
            Organization managed = OrganizationResources.organizationFor(call, metadata);
            if (!managed.managementAccountId().equals(call.accountId())) {
                throw new CairnException(ErrorCode.NOT_ORGANIZATION_MASTER_ACCOUNT, "Only the management account of organization " + managed.id()
                        + " can make an event data store an organization event data store, or a regular one.");
            }
            store.organizationId = organization.get() ? Optional.of(managed.id()) : Optional.empty();
        }
        Optional<String> billing = EventDataStores.optionalText(call, "BillingMode");
        if (billing.isPresent()) {
            BillingMode mode = CreateEventDataStore.billingMode(billing.get());
            if (mode == BillingMode.FIXED_RETENTION_PRICING && existing.billingMode() == BillingMode.EXTENDABLE_RETENTION_PRICING) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER, "The billing mode cannot change from EXTENDABLE_RETENTION_PRICING to FIXED_RETENTION_PRICING: "
                        + "stop ingestion and create another event data store instead.");
            }
            store.billingMode = mode;
        }
        EventDataStores.optionalInt(call, "RetentionPeriod").ifPresent(days -> store.retentionPeriod = days);
        if (call.input().hasNonNull("RetentionPeriod") || billing.isPresent()) {
            CreateEventDataStore.checkRetention(store.retentionPeriod, store.billingMode);
        }
        EventDataStores.optionalBoolean(call, "TerminationProtectionEnabled").ifPresent(value -> store.terminationProtection = value);
        Optional<String> key = EventDataStores.optionalText(call, "KmsKeyId").map(given -> EventDataStores.kmsKey(call, given));
        if (key.isPresent()) {
            if (existing.kmsKeyId().isPresent() && !existing.kmsKeyId().equals(key)) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER, "Event data store " + existing.arn() + " is encrypted with " + existing.kmsKeyId().get()
                        + ": once set, its KMS key cannot be changed or removed.");
            }
            store.kmsKeyId = key;
        }
        store.updated = call.receivedAt();
        EventDataStore updated = store.build();

        List<Channel> channels = Channels.channelsWithDestination(metadata, existing);
        if (!channels.isEmpty() && (updated.multiRegion() || updated.organizationStore())) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, "Event data store " + existing.arn() + " is the destination of channel " + channels.get(0).arn()
                    + ": it must stay single-region and of one account.");
        }
        List<String> visibleIn = updated.multiRegion() ? regions : List.of(updated.homeRegion());
        if (!updated.name().equals(existing.name()) || (updated.multiRegion() && !existing.multiRegion())) {
            EventDataStores.checkName(call, metadata, existing.accountId(), updated.name(), visibleIn, Optional.of(existing.id()));
        }
        if (updated.multiRegion() && !existing.multiRegion()) {
            EventDataStores.checkLimit(call, metadata, existing.accountId(), visibleIn.stream().filter(region -> !region.equals(existing.homeRegion())).toList(),
                    Optional.of(existing.id()));
        }
        new LakeRepository(metadata).put(updated);
        ObjectNode output = EventDataStores.output(updated);
        output.put("FederationStatus", "DISABLED");
        return output;
    }
}
