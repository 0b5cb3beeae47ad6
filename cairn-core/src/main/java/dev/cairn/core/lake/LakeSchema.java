package dev.cairn.core.lake;

import java.util.List;
import java.util.Optional;

/**
 * The type of an event data store, by the {@code eventCategory} values its advanced event selectors name: each type has
 * its own event schema, so one store holds one type only (CloudTrail Lake's rule).
 */
public enum LakeSchema
{
    /** CloudTrail events: management, data and network activity events, which the journal holds. */
    CLOUDTRAIL_EVENTS(List.of("Management", "Data", "NetworkActivity"), true),
    /** CloudTrail Insights events (Cairn makes none yet). */
    INSIGHTS(List.of("Insight"), false),
    /** AWS Config configuration items (Cairn has no source of them). */
    CONFIGURATION_ITEMS(List.of("ConfigurationItem"), true),
    /** Audit Manager evidence (Cairn has no source of it). */
    EVIDENCE(List.of("Evidence"), false),
    /** Events from outside AWS, which arrive through channels (PutAuditEvents). */
    ACTIVITY_AUDIT_LOG(List.of("ActivityAuditLog"), false);

    private final List<String> categories;
    private final boolean ingestionControllable;

    LakeSchema(List<String> categories, boolean ingestionControllable)
    {
        this.categories = categories;
        this.ingestionControllable = ingestionControllable;
    }

    /** The {@code eventCategory} values of this type. */
    public List<String> categories()
    {
        return categories;
    }

    /**
     * Whether Start/StopEventDataStoreIngestion apply: only to stores whose category is Management, Data,
     * NetworkActivity or ConfigurationItem, as the model documents them.
     */
    public boolean ingestionControllable()
    {
        return ingestionControllable;
    }

    public static Optional<LakeSchema> ofCategory(String category)
    {
        for (LakeSchema schema : values()) {
            if (schema.categories.contains(category)) {
                return Optional.of(schema);
            }
        }
        return Optional.empty();
    }
}
