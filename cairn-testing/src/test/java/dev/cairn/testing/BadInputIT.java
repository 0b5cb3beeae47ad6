package dev.cairn.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cairn.testing.TestingCairnServer.ROOT_ACCESS_KEY_ID;
import static dev.cairn.testing.TestingCairnServer.ROOT_SECRET_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input, as raw HTTP, against the protocols (JSON 1.1 for CloudTrail, Organizations, CloudWatch Logs and EventBridge, Query for IAM, STS and SNS,
 * REST-JSON for CloudTrail Data) and
 * the console's sign-in:
 * every case gets the AWS error a client recognises, within a second, changes nothing, and logs no error. Cases that
 * must succeed (presigned requests, a chunked body) show that the harness itself is sound.
 * <p>
 * This is where new operations' bad-input cases go: add rows to {@link #cases()}; the fixture's state (users, keys,
 * policies, roles, trails, selectors) is compared before and after each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class BadInputIT
{
    /** Every answer comes within this, including those to bodies that stop arriving (the body timeout is 800 ms). */
    private static final Duration QUICKLY = Duration.ofSeconds(1);
    private static final String TARGET = RawRequests.TARGET_PREFIX;
    private static final String ORGANIZATIONS_TARGET = "AWSOrganizationsV20161128.";
    private static final String LOG_GROUP = "fixture-log-group";
    private static final String LOG_STREAM = "fixture-log-stream";
    /** A log group with 50 tags, the most it may have. */
    private static final String TAGGED_LOG_GROUP = "fixture-tagged-log-group";
    /** A log group with 100 metric filters, the most it may have. */
    private static final String FILTERED_LOG_GROUP = "fixture-filtered-log-group";
    private static final String RULE = "fixture-rule";
    private static final String CONNECTION = "fixture-connection";
    private static final String API_DESTINATION = "fixture-destination";
    /** Matches no event these calls record: the fixture's rule delivers nothing to its log group, whose state is compared. */
    private static final String RULE_PATTERN = "{\"source\":[\"aws.cairn-fixture\"]}";
    private static final String TOPIC = "fixture-topic";
    private static final String TRAIL = "fixture-trail";
    private static final String USER = "fixture-user";
    private static final String GROUP = "fixture-group";
    private static final String ROLE = "fixture-role";
    private static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
            + "\"Action\":\"sts:AssumeRole\"}]}";
    private static final Pattern QUERY_CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestingCairnServer server;
    private URI endpoint;
    private OrganizationsClient organizations;
    private CloudWatchLogsClient logs;
    private EventBridgeClient events;
    private String connectionArn;
    private SnsClient sns;
    private String topicArn;
    private String rootId;
    /** A single-region event data store of events from outside AWS (termination protected), and a channel to it. */
    private String storeArn;
    private String channelArn;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    /** One request as sent: the method, path and query, headers (with Host), body and how the body is framed. */
    private record Sent(String method, String pathAndQuery, Map<String, String> headers, byte[] body, RawHttp.Framing framing)
    {
    }

    /**
     * @param code the expected {@code __type} (JSON) or {@code <Code>} (Query); empty when the request must succeed
     */
    private record Case(String name, Supplier<Sent> request, int status, Optional<String> code)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        endpoint = server.endpoint();
        server.createBucketDirectory("fixture-logs");
        CloudTrailClient cloudTrail = server.cloudTrail();
        cloudTrail.createTrail(request -> request.name(TRAIL).s3BucketName("fixture-logs"));
        storeArn = cloudTrail.createEventDataStore(request -> request.name("fixture-store").multiRegionEnabled(false)
                .advancedEventSelectors(software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector.builder().fieldSelectors(
                        software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector.builder().field("eventCategory").equalsValue("ActivityAuditLog").build())
                        .build())).eventDataStoreArn();
        channelArn = cloudTrail.createChannel(request -> request.name("fixture-channel").source("Custom")
                .destinations(software.amazon.awssdk.services.cloudtrail.model.Destination.builder().type("EVENT_DATA_STORE").location(storeArn).build())).channelArn();
        IamClient iam = server.iam();
        iam.createUser(request -> request.userName(USER));
        iam.createAccessKey(request -> request.userName(USER));
        iam.putUserPolicy(request -> request.userName(USER).policyName("read").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:Describe*\",\"Resource\":\"*\"}]}"));
        iam.createGroup(request -> request.groupName(GROUP));
        iam.addUserToGroup(request -> request.groupName(GROUP).userName(USER));
        iam.putGroupPolicy(request -> request.groupName(GROUP).policyName("read").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:Get*\",\"Resource\":\"*\"}]}"));
        iam.createRole(request -> request.roleName(ROLE).assumeRolePolicyDocument(TRUST_POLICY));
        iam.putRolePolicy(request -> request.roleName(ROLE).policyName("read").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}]}"));
        organizations = server.organizations(TestingCairnServer.rootCredentials());
        organizations.createOrganization(request -> request.featureSet(OrganizationFeatureSet.ALL));
        rootId = organizations.listRoots().roots().get(0).id();
        logs = LogsClients.logs(server, TestingCairnServer.rootCredentials(), "us-east-1");
        logs.createLogGroup(request -> request.logGroupName(LOG_GROUP));
        logs.putRetentionPolicy(request -> request.logGroupName(LOG_GROUP).retentionInDays(7));
        logs.createLogStream(request -> request.logGroupName(LOG_GROUP).logStreamName(LOG_STREAM));
        Map<String, String> fiftyTags = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            fiftyTags.put("tag" + i, "value");
        }
        logs.createLogGroup(request -> request.logGroupName(TAGGED_LOG_GROUP).tags(fiftyTags));
        logs.createLogGroup(request -> request.logGroupName(FILTERED_LOG_GROUP));
        for (int i = 0; i < 100; i++) {
            String filterName = "filter" + i;
            logs.putMetricFilter(request -> request.logGroupName(FILTERED_LOG_GROUP).filterName(filterName).filterPattern("ERROR")
                    .metricTransformations(software.amazon.awssdk.services.cloudwatchlogs.model.MetricTransformation.builder().metricName("Errors")
                            .metricNamespace("Fixture").metricValue("1").build()));
        }
        events = EventsClients.events(server, TestingCairnServer.rootCredentials(), "us-east-1");
        events.putRule(request -> request.name(RULE).eventPattern(RULE_PATTERN));
        events.putTargets(request -> request.rule(RULE).targets(Target.builder().id("log").arn(logGroupArn(LOG_GROUP)).build()));
        connectionArn = events.createConnection(request -> request.name(CONNECTION).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(auth -> auth.apiKeyAuthParameters(key -> key.apiKeyName("x-api-key").apiKeyValue("fixture-key")))).connectionArn();
        events.createApiDestination(request -> request.name(API_DESTINATION).connectionArn(connectionArn).invocationEndpoint("https://hooks.example.com/fixture")
                .httpMethod(ApiDestinationHttpMethod.POST));
        sns = SnsClients.sns(server, TestingCairnServer.rootCredentials(), "us-east-1");
        topicArn = sns.createTopic(request -> request.name(TOPIC).attributes(Map.of("DisplayName", "Fixture"))).topicArn();
        sns.subscribe(request -> request.topicArn(topicArn).protocol("https").endpoint("https://example.com/fixture"));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
    }

    @AfterAll
    public void stop()
    {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        organizations.close();
        logs.close();
        events.close();
        sns.close();
        server.close();
    }

    @Test
    public void everyCaseGetsItsErrorQuicklyAndChangesNothing()
            throws Exception
    {
        String initial = state();
        States states = new States();
        List<String> failures = new ArrayList<>();
        Map<String, Long> millis = new LinkedHashMap<>();
        for (Case testCase : cases()) {
            // twice: the first answer may include the JVM's warm-up; the second must be quick
            for (int attempt = 1; attempt <= 2; attempt++) {
                States.Before before = states.before();
                Sent sent = testCase.request().get();
                RawHttp.Answer answer = RawHttp.exchange(endpoint, sent.method(), sent.pathAndQuery(), sent.headers(), sent.body(), sent.framing());
                String problem = check(testCase, answer, attempt == 2);
                millis.put(testCase.name(), answer.elapsed().toMillis());
                if (problem == null && states.changedSince(before)) {
                    problem = "changed the state";
                }
                if (problem != null) {
                    failures.add(testCase.name() + ": " + problem + " (" + answer.status() + " in " + answer.elapsed().toMillis() + " ms: "
                            + answer.body().substring(0, Math.min(300, answer.body().length())) + ")");
                    break;
                }
            }
        }
        System.out.printf("BadInputIT: %d cases, %d full state comparisons; the slowest answers (ms): %s%n", millis.size(), states.fullComparisons, millis.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6)
                .toList());
        assertThat(failures).isEmpty();
        assertThat(state()).isEqualTo(initial);
        assertThat(log.list)
                .as("log lines at ERROR, or 5xx answers")
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getFormattedMessage().matches("request .* answered 5\\d\\d .*"))
                .isEmpty();
    }

    private static String check(Case testCase, RawHttp.Answer answer, boolean timed)
    {
        if (answer.status() != testCase.status()) {
            return "status " + answer.status() + ", expected " + testCase.status();
        }
        if (timed && answer.elapsed().compareTo(QUICKLY) > 0) {
            return "answered in " + answer.elapsed().toMillis() + " ms";
        }
        if (answer.header("x-amzn-RequestId").isEmpty()) {
            return "no x-amzn-RequestId";
        }
        if (testCase.code().isEmpty()) {
            return null;
        }
        String code;
        if (answer.header("Content-Type").orElse("").startsWith("text/xml")) {
            Matcher matcher = QUERY_CODE.matcher(answer.body());
            code = matcher.find() ? matcher.group(1) : "(none)";
        }
        else {
            try {
                code = JSON.readTree(answer.body()).path("__type").asText("(none)");
            }
            catch (Exception e) {
                return "the answer is not JSON";
            }
        }
        return code.equals(testCase.code().get()) ? null : "code " + code + ", expected " + testCase.code().get();
    }

    /**
     * The state before and after each case, compared cheaply: the store's metadata version moves with every commit that
     * changes metadata documents, so while it stands still only what is kept outside documents (the fixture's log
     * events) is read again; when it moved (a background commit, or the case), the whole {@link #state()} is compared
     * with the last one taken. Taking the whole state twice for each of 500 attempts took most of this test's minutes.
     */
    private final class States
    {
        private long knownVersion = -1;
        private String known;
        private int fullComparisons;

        record Before(String logEvents) {}

        Before before()
                throws IOException
        {
            long version = server.server().store().metadataVersion();
            if (version != knownVersion) {
                known = state();
                knownVersion = version;
            }
            return new Before(logEvents());
        }

        boolean changedSince(Before before)
                throws IOException
        {
            if (!logEvents().equals(before.logEvents())) {
                return true;
            }
            long version = server.server().store().metadataVersion();
            if (version == knownVersion) {
                return false;
            }
            fullComparisons++;
            String now = state();
            boolean changed = !now.equals(known);
            known = now;
            knownVersion = version;
            return changed;
        }
    }

    /** The fixture's log events: appended without a change of metadata documents. */
    private String logEvents()
    {
        return logs.getLogEvents(request -> request.logGroupName(LOG_GROUP).logStreamName(LOG_STREAM)).events().toString();
    }

    /** What bad input must never change: the fixture's users, groups, keys, policies, trails, organization and log groups. */
    private String state()
    {
        IamClient iam = server.iam();
        CloudTrailClient cloudTrail = server.cloudTrail();
        return String.join("\n",
                iam.listUsers().users().toString(),
                iam.listAccessKeys(request -> request.userName(USER)).accessKeyMetadata().toString(),
                iam.listUserPolicies(request -> request.userName(USER)).policyNames().toString(),
                iam.listGroups().groups().toString(),
                iam.getGroup(request -> request.groupName(GROUP)).users().toString(),
                iam.listGroupPolicies(request -> request.groupName(GROUP)).policyNames().toString(),
                iam.listAttachedGroupPolicies(request -> request.groupName(GROUP)).attachedPolicies().toString(),
                iam.listPolicies(request -> request.scope(PolicyScopeType.LOCAL)).policies().toString(),
                iam.listRoles().roles().toString(),
                iam.getRole(request -> request.roleName(ROLE)).role().toString(),
                iam.listRolePolicies(request -> request.roleName(ROLE)).policyNames().toString(),
                cloudTrail.describeTrails(request -> request.includeShadowTrails(true)).trailList().toString(),
                cloudTrail.getEventSelectors(request -> request.trailName(TRAIL)).toString(),
                cloudTrail.listTags(request -> request.resourceIdList(trailArn())).resourceTagList().toString(),
                cloudTrail.getTrailStatus(request -> request.name(TRAIL)).isLogging().toString(),
                cloudTrail.listEventDataStores(request -> { }).eventDataStores().toString(),
                cloudTrail.getEventDataStore(request -> request.eventDataStore(storeArn)).toString(),
                cloudTrail.listChannels(request -> { }).channels().toString(),
                cloudTrail.getChannel(request -> request.channel(channelArn)).toString(),
                cloudTrail.listTags(request -> request.resourceIdList(storeArn, channelArn)).resourceTagList().toString(),
                organizations.listAccounts().accounts().toString(),
                organizations.listOrganizationalUnitsForParent(request -> request.parentId(rootId)).organizationalUnits().toString(),
                organizations.listCreateAccountStatus().createAccountStatuses().toString(),
                organizations.listAWSServiceAccessForOrganization().enabledServicePrincipals().toString(),
                logs.describeLogGroups().logGroups().toString(),
                logs.describeLogStreams(request -> request.logGroupName(LOG_GROUP)).logStreams().toString(),
                logs.getLogEvents(request -> request.logGroupName(LOG_GROUP).logStreamName(LOG_STREAM)).events().toString(),
                logs.listTagsForResource(request -> request.resourceArn(logGroupArn(LOG_GROUP))).tags().toString(),
                logs.listTagsForResource(request -> request.resourceArn(logGroupArn(TAGGED_LOG_GROUP))).tags().toString(),
                // the fixture group with 100 filters shows by its metricFilterCount above; listing them all before and after every case took minutes
                logs.describeMetricFilters(request -> request.logGroupName(LOG_GROUP)).metricFilters().toString(),
                events.listRules(request -> { }).rules().toString(),
                events.listTargetsByRule(request -> request.rule(RULE)).targets().toString(),
                events.listConnections(request -> { }).connections().toString(),
                events.describeConnection(request -> request.name(CONNECTION)).toString(),
                events.listApiDestinations(request -> { }).apiDestinations().toString(),
                sns.listTopics().topics().toString(),
                new TreeMap<>(sns.getTopicAttributes(request -> request.topicArn(topicArn)).attributes()).toString(),
                sns.listSubscriptions().subscriptions().toString());
    }

    private List<Case> cases()
    {
        List<Case> cases = new ArrayList<>();
        // JSON 1.1 (CloudTrail): numbers and timestamps
        cases.add(json("MaxResults of 1e400", "LookupEvents", "{\"MaxResults\":1e400}", 400, "SerializationException"));
        cases.add(json("MaxResults beyond 32 bits", "LookupEvents", "{\"MaxResults\":4294967296}", 400, "SerializationException"));
        cases.add(json("MaxResults with a fraction", "LookupEvents", "{\"MaxResults\":2.5}", 400, "SerializationException"));
        cases.add(json("MaxResults of 2,000 digits", "LookupEvents", "{\"MaxResults\":" + "9".repeat(2000) + "}", 400, "SerializationException"));
        cases.add(json("MaxResults NaN", "LookupEvents", "{\"MaxResults\":NaN}", 400, "SerializationException"));
        cases.add(json("MaxResults as a string", "LookupEvents", "{\"MaxResults\":\"5\"}", 400, "SerializationException"));
        cases.add(json("StartTime before year 1", "LookupEvents", "{\"StartTime\":-62135596801}", 400, "SerializationException"));
        cases.add(json("StartTime of -1e400", "LookupEvents", "{\"StartTime\":-1e400}", 400, "SerializationException"));
        cases.add(json("StartTime of 1e20", "LookupEvents", "{\"StartTime\":1e20}", 400, "SerializationException"));
        cases.add(json("StartTime in year 999999999", "LookupEvents", "{\"StartTime\":\"+999999999-01-01T00:00:00Z\"}", 400, "SerializationException"));
        cases.add(json("StartTime before 1970 (a time like any other)", "LookupEvents", "{\"StartTime\":-5,\"MaxResults\":1}", 200, null));
        cases.add(json("EndTime before StartTime, both negative", "LookupEvents", "{\"StartTime\":-5,\"EndTime\":-10}", 400, "InvalidTimeRangeException"));
        // JSON 1.1: documents that are not one JSON object
        cases.add(json("trailing garbage", "DeleteTrail", "{\"Name\":\"" + TRAIL + "\"} xyz", 400, "SerializationException"));
        cases.add(json("two objects", "DeleteTrail", "{\"Name\":\"" + TRAIL + "\"}{\"Name\":\"x\"}", 400, "SerializationException"));
        cases.add(json("a UTF-8 byte order mark", "DeleteTrail", "\uFEFF{\"Name\":\"" + TRAIL + "\"}", 400, "SerializationException"));
        cases.add(json("whitespace only", "DeleteTrail", " \n\t ", 400, "SerializationException"));
        cases.add(json("an empty member name", "DeleteTrail", "{\"\":1,\"Name\":\"" + TRAIL + "\"}", 400, "SerializationException"));
        cases.add(json("an empty member name, nested", "PutEventSelectors",
                "{\"TrailName\":\"" + TRAIL + "\",\"EventSelectors\":[{\"\":1,\"ReadWriteType\":\"ReadOnly\"}]}", 400, "SerializationException"));
        cases.add(json("a duplicate member", "DeleteTrail", "{\"Name\":\"other\",\"Name\":\"" + TRAIL + "\"}", 400, "SerializationException"));
        cases.add(json("an array", "DeleteTrail", "[{\"Name\":\"" + TRAIL + "\"}]", 400, "SerializationException"));
        cases.add(json("nested 5,000 deep", "DeleteTrail", "{\"Name\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 400, "SerializationException"));
        // JSON 1.1: lists beyond the model's and AWS's documented limits
        cases.add(json("10,000 lookup attributes", "LookupEvents", lookupAttributes(10_000), 400, "InvalidLookupAttributesException"));
        cases.add(json("11 lookup attributes (Cairn ANDs up to 10)", "LookupEvents", lookupAttributes(11), 400, "InvalidLookupAttributesException"));
        cases.add(json("6 event selectors", "PutEventSelectors", "{\"TrailName\":\"" + TRAIL + "\",\"EventSelectors\":["
                + String.join(",", Collections.nCopies(6, "{\"ReadWriteType\":\"WriteOnly\"}")) + "]}", 400, "InvalidEventSelectorsException"));
        cases.add(json("advanced selectors with 501 values", "PutEventSelectors", "{\"TrailName\":\"" + TRAIL + "\",\"AdvancedEventSelectors\":["
                + String.join(",", Collections.nCopies(501, "{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}")) + "]}",
                400, "InvalidEventSelectorsException"));
        cases.add(json("51 tags", "AddTags", "{\"ResourceId\":\"" + trailArn() + "\",\"TagsList\":[" + tags(51) + "]}", 400, "TagsLimitExceededException"));
        cases.add(json("21 resources to list tags of", "ListTags", "{\"ResourceIdList\":[" + String.join(",", Collections.nCopies(21, "\"" + trailArn() + "\"")) + "]}",
                400, "InvalidParameterException"));
        // JSON 1.1: CloudTrail Lake (event data stores, channels, resource policies)
        String missingStore = storeArn.substring(0, storeArn.lastIndexOf('/') + 1) + "00000000-0000-4000-8000-000000000000";
        String selector = "{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}";
        cases.add(json("Lake: a store name with a space", "CreateEventDataStore", "{\"Name\":\"bad name\"}", 400, "InvalidParameterException"));
        cases.add(json("Lake: a retention of 6 days", "CreateEventDataStore", "{\"Name\":\"short\",\"RetentionPeriod\":6}", 400, "InvalidParameterException"));
        cases.add(json("Lake: a fixed-pricing retention of 3,000 days", "CreateEventDataStore",
                "{\"Name\":\"long\",\"BillingMode\":\"FIXED_RETENTION_PRICING\",\"RetentionPeriod\":3000}", 400, "InvalidParameterException"));
        cases.add(json("Lake: a retention as a string", "CreateEventDataStore", "{\"Name\":\"typed\",\"RetentionPeriod\":\"30\"}", 400, "SerializationException"));
        cases.add(json("Lake: an unknown billing mode", "CreateEventDataStore", "{\"Name\":\"cheap\",\"BillingMode\":\"CHEAP\"}", 400, "InvalidParameterException"));
        cases.add(json("Lake: 6 advanced event selectors", "CreateEventDataStore", "{\"Name\":\"six\",\"AdvancedEventSelectors\":["
                + String.join(",", Collections.nCopies(6, selector)) + "]}", 400, "InvalidEventSelectorsException"));
        cases.add(json("Lake: an unknown event category", "CreateEventDataStore", "{\"Name\":\"odd\",\"AdvancedEventSelectors\":[" + selector.replace("Management", "Odd")
                + "]}", 400, "InvalidEventSelectorsException"));
        cases.add(json("Lake: 51 tags on a new store", "CreateEventDataStore", "{\"Name\":\"tagged\",\"TagsList\":[" + tags(51) + "]}", 400,
                "InvalidTagParameterException"));
        cases.add(json("Lake: a KMS key with a space", "CreateEventDataStore", "{\"Name\":\"keyed\",\"KmsKeyId\":\"not a key\"}", 400, "InvalidKmsKeyIdException"));
        cases.add(json("Lake: a store name taken", "CreateEventDataStore", "{\"Name\":\"fixture-store\"}", 400, "EventDataStoreAlreadyExistsException"));
        cases.add(json("Lake: a store reference of 2 characters", "GetEventDataStore", "{\"EventDataStore\":\"ab\"}", 400, "EventDataStoreARNInvalidException"));
        cases.add(json("Lake: a trail ARN for a store", "GetEventDataStore", "{\"EventDataStore\":\"" + trailArn() + "\"}", 400, "EventDataStoreARNInvalidException"));
        cases.add(json("Lake: a store that does not exist", "StopEventDataStoreIngestion", "{\"EventDataStore\":\"" + missingStore + "\"}", 400,
                "EventDataStoreNotFoundException"));
        cases.add(json("Lake: MaxResults of 1,001 stores", "ListEventDataStores", "{\"MaxResults\":1001}", 400, "InvalidMaxResultsException"));
        cases.add(json("Lake: a NextToken Cairn never gave", "ListEventDataStores", "{\"NextToken\":\"made-up\"}", 400, "InvalidNextTokenException"));
        cases.add(json("Lake: an update that changes nothing", "UpdateEventDataStore", "{\"EventDataStore\":\"" + storeArn + "\"}", 400, "InvalidParameterException"));
        cases.add(json("Lake: a store of external events made to select management events", "UpdateEventDataStore", "{\"EventDataStore\":\"" + storeArn
                + "\",\"AdvancedEventSelectors\":[" + selector + "]}", 400, "InvalidEventSelectorsException"));
        cases.add(json("Lake: a protected store deleted", "DeleteEventDataStore", "{\"EventDataStore\":\"" + storeArn + "\"}", 400,
                "EventDataStoreTerminationProtectedException"));
        cases.add(json("Lake: a store that is not deleted restored", "RestoreEventDataStore", "{\"EventDataStore\":\"" + storeArn + "\"}", 400,
                "InvalidEventDataStoreStatusException"));
        cases.add(json("Lake: the ingestion of external events started", "StartEventDataStoreIngestion", "{\"EventDataStore\":\"" + storeArn + "\"}", 400,
                "InvalidEventDataStoreCategoryException"));
        cases.add(json("Lake: a partner source", "CreateChannel", "{\"Name\":\"partner\",\"Source\":\"okta\",\"Destinations\":[{\"Type\":\"EVENT_DATA_STORE\","
                + "\"Location\":\"" + storeArn + "\"}]}", 400, "InvalidSourceException"));
        cases.add(json("Lake: a channel without destinations", "CreateChannel", "{\"Name\":\"nowhere\",\"Source\":\"Custom\",\"Destinations\":[]}", 400,
                "InvalidParameterException"));
        cases.add(json("Lake: an unknown destination type", "CreateChannel", "{\"Name\":\"odd\",\"Source\":\"Custom\",\"Destinations\":[{\"Type\":\"QUEUE\","
                + "\"Location\":\"" + storeArn + "\"}]}", 400, "InvalidParameterException"));
        cases.add(json("Lake: a channel to a store that does not exist", "CreateChannel", "{\"Name\":\"lost\",\"Source\":\"Custom\",\"Destinations\":"
                + "[{\"Type\":\"EVENT_DATA_STORE\",\"Location\":\"" + missingStore + "\"}]}", 400, "EventDataStoreNotFoundException"));
        cases.add(json("Lake: a channel name taken", "CreateChannel", "{\"Name\":\"fixture-channel\",\"Source\":\"Custom\",\"Destinations\":"
                + "[{\"Type\":\"EVENT_DATA_STORE\",\"Location\":\"" + storeArn + "\"}]}", 400, "ChannelAlreadyExistsException"));
        cases.add(json("Lake: a trail ARN for a channel", "GetChannel", "{\"Channel\":\"" + trailArn() + "\"}", 400, "ChannelARNInvalidException"));
        cases.add(json("Lake: MaxResults of 0 channels", "ListChannels", "{\"MaxResults\":0}", 400, "InvalidParameterException"));
        cases.add(json("Lake: a channel that does not exist", "UpdateChannel", "{\"Channel\":\"00000000-0000-4000-8000-000000000000\",\"Name\":\"x-y\"}", 400,
                "ChannelNotFoundException"));
        cases.add(json("Lake: a channel reference of 2 characters", "DeleteChannel", "{\"Channel\":\"ab\"}", 400, "ChannelARNInvalidException"));
        cases.add(json("Lake: a resource policy of 8,193 characters", "PutResourcePolicy", "{\"ResourceArn\":\"" + channelArn + "\",\"ResourcePolicy\":\""
                + "x".repeat(8193) + "\"}", 400, "ResourcePolicyNotValidException"));
        cases.add(json("Lake: a channel policy for a service", "PutResourcePolicy", "{\"ResourceArn\":\"" + channelArn + "\",\"ResourcePolicy\":"
                + JSON.valueToTree("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},"
                + "\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + channelArn + "\"}]}") + "}", 400, "ResourcePolicyNotValidException"));
        cases.add(json("Lake: a dashboard's resource policy", "PutResourcePolicy", "{\"ResourceArn\":\"arn:aws:cloudtrail:us-east-1:" + server.accountId()
                + ":dashboard/mine\",\"ResourcePolicy\":\"{}\"}", 400, "ResourceTypeNotSupportedException"));
        cases.add(json("Lake: a resource policy of no ARN", "GetResourcePolicy", "{\"ResourceArn\":\"not-an-arn\"}", 400, "ResourceARNNotValidException"));
        cases.add(json("Lake: a resource policy that is not there", "DeleteResourcePolicy", "{\"ResourceArn\":\"" + channelArn + "\"}", 400,
                "ResourcePolicyNotFoundException"));
        cases.add(json("Lake: 51 tags on a channel", "AddTags", "{\"ResourceId\":\"" + channelArn + "\",\"TagsList\":[" + tags(51) + "]}", 400,
                "TagsLimitExceededException"));
        String storeId = storeArn.substring(storeArn.lastIndexOf('/') + 1);
        cases.add(json("Lake: a query without SQL", "StartQuery", "{}", 400, "InvalidParameterException"));
        cases.add(json("Lake: a query that deletes", "StartQuery", "{\"QueryStatement\":\"DELETE FROM " + storeId + "\"}", 400, "InvalidQueryStatementException"));
        cases.add(json("Lake: two statements", "StartQuery", "{\"QueryStatement\":\"SELECT 1 FROM " + storeId + "; SELECT 2 FROM " + storeId + "\"}", 400,
                "InvalidQueryStatementException"));
        cases.add(json("Lake: a query reading a file", "StartQuery", "{\"QueryStatement\":\"SELECT * FROM read_text('/etc/passwd')\"}", 400,
                "InvalidQueryStatementException"));
        cases.add(json("Lake: 10,001 characters of SQL", "StartQuery", "{\"QueryStatement\":\"SELECT " + " ".repeat(9_990) + "1\"}", 400, "InvalidQueryStatementException"));
        cases.add(json("Lake: 11 query parameters", "StartQuery", "{\"QueryStatement\":\"SELECT count(*) FROM " + storeId + "\",\"QueryParameters\":["
                + String.join(",", Collections.nCopies(11, "\"x\"")) + "]}", 400, "InvalidParameterException"));
        cases.add(json("Lake: results to a bucket that is not there", "StartQuery", "{\"QueryStatement\":\"SELECT count(*) FROM " + storeId
                + "\",\"DeliveryS3Uri\":\"s3://no-such-results-bucket/x\"}", 400, "S3BucketDoesNotExistException"));
        cases.add(json("Lake: a query id of the wrong form", "DescribeQuery", "{\"QueryId\":\"not-a-query\"}", 400, "InvalidParameterException"));
        cases.add(json("Lake: no page of results", "GetQueryResults", "{\"QueryId\":\"00000000-0000-4000-8000-000000000000\",\"MaxQueryResults\":0}", 400,
                "InvalidMaxResultsException"));
        cases.add(json("Lake: an unknown query status", "ListQueries", "{\"EventDataStore\":\"" + storeArn + "\",\"QueryStatus\":\"DONE\"}", 400,
                "InvalidQueryStatusException"));
        cases.add(json("Lake: queries of a time range that ends before it starts", "ListQueries", "{\"EventDataStore\":\"" + storeArn
                + "\",\"StartTime\":1700000000,\"EndTime\":1600000000}", 400, "InvalidDateRangeException"));
        cases.add(json("Lake: cancel a query that is not there", "CancelQuery", "{\"QueryId\":\"00000000-0000-4000-8000-000000000000\"}", 400,
                "QueryIdNotFoundException"));
        // CloudTrail Data (REST-JSON): PutAuditEvents' own errors, the model's constraints, bodies and signatures
        String event = "{\"id\":\"e1\",\"eventData\":" + JSON.valueToTree(AuditEventsClient.exampleEvent(server.accountId(), "BadInput").toString()) + "}";
        String channelQuery = "channelArn=" + encode(channelArn);
        cases.add(auditEvents("Data: a channel ID, not an ARN", "channelArn=" + channelArn.substring(channelArn.lastIndexOf('/') + 1), "{\"auditEvents\":[" + event + "]}",
                400, "InvalidChannelARN"));
        cases.add(auditEvents("Data: a trail's ARN as the channel", "channelArn=" + encode(trailArn()), "{\"auditEvents\":[" + event + "]}", 400, "InvalidChannelARN"));
        cases.add(auditEvents("Data: no channelArn", "", "{\"auditEvents\":[" + event + "]}", 400, "InvalidChannelARN"));
        cases.add(auditEvents("Data: a channel that does not exist", "channelArn=" + encode(channelArn.substring(0, channelArn.lastIndexOf('/') + 1)
                + "00000000-0000-4000-8000-000000000000"), "{\"auditEvents\":[" + event + "]}", 400, "ChannelNotFound"));
        cases.add(auditEvents("Data: the channel's ARN in another region", "channelArn=" + encode(channelArn.replace(":us-east-1:", ":us-west-2:")),
                "{\"auditEvents\":[" + event + "]}", 400, "ChannelNotFound"));
        cases.add(auditEvents("Data: two events with one id", channelQuery, "{\"auditEvents\":[" + event + "," + event + "]}", 400, "DuplicatedAuditEventId"));
        cases.add(auditEvents("Data: no auditEvents", channelQuery, "{}", 400, "ValidationException"));
        cases.add(auditEvents("Data: no events", channelQuery, "{\"auditEvents\":[]}", 400, "ValidationException"));
        cases.add(auditEvents("Data: 101 events", channelQuery, "{\"auditEvents\":[" + String.join(",", java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> event.replace("\"e1\"", "\"e" + i + "\"")).toList()) + "]}", 400, "ValidationException"));
        cases.add(auditEvents("Data: an event without eventData", channelQuery, "{\"auditEvents\":[{\"id\":\"e1\"}]}", 400, "ValidationException"));
        cases.add(auditEvents("Data: an id with a slash", channelQuery, "{\"auditEvents\":[" + event.replace("\"e1\"", "\"e/1\"") + "]}", 400, "ValidationException"));
        cases.add(auditEvents("Data: an id of 129 characters", channelQuery, "{\"auditEvents\":[" + event.replace("\"e1\"", "\"" + "e".repeat(129) + "\"") + "]}", 400,
                "ValidationException"));
        cases.add(auditEvents("Data: an external id of 1 character", channelQuery + "&externalId=x", "{\"auditEvents\":[" + event + "]}", 400, "ValidationException"));
        cases.add(auditEvents("Data: eventData as an object", channelQuery, "{\"auditEvents\":[{\"id\":\"e1\",\"eventData\":{\"version\":\"1\"}}]}", 400,
                "SerializationException"));
        cases.add(auditEvents("Data: auditEvents as an object", channelQuery, "{\"auditEvents\":" + event + "}", 400, "SerializationException"));
        cases.add(auditEvents("Data: a body that is not JSON", channelQuery, "auditEvents=" + event, 400, "SerializationException"));
        cases.add(auditEvents("Data: the channel in the body, not the query", "", "{\"channelArn\":\"" + channelArn + "\",\"auditEvents\":[" + event + "]}", 400,
                "InvalidChannelARN"));
        cases.add(auditEvents("Data: the channel twice in the query", channelQuery + "&" + channelQuery, "{\"auditEvents\":[" + event + "]}", 400,
                "SerializationException"));
        cases.add(auditEvents("Data: a body over 1 MB", channelQuery, "{\"auditEvents\":[{\"id\":\"e1\",\"eventData\":\"" + "x".repeat(1_100_000) + "\"}]}", 413,
                "RequestEntityTooLargeException"));
        cases.add(new Case("Data: signed for cloudtrail", () -> auditEventsRequest(channelQuery, "{\"auditEvents\":[" + event + "]}", "cloudtrail"), 400,
                Optional.of("InvalidSignatureException")));
        // JSON 1.1: targets
        cases.add(jsonTarget("a space inside the target", TARGET + " DeleteTrail", "{\"Name\":\"" + TRAIL + "\"}", 400, "UnknownOperationException"));
        cases.add(jsonTarget("a lowercase operation", TARGET + "deletetrail", "{\"Name\":\"" + TRAIL + "\"}", 400, "UnknownOperationException"));
        // JSON 1.1: bodies that are too large, badly framed, or stop arriving
        cases.add(jsonFramed("a body of 17 MB", "CreateTrail", ("{\"Name\":\"" + "a".repeat(17 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8),
                RawHttp.Framing.EXACT, Optional.empty(), 413, "RequestEntityTooLargeException"));
        cases.add(jsonFramed("a chunked body of 20 MB", "DeleteTrail", "{}".getBytes(StandardCharsets.UTF_8), RawHttp.Framing.CHUNKED, Optional.of(chunks(20, 1024 * 1024)),
                413, "RequestEntityTooLargeException"));
        cases.add(jsonFramed("a bad chunk size", "DeleteTrail", deleteTrail(), RawHttp.Framing.CHUNKED,
                Optional.of(("zz\r\n" + new String(deleteTrail(), StandardCharsets.UTF_8) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8)), 400, "SerializationException"));
        cases.add(jsonFramed("a truncated chunked body", "DeleteTrail", deleteTrail(), RawHttp.Framing.CHUNKED,
                Optional.of(("40\r\n" + new String(deleteTrail(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)), 400, "RequestTimeoutException"));
        cases.add(jsonFramed("a Content-Length larger than the body", "DeleteTrail", deleteTrail(), RawHttp.Framing.DECLARED, Optional.empty(), 400, "RequestTimeoutException"));
        cases.add(jsonFramed("a chunked body (valid)", "DescribeTrails", "{}".getBytes(StandardCharsets.UTF_8), RawHttp.Framing.CHUNKED,
                Optional.of(RawHttp.oneChunk("{}".getBytes(StandardCharsets.UTF_8))), 200, null));
        // JSON 1.1: authentication
        cases.add(new Case("a security token with a long-term key", () -> {
            byte[] body = deleteTrail();
            Map<String, String> headers = RawHttp.sign(endpoint, "POST", "/", jsonHeaders("DeleteTrail"), body, "cloudtrail", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY,
                    Optional.of("FwoGZXIvYXdzEBYaDExampleSessionToken"), Instant.now());
            return new Sent("POST", "/", headers, body, RawHttp.Framing.EXACT);
        }, 400, Optional.of("UnrecognizedClientException")));
        cases.add(presignedJson("presigned (valid)", "DescribeTrails", "{}".getBytes(StandardCharsets.UTF_8), Duration.ZERO, Duration.ofMinutes(5), 200, null));
        cases.add(presignedJson("presigned, expired", "DeleteTrail", deleteTrail(), Duration.ofSeconds(120), Duration.ofSeconds(60), 400, "AccessDeniedException"));
        cases.add(new Case("presigned for more than 7 days", () -> {
            Map<String, String> headers = new LinkedHashMap<>(jsonHeaders("DeleteTrail"));
            String path = RawHttp.presign(endpoint, "POST", "/", headers, deleteTrail(), "cloudtrail", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Instant.now(),
                    Duration.ofMinutes(5));
            headers.put("Host", host());
            // the SDK refuses to presign for longer: the request says so itself
            return new Sent("POST", path.replace("X-Amz-Expires=300", "X-Amz-Expires=691200"), headers, deleteTrail(), RawHttp.Framing.EXACT);
        }, 400, Optional.of("IncompleteSignatureException")));
        cases.add(new Case("presigned, then the body changed", () -> {
            Map<String, String> headers = new LinkedHashMap<>(jsonHeaders("DeleteTrail"));
            String path = RawHttp.presign(endpoint, "POST", "/", headers, "{\"Name\":\"other-trail\"}".getBytes(StandardCharsets.UTF_8), "cloudtrail",
                    ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Instant.now(), Duration.ofMinutes(5));
            headers.put("Host", host());
            return new Sent("POST", path, headers, deleteTrail(), RawHttp.Framing.EXACT);
        }, 400, Optional.of("InvalidSignatureException")));
        cases.add(new Case("presigned and an Authorization header", () -> {
            Map<String, String> headers = new LinkedHashMap<>(jsonHeaders("DeleteTrail"));
            String path = RawHttp.presign(endpoint, "POST", "/", headers, deleteTrail(), "cloudtrail", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Instant.now(),
                    Duration.ofMinutes(5));
            Map<String, String> signed = RawHttp.sign(endpoint, "POST", "/", jsonHeaders("DeleteTrail"), deleteTrail(), "cloudtrail", ROOT_ACCESS_KEY_ID,
                    ROOT_SECRET_ACCESS_KEY, Optional.empty(), Instant.now());
            return new Sent("POST", path, signed, deleteTrail(), RawHttp.Framing.EXACT);
        }, 400, Optional.of("IncompleteSignatureException")));

        // JSON 1.1: Organizations (the fixture's account manages an organization)
        cases.add(organizations("Organizations: an AccountId of 5 digits", "DescribeAccount", "{\"AccountId\":\"12345\"}", 400, "InvalidInputException"));
        cases.add(organizations("Organizations: MaxResults of 21", "ListAccounts", "{\"MaxResults\":21}", 400, "InvalidInputException"));
        cases.add(organizations("Organizations: MaxResults as a string", "ListAccounts", "{\"MaxResults\":\"5\"}", 400, "SerializationException"));
        cases.add(organizations("Organizations: a NextToken of no listing", "ListAccounts", "{\"NextToken\":\"!!!\"}", 400, "InvalidInputException"));
        cases.add(organizations("Organizations: an email address without @", "CreateAccount", "{\"Email\":\"not-an-address\",\"AccountName\":\"x\"}", 400,
                "InvalidInputException"));
        cases.add(organizations("Organizations: an account name of 51 characters", "CreateAccount",
                "{\"Email\":\"long@example.com\",\"AccountName\":\"" + "n".repeat(51) + "\"}", 400, "InvalidInputException"));
        cases.add(organizations("Organizations: an unknown FeatureSet", "CreateOrganization", "{\"FeatureSet\":\"SOME\"}", 400, "InvalidInputException"));
        cases.add(organizations("Organizations: a ParentId of no form", "CreateOrganizationalUnit", "{\"ParentId\":\"x\",\"Name\":\"n\"}", 400, "InvalidInputException"));
        cases.add(new Case("Organizations: duplicate tag keys", () -> organizationsRequest("CreateOrganizationalUnit", "{\"ParentId\":\"" + rootId
                + "\",\"Name\":\"tagged\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"a\"},{\"Key\":\"TEAM\",\"Value\":\"b\"}]}", "organizations"), 400,
                Optional.of("InvalidInputException")));
        cases.add(organizations("Organizations: an unrecognized service principal", "EnableAWSServiceAccess", "{\"ServicePrincipal\":\"nothing\"}", 400,
                "InvalidInputException"));
        cases.add(organizations("Organizations: an array", "ListRoots", "[]", 400, "SerializationException"));
        cases.add(organizations("Organizations: an operation Cairn does not serve", "InviteAccountToOrganization", "{}", 400, "UnknownOperationException"));
        cases.add(organizations("Organizations: the management account removed", "RemoveAccountFromOrganization", "{\"AccountId\":\"" + server.accountId() + "\"}", 400,
                "MasterCannotLeaveOrganizationException"));
        cases.add(new Case("Organizations: signed for cloudtrail", () -> organizationsRequest("ListRoots", "{}", "cloudtrail"), 400, Optional.of("InvalidSignatureException")));
        cases.add(new Case("CloudTrail: signed for organizations", () -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", jsonHeaders("DescribeTrails"), body, "organizations", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY,
                    Optional.empty(), Instant.now()), body, RawHttp.Framing.EXACT);
        }, 400, Optional.of("InvalidSignatureException")));
        // JSON 1.1: CloudWatch Logs, which answers input that breaks the model with InvalidParameterException
        cases.add(logs("Logs: a log group name with a space", "CreateLogGroup", "{\"logGroupName\":\"bad name\"}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: a log group name of 513 characters", "CreateLogGroup", "{\"logGroupName\":\"" + "g".repeat(513) + "\"}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: no log group name", "CreateLogGroup", "{}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: an unknown log group class", "CreateLogGroup", "{\"logGroupName\":\"classy\",\"logGroupClass\":\"CHEAP\"}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: an existing log group", "CreateLogGroup", "{\"logGroupName\":\"" + LOG_GROUP + "\"}", 400, "ResourceAlreadyExistsException"));
        cases.add(logs("Logs: limit of 51", "DescribeLogGroups", "{\"limit\":51}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: limit of 0", "DescribeLogStreams", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"limit\":0}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: limit as a string", "DescribeLogGroups", "{\"limit\":\"5\"}", 400, "SerializationException"));
        cases.add(logs("Logs: a nextToken Cairn never gave", "DescribeLogGroups", "{\"nextToken\":\"!!!\"}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: a retention of 2 days", "PutRetentionPolicy", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"retentionInDays\":2}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: a retention as a string", "PutRetentionPolicy", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"retentionInDays\":\"7\"}", 400,
                "SerializationException"));
        cases.add(logs("Logs: a stream name with a colon", "CreateLogStream", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"logStreamName\":\"a:b\"}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: an existing stream", "CreateLogStream", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"logStreamName\":\"" + LOG_STREAM + "\"}", 400,
                "ResourceAlreadyExistsException"));
        cases.add(logs("Logs: streams of a missing group", "DescribeLogStreams", "{\"logGroupName\":\"missing\"}", 400, "ResourceNotFoundException"));
        cases.add(logs("Logs: streams by name and identifier", "DescribeLogStreams",
                "{\"logGroupName\":\"" + LOG_GROUP + "\",\"logGroupIdentifier\":\"" + LOG_GROUP + "\"}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: tags by a name, not an ARN", "TagResource", "{\"resourceArn\":\"" + LOG_GROUP + "\",\"tags\":{\"a\":\"b\"}}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: tags of a missing group", "TagResource", "{\"resourceArn\":\"" + logGroupArn("missing") + "\",\"tags\":{\"a\":\"b\"}}", 400,
                "ResourceNotFoundException"));
        cases.add(logs("Logs: tags of a log stream", "ListTagsForResource", "{\"resourceArn\":\"" + logGroupArn(LOG_GROUP) + ":log-stream:" + LOG_STREAM + "\"}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: no tags", "TagResource", "{\"resourceArn\":\"" + logGroupArn(LOG_GROUP) + "\",\"tags\":{}}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: 51 tags", "TagResource", "{\"resourceArn\":\"" + logGroupArn(LOG_GROUP) + "\",\"tags\":" + numberedTags(51) + "}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: 51 tags in all", "TagResource", "{\"resourceArn\":\"" + logGroupArn(TAGGED_LOG_GROUP) + "\",\"tags\":{\"one-more\":\"x\"}}", 400,
                "TooManyTagsException"));
        cases.add(logs("Logs: 51 tags in all, by name", "TagLogGroup", "{\"logGroupName\":\"" + TAGGED_LOG_GROUP + "\",\"tags\":{\"one-more\":\"x\"}}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: a tag key with a comma", "TagResource", "{\"resourceArn\":\"" + logGroupArn(LOG_GROUP) + "\",\"tags\":{\"a,b\":\"x\"}}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: a tag value of 257 characters", "TagLogGroup", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"tags\":{\"a\":\"" + "v".repeat(257) + "\"}}",
                400, "InvalidParameterException"));
        cases.add(logs("Logs: tag keys as a map", "UntagResource", "{\"resourceArn\":\"" + logGroupArn(LOG_GROUP) + "\",\"tagKeys\":{\"a\":\"b\"}}", 400,
                "SerializationException"));
        cases.add(logs("Logs: untag no keys by name", "UntagLogGroup", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"tags\":[]}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: tags of a missing group by name", "ListTagsLogGroup", "{\"logGroupName\":\"missing\"}", 400, "ResourceNotFoundException"));
        String counting = "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\"}";
        cases.add(logs("Logs: a metric filter pattern that does not parse", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "{ $.a = ", counting), 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: two metric transformations", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "ERROR", counting + "," + counting), 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: no metric transformation", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "ERROR", ""), 400, "InvalidParameterException"));
        cases.add(logs("Logs: a metric value a term pattern cannot select", "PutMetricFilter",
                metricFilter(LOG_GROUP, "f", "ERROR", "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"$.size\"}"), 400, "InvalidParameterException"));
        cases.add(logs("Logs: a metric value of a field the pattern does not name", "PutMetricFilter",
                metricFilter(LOG_GROUP, "f", "[ip, bytes]", "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"$size\"}"), 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: a default value with dimensions", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "{ $.a = 1 }",
                "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\",\"defaultValue\":0,\"dimensions\":{\"A\":\"$.a\"}}"), 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: four dimensions", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "{ $.a = 1 }",
                "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\",\"dimensions\":{\"A\":\"$.a\",\"B\":\"$.b\",\"C\":\"$.c\",\"D\":\"$.d\"}}"),
                400, "InvalidParameterException"));
        cases.add(logs("Logs: a dimension that is not a selector", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "{ $.a = 1 }",
                "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\",\"dimensions\":{\"A\":\"fixed\"}}"), 400, "InvalidParameterException"));
        cases.add(logs("Logs: an unknown unit", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "ERROR",
                "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\",\"unit\":\"Parsecs\"}"), 400, "InvalidParameterException"));
        cases.add(logs("Logs: a default value as a string", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "ERROR",
                "{\"metricName\":\"M\",\"metricNamespace\":\"N\",\"metricValue\":\"1\",\"defaultValue\":\"0\"}"), 400, "SerializationException"));
        cases.add(logs("Logs: a metric name with a colon", "PutMetricFilter", metricFilter(LOG_GROUP, "f", "ERROR",
                "{\"metricName\":\"a:b\",\"metricNamespace\":\"N\",\"metricValue\":\"1\"}"), 400, "InvalidParameterException"));
        cases.add(logs("Logs: a filter name with a star", "PutMetricFilter", metricFilter(LOG_GROUP, "f*", "ERROR", counting), 400, "InvalidParameterException"));
        cases.add(logs("Logs: a metric filter of a missing group", "PutMetricFilter", metricFilter("missing", "f", "ERROR", counting), 400, "ResourceNotFoundException"));
        cases.add(logs("Logs: a 101st metric filter", "PutMetricFilter", metricFilter(FILTERED_LOG_GROUP, "one-more", "ERROR", counting), 400,
                "LimitExceededException"));
        cases.add(logs("Logs: metric filters by metric name only", "DescribeMetricFilters", "{\"metricName\":\"Errors\"}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: metric filters of a missing group", "DescribeMetricFilters", "{\"logGroupName\":\"missing\"}", 400, "ResourceNotFoundException"));
        cases.add(logs("Logs: a missing metric filter", "DeleteMetricFilter", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"filterName\":\"missing\"}", 400,
                "ResourceNotFoundException"));
        cases.add(logs("Logs: a test of a pattern that does not parse", "TestMetricFilter", "{\"filterPattern\":\"[a, b\",\"logEventMessages\":[\"x\"]}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: a test of no messages", "TestMetricFilter", "{\"filterPattern\":\"x\",\"logEventMessages\":[]}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: a test of 51 messages", "TestMetricFilter", "{\"filterPattern\":\"x\",\"logEventMessages\":["
                + String.join(",", Collections.nCopies(51, "\"m\"")) + "]}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: an array", "DescribeLogGroups", "[]", 400, "SerializationException"));
        cases.add(logs("Logs: an operation Cairn does not serve", "StartQuery", "{}", 400, "UnknownOperationException"));
        cases.add(logs("Logs: no log events", "PutLogEvents", STREAM + ",\"logEvents\":[]}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: a log event without a message", "PutLogEvents", STREAM + ",\"logEvents\":[{\"timestamp\":1}]}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: an empty message", "PutLogEvents", STREAM + ",\"logEvents\":[{\"timestamp\":" + System.currentTimeMillis() + ",\"message\":\"\"}]}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: a timestamp as a string", "PutLogEvents", STREAM + ",\"logEvents\":[{\"timestamp\":\"now\",\"message\":\"m\"}]}", 400,
                "SerializationException"));
        cases.add(logs("Logs: log events out of order", "PutLogEvents", STREAM + ",\"logEvents\":[{\"timestamp\":" + System.currentTimeMillis()
                + ",\"message\":\"b\"},{\"timestamp\":" + (System.currentTimeMillis() - 1000) + ",\"message\":\"a\"}]}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: log events into a missing stream", "PutLogEvents", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"logStreamName\":\"missing\",\"logEvents\":"
                + "[{\"timestamp\":" + System.currentTimeMillis() + ",\"message\":\"m\"}]}", 400, "ResourceNotFoundException"));
        cases.add(logs("Logs: a limit of 10,001 events", "GetLogEvents", STREAM + ",\"limit\":10001}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: a token Cairn never gave", "GetLogEvents", STREAM + ",\"nextToken\":\"f/x\"}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: a negative start time", "GetLogEvents", STREAM + ",\"startTime\":-1}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: a filter pattern that does not parse", "FilterLogEvents", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"filterPattern\":\"{ $.a = }\"}", 400,
                "InvalidParameterException"));
        cases.add(logs("Logs: stream names and a stream prefix", "FilterLogEvents", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"logStreamNames\":[\"a\"],"
                + "\"logStreamNamePrefix\":\"a\"}", 400, "InvalidParameterException"));
        cases.add(logs("Logs: 101 stream names", "FilterLogEvents", "{\"logGroupName\":\"" + LOG_GROUP + "\",\"logStreamNames\":["
                + String.join(",", java.util.Collections.nCopies(101, "\"s\"")) + "]}", 400, "InvalidParameterException"));
        cases.add(new Case("Logs: signed for cloudtrail", () -> logsRequest("DescribeLogGroups", "{}", "cloudtrail"), 400, Optional.of("InvalidSignatureException")));
        // JSON 1.1: EventBridge, which answers input that breaks the model with ValidationException
        String pattern = "\"EventPattern\":\"{\\\"source\\\":[\\\"aws.iam\\\"]}\"";
        cases.add(events("Events: a rule name with a space", "PutRule", "{\"Name\":\"bad name\"," + pattern + "}", 400, "ValidationException"));
        cases.add(events("Events: a rule name of 65 characters", "PutRule", "{\"Name\":\"" + "r".repeat(65) + "\"," + pattern + "}", 400, "ValidationException"));
        cases.add(events("Events: no rule name", "PutRule", "{" + pattern + "}", 400, "ValidationException"));
        cases.add(events("Events: an unknown state", "PutRule", "{\"Name\":\"stated\",\"State\":\"ON\"," + pattern + "}", 400, "ValidationException"));
        cases.add(events("Events: a pattern that is not JSON", "PutRule", "{\"Name\":\"patterned\",\"EventPattern\":\"{source\"}", 400,
                "InvalidEventPatternException"));
        cases.add(events("Events: a pattern with an unknown operator", "PutRule",
                "{\"Name\":\"patterned\",\"EventPattern\":\"{\\\"source\\\":[{\\\"likes\\\":\\\"aws\\\"}]}\"}", 400, "InvalidEventPatternException"));
        cases.add(events("Events: a pattern of 4,097 characters", "PutRule",
                "{\"Name\":\"patterned\",\"EventPattern\":\"{\\\"source\\\":[\\\"" + "s".repeat(4_097 - 15) + "\\\"]}\"}", 400, "ValidationException"));
        cases.add(events("Events: a schedule", "PutRule", "{\"Name\":\"scheduled\",\"ScheduleExpression\":\"rate(5 minutes)\"}", 400, "ValidationException"));
        cases.add(events("Events: neither pattern nor schedule", "PutRule", "{\"Name\":\"empty\"}", 400, "ValidationException"));
        cases.add(events("Events: another event bus", "PutRule", "{\"Name\":\"bused\",\"EventBusName\":\"custom\"," + pattern + "}", 400,
                "ResourceNotFoundException"));
        cases.add(events("Events: a rule with targets deleted", "DeleteRule", "{\"Name\":\"" + RULE + "\",\"Force\":true}", 400, "ValidationException"));
        cases.add(events("Events: a missing rule described", "DescribeRule", "{\"Name\":\"missing\"}", 400, "ResourceNotFoundException"));
        cases.add(events("Events: a missing rule disabled", "DisableRule", "{\"Name\":\"missing\"}", 400, "ResourceNotFoundException"));
        cases.add(events("Events: Limit of 101", "ListRules", "{\"Limit\":101}", 400, "ValidationException"));
        cases.add(events("Events: Limit as a string", "ListRules", "{\"Limit\":\"5\"}", 400, "SerializationException"));
        cases.add(events("Events: a NextToken Cairn never gave", "ListRules", "{\"NextToken\":\"!!!\"}", 400, "ValidationException"));
        cases.add(events("Events: targets of a missing rule", "PutTargets", "{\"Rule\":\"missing\",\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + logGroupArn(LOG_GROUP) + "\"}]}",
                400, "ResourceNotFoundException"));
        cases.add(events("Events: no targets", "PutTargets", "{\"Rule\":\"" + RULE + "\",\"Targets\":[]}", 400, "ValidationException"));
        cases.add(events("Events: 186 retries", "PutTargets", "{\"Rule\":\"" + RULE + "\",\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + logGroupArn(LOG_GROUP)
                + "\",\"RetryPolicy\":{\"MaximumRetryAttempts\":186}}]}", 400, "ValidationException"));
        cases.add(events("Events: an event age of 59 seconds", "PutTargets", "{\"Rule\":\"" + RULE + "\",\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + logGroupArn(LOG_GROUP)
                + "\",\"RetryPolicy\":{\"MaximumEventAgeInSeconds\":59}}]}", 400, "ValidationException"));
        cases.add(events("Events: an Input that is not JSON", "PutTargets", "{\"Rule\":\"" + RULE + "\",\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + logGroupArn(LOG_GROUP)
                + "\",\"Input\":\"{\"}]}", 400, "ValidationException"));
        StringBuilder six = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            six.append(i == 0 ? "" : ",").append("{\"Id\":\"t").append(i).append("\",\"Arn\":\"").append(logGroupArn(LOG_GROUP)).append("\"}");
        }
        cases.add(events("Events: a sixth target", "PutTargets", "{\"Rule\":\"" + RULE + "\",\"Targets\":[" + six + "]}", 400, "LimitExceededException"));
        cases.add(events("Events: an event without its mandatory members", "TestEventPattern", "{" + pattern + ",\"Event\":\"{}\"}", 400, "ValidationException"));
        cases.add(events("Events: a test of a bad pattern", "TestEventPattern", "{\"EventPattern\":\"[]\",\"Event\":\"{}\"}", 400, "InvalidEventPatternException"));
        cases.add(events("Events: an array", "ListRules", "[]", 400, "SerializationException"));
        String basic = "\"AuthorizationType\":\"BASIC\",\"AuthParameters\":{\"BasicAuthParameters\":{\"Username\":\"u\",\"Password\":\"p\"}}";
        cases.add(events("Events: a connection name with a space", "CreateConnection", "{\"Name\":\"bad name\"," + basic + "}", 400, "ValidationException"));
        cases.add(events("Events: an unknown authorization type", "CreateConnection",
                "{\"Name\":\"typed\",\"AuthorizationType\":\"DIGEST\",\"AuthParameters\":{}}", 400, "ValidationException"));
        cases.add(events("Events: OAuth client credentials", "CreateConnection", "{\"Name\":\"oauth\",\"AuthorizationType\":\"OAUTH_CLIENT_CREDENTIALS\","
                + "\"AuthParameters\":{\"OAuthParameters\":{\"ClientParameters\":{\"ClientID\":\"id\",\"ClientSecret\":\"secret\"},"
                + "\"AuthorizationEndpoint\":\"https://auth.example.com/token\",\"HttpMethod\":\"POST\"}}}", 400, "ValidationException"));
        cases.add(events("Events: BASIC without its parameters", "CreateConnection", "{\"Name\":\"bare\",\"AuthorizationType\":\"BASIC\",\"AuthParameters\":{}}", 400,
                "ValidationException"));
        cases.add(events("Events: a password of 513 characters", "CreateConnection", "{\"Name\":\"long\",\"AuthorizationType\":\"BASIC\","
                + "\"AuthParameters\":{\"BasicAuthParameters\":{\"Username\":\"u\",\"Password\":\"" + "p".repeat(513) + "\"}}}", 400, "ValidationException"));
        cases.add(events("Events: an existing connection", "CreateConnection", "{\"Name\":\"" + CONNECTION + "\"," + basic + "}", 400, "ResourceAlreadyExistsException"));
        cases.add(events("Events: a missing connection", "DescribeConnection", "{\"Name\":\"missing\"}", 400, "ResourceNotFoundException"));
        cases.add(events("Events: an unknown connection state", "ListConnections", "{\"ConnectionState\":\"ASLEEP\"}", 400, "ValidationException"));
        cases.add(events("Events: a connection in use deleted", "DeleteConnection", "{\"Name\":\"" + CONNECTION + "\"}", 400, "ValidationException"));
        String destination = "\"ConnectionArn\":\"" + "CONNECTION_ARN" + "\",\"HttpMethod\":\"POST\"";
        cases.add(new Case("Events: an API destination of 301 invocations a second", () -> eventsRequest("CreateApiDestination", ("{\"Name\":\"fast\"," + destination
                + ",\"InvocationEndpoint\":\"https://hooks.example.com/x\",\"InvocationRateLimitPerSecond\":301}").replace("CONNECTION_ARN", connectionArn), "events"), 400,
                Optional.of("ValidationException")));
        cases.add(new Case("Events: an API destination of 0 invocations a second", () -> eventsRequest("CreateApiDestination", ("{\"Name\":\"slow\"," + destination
                + ",\"InvocationEndpoint\":\"https://hooks.example.com/x\",\"InvocationRateLimitPerSecond\":0}").replace("CONNECTION_ARN", connectionArn), "events"), 400,
                Optional.of("ValidationException")));
        cases.add(new Case("Events: an ftp endpoint", () -> eventsRequest("CreateApiDestination", ("{\"Name\":\"ftp\"," + destination
                + ",\"InvocationEndpoint\":\"ftp://files.example.com/x\"}").replace("CONNECTION_ARN", connectionArn), "events"), 400, Optional.of("ValidationException")));
        cases.add(new Case("Events: an unknown method", () -> eventsRequest("CreateApiDestination", ("{\"Name\":\"method\",\"ConnectionArn\":\"CONNECTION_ARN\","
                + "\"HttpMethod\":\"TRACE\",\"InvocationEndpoint\":\"https://hooks.example.com/x\"}").replace("CONNECTION_ARN", connectionArn), "events"), 400,
                Optional.of("ValidationException")));
        cases.add(new Case("Events: an existing API destination", () -> eventsRequest("CreateApiDestination", ("{\"Name\":\"" + API_DESTINATION + "\"," + destination
                + ",\"InvocationEndpoint\":\"https://hooks.example.com/x\"}").replace("CONNECTION_ARN", connectionArn), "events"), 400,
                Optional.of("ResourceAlreadyExistsException")));
        cases.add(new Case("Events: an API destination on a missing connection", () -> eventsRequest("CreateApiDestination", ("{\"Name\":\"orphan\"," + destination
                + ",\"InvocationEndpoint\":\"https://hooks.example.com/x\"}").replace("CONNECTION_ARN", connectionArn.replace(CONNECTION, "missing")), "events"), 400,
                Optional.of("ResourceNotFoundException")));
        cases.add(events("Events: a missing API destination", "DeleteApiDestination", "{\"Name\":\"missing\"}", 400, "ResourceNotFoundException"));
        cases.add(events("Events: an operation Cairn does not serve", "CreateEventBus", "{\"Name\":\"bus\"}", 400, "UnknownOperationException"));
        cases.add(events("Events: no entries", "PutEvents", "{\"Entries\":[]}", 400, "ValidationException"));
        cases.add(events("Events: 11 entries", "PutEvents", "{\"Entries\":[" + String.join(",", java.util.Collections.nCopies(11, "{\"Source\":\"my.app\",\"DetailType\":\"t\",\"Detail\":\"{}\"}")) + "]}", 400,
                "ValidationException"));
        cases.add(events("Events: an entry time as a word", "PutEvents", "{\"Entries\":[{\"Source\":\"my.app\",\"DetailType\":\"t\",\"Detail\":\"{}\",\"Time\":\"now\"}]}", 400,
                "SerializationException"));
        cases.add(new Case("Events: signed for logs", () -> eventsRequest("ListRules", "{}", "logs"), 400, Optional.of("InvalidSignatureException")));
        // Query: SNS, picked by the signing name; SNS answers with its own codes (InvalidParameter, NotFound)
        String topic = "TopicArn=" + encode(topicArn);
        String elsewhere = "TopicArn=" + encode(topicArn.replace(":us-east-1:", ":us-west-2:"));
        cases.add(sns("SNS: no topic name", "Action=CreateTopic", 400, "ValidationError"));
        cases.add(sns("SNS: a topic name with a space", "Action=CreateTopic&Name=bad%20name", 400, "InvalidParameter"));
        cases.add(sns("SNS: a topic name of 257 characters", "Action=CreateTopic&Name=" + "t".repeat(257), 400, "InvalidParameter"));
        cases.add(sns("SNS: a FIFO topic", "Action=CreateTopic&Name=queue.fifo&Attributes.entry.1.key=FifoTopic&Attributes.entry.1.value=true", 400,
                "InvalidParameter"));
        cases.add(sns("SNS: the fixture topic with another display name",
                "Action=CreateTopic&Name=" + TOPIC + "&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Other", 400, "InvalidParameter"));
        cases.add(sns("SNS: an unknown topic attribute", "Action=CreateTopic&Name=attributed&Attributes.entry.1.key=Colour&Attributes.entry.1.value=red", 400,
                "InvalidParameter"));
        cases.add(sns("SNS: a tag key twice", "Action=CreateTopic&Name=tagged&Tags.member.1.Key=k&Tags.member.1.Value=a&Tags.member.2.Key=k&Tags.member.2.Value=b", 400,
                "InvalidParameter"));
        StringBuilder tags = new StringBuilder("Action=CreateTopic&Name=tagged");
        for (int i = 1; i <= 51; i++) {
            tags.append("&Tags.member.").append(i).append(".Key=k").append(i).append("&Tags.member.").append(i).append(".Value=v");
        }
        cases.add(sns("SNS: 51 tags", tags.toString(), 400, "TagLimitExceeded"));
        cases.add(sns("SNS: a tag key of 129 characters", "Action=CreateTopic&Name=tagged&Tags.member.1.Key=" + "k".repeat(129) + "&Tags.member.1.Value=v", 400,
                "ValidationError"));
        cases.add(sns("SNS: a topic ARN that is none", "Action=GetTopicAttributes&TopicArn=nonsense", 400, "InvalidParameter"));
        cases.add(sns("SNS: a missing topic", "Action=GetTopicAttributes&" + topic.replace(TOPIC, "missing-topic"), 404, "NotFound"));
        cases.add(sns("SNS: a topic of another region", "Action=GetTopicAttributes&" + elsewhere, 400, "InvalidParameter"));
        cases.add(sns("SNS: SignatureVersion 3", "Action=SetTopicAttributes&" + topic + "&AttributeName=SignatureVersion&AttributeValue=3", 400, "InvalidParameter"));
        cases.add(sns("SNS: a delivery policy of 101 retries", "Action=SetTopicAttributes&" + topic + "&AttributeName=DeliveryPolicy&AttributeValue="
                + encode("{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":101}}}"), 400, "InvalidParameter"));
        cases.add(sns("SNS: a policy that is not JSON", "Action=SetTopicAttributes&" + topic + "&AttributeName=Policy&AttributeValue=%7Bnot", 400, "InvalidParameter"));
        cases.add(sns("SNS: an attribute Cairn does not keep", "Action=SetTopicAttributes&" + topic + "&AttributeName=KmsMasterKeyId&AttributeValue=k", 400,
                "InvalidParameter"));
        cases.add(sns("SNS: the sqs protocol", "Action=Subscribe&" + topic + "&Protocol=sqs&Endpoint=" + encode("arn:aws:sqs:us-east-1:111122223333:q"), 400,
                "InvalidParameter"));
        cases.add(sns("SNS: an https subscription to an http URL", "Action=Subscribe&" + topic + "&Protocol=https&Endpoint=" + encode("http://example.com/"), 400,
                "InvalidParameter"));
        cases.add(sns("SNS: an http subscription without an endpoint", "Action=Subscribe&" + topic + "&Protocol=http", 400, "InvalidParameter"));
        cases.add(sns("SNS: ReturnSubscriptionArn=maybe", "Action=Subscribe&" + topic + "&Protocol=https&Endpoint=" + encode("https://example.com/x")
                + "&ReturnSubscriptionArn=maybe", 400, "ValidationError"));
        cases.add(sns("SNS: a token Cairn never sent", "Action=ConfirmSubscription&" + topic + "&Token=0123", 400, "InvalidParameter"));
        cases.add(sns("SNS: unsubscribe PendingConfirmation", "Action=Unsubscribe&SubscriptionArn=PendingConfirmation", 400, "InvalidParameter"));
        cases.add(sns("SNS: unsubscribe a missing subscription", "Action=Unsubscribe&SubscriptionArn=" + encode(topicArn + ":00000000-0000-4000-8000-000000000000"), 404,
                "NotFound"));
        cases.add(sns("SNS: publish no message", "Action=Publish&" + topic, 400, "ValidationError"));
        cases.add(sns("SNS: publish an empty message", "Action=Publish&" + topic + "&Message=", 400, "InvalidParameter"));
        cases.add(sns("SNS: publish to a phone number", "Action=Publish&PhoneNumber=%2B15555550100&Message=hi", 400, "InvalidParameter"));
        cases.add(sns("SNS: publish JSON without a default", "Action=Publish&" + topic + "&MessageStructure=json&Message=" + encode("{\"http\":\"x\"}"), 400,
                "InvalidParameter"));
        cases.add(sns("SNS: publish a subject with a line break", "Action=Publish&" + topic + "&Subject=a%0Ab&Message=hi", 400, "InvalidParameter"));
        cases.add(sns("SNS: publish an attribute of an unknown type", "Action=Publish&" + topic + "&Message=hi&MessageAttributes.entry.1.Name=a"
                + "&MessageAttributes.entry.1.Value.DataType=Colour&MessageAttributes.entry.1.Value.StringValue=red", 400, "InvalidParameter"));
        cases.add(sns("SNS: publish a message of 256 KiB and a byte", "Action=Publish&" + topic + "&Message=" + "m".repeat(262_145), 400, "InvalidParameter"));
        cases.add(sns("SNS: a NextToken Cairn never gave", "Action=ListTopics&NextToken=!!!", 400, "InvalidParameter"));
        cases.add(sns("SNS: an operation Cairn does not serve", "Action=CreatePlatformApplication&Name=app&Platform=GCM", 400, "InvalidAction"));
        cases.add(sns("SNS: an IAM action signed for sns", "Action=ListUsers", 400, "InvalidAction"));
        cases.add(new Case("SNS: signed for logs", () -> {
            byte[] body = "Action=ListTopics&Version=2010-03-31".getBytes(StandardCharsets.UTF_8);
            return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", queryHeaders(), body, "logs", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                    Instant.now()), body, RawHttp.Framing.EXACT);
        }, 403, Optional.of("SignatureDoesNotMatch")));
        // Query (IAM)
        cases.add(query("MaxItems of 1e400", "Action=ListUsers&MaxItems=1e400", 400, "ValidationError"));
        cases.add(query("malformed percent-encoding", "Action=DeleteUser&UserName=%zz" + USER, 400, "MalformedInput"));
        cases.add(query("an action with a leading space", "Action=%20DeleteUser&UserName=" + USER, 400, "InvalidAction"));
        cases.add(query("an invalid CIDR in a policy", "Action=PutUserPolicy&UserName=" + USER + "&PolicyName=cidr&PolicyDocument="
                + URLEncoder.encode("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.300/8\"}}}]}", StandardCharsets.UTF_8), 400, "MalformedPolicyDocument"));
        cases.add(query("an invalid CIDR in a group policy", "Action=PutGroupPolicy&GroupName=" + GROUP + "&PolicyName=cidr&PolicyDocument="
                + URLEncoder.encode("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.300/8\"}}}]}", StandardCharsets.UTF_8), 400, "MalformedPolicyDocument"));
        cases.add(query("a group name with a space", "Action=CreateGroup&GroupName=bad%20name", 400, "ValidationError"));
        cases.add(query("a group path without its closing slash", "Action=CreateGroup&GroupName=pathless&Path=%2Feng", 400, "ValidationError"));
        cases.add(query("GetGroup with MaxItems of 0", "Action=GetGroup&GroupName=" + GROUP + "&MaxItems=0", 400, "ValidationError"));
        cases.add(query("GetGroup with a marker Cairn never gave", "Action=GetGroup&GroupName=" + GROUP + "&Marker=%25%25%25", 400, "ValidationError"));
        cases.add(query("deleting a group that has members", "Action=DeleteGroup&GroupName=" + GROUP, 409, "DeleteConflict"));
        cases.add(query("removing a user who does not exist from a group", "Action=RemoveUserFromGroup&GroupName=" + GROUP + "&UserName=nobody", 404, "NoSuchEntity"));
        // Query (IAM): roles
        cases.add(query("a trust policy with a Resource", "Action=CreateRole&RoleName=bad-trust&AssumeRolePolicyDocument="
                + URLEncoder.encode(TRUST_POLICY.replace("\"Action\"", "\"Resource\":\"*\",\"Action\""), StandardCharsets.UTF_8), 400, "MalformedPolicyDocument"));
        cases.add(query("a trust policy allowing s3:GetObject", "Action=CreateRole&RoleName=bad-trust&AssumeRolePolicyDocument="
                + URLEncoder.encode(TRUST_POLICY.replace("sts:AssumeRole", "s3:GetObject"), StandardCharsets.UTF_8), 400, "MalformedPolicyDocument"));
        cases.add(query("a trust policy that is not JSON", "Action=UpdateAssumeRolePolicy&RoleName=" + ROLE + "&PolicyDocument=%7B%22Statement%22", 400,
                "MalformedPolicyDocument"));
        cases.add(query("a trust policy over 2,048 characters", "Action=UpdateAssumeRolePolicy&RoleName=" + ROLE + "&PolicyDocument="
                + URLEncoder.encode(TRUST_POLICY.replace("{\"Effect\"", "{\"Sid\":\"" + "a".repeat(2_048) + "\",\"Effect\""), StandardCharsets.UTF_8), 409, "LimitExceeded"));
        cases.add(query("MaxSessionDuration of 3599", "Action=UpdateRole&RoleName=" + ROLE + "&MaxSessionDuration=3599", 400, "ValidationError"));
        cases.add(query("MaxSessionDuration of 43201", "Action=CreateRole&RoleName=long-sessions&MaxSessionDuration=43201&AssumeRolePolicyDocument="
                + URLEncoder.encode(TRUST_POLICY, StandardCharsets.UTF_8), 400, "ValidationError"));
        cases.add(query("MaxSessionDuration of 1e400", "Action=UpdateRole&RoleName=" + ROLE + "&MaxSessionDuration=1e400", 400, "ValidationError"));
        cases.add(query("51 tags on a role", "Action=TagRole&RoleName=" + ROLE + queryTags(51), 400, "ValidationError"));
        cases.add(query("duplicate tag keys on a role", "Action=TagRole&RoleName=" + ROLE + "&Tags.member.1.Key=k&Tags.member.1.Value=1&Tags.member.2.Key=K"
                + "&Tags.member.2.Value=2", 400, "InvalidInput"));
        cases.add(query("deleting a role that has a policy", "Action=DeleteRole&RoleName=" + ROLE, 409, "DeleteConflict"));
        cases.add(queryFramed("a body of 17 MB (Query)", ("Action=CreateUser&Version=2010-05-08&UserName=" + "a".repeat(17 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8),
                RawHttp.Framing.EXACT, Optional.empty(), 413, "RequestEntityTooLarge"));
        cases.add(queryFramed("a chunked body of 20 MB (Query)", deleteUser(), RawHttp.Framing.CHUNKED, Optional.of(chunks(20, 1024 * 1024)), 413, "RequestEntityTooLarge"));
        cases.add(queryFramed("a bad chunk size (Query)", deleteUser(), RawHttp.Framing.CHUNKED,
                Optional.of(("-1\r\n" + new String(deleteUser(), StandardCharsets.UTF_8) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8)), 400, "MalformedInput"));
        cases.add(queryFramed("a truncated chunked body (Query)", deleteUser(), RawHttp.Framing.CHUNKED,
                Optional.of(("80\r\n" + new String(deleteUser(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)), 400, "RequestTimeout"));
        cases.add(queryFramed("a Content-Length larger than the body (Query)", deleteUser(), RawHttp.Framing.DECLARED, Optional.empty(), 400, "RequestTimeout"));
        cases.add(new Case("a security token with a long-term key (Query)", () -> {
            Map<String, String> headers = RawHttp.sign(endpoint, "POST", "/", queryHeaders(), deleteUser(), "iam", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY,
                    Optional.of("FwoGZXIvYXdzEBYaDExampleSessionToken"), Instant.now());
            return new Sent("POST", "/", headers, deleteUser(), RawHttp.Framing.EXACT);
        }, 403, Optional.of("InvalidClientTokenId")));
        // Query (STS)
        String role = "arn:aws:iam::" + server.accountId() + ":role/" + ROLE;
        cases.add(sts("AssumeRole with a one-character session name", "Action=AssumeRole&RoleArn=" + role + "&RoleSessionName=s", 400, "ValidationError"));
        cases.add(sts("AssumeRole with a space in the session name", "Action=AssumeRole&RoleArn=" + role + "&RoleSessionName=a%20b", 400, "ValidationError"));
        cases.add(sts("AssumeRole for 899 seconds", "Action=AssumeRole&RoleArn=" + role + "&RoleSessionName=short&DurationSeconds=899", 400, "ValidationError"));
        cases.add(sts("AssumeRole for 43201 seconds", "Action=AssumeRole&RoleArn=" + role + "&RoleSessionName=long&DurationSeconds=43201", 400, "ValidationError"));
        cases.add(sts("AssumeRole with a RoleArn that is no role", "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fbob&RoleSessionName=ab", 400,
                "ValidationError"));
        cases.add(sts("AssumeRole by the root user", "Action=AssumeRole&RoleArn=" + role + "&RoleSessionName=root-session", 403, "AccessDenied"));
        cases.add(sts("AssumeRole with 51 session tags", "Action=AssumeRole&RoleArn=" + role + "&RoleSessionName=tags" + queryTags(51), 400, "ValidationError"));
        cases.add(sts("GetSessionToken for 129601 seconds", "Action=GetSessionToken&DurationSeconds=129601", 400, "ValidationError"));
        cases.add(sts("GetAccessKeyInfo of a 3-character key id", "Action=GetAccessKeyInfo&AccessKeyId=AKI", 400, "ValidationError"));
        cases.add(new Case("a session token that is not base64 (Query)", () -> {
            byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = RawHttp.sign(endpoint, "POST", "/", queryHeaders(), body, "sts", "ASIAIOSFODNN7EXAMPLE", ROOT_SECRET_ACCESS_KEY,
                    Optional.of("%%% not a token %%%"), Instant.now());
            return new Sent("POST", "/", headers, body, RawHttp.Framing.EXACT);
        }, 403, Optional.of("InvalidClientTokenId")));
        cases.add(presignedGet("presigned GET (valid)", "Action=ListUsers&Version=2010-05-08", Duration.ZERO, Duration.ofMinutes(5), 200, null));
        cases.add(presignedGet("presigned GET, expired", "Action=DeleteUser&Version=2010-05-08&UserName=" + USER, Duration.ofSeconds(120), Duration.ofSeconds(60),
                403, "AccessDenied"));
        cases.add(new Case("presigned GET, then the parameters changed", () -> {
            String path = RawHttp.presign(endpoint, "GET", "/?Action=GetUser&Version=2010-05-08&UserName=" + USER, Map.of(), new byte[0], "iam", ROOT_ACCESS_KEY_ID,
                    ROOT_SECRET_ACCESS_KEY, Instant.now(), Duration.ofMinutes(5));
            return new Sent("GET", path.replace("Action=GetUser", "Action=DeleteUser"), Map.of("Host", host()), new byte[0], RawHttp.Framing.EXACT);
        }, 403, Optional.of("SignatureDoesNotMatch")));

        // the console's sign-in form
        cases.add(new Case("console sign-in, a form of 17 MB", () -> new Sent("POST", "/console/signin", Map.of("Host", host(), "Content-Type", "application/x-www-form-urlencoded"),
                ("account=1&username=a&password=" + "a".repeat(17 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8), RawHttp.Framing.EXACT),
                413, Optional.of("RequestEntityTooLargeException")));
        cases.add(new Case("console sign-in, a Content-Length larger than the form", () -> new Sent("POST", "/console/signin",
                Map.of("Host", host(), "Content-Type", "application/x-www-form-urlencoded", "Content-Length", "500"),
                "account=1&username=a&password=b".getBytes(StandardCharsets.UTF_8), RawHttp.Framing.DECLARED),
                400, Optional.of("RequestTimeoutException")));
        return cases;
    }

    private Case organizations(String name, String operation, String body, int status, String code)
    {
        return new Case(name, () -> organizationsRequest(operation, body, "organizations"), status, Optional.ofNullable(code));
    }

    /** An Organizations call signed for {@code signingName} (Organizations' own is {@code organizations}). */
    private Sent organizationsRequest(String operation, String body, String signingName)
    {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", ORGANIZATIONS_TARGET + operation);
        return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", headers, bytes, signingName, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                Instant.now()), bytes, RawHttp.Framing.EXACT);
    }

    private Case auditEvents(String name, String query, String body, int status, String code)
    {
        return new Case(name, () -> auditEventsRequest(query, body, "cloudtrail-data"), status, Optional.ofNullable(code));
    }

    /** A PutAuditEvents call with this query string and body, signed for {@code signingName} (CloudTrail Data's own is {@code cloudtrail-data}). */
    private Sent auditEventsRequest(String query, String body, String signingName)
    {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String path = "/PutAuditEvents" + (query.isEmpty() ? "" : "?" + query);
        Map<String, String> headers = Map.of("Content-Type", "application/json");
        return new Sent("POST", path, RawHttp.sign(endpoint, "POST", path, headers, bytes, signingName, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                Instant.now()), bytes, RawHttp.Framing.EXACT);
    }

    /** The start of a JSON body naming the test's log group and stream. */
    private static final String STREAM = "{\"logGroupName\":\"" + LOG_GROUP + "\",\"logStreamName\":\"" + LOG_STREAM + "\"";

    private Case logs(String name, String operation, String body, int status, String code)
    {
        return new Case(name, () -> logsRequest(operation, body, "logs"), status, Optional.ofNullable(code));
    }

    private Case events(String name, String operation, String body, int status, String code)
    {
        return new Case(name, () -> eventsRequest(operation, body, "events"), status, Optional.ofNullable(code));
    }

    /** An EventBridge call signed for {@code signingName} (EventBridge's own is {@code events}). */
    private Sent eventsRequest(String operation, String body, String signingName)
    {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", RawRequests.EVENTS_TARGET_PREFIX + operation);
        return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", headers, bytes, signingName, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                Instant.now()), bytes, RawHttp.Framing.EXACT);
    }

    /** A CloudWatch Logs call signed for {@code signingName} (CloudWatch Logs' own is {@code logs}). */
    private Sent logsRequest(String operation, String body, String signingName)
    {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", RawRequests.LOGS_TARGET_PREFIX + operation);
        return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", headers, bytes, signingName, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                Instant.now()), bytes, RawHttp.Framing.EXACT);
    }

    private Case json(String name, String operation, String body, int status, String code)
    {
        return jsonTarget(name, TARGET + operation, body, status, code);
    }

    private Case jsonTarget(String name, String target, String body, int status, String code)
    {
        return new Case(name, () -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>(jsonHeaders("x"));
            headers.put("X-Amz-Target", target);
            return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", headers, bytes, "cloudtrail", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                    Instant.now()), bytes, RawHttp.Framing.EXACT);
        }, status, Optional.ofNullable(code));
    }

    /**
     * A request signed for {@code signedBody}, then sent with {@code wire} as its body when given (and, for
     * {@link RawHttp.Framing#DECLARED}, a {@code Content-Length} 64 bytes larger than the body).
     */
    private Case jsonFramed(String name, String operation, byte[] signedBody, RawHttp.Framing framing, Optional<byte[]> wire, int status, String code)
    {
        return new Case(name, () -> framed(RawHttp.sign(endpoint, "POST", "/", jsonHeaders(operation), signedBody, "cloudtrail", ROOT_ACCESS_KEY_ID,
                ROOT_SECRET_ACCESS_KEY, Optional.empty(), Instant.now()), signedBody, framing, wire), status, Optional.ofNullable(code));
    }

    private Case queryFramed(String name, byte[] signedBody, RawHttp.Framing framing, Optional<byte[]> wire, int status, String code)
    {
        return new Case(name, () -> framed(RawHttp.sign(endpoint, "POST", "/", queryHeaders(), signedBody, "iam", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY,
                Optional.empty(), Instant.now()), signedBody, framing, wire), status, Optional.ofNullable(code));
    }

    private static Sent framed(Map<String, String> signedHeaders, byte[] signedBody, RawHttp.Framing framing, Optional<byte[]> wire)
    {
        Map<String, String> headers = new LinkedHashMap<>(signedHeaders);
        headers.keySet().removeIf(header -> header.equalsIgnoreCase("Content-Length"));
        if (framing == RawHttp.Framing.DECLARED) {
            headers.put("Content-Length", Integer.toString(signedBody.length + 64));
        }
        return new Sent("POST", "/", headers, wire.orElse(signedBody), framing);
    }

    private Case query(String name, String parameters, int status, String code)
    {
        return new Case(name, () -> {
            byte[] body = (parameters + "&Version=2010-05-08").getBytes(StandardCharsets.UTF_8);
            return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", queryHeaders(), body, "iam", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                    Instant.now()), body, RawHttp.Framing.EXACT);
        }, status, Optional.ofNullable(code));
    }

    /** An SNS call, signed for {@code sns}. */
    private Case sns(String name, String parameters, int status, String code)
    {
        return new Case(name, () -> {
            byte[] body = (parameters + "&Version=2010-03-31").getBytes(StandardCharsets.UTF_8);
            return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", queryHeaders(), body, "sns", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                    Instant.now()), body, RawHttp.Framing.EXACT);
        }, status, Optional.ofNullable(code));
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Case sts(String name, String parameters, int status, String code)
    {
        return new Case(name, () -> {
            byte[] body = (parameters + "&Version=2011-06-15").getBytes(StandardCharsets.UTF_8);
            return new Sent("POST", "/", RawHttp.sign(endpoint, "POST", "/", queryHeaders(), body, "sts", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Optional.empty(),
                    Instant.now()), body, RawHttp.Framing.EXACT);
        }, status, Optional.ofNullable(code));
    }

    /** A presigned CloudTrail call signed {@code signedAgo} before the case runs. */
    private Case presignedJson(String name, String operation, byte[] body, Duration signedAgo, Duration expiresIn, int status, String code)
    {
        return new Case(name, () -> {
            Map<String, String> headers = new LinkedHashMap<>(jsonHeaders(operation));
            String path = RawHttp.presign(endpoint, "POST", "/", headers, body, "cloudtrail", ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, Instant.now().minus(signedAgo),
                    expiresIn);
            headers.put("Host", host());
            return new Sent("POST", path, headers, body, RawHttp.Framing.EXACT);
        }, status, Optional.ofNullable(code));
    }

    /** A presigned GET signed {@code signedAgo} before the case runs (the cases take minutes: not when it is made). */
    private Case presignedGet(String name, String parameters, Duration signedAgo, Duration expiresIn, int status, String code)
    {
        return new Case(name, () -> new Sent("GET", RawHttp.presign(endpoint, "GET", "/?" + parameters, Map.of(), new byte[0], "iam", ROOT_ACCESS_KEY_ID,
                ROOT_SECRET_ACCESS_KEY, Instant.now().minus(signedAgo), expiresIn), Map.of("Host", host()), new byte[0], RawHttp.Framing.EXACT), status, Optional.ofNullable(code));
    }

    private String host()
    {
        return endpoint.getHost() + ":" + endpoint.getPort();
    }

    private static Map<String, String> jsonHeaders(String operation)
    {
        return Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", TARGET + operation);
    }

    private static Map<String, String> queryHeaders()
    {
        return Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    }

    private static byte[] deleteTrail()
    {
        return ("{\"Name\":\"" + TRAIL + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deleteUser()
    {
        return ("Action=DeleteUser&Version=2010-05-08&UserName=" + USER).getBytes(StandardCharsets.UTF_8);
    }

    private String logGroupArn(String name)
    {
        return "arn:aws:logs:us-east-1:" + server.accountId() + ":log-group:" + name;
    }

    /** A PutMetricFilter body; {@code transformations} are the JSON objects of its list. */
    private static String metricFilter(String group, String name, String pattern, String transformations)
    {
        return "{\"logGroupName\":\"" + group + "\",\"filterName\":\"" + name + "\",\"filterPattern\":\"" + pattern.replace("\"", "\\\"")
                + "\",\"metricTransformations\":[" + transformations + "]}";
    }

    /** A JSON object of {@code count} tags. */
    private static String numberedTags(int count)
    {
        StringBuilder tags = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            tags.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return tags.append('}').toString();
    }

    private String trailArn()
    {
        return "arn:aws:cloudtrail:us-east-1:" + server.accountId() + ":trail/" + TRAIL;
    }

    private static String tags(int count)
    {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tags.add("{\"Key\":\"k" + i + "\",\"Value\":\"v\"}");
        }
        return String.join(",", tags);
    }

    private static String queryTags(int count)
    {
        StringBuilder parameters = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            parameters.append("&Tags.member.").append(i).append(".Key=k").append(i).append("&Tags.member.").append(i).append(".Value=v");
        }
        return parameters.toString();
    }

    private static String lookupAttributes(int count)
    {
        StringBuilder body = new StringBuilder("{\"LookupAttributes\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"e").append(i).append("\"}");
        }
        return body.append("]}").toString();
    }

    /** {@code count} chunks of {@code size} bytes each, and the last chunk. */
    private static byte[] chunks(int count, int size)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = "a".repeat(size).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
