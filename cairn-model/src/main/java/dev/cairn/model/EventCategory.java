package dev.cairn.model;

/**
 * The record's {@code eventCategory}. Journal entries carry it by {@link #recordName()}, so a value's record name never
 * changes and new values are appended.
 */
public enum EventCategory
{
    MANAGEMENT("Management"),
    DATA("Data"),
    INSIGHT("Insight"),
    /**
     * Events from outside AWS that PutAuditEvents brings in through a channel, on their way to the channel's event data
     * stores (CloudTrail Lake): not CloudTrail records of calls. Event history, trails and the event bus never take
     * them.
     */
    ACTIVITY_AUDIT_LOG("ActivityAuditLog");

    private final String recordName;

    EventCategory(String recordName)
    {
        this.recordName = recordName;
    }

    public String recordName()
    {
        return recordName;
    }

    public static EventCategory fromRecordName(String name)
    {
        for (EventCategory category : values()) {
            if (category.recordName.equals(name)) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown event category: " + name);
    }
}
