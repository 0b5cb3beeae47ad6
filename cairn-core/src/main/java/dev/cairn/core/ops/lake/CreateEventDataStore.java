package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.lake.BillingMode;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.lake.LakeSchema;
import dev.cairn.core.lake.LakeSelectors;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.ops.cloudtrail.OrganizationResources;
import dev.cairn.core.organizations.Organization;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates an event data store in the call's region, with CloudTrail's defaults: all management events, multi-region,
 * termination protection on, one-year extendable retention pricing (366 days), ingesting at once. An organization
 * store is made by the organization's management account or CloudTrail's delegated administrator, and belongs to the
 * management account (as organization trails do). Ready at once: its status is {@code ENABLED} (or
 * {@code STOPPED_INGESTION} with {@code StartIngestion} false), never {@code CREATED}.
 */
public final class CreateEventDataStore
        implements EventDataStoreOperation, WriteOperation
{
    private final List<String> regions;

    public CreateEventDataStore(List<String> regions)
    {
        this.regions = List.copyOf(regions);
    }

    @Override
    public String name()
    {
        return "CreateEventDataStore";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of("*");
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return output.filter(node -> node.hasNonNull("EventDataStoreArn"))
                .map(node -> List.of(new LookupResource(EventDataStores.EVENT_DATA_STORE_TYPE, node.get("EventDataStoreArn").asText())))
                .orElse(List.of());
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        EventDataStore.Builder store = new EventDataStore.Builder();
        store.id = UUID.randomUUID().toString();
        store.accountId = call.accountId();
        store.homeRegion = call.region();
        store.name = EventDataStores.text(call, "Name");
        JsonNode selectors = call.input().path("AdvancedEventSelectors");
        store.advancedEventSelectors = selectors.isMissingNode() || selectors.isNull() ? LakeSelectors.defaultSelectors() : LakeSelectors.validate(selectors);
        LakeSchema schema = LakeSelectors.schema(store.advancedEventSelectors);
        store.multiRegion = EventDataStores.optionalBoolean(call, "MultiRegionEnabled").orElse(true);
        store.billingMode = EventDataStores.optionalText(call, "BillingMode").map(CreateEventDataStore::billingMode).orElse(BillingMode.EXTENDABLE_RETENTION_PRICING);
        store.retentionPeriod = EventDataStores.optionalInt(call, "RetentionPeriod").orElse(store.billingMode.defaultRetentionDays());
        checkRetention(store.retentionPeriod, store.billingMode);
        store.terminationProtection = EventDataStores.optionalBoolean(call, "TerminationProtectionEnabled").orElse(true);
        store.kmsKeyId = EventDataStores.optionalText(call, "KmsKeyId").map(key -> EventDataStores.kmsKey(call, key));
        store.tags = EventDataStores.mergeTags(List.of(), EventDataStores.tags(call.input().path("TagsList")), ErrorCode.INVALID_TAG_PARAMETER);
        store.ingesting = EventDataStores.optionalBoolean(call, "StartIngestion").orElse(true);
        if (!store.ingesting && !schema.ingestionControllable()) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, "StartIngestion cannot be false for an event data store of eventCategory "
                    + String.join(", ", schema.categories()) + ": its ingestion cannot be stopped.");
        }
        if (EventDataStores.optionalBoolean(call, "OrganizationEnabled").orElse(false)) {
            Organization organization = OrganizationResources.organizationFor(call, metadata);
            store.organizationId = Optional.of(organization.id());
            // created by CloudTrail's delegated administrator, it is still the management account's store
            store.accountId = organization.managementAccountId();
        }
        store.created = call.receivedAt();
        store.updated = call.receivedAt();
        // names and limits are account-wide: one change at a time, also across nodes
        new IdentityRepository(metadata).lockAccount(store.accountId);
        List<String> visibleIn = store.multiRegion ? regions : List.of(call.region());
        EventDataStores.checkName(call, metadata, store.accountId, store.name, visibleIn, Optional.empty());
        EventDataStores.checkLimit(call, metadata, store.accountId, visibleIn, Optional.empty());
        EventDataStore created = store.build();
        new LakeRepository(metadata).put(created);
        ObjectNode output = EventDataStores.output(created);
        output.set("TagsList", EventDataStores.tagList(created.tags()));
        return output;
    }

    static BillingMode billingMode(String name)
    {
        return BillingMode.of(name).orElseThrow(() -> new CairnException(ErrorCode.INVALID_PARAMETER, "BillingMode " + name + " is not valid."));
    }

    /** The model checks 7 to 3,653 days; fixed retention pricing keeps at most 2,557. */
    static void checkRetention(int days, BillingMode mode)
    {
        if (days < BillingMode.MINIMUM_RETENTION_DAYS || days > mode.maximumRetentionDays()) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER, "RetentionPeriod " + days + " is not valid for BillingMode " + mode.name() + ": use "
                    + BillingMode.MINIMUM_RETENTION_DAYS + " to " + mode.maximumRetentionDays() + " days.");
        }
    }
}
