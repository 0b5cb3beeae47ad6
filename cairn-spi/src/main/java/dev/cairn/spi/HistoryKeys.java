package dev.cairn.spi;

import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupAttribute;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What every {@link EventHistory} implementation indexes and checks, so that the stores agree on it: the 64-bit index
 * keys of an event (one per lookup attribute value, and one for "all events"), event ids as two longs, UTC days of
 * event time, and the final check of a candidate event against a query. Keys are stored: their definition never
 * changes.
 */
public final class HistoryKeys
{
    /** The attribute name of the key every event has ("all events" of its account, region and category). */
    public static final String ALL_EVENTS = "*";

    private HistoryKeys() {}

    public static LocalDate dayOf(Instant time)
    {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    /**
     * The index key of (account, region, category, attribute, value): 64-bit FNV-1a over the parts' UTF-8 bytes
     * (each followed by a zero byte), finished with MurmurHash3's 64-bit mix. Stored in every history file: it never
     * changes. A collision only costs a candidate that the decoded event then fails to match.
     */
    public static long key(String accountId, String region, EventCategory category, String attribute, String value)
    {
        long hash = 0xcbf29ce484222325L;
        for (String part : new String[] {accountId, region, category.recordName(), attribute, value}) {
            hash = fnv(hash, part.getBytes(StandardCharsets.UTF_8));
            hash *= 0x100000001b3L; // the zero byte that ends each part
        }
        return mix(hash);
    }

    private static long fnv(long hash, byte[] bytes)
    {
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }

    private static long mix(long hash)
    {
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb93fe53a87bdL;
        hash ^= hash >>> 33;
        return hash;
    }

    /**
     * An event id as two longs: the UUID's bits when it is one (version 7 ids, which Cairn generates, then sort by
     * time, so inserts append), else a hash of the text.
     */
    public static long[] idKey(String eventId)
    {
        try {
            UUID uuid = UUID.fromString(eventId);
            if (uuid.toString().equals(eventId.toLowerCase(java.util.Locale.ROOT))) {
                return new long[] {uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()};
            }
        }
        catch (IllegalArgumentException e) {
            // not a UUID
        }
        byte[] bytes = eventId.getBytes(StandardCharsets.UTF_8);
        return new long[] {mix(fnv(0xcbf29ce484222325L, bytes)), mix(fnv(0x84222325cbf29ce4L, bytes))};
    }

    /** For a version 7 UUID: the UTC day its timestamp falls on. */
    public static Optional<LocalDate> idDay(String eventId)
    {
        try {
            UUID uuid = UUID.fromString(eventId);
            if (uuid.version() == 7) {
                return Optional.of(dayOf(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16)));
            }
        }
        catch (IllegalArgumentException e) {
            // not a UUID
        }
        return Optional.empty();
    }

    /**
     * The category event history files an event under, which its queries ask for: {@code INSIGHT} for Insights
     * events, {@code MANAGEMENT} for the others. Data events are indexed only when event history is configured to keep
     * them, and are then found by the lookups of management events (LookupEvents has no category for them).
     */
    public static EventCategory lookupCategory(EventCategory category)
    {
        if (!inHistory(category)) {
            throw new IllegalArgumentException("events of category " + category.recordName() + " are not in event history");
        }
        return category == EventCategory.INSIGHT ? EventCategory.INSIGHT : EventCategory.MANAGEMENT;
    }

    /**
     * Whether event history may hold events of the category: not the events from outside AWS that PutAuditEvents
     * brings in ({@code ActivityAuditLog}), which belong to CloudTrail Lake alone. {@link EventHistory#index} skips
     * them.
     */
    public static boolean inHistory(EventCategory category)
    {
        return category != EventCategory.ACTIVITY_AUDIT_LOG;
    }

    public static List<Long> keysOf(EventRecord event)
    {
        EventCategory category = lookupCategory(event.category());
        List<Long> keys = new ArrayList<>(12);
        keys.add(key(event.accountId(), event.region(), category, ALL_EVENTS, ""));
        for (LookupAttribute attribute : LookupAttribute.values()) {
            if (attribute == LookupAttribute.EVENT_ID) {
                continue; // in the ids table
            }
            for (String value : attribute.valuesOf(event)) {
                keys.add(key(event.accountId(), event.region(), category, attribute.awsName(), attribute.normalize(value)));
            }
        }
        return keys;
    }

    public static boolean matches(HistoryQuery query, EventRecord event)
    {
        if (!inHistory(event.category()) || !event.accountId().equals(query.accountId()) || !event.region().equals(query.region())
                || lookupCategory(event.category()) != query.category()) {
            return false;
        }
        long second = event.eventTime().getEpochSecond();
        if (second < query.startTime().getEpochSecond() || second > query.endTime().getEpochSecond()) {
            return false;
        }
        for (HistoryQuery.Filter filter : query.filters()) {
            if (!filter.attribute().matches(event, filter.value())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The zeroed buckets of {@link EventHistory#histogram}: one per {@code bucketSeconds} from the query's start
     * through its end (none when the range is empty).
     */
    public static long[] emptyHistogram(HistoryQuery query, long bucketSeconds)
    {
        if (bucketSeconds <= 0) {
            throw new IllegalArgumentException("bucketSeconds must be positive");
        }
        long start = query.startTime().getEpochSecond();
        long end = query.endTime().getEpochSecond();
        return end < start ? new long[0] : new long[Math.toIntExact((end - start) / bucketSeconds + 1)];
    }

    /**
     * The newest event time a page of the query can hold: its end, or its cursor's time when earlier; empty when that
     * is before the query's start (the page is empty).
     */
    public static Optional<Instant> newestTime(HistoryQuery query)
    {
        Instant upper = query.endTime();
        if (query.after().isPresent() && query.after().get().eventTime().isBefore(upper)) {
            upper = query.after().get().eventTime();
        }
        return upper.isBefore(query.startTime()) ? Optional.empty() : Optional.of(upper);
    }
}
