package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Accounts;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.JournalEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.DescribeQueryResponse;
import software.amazon.awssdk.services.cloudtrail.model.Destination;
import software.amazon.awssdk.services.cloudtrail.model.DestinationType;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.Tag;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.QueryStatus;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * CloudTrail Data's PutAuditEvents against a channel to an event data store of external events: the events each
 * checked and answered with their eventIDs or errors, the call's own errors (REST-JSON, {@code x-amzn-ErrorType}),
 * who may send (the channel's account by its identity policies, other accounts through the channel's resource policy
 * and its external id), the accepted events durable in the journal as {@code ActivityAuditLog} entries for the Lake,
 * the Lake's ingestion taking them to the channel's store (a query finds them), the call recorded as a data event on
 * the channel, and the events themselves in neither event history nor a trail's
 * log files, nor on the event bus. The AWS CLI sends one event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class PutAuditEventsIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final AdvancedEventSelector EXTERNAL_EVENTS = AdvancedEventSelector.builder().name("external")
            .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("ActivityAuditLog").build()).build();

    private TestingCairnServer server;
    private CloudTrailClient cloudTrail;
    private AuditEventsClient root;
    private String account;
    private String channel;
    private String storeId;

    @TempDir
    Path directory;

    @BeforeAll
    public void start()
    {
        // data events in event history too: the call's record is found there, and the events it brought still are not
        server = TestingCairnServer.builder().manualDelivery().historyDataEvents(true).start();
        cloudTrail = server.cloudTrail();
        account = server.accountId();
        root = new AuditEventsClient(server.endpoint(), TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY, "us-east-1");
        String store = cloudTrail.createEventDataStore(request -> request.name("app-events").multiRegionEnabled(false).advancedEventSelectors(EXTERNAL_EVENTS))
                .eventDataStoreArn();
        storeId = store.substring(store.lastIndexOf('/') + 1);
        channel = cloudTrail.createChannel(request -> request.name("my-app").source("Custom")
                .destinations(Destination.builder().type(DestinationType.EVENT_DATA_STORE).location(store).build())).channelArn();
    }

    @AfterAll
    public void stop()
    {
        cloudTrail.close();
        server.close();
    }

    @Test
    public void acceptedEventsAreAnsweredWithTheirEventIdsAndAreInTheJournal()
            throws IOException
    {
        String login = AuditEventsClient.exampleEvent(account, "Login").toString();
        String logout = AuditEventsClient.exampleEvent(account, "Logout").toString();
        AuditEventsClient.Answer answer = root.put(channel, Optional.empty(),
                AuditEventsClient.event("login-1", login, Optional.of(AuditEventsClient.checksum(login))),
                AuditEventsClient.event("logout-1", logout, Optional.empty()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.errorType()).isNull();
        assertThat(answer.body().path("failed")).isEmpty();
        JsonNode successful = answer.body().path("successful");
        assertThat(successful).hasSize(2);
        assertThat(successful.get(0).path("id").asText()).isEqualTo("login-1");
        assertThat(successful.get(1).path("id").asText()).isEqualTo("logout-1");
        String loginId = successful.get(0).path("eventID").asText();
        assertThat(loginId).matches(UUID_PATTERN).isNotEqualTo(successful.get(1).path("eventID").asText());

        // acknowledged: durable in the journal, as the Lake will take it
        EventRecord entry = journalEntry(loginId).orElseThrow();
        assertThat(entry.category()).isEqualTo(EventCategory.ACTIVITY_AUDIT_LOG);
        assertThat(entry.accountId()).isEqualTo(account);
        JsonNode record = JSON.readTree(entry.json());
        assertThat(record.path("eventCategory").asText()).isEqualTo("ActivityAuditLog");
        assertThat(record.path("eventType").asText()).isEqualTo("ActivityLog");
        assertThat(record.path("eventID").asText()).isEqualTo(loginId);
        assertThat(record.path("eventTime").asText()).isEqualTo("2021-10-27T12:13:14Z");
        assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(record.path("recipientAccountId").asText()).isEqualTo(account);
        assertThat(record.path("metadata").path("channelARN").asText()).isEqualTo(channel);
        assertThat(record.path("metadata").path("ingestionTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(record.path("eventData")).isEqualTo(JSON.readTree(login));
    }

    /** The Lake's ingestion takes the entries to the channel's store, where a query finds them. */
    @Test
    public void theEventsReachTheChannelsStore()
    {
        String name = "Queried" + UUID.randomUUID().toString().replace("-", "");
        // members of any JSON type in the objects, as applications send them
        ObjectNode data = AuditEventsClient.exampleEvent(account, name);
        ((ObjectNode) data.get("requestParameters")).put("count", 5).put("enabled", true).putObject("nested").putArray("list").add(1).add("two");
        ((ObjectNode) data.get("userIdentity").get("details")).putObject("roles").put("admin", false);
        data.putObject("additionalEventData").putNull("nothing");
        AuditEventsClient.Answer answer = root.put(channel, Optional.empty(), AuditEventsClient.event("queried", data.toString(), Optional.empty()));
        String eventId = answer.body().path("successful").get(0).path("eventID").asText();
        String sql = "SELECT eventID, eventCategory, eventData.eventName AS name, eventData.userIdentity.principalId AS principal, metadata.channelARN AS channel, "
                + "recipientAccountId FROM " + storeId + " WHERE eventData.eventName = '" + name + "'";
        Map<String, String> row = Poll.until("the event in the channel's store", Duration.ofSeconds(20), Duration.ofMillis(200), () -> queryRows(sql),
                rows -> !rows.isEmpty()).get(0);
        assertThat(row).containsEntry("eventID", eventId)
                .containsEntry("eventCategory", "ActivityAuditLog")
                .containsEntry("name", name)
                .containsEntry("principal", "principalId")
                .containsEntry("channel", channel)
                .containsEntry("recipientAccountId", account);
    }

    @Test
    public void eachEventIsCheckedOnItsOwn()
    {
        ObjectNode noUid = AuditEventsClient.exampleEvent(account, "Login");
        noUid.remove("UID");
        String good = AuditEventsClient.exampleEvent(account, "Login").toString();
        AuditEventsClient.Answer answer = root.put(channel, Optional.empty(),
                AuditEventsClient.event("bad-json", "{not json", Optional.empty()),
                AuditEventsClient.event("no-uid", noUid.toString(), Optional.empty()),
                AuditEventsClient.event("bad-checksum", good, Optional.of(AuditEventsClient.checksum(good + "x"))),
                AuditEventsClient.event("long-name", AuditEventsClient.exampleEvent(account, "n".repeat(1_025)).toString(), Optional.empty()),
                AuditEventsClient.event("elsewhere", AuditEventsClient.exampleEvent("444455556666", "Login").toString(), Optional.empty()),
                AuditEventsClient.event("good", good, Optional.empty()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> failed = new ArrayList<>();
        answer.body().path("failed").forEach(node -> {
            assertThat(node.path("errorMessage").asText()).isNotEmpty();
            failed.add(node.path("id").asText() + " " + node.path("errorCode").asText());
        });
        assertThat(failed).containsExactly("bad-json InvalidData", "no-uid FieldNotFound", "bad-checksum InvalidChecksum", "long-name FieldTooLong",
                "elsewhere InvalidRecipient");
        assertThat(answer.body().path("successful")).hasSize(1);
        assertThat(answer.body().path("successful").get(0).path("id").asText()).isEqualTo("good");
    }

    @Test
    public void callErrors()
            throws IOException
    {
        String good = AuditEventsClient.exampleEvent(account, "Login").toString();
        ObjectNode event = AuditEventsClient.event("1", good, Optional.empty());
        assertError(root.put(channel, Optional.empty(), event, AuditEventsClient.event("1", good, Optional.empty())), "DuplicatedAuditEventId", "1");
        String unknown = channel.substring(0, channel.lastIndexOf('/') + 1) + "00000000-0000-4000-8000-000000000000";
        assertError(root.put(unknown, Optional.empty(), event), "ChannelNotFound", unknown);
        // another account's channels, existing or not, are not the caller's to know of
        assertError(root.put(channel.replace(account, "444455556666"), Optional.empty(), event), "ChannelInsufficientPermission", "444455556666");
        // the model's pattern: an ARN, not the ID alone
        assertError(root.put(channel.substring(channel.lastIndexOf('/') + 1), Optional.empty(), event), "InvalidChannelARN", "channelArn");
        assertError(root.put("arn:aws:cloudtrail:us-east-1:" + account + ":trail/not-a-channel", Optional.empty(), event), "InvalidChannelARN", "trail/not-a-channel");
        assertError(root.put(Optional.empty(), Optional.empty(), "{\"auditEvents\":[" + event + "]}"), "InvalidChannelARN", "channelArn");
        assertError(root.put(Optional.of(channel), Optional.empty(), "{\"auditEvents\":[]}"), "ValidationException", "auditEvents");
        ObjectNode[] tooMany = IntStream.range(0, 101).mapToObj(i -> AuditEventsClient.event("e" + i, good, Optional.empty())).toArray(ObjectNode[]::new);
        assertError(root.put(channel, Optional.empty(), tooMany), "ValidationException", "auditEvents");
        assertError(root.put(channel, Optional.of("spaces are not allowed"), event), "ValidationException", "externalId");
        assertError(root.put(channel, Optional.empty(), AuditEventsClient.event("not/an/id", good, Optional.empty())), "ValidationException", "id");
        assertError(root.put(Optional.of(channel), Optional.empty(), "{\"auditEvents\":"), "SerializationException", "");
        // over the documented 1 MB of a request
        ObjectNode big = AuditEventsClient.event("big", AuditEventsClient.exampleEvent(account, "Big").put("blob", "x".repeat(1_100_000)).toString(), Optional.empty());
        // answered before the body is read: a raw exchange reads the early answer (an HTTP client still sending the
        // body may see the connection close first, as happened on a loaded machine)
        RawHttp.Answer tooLarge = RawHttp.exchange(server.endpoint(), "POST", "/PutAuditEvents?channelArn=" + java.net.URLEncoder.encode(channel, StandardCharsets.UTF_8),
                Map.of("Host", server.endpoint().getAuthority(), "Content-Type", "application/json"), ("{\"auditEvents\":[" + big + "]}").getBytes(StandardCharsets.UTF_8), RawHttp.Framing.EXACT);
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
    }

    @Test
    public void theChannelsAccountByItsPoliciesOtherAccountsByTheChannelsResourcePolicy()
            throws IOException
    {
        ObjectNode event = AuditEventsClient.event("1", AuditEventsClient.exampleEvent(account, "Login").toString(), Optional.empty());
        // a user of the channel's account needs cloudtrail-data:PutAuditEvents on the channel
        try (IamClient iam = server.iam()) {
            String user = "sender-" + UUID.randomUUID().toString().substring(0, 8);
            iam.createUser(request -> request.userName(user));
            var key = iam.createAccessKey(request -> request.userName(user)).accessKey();
            AuditEventsClient sender = new AuditEventsClient(server.endpoint(), key.accessKeyId(), key.secretAccessKey(), "us-east-1");
            assertError(sender.put(channel, Optional.empty(), event), "AccessDeniedException", "cloudtrail-data:PutAuditEvents");
            iam.putUserPolicy(request -> request.userName(user).policyName("send").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + channel + "\"}]}"));
            assertThat(sender.put(channel, Optional.empty(), event).body().path("successful")).hasSize(1);
        }

        Accounts.RootCredentials partner = server.createAccount();
        AuditEventsClient partnerClient = new AuditEventsClient(server.endpoint(), partner.accessKeyId(), partner.secretAccessKey(), "us-east-1");
        assertError(partnerClient.put(channel, Optional.empty(), event), "ChannelInsufficientPermission", partner.accountId());

        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + partner.accountId() + "\"},"
                + "\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + channel + "\","
                + "\"Condition\":{\"StringEquals\":{\"cloudtrail:ExternalId\":\"partner-ext-1\"}}}]}";
        cloudTrail.putResourcePolicy(request -> request.resourceArn(channel).resourcePolicy(policy));
        try {
            assertError(partnerClient.put(channel, Optional.empty(), event), "ChannelInsufficientPermission", partner.accountId());
            assertError(partnerClient.put(channel, Optional.of("partner-ext-2"), event), "ChannelInsufficientPermission", partner.accountId());
            AuditEventsClient.Answer sent = partnerClient.put(channel, Optional.of("partner-ext-1"), event);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
            String eventId = sent.body().path("successful").get(0).path("eventID").asText();
            // the events are the channel owner's
            assertThat(journalEntry(eventId).orElseThrow().accountId()).isEqualTo(account);
            // the recipient must still be the owner, not the sender
            AuditEventsClient.Answer ownRecipient = partnerClient.put(channel, Optional.of("partner-ext-1"),
                    AuditEventsClient.event("2", AuditEventsClient.exampleEvent(partner.accountId(), "Login").toString(), Optional.empty()));
            assertThat(ownRecipient.body().path("failed").get(0).path("errorCode").asText()).isEqualTo("InvalidRecipient");
        }
        finally {
            cloudTrail.deleteResourcePolicy(request -> request.resourceArn(channel));
        }
    }

    @Test
    public void theCallIsADataEventAndItsEventsAreInNeitherEventHistoryNorATrail()
            throws IOException
    {
        Path bucket = server.createBucketDirectory("audit-trail-logs");
        // management events, and data events on channels: the trail takes the call's record, not the events it brings
        cloudTrail.createTrail(request -> request.name("everything").s3BucketName("audit-trail-logs"));
        cloudTrail.putEventSelectors(request -> request.trailName("everything").advancedEventSelectors(
                AdvancedEventSelector.builder().name("management")
                        .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build()).build(),
                AdvancedEventSelector.builder().name("channels").fieldSelectors(
                        AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Data").build(),
                        AdvancedFieldSelector.builder().field("resources.type").equalsValue("AWS::CloudTrail::Channel").build()).build()));
        cloudTrail.startLogging(request -> request.name("everything"));
        try {
            String name = "Unique" + UUID.randomUUID().toString().replace("-", "");
            AuditEventsClient.Answer answer = root.put(channel, Optional.of("owner-ext"),
                    AuditEventsClient.event("unique", AuditEventsClient.exampleEvent(account, name).toString(), Optional.empty()));
            String eventId = answer.body().path("successful").get(0).path("eventID").asText();

            var call = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "PutAuditEvents", "the PutAuditEvents call",
                    candidate -> EventHistory.record(candidate).path("requestParameters").path("externalId").asText().equals("owner-ext"), Duration.ofSeconds(20));
            JsonNode record = EventHistory.record(call);
            assertThat(record.path("eventSource").asText()).isEqualTo("cloudtrail-data.amazonaws.com");
            assertThat(record.path("eventCategory").asText()).isEqualTo("Data");
            assertThat(record.path("managementEvent").asBoolean()).isFalse();
            assertThat(record.path("readOnly").asBoolean()).isFalse();
            assertThat(record.path("requestParameters")).isEqualTo(JSON.createObjectNode().put("channelArn", channel).put("externalId", "owner-ext"));
            assertThat(record.path("responseElements").isNull()).isTrue();
            assertThat(record.path("resources").get(0).path("type").asText()).isEqualTo("AWS::CloudTrail::Channel");
            assertThat(record.path("resources").get(0).path("ARN").asText()).isEqualTo(channel);
            assertThat(record.toString()).doesNotContain(name);
            assertThat(call.resources()).anySatisfy(resource -> assertThat(resource.resourceName()).isEqualTo(channel));

            // a later call indexed means the events before it were passed over
            cloudTrail.getChannel(request -> request.channel(channel));
            EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "GetChannel", "a later GetChannel", candidate -> true, Duration.ofSeconds(20));
            assertThat(lookup(LookupAttributeKey.EVENT_NAME, name)).isEmpty();
            assertThat(lookup(LookupAttributeKey.EVENT_ID, eventId)).isEmpty();
            assertThat(lookup(LookupAttributeKey.EVENT_SOURCE, "my-application")).isEmpty();

            server.deliver();
            List<JsonNode> delivered = deliveredRecords(bucket);
            assertThat(delivered).anySatisfy(delivery -> assertThat(delivery.path("eventName").asText()).isEqualTo("PutAuditEvents"));
            assertThat(delivered).anySatisfy(delivery -> assertThat(delivery.path("eventName").asText()).isEqualTo("GetChannel"));
            assertThat(delivered).noneSatisfy(delivery -> assertThat(delivery.path("eventCategory").asText()).isEqualTo("ActivityAuditLog"));
            assertThat(delivered).noneSatisfy(delivery -> assertThat(delivery.path("eventID").asText()).isEqualTo(eventId));
        }
        finally {
            cloudTrail.deleteTrail(request -> request.name("everything"));
        }
    }

    /** A rule on the default bus taking every event of the account gets CloudTrail's events, never the ones from outside AWS. */
    @Test
    public void theEventBusDoesNotCarryThem()
    {
        try (CloudWatchLogsClient logs = LogsClients.logs(server, TestingCairnServer.rootCredentials(), "us-east-1");
                EventBridgeClient events = EventsClients.events(server, TestingCairnServer.rootCredentials(), "us-east-1")) {
            logs.createLogGroup(request -> request.logGroupName("/aws/events/everything"));
            events.putRule(request -> request.name("everything").state(RuleState.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS)
                    .eventPattern("{\"account\": [\"" + account + "\"]}"));
            events.putTargets(request -> request.rule("everything").targets(Target.builder().id("log")
                    .arn("arn:aws:logs:us-east-1:" + account + ":log-group:/aws/events/everything").build()));
            try {
                String name = "OnTheBus" + UUID.randomUUID().toString().replace("-", "");
                AuditEventsClient.Answer answer = root.put(channel, Optional.empty(),
                        AuditEventsClient.event("bus", AuditEventsClient.exampleEvent(account, name).toString(), Optional.empty()));
                assertThat(answer.body().path("successful")).hasSize(1);
                // a management call after them: once its event is in the group, the bus has passed over theirs
                String marker = "marker-" + UUID.randomUUID();
                cloudTrail.addTags(request -> request.resourceId(channel).tagsList(Tag.builder().key(marker).build()));
                Poll.until("the AddTags event in the log group", Duration.ofSeconds(20), Duration.ofMillis(100),
                        () -> logs.filterLogEvents(request -> request.logGroupName("/aws/events/everything")).events(),
                        found -> found.stream().anyMatch(event -> event.message().contains(marker)));
                assertThat(logs.filterLogEvents(request -> request.logGroupName("/aws/events/everything")).events())
                        .noneSatisfy(event -> assertThat(event.message()).contains(name))
                        .noneSatisfy(event -> assertThat(event.message()).contains("ActivityAuditLog"));
                cloudTrail.removeTags(request -> request.resourceId(channel).tagsList(Tag.builder().key(marker).build()));
            }
            finally {
                events.removeTargets(request -> request.rule("everything").ids("log"));
                events.deleteRule(request -> request.name("everything"));
            }
        }
    }

    @Test
    public void theAwsCliSendsAnEvent()
            throws Exception
    {
        Optional<Path> cli = AwsCliJourneyIT.onPath("aws");
        if (cli.isEmpty()) {
            if ("1".equals(System.getenv(AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE))) {
                throw new AssertionError("The AWS CLI is required (" + AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE + "=1) but there is no aws on PATH");
            }
            Assumptions.abort("Skipping the AWS CLI part: no aws on PATH");
        }
        var environment = AwsCliJourneyIT.environment(directory, Optional.of(AwsCliJourneyIT.Credentials.ROOT));
        // the Debian CLI 2.9.19 predates cloudtrail-data
        var help = AwsCliJourneyIT.run(List.of(cli.get().toString(), "cloudtrail-data", "help"), environment, directory);
        Assumptions.assumeTrue(help.exitCode() == 0, "this AWS CLI has no cloudtrail-data: " + help.stderr());

        String data = AuditEventsClient.exampleEvent(account, "FromTheCli").toString();
        var sent = AwsCliJourneyIT.run(List.of(cli.get().toString(), "--endpoint-url", server.endpoint().toString(), "--output", "json",
                "cloudtrail-data", "put-audit-events", "--channel-arn", channel, "--audit-events", "id=cli-1,eventData='" + data + "'"), environment, directory);
        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(sent.json().path("successful").get(0).path("id").asText()).isEqualTo("cli-1");
        assertThat(sent.json().path("successful").get(0).path("eventID").asText()).matches(UUID_PATTERN);
        assertThat(sent.json().path("failed")).isEmpty();

        var refused = AwsCliJourneyIT.run(List.of(cli.get().toString(), "--endpoint-url", server.endpoint().toString(), "--output", "json",
                "cloudtrail-data", "put-audit-events", "--channel-arn", channel.replace(channel.substring(channel.lastIndexOf('/') + 1), "00000000-0000-4000-8000-000000000000"),
                "--audit-events", "id=cli-2,eventData='" + data + "'"),
                environment, directory);
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).contains("ChannelNotFound");
    }

    /** The rows of a Lake query, each as one map of column to value. */
    private List<Map<String, String>> queryRows(String sql)
    {
        String queryId = cloudTrail.startQuery(request -> request.queryStatement(sql)).queryId();
        DescribeQueryResponse described = Poll.until("query " + queryId + " to finish", Duration.ofSeconds(20), Duration.ofMillis(50),
                () -> cloudTrail.describeQuery(request -> request.queryId(queryId)),
                answer -> answer.queryStatus() != QueryStatus.QUEUED && answer.queryStatus() != QueryStatus.RUNNING);
        assertThat(described.queryStatus()).as(described.errorMessage()).isEqualTo(QueryStatus.FINISHED);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<Map<String, String>> row : cloudTrail.getQueryResults(request -> request.queryId(queryId)).queryResultRows()) {
            Map<String, String> merged = new java.util.HashMap<>();
            row.forEach(merged::putAll);
            rows.add(merged);
        }
        return rows;
    }

    private Optional<EventRecord> journalEntry(String eventId)
            throws IOException
    {
        List<JournalEntry> entries = server.server().cairn().store().journal().read(0, 100_000);
        return entries.stream().map(JournalEntry::event).filter(event -> event.eventId().equals(eventId)).findFirst();
    }

    private List<String> lookup(LookupAttributeKey key, String value)
    {
        LookupAttribute attribute = LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
        return cloudTrail.lookupEvents(request -> request.lookupAttributes(attribute)).events().stream()
                .map(event -> event.eventName()).toList();
    }

    private static List<JsonNode> deliveredRecords(Path bucket)
    {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bucket)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json.gz") && !path.toString().contains("CloudTrail-Digest")).toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    JSON.readTree(in).path("Records").forEach(records::add);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private static void assertError(AuditEventsClient.Answer answer, String code, String messagePart)
    {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorType()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.body().path("__type").asText()).isEqualTo(code);
        assertThat(answer.message()).as(answer.toString()).contains(messagePart);
    }
}
