package dev.cairn.model;

/**
 * The record's {@code eventCategory}.
 */
public enum EventCategory
{
    MANAGEMENT("Management"),
    DATA("Data"),
    INSIGHT("Insight"),
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
