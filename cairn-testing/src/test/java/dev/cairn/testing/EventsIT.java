package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestination;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationState;
import software.amazon.awssdk.services.eventbridge.model.Connection;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionHeaderParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.CreateConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeApiDestinationResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * EventBridge's rules and targets on the default event bus through the AWS SDK for Java v2 against the real server:
 * create, replace, describe, list by prefix and by page, enable and disable, delete (not while a rule has targets);
 * targets of the kinds Cairn delivers to, entries it refuses one by one, quotas; TestEventPattern; connections with
 * basic and API key authorization, whose secrets no answer and no record shows; API destinations; every call recorded
 * as {@code events.amazonaws.com} in the region it was made in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class EventsIT
{
    private static final String REGION = "us-west-2";
    private static final String IAM_PATTERN = "{\"source\":[\"aws.iam\"],\"detail-type\":[\"AWS API Call via CloudTrail\"]}";
    private static final String PASSWORD = "Pa55word-never-shown";
    private static final String API_KEY = "api-key-never-shown";
    private static final String SECRET_HEADER = "header-value-never-shown";
    private static final String EVENT = "{\"id\":\"1\",\"account\":\"111122223333\",\"source\":\"aws.iam\",\"time\":\"2026-12-03T10:00:00Z\",\"region\":\"us-east-1\","
            + "\"resources\":[],\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventName\":\"CreateUser\"}}";

    private TestingCairnServer server;
    private EventBridgeClient events;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        events = EventsClients.events(server, TestingCairnServer.rootCredentials(), REGION);
    }

    @AfterAll
    public void stop()
    {
        events.close();
        server.close();
    }

    private String ruleArn(String name)
    {
        return "arn:aws:events:" + REGION + ":" + server.accountId() + ":rule/" + name;
    }

    private String logGroupArn(String name)
    {
        return "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:" + name;
    }

    private static void assertCode(Runnable call, String code)
    {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(EventBridgeException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code));
    }

    @Test
    public void rulesAreCreatedReplacedDescribedListedAndDeleted()
    {
        String arn = events.putRule(request -> request.name("iam-calls").eventPattern(IAM_PATTERN).description("IAM calls")
                .roleArn("arn:aws:iam::" + server.accountId() + ":role/events").tags(Tag.builder().key("team").value("core").build())).ruleArn();
        assertThat(arn).isEqualTo(ruleArn("iam-calls"));
        DescribeRuleResponse described = events.describeRule(request -> request.name("iam-calls"));
        assertThat(described.name()).isEqualTo("iam-calls");
        assertThat(described.arn()).isEqualTo(arn);
        assertThat(described.eventPattern()).isEqualTo(IAM_PATTERN);
        assertThat(described.state()).isEqualTo(RuleState.ENABLED);
        assertThat(described.description()).isEqualTo("IAM calls");
        assertThat(described.roleArn()).isEqualTo("arn:aws:iam::" + server.accountId() + ":role/events");
        assertThat(described.eventBusName()).isEqualTo("default");
        assertThat(described.createdBy()).isEqualTo(server.accountId());
        assertThat(described.scheduleExpression()).isNull();

        // the default bus by name and by ARN; no other bus
        assertThat(events.describeRule(request -> request.name("iam-calls").eventBusName("default")).arn()).isEqualTo(arn);
        assertThat(events.describeRule(request -> request.name("iam-calls").eventBusName("arn:aws:events:" + REGION + ":" + server.accountId() + ":event-bus/default"))
                .arn()).isEqualTo(arn);
        assertThatThrownBy(() -> events.describeRule(request -> request.name("iam-calls").eventBusName("custom"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.putRule(request -> request.name("elsewhere").eventPattern(IAM_PATTERN).eventBusName("custom")))
                .isInstanceOf(ResourceNotFoundException.class);

        // a replaced rule keeps its targets, and loses what the update leaves out
        events.putTargets(request -> request.rule("iam-calls").targets(Target.builder().id("log").arn(logGroupArn("/events/iam")).build()));
        events.putRule(request -> request.name("iam-calls").eventPattern("{\"source\":[\"aws.sts\"]}").state(RuleState.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS));
        DescribeRuleResponse replaced = events.describeRule(request -> request.name("iam-calls"));
        assertThat(replaced.eventPattern()).isEqualTo("{\"source\":[\"aws.sts\"]}");
        assertThat(replaced.state()).isEqualTo(RuleState.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS);
        assertThat(replaced.description()).isNull();
        assertThat(replaced.roleArn()).isNull();
        assertThat(events.listTargetsByRule(request -> request.rule("iam-calls")).targets()).extracting(Target::id).containsExactly("log");

        events.disableRule(request -> request.name("iam-calls"));
        assertThat(events.describeRule(request -> request.name("iam-calls")).state()).isEqualTo(RuleState.DISABLED);
        events.enableRule(request -> request.name("iam-calls"));
        assertThat(events.describeRule(request -> request.name("iam-calls")).state()).isEqualTo(RuleState.ENABLED);

        // not while it has targets; Force is for managed rules
        assertCode(() -> events.deleteRule(request -> request.name("iam-calls")), "ValidationException");
        assertCode(() -> events.deleteRule(request -> request.name("iam-calls").force(true)), "ValidationException");
        events.removeTargets(request -> request.rule("iam-calls").ids("log"));
        events.deleteRule(request -> request.name("iam-calls"));
        assertThatThrownBy(() -> events.describeRule(request -> request.name("iam-calls"))).isInstanceOf(ResourceNotFoundException.class);
        // deleting a rule that does not exist succeeds, as in AWS
        events.deleteRule(request -> request.name("iam-calls"));
        assertThatThrownBy(() -> events.enableRule(request -> request.name("iam-calls"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.disableRule(request -> request.name("iam-calls"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    public void badRulesAreRefused()
    {
        assertThatThrownBy(() -> events.putRule(request -> request.name("bad").eventPattern("{\"source\":\"aws.iam\"}")))
                .isInstanceOfSatisfying(InvalidEventPatternException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("Event pattern is not valid. Reason: "));
        assertThatThrownBy(() -> events.putRule(request -> request.name("bad").eventPattern("not json"))).isInstanceOf(InvalidEventPatternException.class);
        assertCode(() -> events.putRule(request -> request.name("bad").scheduleExpression("rate(5 minutes)")), "ValidationException");
        assertCode(() -> events.putRule(request -> request.name("bad")), "ValidationException");
        assertCode(() -> events.putRule(request -> request.name("bad name").eventPattern(IAM_PATTERN)), "ValidationException");
        assertCode(() -> events.putRule(request -> request.name("bad").eventPattern(IAM_PATTERN).state("ON")), "ValidationException");
        assertThatThrownBy(() -> events.describeRule(request -> request.name("bad"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    public void rulesAreListedByPrefixAndPage()
    {
        for (String name : List.of("list-c", "list-a", "list-b", "other")) {
            events.putRule(request -> request.name(name).eventPattern(IAM_PATTERN));
        }
        assertThat(events.listRules(request -> request.namePrefix("list-")).rules()).extracting(Rule::name).containsExactly("list-a", "list-b", "list-c");
        Rule listed = events.listRules(request -> request.namePrefix("list-a")).rules().get(0);
        assertThat(listed.arn()).isEqualTo(ruleArn("list-a"));
        assertThat(listed.eventPattern()).isEqualTo(IAM_PATTERN);
        assertThat(listed.state()).isEqualTo(RuleState.ENABLED);
        assertThat(listed.eventBusName()).isEqualTo("default");

        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListRulesResponse page = events.listRules(request -> request.namePrefix("list-").limit(2).nextToken(next));
            page.rules().forEach(rule -> paged.add(rule.name()));
            token = page.nextToken();
        }
        while (token != null);
        assertThat(paged).containsExactly("list-a", "list-b", "list-c");
        assertCode(() -> events.listRules(request -> request.nextToken("nonsense")), "ValidationException");
        assertCode(() -> events.listRules(request -> request.limit(101)), "ValidationException");

        // regional: none of them in us-east-1
        try (EventBridgeClient east = EventsClients.events(server, TestingCairnServer.rootCredentials(), "us-east-1")) {
            assertThat(east.listRules(request -> request.namePrefix("list-")).rules()).isEmpty();
        }
    }

    @Test
    public void targetsOfTheKindsCairnDeliversTo()
    {
        events.putRule(request -> request.name("targeted").eventPattern(IAM_PATTERN));
        String topic = "arn:aws:sns:" + REGION + ":" + server.accountId() + ":alerts";
        String destination = "arn:aws:events:" + REGION + ":" + server.accountId() + ":api-destination/hook/2b6a5e3c-1111-4c5e-9a2b-1234567890ab";
        PutTargetsResponse put = events.putTargets(request -> request.rule("targeted").targets(
                Target.builder().id("log").arn(logGroupArn("/events/all")).build(),
                Target.builder().id("topic").arn(topic).input("{\"alert\":true}")
                        .retryPolicy(policy -> policy.maximumRetryAttempts(3).maximumEventAgeInSeconds(600))
                        .deadLetterConfig(dead -> dead.arn("arn:aws:sqs:" + REGION + ":" + server.accountId() + ":dead")).build(),
                Target.builder().id("hook").arn(destination).inputTransformer(transformer -> transformer.inputPathsMap(java.util.Map.of("name", "$.detail.eventName"))
                        .inputTemplate("{\"call\": <name>}"))
                        .httpParameters(http -> http.headerParameters(java.util.Map.of("X-Team", "core")).pathParameterValues("p")).build(),
                Target.builder().id("lambda").arn("arn:aws:lambda:" + REGION + ":" + server.accountId() + ":function:f").build(),
                Target.builder().id("foreign").arn("arn:aws:logs:" + REGION + ":999988887777:log-group:theirs").build(),
                Target.builder().id("kinesis").arn(topic).kinesisParameters(kinesis -> kinesis.partitionKeyPath("$.id")).build()));
        assertThat(put.failedEntryCount()).isEqualTo(3);
        assertThat(put.failedEntries()).extracting(PutTargetsResultEntry::targetId).containsExactly("lambda", "foreign", "kinesis");
        assertThat(put.failedEntries()).allSatisfy(entry -> {
            assertThat(entry.errorCode()).isEqualTo("ValidationException");
            assertThat(entry.errorMessage()).isNotEmpty();
        });

        List<Target> targets = events.listTargetsByRule(request -> request.rule("targeted")).targets();
        assertThat(targets).extracting(Target::id).containsExactly("log", "topic", "hook");
        assertThat(targets.get(0).retryPolicy()).isNull();
        assertThat(targets.get(1).input()).isEqualTo("{\"alert\":true}");
        assertThat(targets.get(1).retryPolicy().maximumRetryAttempts()).isEqualTo(3);
        assertThat(targets.get(1).retryPolicy().maximumEventAgeInSeconds()).isEqualTo(600);
        assertThat(targets.get(1).deadLetterConfig().arn()).isEqualTo("arn:aws:sqs:" + REGION + ":" + server.accountId() + ":dead");
        assertThat(targets.get(2).inputTransformer().inputTemplate()).isEqualTo("{\"call\": <name>}");
        assertThat(targets.get(2).inputTransformer().inputPathsMap()).containsEntry("name", "$.detail.eventName");
        assertThat(targets.get(2).httpParameters().headerParameters()).containsEntry("X-Team", "core");
        assertThat(targets.get(2).httpParameters().pathParameterValues()).containsExactly("p");

        // pages of two
        ListTargetsByRuleResponse first = events.listTargetsByRule(request -> request.rule("targeted").limit(2));
        assertThat(first.targets()).extracting(Target::id).containsExactly("log", "topic");
        assertThat(events.listTargetsByRule(request -> request.rule("targeted").limit(2).nextToken(first.nextToken())).targets()).extracting(Target::id).containsExactly("hook");

        // a target put again is replaced in its place
        events.putTargets(request -> request.rule("targeted").targets(Target.builder().id("log").arn(logGroupArn("/events/other")).build()));
        assertThat(events.listTargetsByRule(request -> request.rule("targeted")).targets()).extracting(Target::arn)
                .containsExactly(logGroupArn("/events/other"), topic, destination);

        events.putRule(request -> request.name("also-topic").eventPattern(IAM_PATTERN));
        events.putTargets(request -> request.rule("also-topic").targets(Target.builder().id("t").arn(topic).build()));
        assertThat(events.listRuleNamesByTarget(request -> request.targetArn(topic)).ruleNames()).containsExactly("also-topic", "targeted");
        String token = events.listRuleNamesByTarget(request -> request.targetArn(topic).limit(1)).nextToken();
        assertThat(events.listRuleNamesByTarget(request -> request.targetArn(topic).limit(1).nextToken(token)).ruleNames()).containsExactly("targeted");

        // at most five targets a rule: nothing is put beyond
        assertThatThrownBy(() -> events.putTargets(request -> request.rule("targeted").targets(
                Target.builder().id("four").arn(logGroupArn("/4")).build(),
                Target.builder().id("five").arn(logGroupArn("/5")).build(),
                Target.builder().id("six").arn(logGroupArn("/6")).build()))).isInstanceOf(LimitExceededException.class);
        assertThat(events.listTargetsByRule(request -> request.rule("targeted")).targets()).hasSize(3);
        // bad values fail the whole call
        assertCode(() -> events.putTargets(request -> request.rule("targeted").targets(Target.builder().id("r").arn(topic)
                .retryPolicy(policy -> policy.maximumRetryAttempts(186)).build())), "ValidationException");
        assertCode(() -> events.putTargets(request -> request.rule("targeted").targets(Target.builder().id("r").arn(topic)
                .retryPolicy(policy -> policy.maximumEventAgeInSeconds(59)).build())), "ValidationException");
        assertCode(() -> events.putTargets(request -> request.rule("targeted").targets(Target.builder().id("r").arn(topic).input("{").build())), "ValidationException");
        assertCode(() -> events.putTargets(request -> request.rule("targeted").targets(Target.builder().id("r").arn(topic).input("{}").inputPath("$.detail").build())),
                "ValidationException");
        assertThatThrownBy(() -> events.putTargets(request -> request.rule("missing").targets(Target.builder().id("r").arn(topic).build())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.listTargetsByRule(request -> request.rule("missing"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.removeTargets(request -> request.rule("missing").ids("r"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(events.listTargetsByRule(request -> request.rule("targeted")).targets()).hasSize(3);

        // removing an id the rule does not have is no failure
        assertThat(events.removeTargets(request -> request.rule("targeted").ids("topic", "nothing")).failedEntryCount()).isZero();
        assertThat(events.listTargetsByRule(request -> request.rule("targeted")).targets()).extracting(Target::id).containsExactly("log", "hook");
        assertThat(events.listRuleNamesByTarget(request -> request.targetArn(topic)).ruleNames()).containsExactly("also-topic");
    }

    @Test
    public void eventPatternsAreTested()
    {
        assertThat(events.testEventPattern(request -> request.eventPattern(IAM_PATTERN).event(EVENT)).result()).isTrue();
        assertThat(events.testEventPattern(request -> request.eventPattern("{\"source\":[\"aws.sts\"]}").event(EVENT)).result()).isFalse();
        assertThat(events.testEventPattern(request -> request.eventPattern("{\"detail\":{\"eventName\":[{\"prefix\":\"Create\"}]}}").event(EVENT)).result()).isTrue();
        assertThatThrownBy(() -> events.testEventPattern(request -> request.eventPattern("{\"source\":[{\"nonsense\":1}]}").event(EVENT)))
                .isInstanceOf(InvalidEventPatternException.class);
        assertCode(() -> events.testEventPattern(request -> request.eventPattern(IAM_PATTERN).event("{\"source\":\"aws.iam\"}")), "ValidationException");
        assertCode(() -> events.testEventPattern(request -> request.eventPattern(IAM_PATTERN).event("not json")), "ValidationException");
    }

    @Test
    public void callsAreRecordedAsEventsInTheirRegion()
    {
        events.putRule(request -> request.name("recorded").eventPattern(IAM_PATTERN));
        events.listRules(request -> request.namePrefix("recorded"));
        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "PutRule", "PutRule",
                    candidate -> EventHistory.record(candidate).path("requestParameters").path("name").asText().equals("recorded"), Duration.ofSeconds(5));
            JsonNode record = EventHistory.record(event);
            assertThat(record.path("eventSource").asText()).isEqualTo("events.amazonaws.com");
            assertThat(record.path("awsRegion").asText()).isEqualTo(REGION);
            assertThat(record.path("readOnly").asBoolean()).isFalse();
            assertThat(record.path("requestParameters").path("eventPattern").asText()).isEqualTo(IAM_PATTERN);
            assertThat(record.path("responseElements").path("ruleArn").asText()).isEqualTo(ruleArn("recorded"));
            assertThat(event.resources()).anySatisfy(resource -> assertThat(resource.resourceName()).isEqualTo("recorded"));

            Event listed = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_SOURCE, "events.amazonaws.com", "ListRules",
                    candidate -> candidate.eventName().equals("ListRules"), Duration.ofSeconds(5));
            assertThat(EventHistory.record(listed).path("readOnly").asBoolean()).isTrue();
        }
    }

    @Test
    public void connectionsKeepTheirSecrets()
    {
        CreateConnectionResponse created = events.createConnection(request -> request.name("basic").description("basic auth")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(auth -> auth.basicAuthParameters(basic -> basic.username("hooker").password(PASSWORD))
                        .invocationHttpParameters(http -> http.headerParameters(
                                ConnectionHeaderParameter.builder().key("X-Secret").value(SECRET_HEADER).isValueSecret(true).build(),
                                ConnectionHeaderParameter.builder().key("X-Team").value("core").isValueSecret(false).build()))));
        assertThat(created.connectionArn()).matches("arn:aws:events:" + REGION + ":" + server.accountId() + ":connection/basic/[-0-9a-f]{36}");
        assertThat(created.connectionState()).isEqualTo(ConnectionState.AUTHORIZED);
        assertThat(created.creationTime()).isNotNull();

        DescribeConnectionResponse described = events.describeConnection(request -> request.name("basic"));
        assertThat(described.connectionArn()).isEqualTo(created.connectionArn());
        assertThat(described.description()).isEqualTo("basic auth");
        assertThat(described.authorizationType()).isEqualTo(ConnectionAuthorizationType.BASIC);
        assertThat(described.connectionState()).isEqualTo(ConnectionState.AUTHORIZED);
        assertThat(described.authParameters().basicAuthParameters().username()).isEqualTo("hooker");
        List<ConnectionHeaderParameter> headers = described.authParameters().invocationHttpParameters().headerParameters();
        assertThat(headers).extracting(ConnectionHeaderParameter::key).containsExactly("X-Secret", "X-Team");
        assertThat(headers.get(0).value()).isNull();
        assertThat(headers.get(0).isValueSecret()).isTrue();
        assertThat(headers.get(1).value()).isEqualTo("core");
        assertThat(described.toString() + described.authParameters().invocationHttpParameters().headerParameters().get(0).value())
                .doesNotContain(PASSWORD).doesNotContain(SECRET_HEADER);

        events.createConnection(request -> request.name("keyed").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(auth -> auth.apiKeyAuthParameters(key -> key.apiKeyName("x-api-key").apiKeyValue(API_KEY))));
        assertThat(events.describeConnection(request -> request.name("keyed")).authParameters().apiKeyAuthParameters().apiKeyName()).isEqualTo("x-api-key");

        assertThatThrownBy(() -> events.createConnection(request -> request.name("basic").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(auth -> auth.apiKeyAuthParameters(key -> key.apiKeyName("k").apiKeyValue("v"))))).isInstanceOf(ResourceAlreadyExistsException.class);
        assertCode(() -> events.createConnection(request -> request.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(auth -> auth.oAuthParameters(oauth -> oauth.authorizationEndpoint("https://auth.example.com/token").httpMethod("POST")
                        .clientParameters(client -> client.clientID("id").clientSecret("secret"))))), "ValidationException");
        assertCode(() -> events.createConnection(request -> request.name("mismatch").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(auth -> auth.apiKeyAuthParameters(key -> key.apiKeyName("k").apiKeyValue("v")))), "ValidationException");
        assertThatThrownBy(() -> events.describeConnection(request -> request.name("missing"))).isInstanceOf(ResourceNotFoundException.class);

        assertThat(events.listConnections(request -> { }).connections()).extracting(Connection::name).containsExactly("basic", "keyed");
        assertThat(events.listConnections(request -> request.namePrefix("k")).connections()).extracting(Connection::name).containsExactly("keyed");
        assertThat(events.listConnections(request -> request.limit(1)).nextToken()).isNotNull();

        // the user alone changes; the password stays
        events.updateConnection(request -> request.name("basic").authParameters(auth -> auth.basicAuthParameters(basic -> basic.username("renamed"))));
        assertThat(events.describeConnection(request -> request.name("basic")).authParameters().basicAuthParameters().username()).isEqualTo("renamed");

        // API destinations on the connection
        String endpoint = "https://hooks.example.com/cairn/*";
        var destination = events.createApiDestination(request -> request.name("hook").connectionArn(created.connectionArn()).invocationEndpoint(endpoint)
                .httpMethod(ApiDestinationHttpMethod.POST).invocationRateLimitPerSecond(10));
        assertThat(destination.apiDestinationArn()).matches("arn:aws:events:" + REGION + ":" + server.accountId() + ":api-destination/hook/[-0-9a-f]{36}");
        assertThat(destination.apiDestinationState()).isEqualTo(ApiDestinationState.ACTIVE);
        DescribeApiDestinationResponse hook = events.describeApiDestination(request -> request.name("hook"));
        assertThat(hook.connectionArn()).isEqualTo(created.connectionArn());
        assertThat(hook.invocationEndpoint()).isEqualTo(endpoint);
        assertThat(hook.httpMethod()).isEqualTo(ApiDestinationHttpMethod.POST);
        assertThat(hook.invocationRateLimitPerSecond()).isEqualTo(10);
        events.createApiDestination(request -> request.name("plain").connectionArn(created.connectionArn()).invocationEndpoint("http://localhost:8080/hook")
                .httpMethod(ApiDestinationHttpMethod.PUT));
        assertThat(events.describeApiDestination(request -> request.name("plain")).invocationRateLimitPerSecond()).isEqualTo(300);
        assertCode(() -> events.createApiDestination(request -> request.name("fast").connectionArn(created.connectionArn()).invocationEndpoint(endpoint)
                .httpMethod(ApiDestinationHttpMethod.POST).invocationRateLimitPerSecond(301)), "ValidationException");
        assertCode(() -> events.createApiDestination(request -> request.name("ftp").connectionArn(created.connectionArn()).invocationEndpoint("ftp://files.example.com/x")
                .httpMethod(ApiDestinationHttpMethod.POST)), "ValidationException");
        assertThatThrownBy(() -> events.createApiDestination(request -> request.name("orphan")
                .connectionArn("arn:aws:events:" + REGION + ":" + server.accountId() + ":connection/missing/00000000-0000-4000-8000-000000000000")
                .invocationEndpoint(endpoint).httpMethod(ApiDestinationHttpMethod.POST))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> events.createApiDestination(request -> request.name("hook").connectionArn(created.connectionArn()).invocationEndpoint(endpoint)
                .httpMethod(ApiDestinationHttpMethod.POST))).isInstanceOf(ResourceAlreadyExistsException.class);
        assertThat(events.listApiDestinations(request -> request.connectionArn(created.connectionArn())).apiDestinations()).extracting(ApiDestination::name)
                .containsExactly("hook", "plain");
        events.updateApiDestination(request -> request.name("hook").invocationRateLimitPerSecond(20));
        assertThat(events.describeApiDestination(request -> request.name("hook")).invocationRateLimitPerSecond()).isEqualTo(20);
        assertThat(events.describeApiDestination(request -> request.name("hook")).invocationEndpoint()).isEqualTo(endpoint);

        // deauthorized: its secrets are gone, its destinations inactive, until it gets a password again
        assertThat(events.deauthorizeConnection(request -> request.name("basic")).connectionState()).isEqualTo(ConnectionState.DEAUTHORIZED);
        assertThat(events.listConnections(request -> request.connectionState(ConnectionState.DEAUTHORIZED)).connections()).extracting(Connection::name)
                .containsExactly("basic");
        assertThat(events.describeApiDestination(request -> request.name("hook")).apiDestinationState()).isEqualTo(ApiDestinationState.INACTIVE);
        assertCode(() -> events.updateConnection(request -> request.name("basic").description("no password")), "ValidationException");
        events.updateConnection(request -> request.name("basic").authParameters(auth -> auth.basicAuthParameters(basic -> basic.password(PASSWORD + "-2"))));
        assertThat(events.describeConnection(request -> request.name("basic")).connectionState()).isEqualTo(ConnectionState.AUTHORIZED);
        assertThat(events.describeApiDestination(request -> request.name("hook")).apiDestinationState()).isEqualTo(ApiDestinationState.ACTIVE);

        // a connection in use is kept
        assertCode(() -> events.deleteConnection(request -> request.name("basic")), "ValidationException");
        events.deleteApiDestination(request -> request.name("hook"));
        events.deleteApiDestination(request -> request.name("plain"));
        assertThatThrownBy(() -> events.deleteApiDestination(request -> request.name("hook"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(events.deleteConnection(request -> request.name("basic")).connectionStateAsString()).isEqualTo("DELETING");
        assertThatThrownBy(() -> events.describeConnection(request -> request.name("basic"))).isInstanceOf(ResourceNotFoundException.class);
        events.deleteConnection(request -> request.name("keyed"));

        // no record holds a secret
        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateConnection", "CreateConnection of basic",
                    candidate -> EventHistory.record(candidate).path("requestParameters").path("name").asText().equals("basic") && !EventHistory.record(candidate).has("errorCode"),
                    Duration.ofSeconds(5));
            JsonNode record = EventHistory.record(event);
            assertThat(record.path("requestParameters").path("authParameters").path("basicAuthParameters").path("username").asText()).isEqualTo("hooker");
            assertThat(record.path("responseElements").path("connectionArn").asText()).isEqualTo(created.connectionArn());
            for (String name : List.of("CreateConnection", "UpdateConnection")) {
                for (Event each : EventHistory.all(cloudTrail, LookupAttributeKey.EVENT_NAME, name)) {
                    assertThat(each.cloudTrailEvent()).doesNotContain(PASSWORD).doesNotContain(API_KEY).doesNotContain(SECRET_HEADER);
                }
            }
        }
    }
}
