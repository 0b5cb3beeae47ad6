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
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.ops.Operation;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Builds the CloudTrail record of a call, allowed, denied or failed: the fields of eventVersion 1.11 in the order
 * AWS writes them, with the values AWS would write. Thread-safe.
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

    public EventRecord recordSuccess(CallContext call, Operation operation, ObjectNode output)
    {
        return record(call, operation, Optional.of(output), Optional.empty());
    }

    public EventRecord recordFailure(CallContext call, Operation operation, CairnException error)
    {
        return record(call, operation, Optional.empty(), Optional.of(error));
    }

    private EventRecord record(CallContext call, Operation operation, Optional<ObjectNode> output, Optional<CairnException> error)
    {
        // the time the call was received: a trail started or stopped by a call takes that call's own event and none
        // received before (or after) it, to the millisecond the event id carries
        Instant now = call.receivedAt();
        Instant eventTime = now.truncatedTo(ChronoUnit.SECONDS);
        String eventId = IdGenerator.timeOrderedUuid(now.toEpochMilli());
        Principal principal = call.principal();
        ServiceModel model = catalog.model(call.service());
        ServiceModel.OperationModel operationModel = model.operation(operation.name()).orElseThrow();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1_024);
        try (JsonGenerator json = factory.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("eventVersion", EVENT_VERSION);
            json.writeObjectFieldStart("userIdentity");
            json.writeStringField("type", principal.type().recordName());
            json.writeStringField("principalId", principal.principalId());
            json.writeStringField("arn", principal.arn());
            json.writeStringField("accountId", principal.accountId());
            json.writeStringField("accessKeyId", principal.accessKeyId());
            if (principal.type() == PrincipalType.IAM_USER) {
                json.writeStringField("userName", principal.userName());
            }
            json.writeEndObject();
            json.writeStringField("eventTime", DateTimeFormatter.ISO_INSTANT.format(eventTime));
            json.writeStringField("eventSource", call.service().eventSource());
            json.writeStringField("eventName", operation.name());
            json.writeStringField("awsRegion", call.eventRegion());
            json.writeStringField("sourceIPAddress", call.sourceIpAddress());
            if (call.userAgent().isPresent()) {
                json.writeStringField("userAgent", truncate(call.userAgent().get()));
            }
            if (error.isPresent()) {
                json.writeStringField("errorCode", truncate(error.get().errorCode().recordCode()));
                json.writeStringField("errorMessage", truncate(error.get().getMessage()));
            }
            json.writeFieldName("requestParameters");
            writeShaped(json, operationModel.input().map(model::shape).orElse(null), call.input());
            json.writeFieldName("responseElements");
            if (output.isPresent() && !operation.readOnly()) {
                writeShaped(json, operationModel.output().map(model::shape).orElse(null), output.get());
            }
            else {
                json.writeNull();
            }
            json.writeStringField("requestID", call.requestId());
            json.writeStringField("eventID", eventId);
            json.writeBooleanField("readOnly", operation.readOnly());
            json.writeStringField("eventType", "AwsApiCall");
            json.writeBooleanField("managementEvent", true);
            json.writeStringField("recipientAccountId", principal.accountId());
            json.writeStringField("eventCategory", EventCategory.MANAGEMENT.recordName());
            if (call.tls().isPresent()) {
                json.writeObjectFieldStart("tlsDetails");
                json.writeStringField("tlsVersion", call.tls().get().tlsVersion());
                json.writeStringField("cipherSuite", call.tls().get().cipherSuite());
                json.writeStringField("clientProvidedHostHeader", call.tls().get().clientProvidedHostHeader());
                json.writeEndObject();
            }
            if (call.fromConsole()) {
                json.writeStringField("sessionCredentialFromConsole", "true");
            }
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        return new EventRecord(
                call.eventRegion(),
                principal.accountId(),
                eventTime,
                eventId,
                operation.name(),
                call.service().eventSource(),
                operation.readOnly(),
                Optional.of(principal.userName()),
                Optional.of(principal.accessKeyId()),
                EventCategory.MANAGEMENT,
                operation.lookupResources(call, output),
                bytes.toByteArray());
    }

    private void writeShaped(JsonGenerator json, dev.cairn.core.api.Shape shape, ObjectNode value)
            throws IOException
    {
        if (shape == null || value == null || value.isEmpty()) {
            json.writeNull();
            return;
        }
        JsonNode shaped = RecordShaper.shape(shape, value);
        if (shaped.isEmpty()) {
            json.writeNull();
            return;
        }
        mapper.writeTree(json, shaped);
    }

    private static String truncate(String value)
    {
        return value.length() <= MAXIMUM_SHORT_FIELD ? value : value.substring(0, MAXIMUM_SHORT_FIELD);
    }
}
