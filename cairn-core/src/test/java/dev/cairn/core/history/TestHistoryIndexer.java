package dev.cairn.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.recorder.EventDescription;
import dev.cairn.core.recorder.EventType;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import dev.cairn.model.UserIdentity;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event history holds management events, as AWS's does: the indexer passes data events over, unless
 * {@code history.include-data-events} is set; then LookupEvents and the console's summaries find them with the
 * management events.
 */
public class TestHistoryIndexer
{
    private static final String ACCOUNT = "111122223333";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Principal ALICE = new Principal(ACCOUNT, PrincipalType.IAM_USER, "AIDAALICE0000000000001", "arn:aws:iam::" + ACCOUNT + ":user/alice",
            "alice", "AKIAALICE00000000001");

    @TempDir
    Path directory;

    private final Recorder recorder = new Recorder(new ServiceCatalog(Json.mapper()));

    @Test
    public void dataEventsAreNotInEventHistoryByDefault()
            throws IOException
    {
        try (SqliteStore store = SqliteStore.open(directory)) {
            long last = appendCalls(store);
            HistoryIndexer indexer = new HistoryIndexer(store.journal(), store.checkpoints(), store.history(), 100, false);
            assertThat(indexer.runOnce()).isFalse();
            assertThat(indexer.checkpoint()).as("past the data event too").isEqualTo(last);

            EventLookup lookup = new EventLookup(store.history(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(90));
            assertThat(eventNames(lookup.lookup(call()))).containsExactly("CreateUser");
            assertThat(eventNames(lookup.lookup(call("EventName", "GetObject")))).isEmpty();
            assertThat(eventNames(lookup.lookup(call("EventSource", "s3.amazonaws.com")))).isEmpty();
            assertThat(summary(lookup).path("Count").asLong()).isEqualTo(1);
        }
    }

    @Test
    public void dataEventsAreFoundWithManagementEventsWhenIncluded()
            throws IOException
    {
        try (SqliteStore store = SqliteStore.open(directory)) {
            appendCalls(store);
            HistoryIndexer indexer = new HistoryIndexer(store.journal(), store.checkpoints(), store.history(), 100, true);
            assertThat(indexer.runOnce()).isFalse();

            EventLookup lookup = new EventLookup(store.history(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(90));
            assertThat(eventNames(lookup.lookup(call()))).containsExactly("GetObject", "CreateUser");
            ObjectNode found = lookup.lookup(call("EventName", "GetObject"));
            assertThat(eventNames(found)).containsExactly("GetObject");
            // as the API writes it (CloudTrailEvent is the record's bytes, written raw)
            JsonNode event = Json.mapper().readTree(Json.mapper().writeValueAsString(found)).path("Events").get(0);
            assertThat(event.path("Username").asText()).isEqualTo("alice");
            assertThat(event.path("Resources").get(0).path("ResourceName").asText()).isEqualTo("cat.jpg");
            assertThat(Json.mapper().readTree(event.path("CloudTrailEvent").asText()).path("eventCategory").asText()).isEqualTo("Data");
            assertThat(eventNames(lookup.lookup(call("ResourceType", "AWS::S3::Object")))).containsExactly("GetObject");
            assertThat(eventNames(lookup.lookup(call("Username", "alice")))).containsExactly("GetObject", "CreateUser");
            JsonNode summary = summary(lookup);
            assertThat(summary.path("Count").asLong()).isEqualTo(2);
            assertThat(summary.path("Top").path("EventName").toString()).contains("GetObject", "CreateUser");
        }
    }

    /** Events from outside AWS (PutAuditEvents') are CloudTrail Lake's: event history never holds them, data events or not. */
    @Test
    public void eventsFromOutsideAwsAreNeverInEventHistory()
            throws IOException
    {
        try (SqliteStore store = SqliteStore.open(directory)) {
            appendCalls(store);
            String json = "{\"eventCategory\":\"ActivityAuditLog\",\"eventType\":\"ActivityLog\",\"eventData\":{\"eventName\":\"Login\"}}";
            long last;
            try (WriteBatch batch = store.beginBatch()) {
                batch.append(new EventRecord("us-east-1", ACCOUNT, NOW.minusSeconds(10), "5d5c8b1c-5d17-4c44-9a4a-0f4a5f0a6b7c", "Login", "my-app", false,
                        Optional.empty(), Optional.empty(), EventCategory.ACTIVITY_AUDIT_LOG, List.of(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                last = batch.commit();
            }
            HistoryIndexer indexer = new HistoryIndexer(store.journal(), store.checkpoints(), store.history(), 100, true);
            assertThat(indexer.runOnce()).isFalse();
            assertThat(indexer.checkpoint()).as("past the external event").isEqualTo(last);

            EventLookup lookup = new EventLookup(store.history(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(90));
            assertThat(eventNames(lookup.lookup(call()))).containsExactly("GetObject", "CreateUser");
            assertThat(eventNames(lookup.lookup(call("EventName", "Login")))).isEmpty();
            assertThat(eventNames(lookup.lookup(call("EventId", "5d5c8b1c-5d17-4c44-9a4a-0f4a5f0a6b7c")))).isEmpty();
            assertThat(summary(lookup).path("Count").asLong()).isEqualTo(2);
        }
    }

    /** A management event and a data event of alice's, in her account; returns the last position. */
    private long appendCalls(SqliteStore store)
            throws IOException
    {
        List<EventRecord> records = new ArrayList<>();
        records.add(recorder.record(EventDescription.builder(NOW.minusSeconds(60), "us-east-1", UserIdentity.of(ALICE), "iam.amazonaws.com", "CreateUser",
                EventType.AWS_API_CALL).build()));
        records.addAll(recorder.dataRecords(EventDescription.builder(NOW.minusSeconds(30), "us-east-1", UserIdentity.of(ALICE), "s3.amazonaws.com", "GetObject",
                        EventType.AWS_API_CALL)
                .category(EventCategory.DATA)
                .readOnly(true)
                .resources(List.of(new LookupResource("AWS::S3::Object", "cat.jpg")))
                .recordResources(List.of(RecordResource.s3Object("photos", "cat.jpg"), RecordResource.s3Bucket(ACCOUNT, "photos")))
                .build(), ACCOUNT));
        try (WriteBatch batch = store.beginBatch()) {
            for (EventRecord record : records) {
                batch.append(record);
            }
            return batch.commit();
        }
    }

    private static JsonNode summary(EventLookup lookup)
            throws IOException
    {
        return lookup.lookup(call(), new EventLookup.ConsoleOptions(false, true)).path("Summary");
    }

    private static CallContext call(String... attribute)
    {
        ObjectNode input = Json.mapper().createObjectNode();
        if (attribute.length > 0) {
            input.putArray("LookupAttributes").addObject().put("AttributeKey", attribute[0]).put("AttributeValue", attribute[1]);
        }
        return new CallContext("request-1", Service.CLOUDTRAIL, "LookupEvents", "us-east-1", ALICE, input, "203.0.113.7", Optional.empty(), Optional.empty(), false, NOW);
    }

    private static List<String> eventNames(ObjectNode output)
    {
        List<String> names = new ArrayList<>();
        output.path("Events").forEach(event -> names.add(event.path("EventName").asText()));
        return names;
    }
}
