package dev.cairn.testing;

import com.amazonaws.services.sns.util.SignatureChecker;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.Subscription;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SNS delivery end to end: an HTTP subscriber in the test receives the SubscriptionConfirmation, confirms by visiting
 * its SubscribeURL (unsigned, as SNS allows), and receives published notifications, whose signatures it checks with the
 * certificate served at their SigningCertURL (AWS SDK for Java v1's {@code SignatureChecker}); a failing endpoint is
 * retried by the topic's delivery policy, then dropped; a slow endpoint holds back no other.
 */
// the v1 SDK's SignatureChecker is deprecated (its SnsMessageManager checks where the certificate comes from, which only
// amazonaws.com passes); it is still the independent verifier of the signature itself
@SuppressWarnings("deprecation")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class SnsDeliveryIT
{
    private static final String REGION = "us-west-2";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private TestingCairnServer server;
    private SnsClient sns;
    private HttpServer subscriber;
    private final HttpClient http = HttpClient.newHttpClient();
    /** What each path of the subscriber received, in order. */
    private final Map<String, BlockingQueue<Received>> received = new ConcurrentHashMap<>();
    /** Notifications the failing path refused. */
    private final AtomicInteger refused = new AtomicInteger();

    private record Received(Map<String, List<String>> headers, String body)
    {
        JsonNode json()
                throws IOException
        {
            return Json.mapper().readTree(body);
        }
    }

    @BeforeAll
    public void start()
            throws IOException
    {
        // Publish is a data event, as in AWS: event history shows it with --history-data-events
        server = TestingCairnServer.builder().historyDataEvents(true).start();
        sns = SnsClients.sns(server, TestingCairnServer.rootCredentials(), REGION);
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        subscriber.setExecutor(Executors.newCachedThreadPool());
        subscriber.createContext("/", this::receive);
        subscriber.start();
    }

    @AfterAll
    public void stop()
    {
        subscriber.stop(0);
        sns.close();
        server.close();
    }

    private void receive(HttpExchange exchange)
            throws IOException
    {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = exchange.getRequestHeaders().getFirst("x-amz-sns-message-type");
        queue(path).add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
        int status = 200;
        if (path.equals("/slow") && "Notification".equals(type)) {
            try {
                Thread.sleep(10_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (path.equals("/failing") && "Notification".equals(type)) {
            refused.incrementAndGet();
            status = 500;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private BlockingQueue<Received> queue(String path)
    {
        return received.computeIfAbsent(path, ignored -> new LinkedBlockingQueue<>());
    }

    private String endpoint(String path)
    {
        return "http://127.0.0.1:" + subscriber.getAddress().getPort() + path;
    }

    private Received next(String path)
            throws InterruptedException
    {
        Received message = queue(path).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message to %s within %s", path, WAIT).isNotNull();
        return message;
    }

    private HttpResponse<String> get(String url)
            throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private PublicKey certificate(String signingCertUrl)
            throws Exception
    {
        HttpResponse<String> pem = get(signingCertUrl);
        assertThat(pem.statusCode()).isEqualTo(200);
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.body().getBytes(StandardCharsets.US_ASCII))).getPublicKey();
    }

    /** Subscribes the path, checks its SubscriptionConfirmation and confirms it by its SubscribeURL; the subscription's ARN. */
    private String subscribeAndConfirm(String topic, String path)
            throws Exception
    {
        sns.subscribe(request -> request.topicArn(topic).protocol("http").endpoint(endpoint(path)));
        Received confirmation = next(path);
        JsonNode json = confirmation.json();
        assertThat(json.path("Type").asText()).isEqualTo("SubscriptionConfirmation");
        assertThat(confirmation.headers()).containsEntry("X-amz-sns-message-type", List.of("SubscriptionConfirmation"));
        assertThat(json.path("TopicArn").asText()).isEqualTo(topic);
        String subscribeUrl = json.path("SubscribeURL").asText();
        assertThat(subscribeUrl).startsWith(server.endpoint().toString()).contains("Action=ConfirmSubscription").contains("Token=" + json.path("Token").asText());
        assertThat(new SignatureChecker().verifyMessageSignature(confirmation.body(), certificate(json.path("SigningCertURL").asText()))).isTrue();
        HttpResponse<String> confirmed = get(subscribeUrl);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).contains("<ConfirmSubscriptionResult><SubscriptionArn>" + topic + ":");
        return confirmed.body().replaceAll("(?s).*<SubscriptionArn>([^<]+)</SubscriptionArn>.*", "$1");
    }

    @Test
    public void subscribersConfirmAndReceiveSignedNotifications()
            throws Exception
    {
        String topic = sns.createTopic(request -> request.name("signed").attributes(Map.of("SignatureVersion", "2"))).topicArn();
        String subscription = subscribeAndConfirm(topic, "/hook");
        assertThat(sns.listSubscriptionsByTopic(request -> request.topicArn(topic)).subscriptions()).extracting(Subscription::subscriptionArn).containsExactly(subscription);
        assertThat(sns.getTopicAttributes(request -> request.topicArn(topic)).attributes()).containsEntry("SubscriptionsConfirmed", "1");
        // the token confirms once more, and only this topic's subscription
        HttpResponse<String> wrong = get(server.endpoint() + "/?Action=ConfirmSubscription&TopicArn=" + topic + "&Token=0000");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("<Code>InvalidParameter</Code>");

        String messageId = sns.publish(request -> request.topicArn(topic).subject("Greetings").message("hello ✓ \"world\"")
                .messageAttributes(Map.of("colour", MessageAttributeValue.builder().dataType("String").stringValue("blue").build()))).messageId();
        Received notification = next("/hook");
        JsonNode json = notification.json();
        assertThat(json.path("Type").asText()).isEqualTo("Notification");
        assertThat(json.path("MessageId").asText()).isEqualTo(messageId);
        assertThat(json.path("Message").asText()).isEqualTo("hello ✓ \"world\"");
        assertThat(json.path("Subject").asText()).isEqualTo("Greetings");
        assertThat(json.path("SignatureVersion").asText()).isEqualTo("2");
        assertThat(json.path("MessageAttributes").path("colour").path("Value").asText()).isEqualTo("blue");
        assertThat(json.path("UnsubscribeURL").asText()).startsWith(server.endpoint().toString()).contains("Action=Unsubscribe");
        assertThat(notification.headers()).containsEntry("X-amz-sns-message-id", List.of(messageId))
                .containsEntry("X-amz-sns-topic-arn", List.of(topic))
                .containsEntry("X-amz-sns-subscription-arn", List.of(subscription));
        PublicKey key = certificate(json.path("SigningCertURL").asText());
        assertThat(new SignatureChecker().verifyMessageSignature(notification.body(), key)).isTrue();
        assertThat(new SignatureChecker().verifyMessageSignature(notification.body().replace("hello", "jello"), key)).isFalse();

        // per protocol texts
        sns.publish(request -> request.topicArn(topic).messageStructure("json").message("{\"default\":\"for all\",\"http\":\"for http\"}"));
        assertThat(next("/hook").json().path("Message").asText()).isEqualTo("for http");

        // the unsigned confirmation is recorded in the owner's account as anonymous, its token hidden
        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "ConfirmSubscription", "ConfirmSubscription",
                    candidate -> EventHistory.record(candidate).path("errorCode").isMissingNode(), Duration.ofSeconds(5));
            JsonNode record = EventHistory.record(event);
            assertThat(record.path("userIdentity").path("accountId").asText()).isEqualTo("anonymous");
            assertThat(record.path("recipientAccountId").asText()).isEqualTo(server.accountId());
            assertThat(record.path("requestParameters").path("token").asText()).isEqualTo("HIDDEN_DUE_TO_SECURITY_REASONS");
            Event published = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "Publish", "Publish", candidate -> true, Duration.ofSeconds(5));
            assertThat(EventHistory.record(published).path("requestParameters").path("message").asText()).isEqualTo("HIDDEN_DUE_TO_SECURITY_REASONS");
            assertThat(EventHistory.record(published).path("eventCategory").asText()).isEqualTo("Data");
            assertThat(EventHistory.record(published).path("resources").get(0).path("type").asText()).isEqualTo("AWS::SNS::Topic");
        }
    }

    /** Behind a proxy ({@code --public-url}), the links in SNS messages point at the public address, not the bind address. */
    @Test
    public void messagesLinkToThePublicUrl()
            throws Exception
    {
        try (TestingCairnServer behindProxy = TestingCairnServer.builder().publicUrl(java.net.URI.create("https://cairn.example.test:8443")).start();
                SnsClient proxied = SnsClients.sns(behindProxy, TestingCairnServer.rootCredentials(), REGION)) {
            String topic = proxied.createTopic(request -> request.name("public")).topicArn();
            proxied.subscribe(request -> request.topicArn(topic).protocol("http").endpoint(endpoint("/public")));
            JsonNode json = next("/public").json();
            assertThat(json.path("SubscribeURL").asText()).startsWith("https://cairn.example.test:8443/?Action=ConfirmSubscription");
            assertThat(json.path("SigningCertURL").asText()).startsWith("https://cairn.example.test:8443/sns/SimpleNotificationService-");
        }
    }

    /**
     * A notification's UnsubscribeURL unsubscribes without a signature, as in SNS: the endpoint gets a signed
     * UnsubscribeConfirmation whose SubscribeURL restores the subscription; a subscription confirmed with
     * AuthenticateOnUnsubscribe refuses it.
     */
    @Test
    public void theUnsubscribeLinkUnsubscribesAndItsConfirmationRestores()
            throws Exception
    {
        String topic = sns.createTopic(request -> request.name("leaving")).topicArn();
        String subscription = subscribeAndConfirm(topic, "/leaving");
        sns.publish(request -> request.topicArn(topic).message("before"));
        String unsubscribeUrl = next("/leaving").json().path("UnsubscribeURL").asText();

        HttpResponse<String> unsubscribed = get(unsubscribeUrl);
        assertThat(unsubscribed.statusCode()).as(unsubscribed.body()).isEqualTo(200);
        assertThat(unsubscribed.body()).contains("<UnsubscribeResponse");
        Received goodbye = next("/leaving");
        JsonNode json = goodbye.json();
        assertThat(json.path("Type").asText()).isEqualTo("UnsubscribeConfirmation");
        assertThat(json.path("Message").asText()).contains("deactivate subscription " + subscription);
        assertThat(new SignatureChecker().verifyMessageSignature(goodbye.body(), certificate(json.path("SigningCertURL").asText()))).isTrue();
        assertThat(sns.listSubscriptionsByTopic(request -> request.topicArn(topic)).subscriptions()).extracting(Subscription::subscriptionArn)
                .containsExactly("PendingConfirmation");
        sns.publish(request -> request.topicArn(topic).message("while away"));

        HttpResponse<String> restored = get(json.path("SubscribeURL").asText());
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(sns.listSubscriptionsByTopic(request -> request.topicArn(topic)).subscriptions()).extracting(Subscription::subscriptionArn).containsExactly(subscription);
        sns.publish(request -> request.topicArn(topic).message("back"));
        assertThat(next("/leaving").json().path("Message").asText()).as("nothing was sent while unsubscribed").isEqualTo("back");

        // confirmed with AuthenticateOnUnsubscribe (by a signed ConfirmSubscription), the link no longer works
        sns.unsubscribe(request -> request.subscriptionArn(subscription));
        sns.subscribe(request -> request.topicArn(topic).protocol("http").endpoint(endpoint("/leaving")));
        String token = next("/leaving").json().path("Token").asText();
        String guarded = sns.confirmSubscription(request -> request.topicArn(topic).token(token).authenticateOnUnsubscribe("true")).subscriptionArn();
        HttpResponse<String> refused = get(server.endpoint() + "/?Action=Unsubscribe&SubscriptionArn=" + java.net.URLEncoder.encode(guarded, StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("<Code>AuthorizationError</Code>");
        assertThat(sns.listSubscriptionsByTopic(request -> request.topicArn(topic)).subscriptions()).extracting(Subscription::subscriptionArn).containsExactly(guarded);
    }

    @Test
    public void failedDeliveriesAreRetriedByTheDeliveryPolicyThenDropped()
            throws Exception
    {
        String topic = sns.createTopic(request -> request.name("retried").attributes(Map.of("DeliveryPolicy",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":1,\"maxDelayTarget\":1,\"numRetries\":2}}}"))).topicArn();
        subscribeAndConfirm(topic, "/failing");
        sns.publish(request -> request.topicArn(topic).message("refused"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(next("/failing").json().path("Message").asText()).isEqualTo("refused");
        }
        // the retries are spent: no fourth attempt, and the outbox is empty again
        assertThat(queue("/failing").poll(3, TimeUnit.SECONDS)).isNull();
        assertThat(refused.get()).isEqualTo(3);
        HttpResponse<String> metrics = get(server.endpoint() + "/metrics");
        assertThat(metrics.body()).contains("cairn_sns_dropped_total 1").contains("cairn_outbox_failures_total{destination=\"sns/" + topic + ":");
    }

    @Test
    public void aSlowEndpointHoldsBackNoOther()
            throws Exception
    {
        String topic = sns.createTopic(request -> request.name("mixed")).topicArn();
        subscribeAndConfirm(topic, "/slow");
        subscribeAndConfirm(topic, "/fast");
        long started = System.nanoTime();
        sns.publish(request -> request.topicArn(topic).message("first"));
        sns.publish(request -> request.topicArn(topic).message("second"));
        assertThat(next("/fast").json().path("Message").asText()).isEqualTo("first");
        assertThat(next("/fast").json().path("Message").asText()).isEqualTo("second");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(next("/slow").json().path("Message").asText()).isEqualTo("first");
    }

    @Test
    public void aTrailNotifiesItsTopicOfEachLogFile()
            throws Exception
    {
        java.nio.file.Path bucket = server.createBucketDirectory("notified-logs");
        String topic = sns.createTopic(request -> request.name("trail-files")).topicArn();
        // CloudTrail publishes only where the topic's policy lets it, as AWS documents for trails' topics
        sns.setTopicAttributes(request -> request.topicArn(topic).attributeName("Policy").attributeValue("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"SNS:Publish\",\"Resource\":\"" + topic + "\"}]}"));
        subscribeAndConfirm(topic, "/trail");
        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            cloudTrail.createTrail(request -> request.name("notifying").s3BucketName("notified-logs").snsTopicName("trail-files"));
            assertThat(cloudTrail.getTrail(request -> request.name("notifying")).trail().snsTopicARN()).isEqualTo(topic);
            cloudTrail.startLogging(request -> request.name("notifying"));
            sns.listTopics();

            Received notification = next("/trail");
            JsonNode json = notification.json();
            assertThat(json.path("Type").asText()).isEqualTo("Notification");
            assertThat(json.path("TopicArn").asText()).isEqualTo(topic);
            assertThat(new SignatureChecker().verifyMessageSignature(notification.body(), certificate(json.path("SigningCertURL").asText()))).isTrue();
            JsonNode message = Json.mapper().readTree(json.path("Message").asText());
            assertThat(message.path("s3Bucket").asText()).isEqualTo("notified-logs");
            String key = message.path("s3ObjectKey").get(0).asText();
            assertThat(key).startsWith("AWSLogs/" + server.accountId() + "/CloudTrail/" + REGION + "/").endsWith(".json.gz");
            assertThat(bucket.resolve(key)).exists();
            GetTrailStatusResponse status = Poll.until("the notification in the trail's status", Duration.ofSeconds(5), Duration.ofMillis(100),
                    () -> cloudTrail.getTrailStatus(request -> request.name("notifying")), answer -> answer.latestNotificationTime() != null);
            assertThat(status.latestNotificationError()).isNull();
            assertThat(status.latestNotificationAttemptTime()).isNotEmpty();

            // a topic whose policy no longer lets CloudTrail publish: the file is delivered, the notification is not
            sns.setTopicAttributes(request -> request.topicArn(topic).attributeName("Policy").attributeValue("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                    + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + server.accountId() + "\"},\"Action\":\"SNS:Publish\",\"Resource\":\"" + topic + "\"}]}"));
            sns.listTopics();
            status = Poll.until("the notification error in the trail's status", Duration.ofSeconds(10), Duration.ofMillis(100),
                    () -> cloudTrail.getTrailStatus(request -> request.name("notifying")), answer -> answer.latestNotificationError() != null);
            assertThat(status.latestNotificationError()).contains("trail-files");
            cloudTrail.deleteTrail(request -> request.name("notifying"));
        }
    }
}
