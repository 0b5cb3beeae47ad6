package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.console.ConsoleSignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionBodyParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionHeaderParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionQueryStringParameter;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules deliver recorded events to their targets: the done-means (a rule matching a failed console sign-in
 * posts it to an HTTP endpoint, through an API destination with an API-key connection, within a second), a log group
 * target, read-only events only for rules that ask for all management events, and an endpoint that fails at first and
 * gets the event on a retry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class EventBridgeDeliveryIT
{
    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestingCairnServer server;
    private EventBridgeClient events;
    private IamClient iam;
    private HttpServer endpoint;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();

    private record Received(String path, String query, Map<String, List<String>> headers, JsonNode body, Instant at) {}

    @BeforeAll
    public void start()
            throws IOException
    {
        server = TestingCairnServer.start();
        events = EventsClients.events(server, TestingCairnServer.rootCredentials(), REGION);
        iam = server.iam();
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresToAnswer.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? 500 : 200;
            if (status == 200) {
                received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), JSON.readTree(body), Instant.now()));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterAll
    public void stop()
    {
        endpoint.stop(0);
        iam.close();
        events.close();
        server.close();
    }

    private String apiDestination(String name, String path)
    {
        String connection = events.createConnection(request -> request.name(name + "-connection").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(auth -> auth.apiKeyAuthParameters(key -> key.apiKeyName("x-api-key").apiKeyValue("secret-" + name)))).connectionArn();
        return events.createApiDestination(request -> request.name(name).connectionArn(connection)
                .invocationEndpoint("http://127.0.0.1:" + endpoint.getAddress().getPort() + path).httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationArn();
    }

    @Test
    public void aFailedConsoleSignInReachesAnHttpEndpointWithinASecond()
            throws Exception
    {
        String destination = apiDestination("alerts", "/failed-sign-in");
        events.putRule(request -> request.name("failed-console-sign-in")
                .eventPattern("{\"detail\": {\"eventName\": [\"ConsoleLogin\"], \"responseElements\": {\"ConsoleLogin\": [\"Failure\"]}}}"));
        events.putTargets(request -> request.rule("failed-console-sign-in").targets(Target.builder().id("alerts").arn(destination).build()));
        // the rule is in place before the sign-in: wait for the bus to have read past the rule's own call
        Thread.sleep(500);

        Instant attempted = Instant.now();
        ConsoleSignIn.Result result = server.server().cairn().consoleSignIn().signIn(new ConsoleSignIn.Attempt(server.accountId(), Optional.empty(), "Wrong-Passw0rd",
                "203.0.113.7", Optional.of("Mozilla/5.0"), Optional.empty(), "https://console.example.com/"));
        assertThat(result.succeeded()).isFalse();

        Received post = received.poll(10, TimeUnit.SECONDS);
        assertThat(post).as("the failed sign-in posted to the endpoint").isNotNull();
        assertThat(Duration.between(attempted, post.at())).as("from the sign-in to the post").isLessThan(Duration.ofSeconds(1));
        assertThat(post.path()).isEqualTo("/failed-sign-in");
        assertThat(post.headers().get("X-api-key")).containsExactly("secret-alerts");
        assertThat(post.body().path("detail-type").asText()).isEqualTo("AWS Console Sign In via CloudTrail");
        assertThat(post.body().path("source").asText()).isEqualTo("aws.signin");
        assertThat(post.body().path("account").asText()).isEqualTo(server.accountId());
        assertThat(post.body().path("detail").path("responseElements").path("ConsoleLogin").asText()).isEqualTo("Failure");

        // a successful sign-in does not match
        server.server().cairn().consoleSignIn().signIn(new ConsoleSignIn.Attempt(server.accountId(), Optional.empty(), TestingCairnServer.ROOT_PASSWORD,
                "203.0.113.7", Optional.of("Mozilla/5.0"), Optional.empty(), "https://console.example.com/"));
        assertThat(received.poll(2, TimeUnit.SECONDS)).isNull();
        events.removeTargets(request -> request.rule("failed-console-sign-in").ids("alerts"));
    }

    @Test
    public void logGroupTargetsRetriesAndReadOnlyEvents()
            throws Exception
    {
        try (CloudWatchLogsClient logs = LogsClients.logs(server, TestingCairnServer.rootCredentials(), REGION)) {
            logs.createLogGroup(request -> request.logGroupName("/aws/events/iam"));
            String group = "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:/aws/events/iam";
            String flaky = apiDestination("flaky", "/flaky");
            events.putRule(request -> request.name("iam-writes").eventPattern("{\"source\": [\"aws.iam\"], \"detail\": {\"eventName\": [{\"prefix\": \"CreateGroup\"}]}}"));
            events.putTargets(request -> request.rule("iam-writes").targets(Target.builder().id("log").arn(group).build(),
                    Target.builder().id("flaky").arn(flaky).build()));
            events.putRule(request -> request.name("iam-reads").state(RuleState.ENABLED)
                    .eventPattern("{\"source\": [\"aws.iam\"], \"detail\": {\"eventName\": [\"GetGroup\"]}}"));
            events.putTargets(request -> request.rule("iam-reads").targets(Target.builder().id("log").arn(group).build()));
            Thread.sleep(500);

            failuresToAnswer.set(2);
            iam.createGroup(request -> request.groupName("bus-group"));
            iam.getGroup(request -> request.groupName("bus-group"));

            List<FilteredLogEvent> logged = Poll.until("the CreateGroup event in the log group", Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> logs.filterLogEvents(request -> request.logGroupName("/aws/events/iam")).events(), found -> !found.isEmpty());
            JsonNode event = JSON.readTree(logged.get(0).message());
            assertThat(event.path("detail").path("eventName").asText()).isEqualTo("CreateGroup");
            assertThat(logged.get(0).logStreamName()).isEqualTo(event.path("id").asText());

            // the endpoint failed twice: the third attempt (1 s, then 2 s later) delivers
            Received retried = received.poll(15, TimeUnit.SECONDS);
            assertThat(retried).isNotNull();
            assertThat(retried.path()).isEqualTo("/flaky");
            assertThat(retried.body().path("detail").path("eventName").asText()).isEqualTo("CreateGroup");

            // GetGroup is read-only: a rule in state ENABLED does not get it ...
            Thread.sleep(1_000);
            assertThat(logs.filterLogEvents(request -> request.logGroupName("/aws/events/iam").filterPattern("{ $.detail.eventName = \"GetGroup\" }")).events()).isEmpty();
            // ... one that asks for all management events does
            events.putRule(request -> request.name("iam-reads").state(RuleState.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS)
                    .eventPattern("{\"source\": [\"aws.iam\"], \"detail\": {\"eventName\": [\"GetGroup\"]}}"));
            Thread.sleep(500);
            iam.getGroup(request -> request.groupName("bus-group"));
            Poll.until("the GetGroup event in the log group", Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> logs.filterLogEvents(request -> request.logGroupName("/aws/events/iam").filterPattern("{ $.detail.eventName = \"GetGroup\" }")).events(),
                    found -> found.size() == 1);
            assertThat(server.server().cairn().metrics()).contains("cairn_event_targets_delivered_total");
        }
    }
    @Test
    public void anEventItsTargetNeverTakesGoesToTheDeadLetterDestination()
            throws Exception
    {
        try (CloudWatchLogsClient logs = LogsClients.logs(server, TestingCairnServer.rootCredentials(), REGION)) {
            logs.createLogGroup(request -> request.logGroupName("/aws/events/dead-letters"));
            String deadLetters = "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:/aws/events/dead-letters";
            // nothing listens on port 9 of this host: every attempt fails
            String connection = events.createConnection(request -> request.name("nowhere-connection").authorizationType(ConnectionAuthorizationType.BASIC)
                    .authParameters(auth -> auth.basicAuthParameters(basic -> basic.username("u").password("p")))).connectionArn();
            String nowhere = events.createApiDestination(request -> request.name("nowhere").connectionArn(connection)
                    .invocationEndpoint("http://127.0.0.1:9/").httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationArn();
            events.putRule(request -> request.name("doomed").eventPattern("{\"source\": [\"aws.iam\"], \"detail\": {\"eventName\": [\"CreateRole\"]}}"));
            events.putTargets(request -> request.rule("doomed").targets(Target.builder().id("nowhere").arn(nowhere)
                    .retryPolicy(retry -> retry.maximumRetryAttempts(1)).deadLetterConfig(dead -> dead.arn(deadLetters)).build()));
            Thread.sleep(500);

            iam.createRole(request -> request.roleName("doomed-role").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
            List<FilteredLogEvent> dead = Poll.until("the CreateRole event in the dead-letter log group", Duration.ofSeconds(15), Duration.ofMillis(100),
                    () -> logs.filterLogEvents(request -> request.logGroupName("/aws/events/dead-letters")).events(), found -> !found.isEmpty());
            assertThat(JSON.readTree(dead.get(0).message()).path("detail").path("eventName").asText()).isEqualTo("CreateRole");
            assertThat(server.server().cairn().metrics()).contains("cairn_event_targets_dead_lettered_total 1");
        }
    }
    @Test
    public void putEventsPutsCustomEventsOnTheBus()
            throws Exception
    {
        try (CloudWatchLogsClient logs = LogsClients.logs(server, TestingCairnServer.rootCredentials(), REGION)) {
            logs.createLogGroup(request -> request.logGroupName("/aws/events/orders"));
            events.putRule(request -> request.name("orders").eventPattern("{\"source\": [\"my.shop\"], \"detail\": {\"total\": [{\"numeric\": [\">\", 100]}]}}"));
            events.putTargets(request -> request.rule("orders").targets(Target.builder().id("log")
                    .arn("arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:/aws/events/orders").build()));
            PutEventsResponse put = events.putEvents(request -> request.entries(
                    PutEventsRequestEntry.builder().source("my.shop").detailType("Order Placed").detail("{\"total\": 250, \"id\": \"o-1\"}").resources("arn:aws:shop::order/o-1").build(),
                    PutEventsRequestEntry.builder().source("my.shop").detailType("Order Placed").detail("{\"total\": 20, \"id\": \"o-2\"}").build(),
                    PutEventsRequestEntry.builder().source("aws.iam").detailType("Forged").detail("{}").build(),
                    PutEventsRequestEntry.builder().source("my.shop").detailType("Order Placed").detail("not json").build()));
            assertThat(put.failedEntryCount()).isEqualTo(2);
            assertThat(put.entries().get(0).eventId()).isNotNull();
            assertThat(put.entries().get(2).errorCode()).isEqualTo("NotAuthorizedForSourceException");
            assertThat(put.entries().get(3).errorCode()).isEqualTo("MalformedDetail");

            List<FilteredLogEvent> logged = Poll.until("the large order in the log group", Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> logs.filterLogEvents(request -> request.logGroupName("/aws/events/orders")).events(), found -> !found.isEmpty());
            JsonNode event = JSON.readTree(logged.get(0).message());
            assertThat(event.path("id").asText()).isEqualTo(put.entries().get(0).eventId());
            assertThat(event.path("detail-type").asText()).isEqualTo("Order Placed");
            assertThat(event.path("account").asText()).isEqualTo(server.accountId());
            assertThat(event.path("resources").get(0).asText()).isEqualTo("arn:aws:shop::order/o-1");
            assertThat(event.path("detail").path("id").asText()).isEqualTo("o-1");
            Thread.sleep(500);
            assertThat(logs.filterLogEvents(request -> request.logGroupName("/aws/events/orders")).events()).hasSize(1);
        }
    }

    /** A connection's InvocationHttpParameters, secret ones too, go on each call as headers, query string and body members. */
    @Test
    public void aConnectionsInvocationParametersGoOnEveryCall()
            throws Exception
    {
        String connection = events.createConnection(request -> request.name("with-parameters").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(auth -> auth.apiKeyAuthParameters(key -> key.apiKeyName("x-api-key").apiKeyValue("key-value"))
                        .invocationHttpParameters(parameters -> parameters
                                .headerParameters(ConnectionHeaderParameter.builder().key("x-team-token").value("s3cr3t").isValueSecret(true).build())
                                .queryStringParameters(ConnectionQueryStringParameter.builder().key("source").value("cairn events").isValueSecret(false).build())
                                .bodyParameters(ConnectionBodyParameter.builder().key("routing").value("alpha").isValueSecret(false).build())))).connectionArn();
        assertThat(events.describeConnection(request -> request.name("with-parameters")).toString()).doesNotContain("s3cr3t");
        String destination = events.createApiDestination(request -> request.name("with-parameters").connectionArn(connection)
                .invocationEndpoint("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/parameters?fixed=1").httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationArn();
        events.putRule(request -> request.name("with-parameters").eventPattern("{\"source\": [\"my.parameters\"]}"));
        events.putTargets(request -> request.rule("with-parameters").targets(Target.builder().id("with-parameters").arn(destination).build()));
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source("my.parameters").detailType("tick").detail("{}").build();
        assertThat(events.putEvents(request -> request.entries(entry)).failedEntryCount()).isZero();

        Received post = received.poll(10, TimeUnit.SECONDS);
        assertThat(post).isNotNull();
        assertThat(post.path()).isEqualTo("/parameters");
        assertThat(post.query()).isEqualTo("fixed=1&source=cairn+events");
        assertThat(post.headers().get("X-team-token")).containsExactly("s3cr3t");
        assertThat(post.headers().get("X-api-key")).containsExactly("key-value");
        assertThat(post.body().path("routing").asText()).isEqualTo("alpha");
        assertThat(post.body().path("source").asText()).isEqualTo("my.parameters");
        events.removeTargets(request -> request.rule("with-parameters").ids("with-parameters"));
    }

    @Test
    public void anApiDestinationIsCalledNoFasterThanItsRateLimit()
            throws Exception
    {
        String connection = events.createConnection(request -> request.name("rated-connection").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(auth -> auth.apiKeyAuthParameters(key -> key.apiKeyName("x-api-key").apiKeyValue("rated")))).connectionArn();
        String rated = events.createApiDestination(request -> request.name("rated").connectionArn(connection).invocationRateLimitPerSecond(2)
                .invocationEndpoint("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/rated").httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationArn();
        events.putRule(request -> request.name("rated").eventPattern("{\"source\": [\"my.rated\"]}"));
        events.putTargets(request -> request.rule("rated").targets(Target.builder().id("rated").arn(rated).build()));
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source("my.rated").detailType("tick").detail("{}").build();
        assertThat(events.putEvents(request -> request.entries(entry, entry, entry, entry)).failedEntryCount()).isZero();
        List<Instant> arrivals = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Received post = received.poll(10, TimeUnit.SECONDS);
            assertThat(post).isNotNull();
            assertThat(post.path()).isEqualTo("/rated");
            arrivals.add(post.at());
        }
        // four calls at two a second are sent 1.5 s apart from first to last (the first arrival may lag its sending: a new connection)
        assertThat(Duration.between(arrivals.get(0), arrivals.get(3))).isGreaterThan(Duration.ofMillis(1_200));
        events.removeTargets(request -> request.rule("rated").ids("rated"));
    }
}
