package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.cloudtrail.OrganizationResources;
import dev.cairn.core.trail.Trail;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the event data store handlers share: reading the input, finding a store by ARN or ID as CloudTrail does, the
 * rules for names, limits, keys and tags, and output shapes.
 */
final class EventDataStores
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String EVENT_DATA_STORE_TYPE = "AWS::CloudTrail::EventDataStore";
    /** CloudTrail's quota: stores per region (own single-region ones there, and multi-region ones of any home region). */
    static final int MAXIMUM_PER_REGION = 10;
    static final int MAXIMUM_TAGS = 50;

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\\d{12}):eventdatastore/([A-Za-z0-9._-]+)");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern KMS_KEY_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32}");
    private static final Pattern KMS_ALIAS = Pattern.compile("alias/[A-Za-z0-9/_-]{1,250}");
    private static final Pattern KMS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/.+|alias/.+)");

    private EventDataStores() {}

    static String text(CallContext call, String member)
    {
        return call.input().path(member).asText();
    }

    static Optional<String> optionalText(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asText()) : Optional.empty();
    }

    static Optional<Boolean> optionalBoolean(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asBoolean()) : Optional.empty();
    }

    static Optional<Integer> optionalInt(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asInt()) : Optional.empty();
    }

    /** How a call names a store: an ARN (region, account, id), or the ID suffix of one in the caller's account. */
    record Reference(Optional<String> region, String accountId, String id)
    {
    }

    static Reference reference(CallContext call, String given)
    {
        Matcher arn = ARN.matcher(given);
        if (arn.matches()) {
            return new Reference(Optional.of(arn.group(1)), arn.group(2), arn.group(3));
        }
        if (given.startsWith("arn:") || !ID.matcher(given).matches()) {
            throw new CairnException(ErrorCode.EVENT_DATA_STORE_ARN_INVALID, "The value " + given + " is not a valid event data store ARN or ID: use "
                    + "arn:aws:cloudtrail:<region>:<account>:eventdatastore/<id>, or the ID.");
        }
        return new Reference(Optional.empty(), call.accountId(), given);
    }

    /** The ARN a store reference stands for, for authorization and event history before the store is looked up. */
    static String resourceArn(CallContext call, String given)
    {
        if (given.startsWith("arn:") || !ID.matcher(given).matches()) {
            return given;
        }
        return EventDataStore.arn(call.region(), call.accountId(), given);
    }

    static List<LookupResource> lookupResources(CallContext call, String member)
    {
        return optionalText(call, member).map(given -> List.of(new LookupResource(EVENT_DATA_STORE_TYPE, resourceArn(call, given)))).orElse(List.of());
    }

    /**
     * The store a call names, as the caller sees it: by ARN, its own store in any region (or an organization store of
     * the organization it is CloudTrail's delegated administrator of); by ID, its own store that appears in the call's
     * region. A store past its seven days of pending deletion is gone.
     */
    static Optional<EventDataStore> find(CallContext call, MetadataReader metadata, String given)
            throws IOException
    {
        Reference reference = reference(call, given);
        Optional<EventDataStore> found = new LakeRepository(metadata).eventDataStore(reference.accountId(), reference.id())
                .filter(store -> store.deletionDue().map(due -> due.isAfter(call.receivedAt())).orElse(true));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        EventDataStore store = found.get();
        if (reference.region().isPresent()) {
            if (!reference.region().get().equals(store.homeRegion())) {
                return Optional.empty();
            }
            if (!store.accountId().equals(call.accountId())
                    && (store.organizationId().isEmpty() || !OrganizationResources.isDelegatedAdministrator(metadata, store.organizationId().get(), call.accountId()))) {
                return Optional.empty();
            }
            return found;
        }
        return store.visibleIn(call.region()) ? found : Optional.empty();
    }

    static EventDataStore require(CallContext call, MetadataReader metadata, String given)
            throws IOException
    {
        return find(call, metadata, given).orElseThrow(() -> notFound(given));
    }

    /** For changes, which are made in the store's home region. */
    static EventDataStore requireInHomeRegion(CallContext call, MetadataReader metadata, String given)
            throws IOException
    {
        EventDataStore store = require(call, metadata, given);
        if (!store.homeRegion().equals(call.region())) {
            throw new CairnException(ErrorCode.INVALID_HOME_REGION, "This operation must be called from the event data store's home region, " + store.homeRegion()
                    + "; " + store.arn() + " is a multi-region event data store seen from " + call.region() + ".");
        }
        return store;
    }

    /** For changes of a store that is not pending deletion. */
    static EventDataStore requireActive(CallContext call, MetadataReader metadata, String given)
            throws IOException
    {
        EventDataStore store = requireInHomeRegion(call, metadata, given);
        if (store.pendingDeletion()) {
            throw new CairnException(ErrorCode.INACTIVE_EVENT_DATA_STORE, "Event data store " + store.arn() + " is pending deletion: restore it "
                    + "(RestoreEventDataStore) before changing it.");
        }
        return store;
    }

    static CairnException notFound(String given)
    {
        return new CairnException(ErrorCode.EVENT_DATA_STORE_NOT_FOUND, "Event data store " + given + " not found.");
    }

    /** The account's stores that are not gone (past their pending deletion). */
    static List<EventDataStore> accountStores(CallContext call, MetadataReader metadata, String accountId)
            throws IOException
    {
        return new LakeRepository(metadata).eventDataStores(accountId).stream()
                .filter(store -> store.deletionDue().map(due -> due.isAfter(call.receivedAt())).orElse(true))
                .toList();
    }

    /**
     * CloudTrail's quota: in each region the store would appear in, fewer than {@value #MAXIMUM_PER_REGION} stores in
     * any lifecycle stage (those pending deletion count).
     */
    static void checkLimit(CallContext call, MetadataReader metadata, String accountId, List<String> regions, Optional<String> exceptId)
            throws IOException
    {
        List<EventDataStore> stores = accountStores(call, metadata, accountId);
        for (String region : regions) {
            long count = stores.stream().filter(store -> store.visibleIn(region)).filter(store -> exceptId.map(id -> !id.equals(store.id())).orElse(true)).count();
            if (count >= MAXIMUM_PER_REGION) {
                throw new CairnException(ErrorCode.EVENT_DATA_STORE_MAX_LIMIT_EXCEEDED, "Account " + accountId + " already has " + count + " event data stores in "
                        + region + " (those pending deletion count); the most a region can have is " + MAXIMUM_PER_REGION + ".");
            }
        }
    }

    /** Names are unique among the account's stores that appear in any of the regions (pending deletion or not). */
    static void checkName(CallContext call, MetadataReader metadata, String accountId, String name, List<String> regions, Optional<String> exceptId)
            throws IOException
    {
        boolean taken = accountStores(call, metadata, accountId).stream()
                .filter(store -> exceptId.map(id -> !id.equals(store.id())).orElse(true))
                .anyMatch(store -> store.name().equals(name) && regions.stream().anyMatch(store::visibleIn));
        if (taken) {
            throw new CairnException(ErrorCode.EVENT_DATA_STORE_ALREADY_EXISTS, "An event data store named " + name + " already exists.");
        }
    }

    /** A key id, alias or ARN, kept as a full ARN as CloudTrail reports it. */
    static String kmsKey(CallContext call, String key)
    {
        String prefix = "arn:aws:kms:" + call.region() + ":" + call.accountId() + ":";
        if (KMS_ARN.matcher(key).matches()) {
            return key;
        }
        if (KMS_KEY_ID.matcher(key).matches()) {
            return prefix + "key/" + key;
        }
        if (KMS_ALIAS.matcher(key).matches()) {
            return prefix + key;
        }
        throw new CairnException(ErrorCode.INVALID_KMS_KEY_ID, "KMS key " + key + " is not a key id, alias or ARN.");
    }

    /** Tags given in a request, checked; the same key twice keeps the last value. */
    static List<Trail.Tag> tags(JsonNode list)
    {
        Map<String, Trail.Tag> tags = new LinkedHashMap<>();
        for (JsonNode tag : list) {
            String key = tag.path("Key").asText();
            if (key.startsWith("aws:")) {
                throw new CairnException(ErrorCode.INVALID_TAG_PARAMETER, "Tag keys starting with aws: are reserved.");
            }
            Optional<String> value = tag.hasNonNull("Value") ? Optional.of(tag.get("Value").asText()) : Optional.empty();
            tags.put(key, new Trail.Tag(key, value));
        }
        return new ArrayList<>(tags.values());
    }

    /** The tags with others added (a key that exists gets the new value); more than {@value #MAXIMUM_TAGS} fail with {@code tooMany}. */
    static List<Trail.Tag> mergeTags(List<Trail.Tag> existing, List<Trail.Tag> added, ErrorCode tooMany)
    {
        Map<String, Trail.Tag> tags = new LinkedHashMap<>();
        existing.forEach(tag -> tags.put(tag.key(), tag));
        added.forEach(tag -> tags.put(tag.key(), tag));
        if (tags.size() > MAXIMUM_TAGS) {
            throw new CairnException(tooMany, "A resource can have at most " + MAXIMUM_TAGS + " tags; this would make " + tags.size() + ".");
        }
        return new ArrayList<>(tags.values());
    }

    static ArrayNode tagList(List<Trail.Tag> tags)
    {
        ArrayNode list = NODES.arrayNode();
        for (Trail.Tag tag : tags) {
            ObjectNode node = list.addObject();
            node.put("Key", tag.key());
            tag.value().ifPresent(value -> node.put("Value", value));
        }
        return list;
    }

    /** The members Create/Get/Update/RestoreEventDataStore answer with. */
    static ObjectNode output(EventDataStore store)
    {
        ObjectNode node = NODES.objectNode();
        node.put("EventDataStoreArn", store.arn());
        node.put("Name", store.name());
        node.put("Status", store.status().name());
        node.set("AdvancedEventSelectors", store.advancedEventSelectors().deepCopy());
        node.put("MultiRegionEnabled", store.multiRegion());
        node.put("OrganizationEnabled", store.organizationStore());
        node.put("RetentionPeriod", store.retentionPeriod());
        node.put("TerminationProtectionEnabled", store.terminationProtection());
        node.put("CreatedTimestamp", epochSeconds(store.created()));
        node.put("UpdatedTimestamp", epochSeconds(store.updated()));
        store.kmsKeyId().ifPresent(key -> node.put("KmsKeyId", key));
        node.put("BillingMode", store.billingMode().name());
        return node;
    }

    static double epochSeconds(Instant time)
    {
        return time.toEpochMilli() / 1000.0;
    }
}
