package dev.cairn.core.recorder;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.api.TlsDetails;
import dev.cairn.model.EventCategory;
import dev.cairn.model.LookupResource;
import dev.cairn.model.UserIdentity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything an event's record says, whatever made the event (an API call, a console sign-in): {@link Recorder}
 * turns it into the record. Build one with {@link #builder}.
 *
 * @param receivedAt when the event happened; the record's {@code eventTime} is its second, its {@code eventID} is
 *         ordered by its millisecond
 * @param region the record's {@code awsRegion}
 * @param category the record's {@code eventCategory}: management events (the default), or data events (an S3
 *         object call), which only the trails that select them deliver, and event history keeps only when configured to
 * @param errorCode the record's {@code errorCode}; sign-in failures have only an {@code errorMessage}
 * @param requestParameters the record's {@code requestParameters}, already in the record's form; empty writes null
 * @param responseElements likewise {@code responseElements}
 * @param additionalEventData {@code additionalEventData}, left out when empty
 * @param resources what event history reports as the event's resources (not written to the record)
 * @param recipientAccountId the account whose trails and history get the record ({@code recipientAccountId}); the
 *         caller's own by default
 * @param recordResources the record's {@code resources} member, left out when empty
 * @param sharedEventId the record's {@code sharedEventID}: a call recorded in two accounts has one in both records
 */
public record EventDescription(
        Instant receivedAt,
        String region,
        UserIdentity identity,
        String eventSource,
        String eventName,
        EventType eventType,
        EventCategory category,
        boolean readOnly,
        String sourceIpAddress,
        Optional<String> userAgent,
        Optional<String> errorCode,
        Optional<String> errorMessage,
        Optional<JsonNode> requestParameters,
        Optional<JsonNode> responseElements,
        Optional<JsonNode> additionalEventData,
        Optional<String> requestId,
        List<LookupResource> resources,
        String recipientAccountId,
        Optional<TlsDetails> tls,
        boolean sessionCredentialFromConsole,
        List<RecordResource> recordResources,
        Optional<String> sharedEventId)
{
    public EventDescription
    {
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(region, "region is null");
        requireNonNull(identity, "identity is null");
        requireNonNull(eventSource, "eventSource is null");
        requireNonNull(eventName, "eventName is null");
        requireNonNull(eventType, "eventType is null");
        requireNonNull(category, "category is null");
        requireNonNull(sourceIpAddress, "sourceIpAddress is null");
        requireNonNull(userAgent, "userAgent is null");
        requireNonNull(errorCode, "errorCode is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(requestParameters, "requestParameters is null");
        requireNonNull(responseElements, "responseElements is null");
        requireNonNull(additionalEventData, "additionalEventData is null");
        requireNonNull(requestId, "requestId is null");
        resources = List.copyOf(resources);
        requireNonNull(recipientAccountId, "recipientAccountId is null");
        requireNonNull(tls, "tls is null");
        recordResources = List.copyOf(recordResources);
        requireNonNull(sharedEventId, "sharedEventId is null");
    }

    /**
     * The copy recorded in the account a call acted on, when that is not the caller's (a cross-account
     * {@code AssumeRole}, an object in another account's bucket): the caller as an {@code AWSAccount} identity (its
     * principal id and account only), that account as recipient, the same {@code sharedEventID}.
     */
    public EventDescription sharedWith(String otherAccountId, String sharedId)
    {
        UserIdentity caller = new UserIdentity("AWSAccount", identity.principalId(), Optional.empty(), identity.accountId(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        return new EventDescription(receivedAt, region, caller, eventSource, eventName, eventType, category, readOnly, sourceIpAddress, userAgent, errorCode, errorMessage,
                requestParameters, responseElements, additionalEventData, requestId, resources, otherAccountId, tls, sessionCredentialFromConsole, recordResources,
                Optional.of(sharedId));
    }

    /** This description with a {@code sharedEventID}. */
    public EventDescription withSharedEventId(String sharedId)
    {
        return new EventDescription(receivedAt, region, identity, eventSource, eventName, eventType, category, readOnly, sourceIpAddress, userAgent, errorCode, errorMessage,
                requestParameters, responseElements, additionalEventData, requestId, resources, recipientAccountId, tls, sessionCredentialFromConsole, recordResources,
                Optional.of(sharedId));
    }

    /** An event of {@code identity}, recorded in its own account as a management event unless the builder is told otherwise. */
    public static Builder builder(Instant receivedAt, String region, UserIdentity identity, String eventSource, String eventName, EventType eventType)
    {
        return new Builder(receivedAt, region, identity, eventSource, eventName, eventType);
    }

    /** Assembles a description on one thread. */
    public static final class Builder
    {
        private final Instant receivedAt;
        private final String region;
        private final UserIdentity identity;
        private final String eventSource;
        private final String eventName;
        private final EventType eventType;
        private EventCategory category = EventCategory.MANAGEMENT;
        private boolean readOnly;
        private String sourceIpAddress = "";
        private Optional<String> userAgent = Optional.empty();
        private Optional<String> errorCode = Optional.empty();
        private Optional<String> errorMessage = Optional.empty();
        private Optional<JsonNode> requestParameters = Optional.empty();
        private Optional<JsonNode> responseElements = Optional.empty();
        private Optional<JsonNode> additionalEventData = Optional.empty();
        private Optional<String> requestId = Optional.empty();
        private List<LookupResource> resources = List.of();
        private String recipientAccountId;
        private Optional<TlsDetails> tls = Optional.empty();
        private boolean sessionCredentialFromConsole;
        private List<RecordResource> recordResources = List.of();

        private Builder(Instant receivedAt, String region, UserIdentity identity, String eventSource, String eventName, EventType eventType)
        {
            this.receivedAt = receivedAt;
            this.region = region;
            this.identity = identity;
            this.eventSource = eventSource;
            this.eventName = eventName;
            this.eventType = eventType;
            this.recipientAccountId = identity.accountId();
        }

        /** {@link EventCategory#DATA} for a data event (an S3 object call); {@link EventCategory#MANAGEMENT} by default. */
        public Builder category(EventCategory value)
        {
            this.category = requireNonNull(value, "value is null");
            return this;
        }

        /**
         * The account that gets the record, when not the caller's own: the bucket owner's for an anonymous call. A call
         * recorded in both accounts is described as the caller's and recorded by {@link Recorder#dataRecords}.
         */
        public Builder recipientAccountId(String value)
        {
            this.recipientAccountId = requireNonNull(value, "value is null");
            return this;
        }

        public Builder readOnly(boolean value)
        {
            this.readOnly = value;
            return this;
        }

        /** Where the event came from: the caller's address, user agent and TLS session. */
        public Builder source(String address, Optional<String> agent, Optional<TlsDetails> tlsDetails)
        {
            this.sourceIpAddress = address;
            this.userAgent = agent;
            this.tls = tlsDetails;
            return this;
        }

        public Builder error(Optional<String> code, String message)
        {
            this.errorCode = code;
            this.errorMessage = Optional.of(message);
            return this;
        }

        public Builder requestParameters(Optional<JsonNode> value)
        {
            this.requestParameters = value;
            return this;
        }

        public Builder responseElements(Optional<JsonNode> value)
        {
            this.responseElements = value;
            return this;
        }

        public Builder additionalEventData(JsonNode value)
        {
            this.additionalEventData = Optional.of(value);
            return this;
        }

        public Builder requestId(String value)
        {
            this.requestId = Optional.of(value);
            return this;
        }

        public Builder resources(List<LookupResource> value)
        {
            this.resources = value;
            return this;
        }

        public Builder recordResources(List<RecordResource> value)
        {
            this.recordResources = value;
            return this;
        }

        public Builder sessionCredentialFromConsole(boolean value)
        {
            this.sessionCredentialFromConsole = value;
            return this;
        }

        public EventDescription build()
        {
            return new EventDescription(receivedAt, region, identity, eventSource, eventName, eventType, category, readOnly, sourceIpAddress, userAgent, errorCode,
                    errorMessage, requestParameters, responseElements, additionalEventData, requestId, resources, recipientAccountId, tls, sessionCredentialFromConsole,
                    recordResources, Optional.empty());
        }
    }
}
