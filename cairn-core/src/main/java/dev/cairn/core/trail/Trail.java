package dev.cairn.core.trail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.EventRecord;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trail as stored: its settings, selectors, tags and logging history. Immutable; change it with {@link #toBuilder()}.
 *
 * @param eventSelectors basic selectors as given to PutEventSelectors; empty when never set (all management events)
 * @param advancedEventSelectors advanced selectors; at most one of the two selector kinds is present
 * @param insightSelectors as given to PutInsightSelectors; empty when not enabled
 * @param loggingPeriods when the trail was logging, oldest first (the newest few): delivery takes an event when its
 *         time lies in one of them
 * @param deleted when DeleteTrail deleted it: such a trail is no longer visible through the API, and its delivery
 *         finishes (see {@link #retire}) and then forgets it
 * @param organizationId for an organization trail, the organization whose accounts' events it logs (the trail
 *         belongs to the organization's management account)
 */
public record Trail(
        String accountId,
        String name,
        String homeRegion,
        String s3BucketName,
        Optional<String> s3KeyPrefix,
        Optional<String> snsTopicName,
        boolean includeGlobalServiceEvents,
        boolean multiRegion,
        boolean logFileValidationEnabled,
        Optional<String> cloudWatchLogsLogGroupArn,
        Optional<String> cloudWatchLogsRoleArn,
        Optional<String> kmsKeyId,
        Optional<JsonNode> eventSelectors,
        Optional<JsonNode> advancedEventSelectors,
        Optional<JsonNode> insightSelectors,
        List<Tag> tags,
        boolean logging,
        Optional<Instant> startLoggingTime,
        Optional<Instant> stopLoggingTime,
        List<LoggingPeriod> loggingPeriods,
        Instant created,
        Optional<Instant> deleted,
        Optional<String> organizationId)
{
    /** How many logging periods a trail remembers: enough for any delivery backlog. */
    static final int KEPT_PERIODS = 20;

    public Trail
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
        requireNonNull(homeRegion, "homeRegion is null");
        requireNonNull(s3BucketName, "s3BucketName is null");
        requireNonNull(s3KeyPrefix, "s3KeyPrefix is null");
        requireNonNull(snsTopicName, "snsTopicName is null");
        requireNonNull(cloudWatchLogsLogGroupArn, "cloudWatchLogsLogGroupArn is null");
        requireNonNull(cloudWatchLogsRoleArn, "cloudWatchLogsRoleArn is null");
        requireNonNull(kmsKeyId, "kmsKeyId is null");
        // a document without them reads back as JSON null: that is none
        eventSelectors = present(eventSelectors);
        advancedEventSelectors = present(advancedEventSelectors);
        insightSelectors = present(insightSelectors);
        tags = tags == null ? List.of() : List.copyOf(tags);
        requireNonNull(startLoggingTime, "startLoggingTime is null");
        requireNonNull(stopLoggingTime, "stopLoggingTime is null");
        loggingPeriods = loggingPeriods == null ? List.of() : List.copyOf(loggingPeriods);
        requireNonNull(created, "created is null");
        deleted = deleted == null ? Optional.empty() : deleted;
        // trails stored before organization trails have none
        organizationId = organizationId == null ? Optional.empty() : organizationId;
    }

    public boolean isOrganizationTrail()
    {
        return organizationId.isPresent();
    }

    private static Optional<JsonNode> present(Optional<JsonNode> node)
    {
        return node == null ? Optional.empty() : node.filter(value -> !value.isNull() && !value.isMissingNode());
    }

    public static String arn(String homeRegion, String accountId, String name)
    {
        return "arn:aws:cloudtrail:" + homeRegion + ":" + accountId + ":trail/" + name;
    }

    public String arn()
    {
        return arn(homeRegion, accountId, name);
    }

    /** The regions whose events the trail takes, among those served. */
    public List<String> regions(List<String> served)
    {
        if (multiRegion) {
            return served;
        }
        return served.contains(homeRegion) ? List.of(homeRegion) : List.of();
    }

    /** Whether the trail appears in {@code region}: its home region, or every region for a multi-region trail. */
    public boolean visibleIn(String region)
    {
        return multiRegion || homeRegion.equals(region);
    }

    /**
     * Whether the trail was logging when the event's call was received: to the millisecond by its time-ordered event
     * id (UUIDv7), else by its {@code eventTime}.
     */
    public boolean loggingAt(EventRecord event)
    {
        Instant time = receivedAt(event);
        for (LoggingPeriod period : loggingPeriods) {
            if (period.covers(time)) {
                return true;
            }
        }
        return false;
    }

    static Instant receivedAt(EventRecord event)
    {
        String id = event.eventId();
        if (id.length() == 36 && id.charAt(14) == '7') {
            try {
                long millis = Long.parseLong(id.substring(0, 8) + id.substring(9, 13), 16);
                if (Math.abs(millis - event.eventTime().toEpochMilli()) < 1_000) {
                    return Instant.ofEpochMilli(millis);
                }
            }
            catch (NumberFormatException e) {
                // not one of ours
            }
        }
        return event.eventTime();
    }

    public Trail startLogging(Instant now)
    {
        if (logging) {
            return this;
        }
        List<LoggingPeriod> periods = new ArrayList<>(loggingPeriods);
        periods.add(new LoggingPeriod(now, Optional.empty()));
        Builder builder = toBuilder();
        builder.logging = true;
        builder.startLoggingTime = Optional.of(now);
        builder.loggingPeriods = periods.subList(Math.max(0, periods.size() - KEPT_PERIODS), periods.size());
        return builder.build();
    }

    public Trail stopLogging(Instant now)
    {
        if (!logging) {
            return this;
        }
        List<LoggingPeriod> periods = new ArrayList<>(loggingPeriods);
        if (!periods.isEmpty()) {
            LoggingPeriod last = periods.remove(periods.size() - 1);
            periods.add(new LoggingPeriod(last.start(), Optional.of(now)));
        }
        Builder builder = toBuilder();
        builder.logging = false;
        builder.stopLoggingTime = Optional.of(now);
        builder.loggingPeriods = periods;
        return builder.build();
    }

    /**
     * The trail as its delivery sees it after DeleteTrail at {@code now}: logging stopped then (the deletion's own
     * event included), so its last log files and the digest that closes its chain are still written.
     */
    public Trail retire(Instant now)
    {
        Builder builder = stopLogging(now).toBuilder();
        builder.deleted = Optional.of(now);
        return builder.build();
    }

    public Builder toBuilder()
    {
        return new Builder(this);
    }

    /** A tag; a key given without a value has none. */
    public record Tag(String key, Optional<String> value)
    {
        public Tag
        {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
        }
    }

    /** From {@code start} to {@code stop} inclusive (to the millisecond), or still going. */
    public record LoggingPeriod(Instant start, Optional<Instant> stop)
    {
        public LoggingPeriod
        {
            requireNonNull(start, "start is null");
            requireNonNull(stop, "stop is null");
        }

        boolean covers(Instant time)
        {
            return !time.isBefore(start.truncatedTo(ChronoUnit.MILLIS)) && (stop.isEmpty() || !time.isAfter(stop.get().truncatedTo(ChronoUnit.MILLIS)));
        }
    }

    public static final class Builder
    {
        public String accountId;
        public String name;
        public String homeRegion;
        public String s3BucketName;
        public Optional<String> s3KeyPrefix = Optional.empty();
        public Optional<String> snsTopicName = Optional.empty();
        public boolean includeGlobalServiceEvents = true;
        public boolean multiRegion;
        public boolean logFileValidationEnabled;
        public Optional<String> cloudWatchLogsLogGroupArn = Optional.empty();
        public Optional<String> cloudWatchLogsRoleArn = Optional.empty();
        public Optional<String> kmsKeyId = Optional.empty();
        public Optional<JsonNode> eventSelectors = Optional.empty();
        public Optional<JsonNode> advancedEventSelectors = Optional.empty();
        public Optional<JsonNode> insightSelectors = Optional.empty();
        public List<Tag> tags = List.of();
        public boolean logging;
        public Optional<Instant> startLoggingTime = Optional.empty();
        public Optional<Instant> stopLoggingTime = Optional.empty();
        public List<LoggingPeriod> loggingPeriods = List.of();
        public Instant created;
        public Optional<Instant> deleted = Optional.empty();
        public Optional<String> organizationId = Optional.empty();

        public Builder() {}

        private Builder(Trail trail)
        {
            accountId = trail.accountId;
            name = trail.name;
            homeRegion = trail.homeRegion;
            s3BucketName = trail.s3BucketName;
            s3KeyPrefix = trail.s3KeyPrefix;
            snsTopicName = trail.snsTopicName;
            includeGlobalServiceEvents = trail.includeGlobalServiceEvents;
            multiRegion = trail.multiRegion;
            logFileValidationEnabled = trail.logFileValidationEnabled;
            cloudWatchLogsLogGroupArn = trail.cloudWatchLogsLogGroupArn;
            cloudWatchLogsRoleArn = trail.cloudWatchLogsRoleArn;
            kmsKeyId = trail.kmsKeyId;
            eventSelectors = trail.eventSelectors;
            advancedEventSelectors = trail.advancedEventSelectors;
            insightSelectors = trail.insightSelectors;
            tags = trail.tags;
            logging = trail.logging;
            startLoggingTime = trail.startLoggingTime;
            stopLoggingTime = trail.stopLoggingTime;
            loggingPeriods = trail.loggingPeriods;
            created = trail.created;
            deleted = trail.deleted;
            organizationId = trail.organizationId;
        }

        public Trail build()
        {
            return new Trail(accountId, name, homeRegion, s3BucketName, s3KeyPrefix, snsTopicName, includeGlobalServiceEvents, multiRegion,
                    logFileValidationEnabled, cloudWatchLogsLogGroupArn, cloudWatchLogsRoleArn, kmsKeyId, eventSelectors, advancedEventSelectors,
                    insightSelectors, tags, logging, startLoggingTime, stopLoggingTime, loggingPeriods, created, deleted, organizationId);
        }
    }
}
