package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.trail.Trail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A channel through which events from outside AWS reach event data stores (PutAuditEvents). Immutable.
 *
 * @param id a random UUID, the last part of the ARN
 * @param region the region it was created in; PutAuditEvents calls name it there
 * @param source {@code Custom} (Cairn has no partner integrations)
 * @param destinations the ARNs of the event data stores its events go to: each single-region, of the channel's account
 *         and region, selecting {@code ActivityAuditLog}
 * @param resourcePolicy who else may call PutAuditEvents on it (PutResourcePolicy), as given
 * @param ingestion the latest ingestion through it, for GetChannel's {@code IngestionStatus}
 */
public record Channel(
        String id,
        String accountId,
        String region,
        String name,
        String source,
        List<String> destinations,
        List<Trail.Tag> tags,
        Instant created,
        Optional<String> resourcePolicy,
        Ingestion ingestion)
{
    public static final String CUSTOM_SOURCE = "Custom";

    public Channel
    {
        requireNonNull(id, "id is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        destinations = List.copyOf(destinations);
        tags = tags == null ? List.of() : List.copyOf(tags);
        requireNonNull(created, "created is null");
        resourcePolicy = resourcePolicy == null ? Optional.empty() : resourcePolicy;
        ingestion = ingestion == null ? Ingestion.NONE : ingestion;
    }

    public static String arn(String region, String accountId, String id)
    {
        return "arn:aws:cloudtrail:" + region + ":" + accountId + ":channel/" + id;
    }

    public String arn()
    {
        return arn(region, accountId, id);
    }

    public Channel withName(String newName)
    {
        return new Channel(id, accountId, region, newName, source, destinations, tags, created, resourcePolicy, ingestion);
    }

    public Channel withDestinations(List<String> newDestinations)
    {
        return new Channel(id, accountId, region, name, source, newDestinations, tags, created, resourcePolicy, ingestion);
    }

    public Channel withTags(List<Trail.Tag> newTags)
    {
        return new Channel(id, accountId, region, name, source, destinations, newTags, created, resourcePolicy, ingestion);
    }

    public Channel withResourcePolicy(Optional<String> newPolicy)
    {
        return new Channel(id, accountId, region, name, source, destinations, tags, created, newPolicy, ingestion);
    }

    public Channel withIngestion(Ingestion newIngestion)
    {
        return new Channel(id, accountId, region, name, source, destinations, tags, created, resourcePolicy, newIngestion);
    }

    /**
     * The most recent ingestion attempts, as GetChannel's {@code IngestionStatus} reports them. PutAuditEvents does not
     * fill them in: writing the channel on every call would make each call a change of metadata.
     */
    public record Ingestion(
            Optional<Instant> latestSuccessTime,
            Optional<String> latestSuccessEventId,
            Optional<String> latestErrorCode,
            Optional<Instant> latestAttemptTime,
            Optional<String> latestAttemptEventId)
    {
        public static final Ingestion NONE = new Ingestion(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        public Ingestion
        {
            latestSuccessTime = latestSuccessTime == null ? Optional.empty() : latestSuccessTime;
            latestSuccessEventId = latestSuccessEventId == null ? Optional.empty() : latestSuccessEventId;
            latestErrorCode = latestErrorCode == null ? Optional.empty() : latestErrorCode;
            latestAttemptTime = latestAttemptTime == null ? Optional.empty() : latestAttemptTime;
            latestAttemptEventId = latestAttemptEventId == null ? Optional.empty() : latestAttemptEventId;
        }
    }
}
