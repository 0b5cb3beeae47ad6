package dev.cairn.core.lake;

/**
 * The {@code Status} of an event data store, as Cairn reports it. CloudTrail passes through {@code CREATED},
 * {@code STARTING_INGESTION} and {@code STOPPING_INGESTION} on its way; Cairn's changes take effect at once, so a
 * store is only ever in one of these.
 */
public enum EventDataStoreStatus
{
    /** Ingesting live events (or, for stores of events from outside AWS, accepting them through channels). */
    ENABLED,
    /** Created with {@code StartIngestion} false, or stopped by StopEventDataStoreIngestion. */
    STOPPED_INGESTION,
    /** Deleted: restorable for seven days, then removed for good. */
    PENDING_DELETION
}
