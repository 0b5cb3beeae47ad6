package dev.cairn.core.ops.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.iam.InMemoryMetadata;
import dev.cairn.core.lake.AuditEvent;
import dev.cairn.core.lake.AuditEventEntries;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.recorder.ApiEvent;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;
import dev.cairn.model.Principal;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.LogEventWriter;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.OutboxWriter;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * PutAuditEvents over in-memory metadata: per-event results, the journal entries of the accepted events, the
 * call-level errors, and the call's own record (authorization by identity policies and model validation are the
 * dispatcher's).
 */
public class TestPutAuditEvents
{
    private static final String OWNER = "111122223333";
    private static final String PARTNER = "444455556666";
    private static final String REGION = "us-east-1";
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.500Z");
    private static final String CHANNEL_ID = "0a1b2c3d-1111-4222-8333-944455556666";
    private static final String CHANNEL_ARN = Channel.arn(REGION, OWNER, CHANNEL_ID);

    private final InMemoryMetadata metadata = new InMemoryMetadata();
    private final PutAuditEvents operation = new PutAuditEvents();

    public TestPutAuditEvents()
            throws IOException
    {
        new LakeRepository(metadata).put(channel(Optional.empty()));
    }

    @Test
    public void acceptedEventsBecomeJournalEntriesAndTheOthersAreReported()
    {
        String good = example(OWNER).toString();
        String other = example(OWNER).put("eventName", "Logout").toString();
        WriteOperation.Executed executed = run(root(OWNER), input(CHANNEL_ARN,
                event("a-1", good, Optional.of(AuditEvent.checksum(good))),
                event("a-2", "not json", Optional.empty()),
                event("a-3", example(OWNER).without("UID").toString(), Optional.empty()),
                event("a-4", good, Optional.of(AuditEvent.checksum(other))),
                event("a-5", example(PARTNER).toString(), Optional.empty()),
                event("a-6", other, Optional.empty())));

        ArrayNode successful = (ArrayNode) executed.output().get("successful");
        assertThat(successful).extracting(node -> node.path("id").asText()).containsExactly("a-1", "a-6");
        ArrayNode failed = (ArrayNode) executed.output().get("failed");
        assertThat(failed).extracting(node -> node.path("id").asText() + " " + node.path("errorCode").asText())
                .containsExactly("a-2 InvalidData", "a-3 FieldNotFound", "a-4 InvalidChecksum", "a-5 InvalidRecipient");
        assertThat(failed).allSatisfy(node -> assertThat(node.path("errorMessage").asText()).isNotEmpty());

        List<EventRecord> entries = executed.entries();
        assertThat(entries).extracting(EventRecord::eventId).containsExactly(successful.get(0).path("eventID").asText(), successful.get(1).path("eventID").asText());
        assertThat(entries).extracting(EventRecord::eventName).containsExactly("eventName", "Logout");
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.category()).isEqualTo(EventCategory.ACTIVITY_AUDIT_LOG);
            assertThat(entry.accountId()).isEqualTo(OWNER);
            assertThat(entry.region()).isEqualTo(REGION);
            assertThat(AuditEventEntries.channelArn(entry)).isEqualTo(CHANNEL_ARN);
        });
        assertThat(successful.get(0).path("eventID").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .isNotEqualTo(successful.get(1).path("eventID").asText());
    }

    @Test
    public void noEventAcceptedIsStillASuccessfulCall()
    {
        WriteOperation.Executed executed = run(root(OWNER), input(CHANNEL_ARN, event("only", "{}", Optional.empty())));
        assertThat(executed.output().get("successful")).isEmpty();
        assertThat(executed.output().get("failed")).hasSize(1);
        assertThat(executed.entries()).isEmpty();
    }

    @Test
    public void theChannelMustBeNamedByArnAndExistInTheCallsRegion()
    {
        String good = example(OWNER).toString();
        assertError(() -> run(root(OWNER), input("arn:aws:cloudtrail:us-east-1:" + OWNER + ":trail/t", event("1", good, Optional.empty()))),
                ErrorCode.DATA_INVALID_CHANNEL_ARN, "not a valid channel ARN");
        assertError(() -> run(root(OWNER), input(Channel.arn(REGION, OWNER, "00000000-0000-4000-8000-000000000000"), event("1", good, Optional.empty()))),
                ErrorCode.DATA_CHANNEL_NOT_FOUND, "not found");
        assertError(() -> run(root(OWNER), input(Channel.arn("us-west-2", OWNER, CHANNEL_ID), event("1", good, Optional.empty()))),
                ErrorCode.DATA_CHANNEL_NOT_FOUND, "not found");
        // a call from another region does not find it by its own ARN either
        assertError(() -> run(root(OWNER), "us-west-2", input(CHANNEL_ARN, event("1", good, Optional.empty()))), ErrorCode.DATA_CHANNEL_NOT_FOUND, "not found");
        assertError(() -> run(root(OWNER), input(CHANNEL_ARN, event("1", good, Optional.empty()), event("1", good, Optional.empty()))),
                ErrorCode.DATA_DUPLICATED_AUDIT_EVENT_ID, "1");
    }

    @Test
    public void anotherAccountNeedsTheResourcePolicyAndItsExternalId()
            throws IOException
    {
        String data = example(OWNER).toString();
        assertError(() -> run(root(PARTNER), input(CHANNEL_ARN, event("1", data, Optional.empty()))), ErrorCode.DATA_CHANNEL_INSUFFICIENT_PERMISSION, PARTNER);
        // a channel of the owner's that does not exist looks the same to another account
        String missing = Channel.arn(REGION, OWNER, "00000000-0000-4000-8000-000000000000");
        assertError(() -> run(root(PARTNER), input(missing, event("1", data, Optional.empty()))), ErrorCode.DATA_CHANNEL_INSUFFICIENT_PERMISSION, PARTNER);

        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + PARTNER + "\"},"
                + "\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + CHANNEL_ARN + "\","
                + "\"Condition\":{\"StringEquals\":{\"cloudtrail:ExternalId\":\"ext-1\"}}}]}";
        new LakeRepository(metadata).put(channel(Optional.of(policy)));
        assertError(() -> run(root(PARTNER), input(CHANNEL_ARN, event("1", data, Optional.empty()))), ErrorCode.DATA_CHANNEL_INSUFFICIENT_PERMISSION, PARTNER);
        ObjectNode withWrongId = input(CHANNEL_ARN, event("1", data, Optional.empty()));
        withWrongId.put("externalId", "ext-2");
        assertError(() -> run(root(PARTNER), withWrongId), ErrorCode.DATA_CHANNEL_INSUFFICIENT_PERMISSION, PARTNER);
        ObjectNode withId = input(CHANNEL_ARN, event("1", data, Optional.empty()));
        withId.put("externalId", "ext-1");
        WriteOperation.Executed executed = run(root(PARTNER), withId);
        assertThat(executed.entries()).hasSize(1);
        // the events are the owner's: their recipient is the channel owner's account
        assertThat(executed.entries().get(0).accountId()).isEqualTo(OWNER);
    }

    @Test
    public void theCallIsADataEventOnItsChannelWithoutTheEvents()
            throws IOException
    {
        ObjectNode input = input(CHANNEL_ARN, event("1", example(OWNER).toString(), Optional.empty()));
        input.put("externalId", "ext-1");
        CallContext call = call(root(OWNER), REGION, input);
        WriteOperation.Executed executed = operation.executeWithEntries(call, batch());
        ApiEvent event = new ApiEvent(operation.name(), operation.readOnly(), operation.lookupResources(call, Optional.of(executed.output())),
                operation.responseElements(executed.output()), operation.recordResources(call), Optional.empty(), operation.category(),
                operation.requestParameters(call.input()));
        EventRecord record = new Recorder(new ServiceCatalog(Json.mapper())).recordSuccess(call, event, executed.output());

        JsonNode json = Json.mapper().readTree(record.json());
        assertThat(json.path("eventSource").asText()).isEqualTo("cloudtrail-data.amazonaws.com");
        assertThat(json.path("eventName").asText()).isEqualTo("PutAuditEvents");
        assertThat(json.path("eventCategory").asText()).isEqualTo("Data");
        assertThat(json.path("managementEvent").asBoolean()).isFalse();
        assertThat(json.path("readOnly").asBoolean()).isFalse();
        assertThat(json.path("requestParameters")).isEqualTo(Json.mapper().createObjectNode().put("channelArn", CHANNEL_ARN).put("externalId", "ext-1"));
        assertThat(json.path("responseElements").isNull()).isTrue();
        assertThat(json.path("resources")).hasSize(1);
        assertThat(json.path("resources").get(0).path("type").asText()).isEqualTo("AWS::CloudTrail::Channel");
        assertThat(json.path("resources").get(0).path("ARN").asText()).isEqualTo(CHANNEL_ARN);
        assertThat(json.path("resources").get(0).path("accountId").asText()).isEqualTo(OWNER);
        assertThat(record.jsonText()).doesNotContain("eventData", "auditEvents");
        assertThat(record.category()).isEqualTo(EventCategory.DATA);
        assertThat(record.resources()).containsExactly(new LookupResource("AWS::CloudTrail::Channel", CHANNEL_ARN));
        assertThat(operation.service()).isEqualTo(Service.CLOUDTRAIL_DATA);
        assertThat(operation.action()).isEqualTo("cloudtrail-data:PutAuditEvents");
        assertThat(operation.resources(call, metadata)).containsExactly(CHANNEL_ARN);
        assertThat(operation.changesMetadata()).isFalse();
    }

    static ObjectNode example(String recipient)
    {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0.01");
        event.put("UID", "uid-1");
        event.putObject("userIdentity").put("type", "CustomUserIdentity").put("principalId", "alice");
        event.put("eventTime", "2021-10-27T12:13:14Z");
        event.put("eventName", "eventName");
        event.put("eventSource", "my-app");
        event.put("recipientAccountId", recipient);
        return event;
    }

    private static ObjectNode event(String id, String data, Optional<String> checksum)
    {
        ObjectNode event = Json.mapper().createObjectNode().put("id", id).put("eventData", data);
        checksum.ifPresent(value -> event.put("eventDataChecksum", value));
        return event;
    }

    private static ObjectNode input(String channelArn, ObjectNode... events)
    {
        ObjectNode input = Json.mapper().createObjectNode().put("channelArn", channelArn);
        ArrayNode list = input.putArray("auditEvents");
        for (ObjectNode event : events) {
            list.add(event);
        }
        return input;
    }

    private WriteOperation.Executed run(Principal caller, ObjectNode input)
    {
        return run(caller, REGION, input);
    }

    private WriteOperation.Executed run(Principal caller, String region, ObjectNode input)
    {
        try {
            return operation.executeWithEntries(call(caller, region, input), batch());
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CallContext call(Principal caller, String region, ObjectNode input)
    {
        return new CallContext("request", Service.CLOUDTRAIL_DATA, "PutAuditEvents", region, caller, input, "192.0.2.10", Optional.empty(), Optional.empty(), false, NOW);
    }

    private BatchWriters batch()
    {
        return new BatchWriters()
        {
            @Override
            public MetadataWriter metadata()
            {
                return metadata;
            }

            @Override
            public LogEventWriter logEvents()
            {
                throw new UnsupportedOperationException("PutAuditEvents writes no log events");
            }

            @Override
            public OutboxWriter outbox()
            {
                throw new UnsupportedOperationException("PutAuditEvents sends no messages");
            }
        };
    }

    private static Principal root(String account)
    {
        return Principal.root(account, "AKIA" + account, Optional.empty());
    }

    private static Channel channel(Optional<String> policy)
    {
        return new Channel(CHANNEL_ID, OWNER, REGION, "app-events", Channel.CUSTOM_SOURCE, List.of("arn:aws:cloudtrail:us-east-1:" + OWNER + ":eventdatastore/x"),
                List.of(), Instant.parse("2026-12-01T00:00:00Z"), policy, Channel.Ingestion.NONE);
    }

    private static void assertError(ThrowingCallable call, ErrorCode code, String messagePart)
    {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class, error -> {
            assertThat(error.errorCode()).isEqualTo(code);
            assertThat(error.getMessage()).contains(messagePart);
        });
    }
}
