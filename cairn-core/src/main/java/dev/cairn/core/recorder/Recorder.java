package dev.cairn.core.recorder;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.api.ServiceModel;
import dev.cairn.core.api.Shape;
import dev.cairn.core.api.TlsDetails;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.SessionContext;
import dev.cairn.model.SessionIssuer;
import dev.cairn.model.UserIdentity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds every CloudTrail record Cairn writes, from an {@link EventDescription}: the fields of eventVersion 1.11 in
 * the order AWS writes them, with the values AWS would write. API calls, allowed, denied or failed, are described
 * from their {@link CallContext} and {@link ApiEvent}, with their members shaped by the service model; console
 * sign-ins describe themselves. Thread-safe.
 */
public final class Recorder
{
    public static final String EVENT_VERSION = "1.11";
    static final int MAXIMUM_SHORT_FIELD = 1_024;

    private final ServiceCatalog catalog;
    private final ObjectMapper mapper = Json.mapper();
    private final JsonFactory factory = mapper.getFactory();

    public Recorder(ServiceCatalog catalog)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    public EventRecord recordSuccess(CallContext call, ApiEvent event, ObjectNode output)
    {
        return record(describe(call, event, Optional.of(output), Optional.empty()));
    }

    public EventRecord recordFailure(CallContext call, ApiEvent event, CairnException error)
    {
        return record(describe(call, event, Optional.empty(), Optional.of(error)));
    }

    /**
     * The records of a call that AWS records in two accounts (the caller's, and the one whose resource it acted on,
     * such as another account's role): one per account, with one {@code sharedEventID}. A call within one account
     * has one record.
     */
    public List<EventRecord> records(CallContext call, ApiEvent event, Optional<ObjectNode> output, Optional<CairnException> error)
    {
        return records(describe(call, event, output, error), event.alsoRecordedIn());
    }

    /**
     * The records of a data event, as AWS records an S3 object call: in the caller's account and in the bucket
     * owner's. When they differ, two records with one {@code sharedEventID}: the caller's, with the caller's identity,
     * and the owner's, with the caller as an {@code AWSAccount} identity (principal id and account) and the owner as
     * recipient; within one account, one record. The description is the caller's copy (its recipient the caller's
     * account, or the owner's for a caller without one, such as an anonymous call).
     *
     * @param description a description of category {@link EventCategory#DATA}
     * @param bucketOwnerAccountId the account that owns the bucket the call acted on
     */
    public List<EventRecord> dataRecords(EventDescription description, String bucketOwnerAccountId)
    {
        requireNonNull(bucketOwnerAccountId, "bucketOwnerAccountId is null");
        if (description.category() != EventCategory.DATA) {
            throw new IllegalArgumentException("not a data event: " + description.eventName() + " of category " + description.category());
        }
        return records(description, Optional.of(bucketOwnerAccountId));
    }

    /** The records of an event, and of its copy in {@code otherAccount} when that is not the description's recipient. */
    private List<EventRecord> records(EventDescription description, Optional<String> otherAccount)
    {
        Optional<String> other = otherAccount.filter(account -> !account.equals(description.recipientAccountId()));
        if (other.isEmpty()) {
            return List.of(record(description));
        }
        String sharedId = IdGenerator.uuid();
        return List.of(record(description.withSharedEventId(sharedId)), record(description.sharedWith(other.get(), sharedId)));
    }

    /** An API call's description: the caller, the call's source, and its input and output as the model shapes them. */
    private EventDescription describe(CallContext call, ApiEvent event, Optional<ObjectNode> output, Optional<CairnException> error)
    {
        ServiceModel model = catalog.model(call.service());
        ServiceModel.OperationModel operation = model.operation(event.name()).orElseThrow();
        EventDescription.Builder description = EventDescription.builder(call.receivedAt(), call.eventRegion(), UserIdentity.of(call.principal()),
                        call.service().eventSource(), event.name(), EventType.AWS_API_CALL)
                .readOnly(event.readOnly())
                .source(call.sourceIpAddress(), call.userAgent(), call.tls())
                .requestParameters(shaped(operation.input().map(model::shape), hidden(call.input(), event.hiddenParameters())))
                .requestId(call.requestId())
                .resources(event.resources())
                .recordResources(event.recordResources())
                .sessionCredentialFromConsole(call.fromConsole());
        if (output.isPresent() && event.responseElements().isPresent()) {
            description.responseElements(shaped(operation.output().map(model::shape), event.responseElements().get()));
        }
        error.ifPresent(failure -> description.error(Optional.of(failure.errorCode().recordCode()), failure.getMessage()));
        return description.build();
    }

    /** The input with the values of the hidden members replaced by {@link ApiEvent#HIDDEN}. */
    private static ObjectNode hidden(ObjectNode input, Set<String> hiddenParameters)
    {
        if (hiddenParameters.stream().noneMatch(input::has)) {
            return input;
        }
        ObjectNode copy = input.deepCopy();
        hiddenParameters.stream().filter(copy::has).forEach(member -> copy.put(member, ApiEvent.HIDDEN));
        return copy;
    }

    /** The record of an event, ready for the journal. */
    public EventRecord record(EventDescription event)
    {
        // the time the event happened: a trail started or stopped by a call takes that call's own event and none
        // received before (or after) it, to the millisecond the event id carries
        Instant eventTime = event.receivedAt().truncatedTo(ChronoUnit.SECONDS);
        String eventId = IdGenerator.timeOrderedUuid(event.receivedAt().toEpochMilli());
        UserIdentity identity = event.identity();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1_024);
        try (JsonGenerator json = factory.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("eventVersion", EVENT_VERSION);
            writeIdentity(json, identity);
            json.writeStringField("eventTime", DateTimeFormatter.ISO_INSTANT.format(eventTime));
            json.writeStringField("eventSource", event.eventSource());
            json.writeStringField("eventName", event.eventName());
            json.writeStringField("awsRegion", event.region());
            json.writeStringField("sourceIPAddress", event.sourceIpAddress());
            if (event.userAgent().isPresent()) {
                json.writeStringField("userAgent", truncate(event.userAgent().get()));
            }
            if (event.errorCode().isPresent()) {
                json.writeStringField("errorCode", truncate(event.errorCode().get()));
            }
            if (event.errorMessage().isPresent()) {
                json.writeStringField("errorMessage", truncate(event.errorMessage().get()));
            }
            writeMember(json, "requestParameters", event.requestParameters());
            writeMember(json, "responseElements", event.responseElements());
            if (event.additionalEventData().isPresent()) {
                writeMember(json, "additionalEventData", event.additionalEventData());
            }
            if (event.requestId().isPresent()) {
                json.writeStringField("requestID", event.requestId().get());
            }
            json.writeStringField("eventID", eventId);
            json.writeBooleanField("readOnly", event.readOnly());
            if (!event.recordResources().isEmpty()) {
                json.writeArrayFieldStart("resources");
                for (RecordResource resource : event.recordResources()) {
                    json.writeStartObject();
                    writeOptional(json, "accountId", resource.accountId());
                    json.writeStringField("type", resource.type());
                    json.writeStringField(resource.arnPrefix() ? "ARNPrefix" : "ARN", resource.arn());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeStringField("eventType", event.eventType().recordName());
            json.writeBooleanField("managementEvent", event.category() == EventCategory.MANAGEMENT);
            json.writeStringField("recipientAccountId", event.recipientAccountId());
            if (event.sharedEventId().isPresent()) {
                json.writeStringField("sharedEventID", event.sharedEventId().get());
            }
            json.writeStringField("eventCategory", event.category().recordName());
            if (event.tls().isPresent()) {
                TlsDetails tls = event.tls().get();
                json.writeObjectFieldStart("tlsDetails");
                json.writeStringField("tlsVersion", tls.tlsVersion());
                json.writeStringField("cipherSuite", tls.cipherSuite());
                json.writeStringField("clientProvidedHostHeader", tls.clientProvidedHostHeader());
                json.writeEndObject();
            }
            if (event.sessionCredentialFromConsole()) {
                json.writeStringField("sessionCredentialFromConsole", "true");
            }
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        return new EventRecord(
                event.region(),
                event.recipientAccountId(),
                eventTime,
                eventId,
                event.eventName(),
                event.eventSource(),
                event.readOnly(),
                identity.lookupUsername(),
                identity.usedAccessKeyId(),
                event.category(),
                event.resources(),
                bytes.toByteArray());
    }

    /**
     * {@code userIdentity}, its members in AWS's order. A session's context has the role as {@code sessionIssuer} for
     * an assumed role (AWS's empty one for a user's own session), an empty {@code webIdFederationData}, its attributes
     * as strings, as AWS writes them (and as AWS's processing library reads them), and the {@code sourceIdentity} the
     * role session was given.
     */
    private static void writeIdentity(JsonGenerator json, UserIdentity identity)
            throws IOException
    {
        json.writeObjectFieldStart("userIdentity");
        json.writeStringField("type", identity.type());
        writeOptional(json, "principalId", identity.principalId());
        writeOptional(json, "arn", identity.arn());
        json.writeStringField("accountId", identity.accountId());
        writeOptional(json, "accessKeyId", identity.accessKeyId());
        writeOptional(json, "userName", identity.userName());
        if (identity.sessionContext().isPresent()) {
            SessionContext session = identity.sessionContext().get();
            json.writeObjectFieldStart("sessionContext");
            json.writeObjectFieldStart("sessionIssuer");
            if (session.sessionIssuer().isPresent()) {
                SessionIssuer issuer = session.sessionIssuer().get();
                json.writeStringField("type", issuer.type());
                json.writeStringField("principalId", issuer.principalId());
                json.writeStringField("arn", issuer.arn());
                json.writeStringField("accountId", issuer.accountId());
                json.writeStringField("userName", issuer.userName());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("webIdFederationData");
            json.writeEndObject();
            json.writeObjectFieldStart("attributes");
            json.writeStringField("creationDate", DateTimeFormatter.ISO_INSTANT.format(session.creationDate().truncatedTo(ChronoUnit.SECONDS)));
            json.writeStringField("mfaAuthenticated", Boolean.toString(session.mfaAuthenticated()));
            json.writeEndObject();
            writeOptional(json, "sourceIdentity", session.sourceIdentity());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeOptional(JsonGenerator json, String field, Optional<String> value)
            throws IOException
    {
        if (value.isPresent()) {
            json.writeStringField(field, value.get());
        }
    }

    private void writeMember(JsonGenerator json, String field, Optional<JsonNode> value)
            throws IOException
    {
        json.writeFieldName(field);
        if (value.isEmpty()) {
            json.writeNull();
        }
        else {
            mapper.writeTree(json, value.get());
        }
    }

    /** Members as the record shows them; empty (written as null) when there are none. */
    private static Optional<JsonNode> shaped(Optional<Shape> shape, ObjectNode value)
    {
        if (shape.isEmpty() || value == null || value.isEmpty()) {
            return Optional.empty();
        }
        JsonNode shaped = RecordShaper.shape(shape.get(), value);
        return shaped.isEmpty() ? Optional.empty() : Optional.of(shaped);
    }

    private static String truncate(String value)
    {
        return value.length() <= MAXIMUM_SHORT_FIELD ? value : value.substring(0, MAXIMUM_SHORT_FIELD);
    }
}
