package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.TagLimitExceededException;
import software.amazon.awssdk.services.sns.model.Topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SNS topics and subscriptions through the AWS SDK for Java v2's {@code SnsClient} against the real server (the Query
 * protocol, picked by the request's signing name): create (idempotent), attributes, list by page, subscribe, confirm,
 * unsubscribe, delete; SNS's errors as the SDK's exceptions; every call recorded as {@code sns.amazonaws.com}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class SnsIT
{
    private static final String REGION = "us-west-2";

    private TestingCairnServer server;
    private SnsClient sns;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        sns = SnsClients.sns(server, TestingCairnServer.rootCredentials(), REGION);
    }

    @AfterAll
    public void stop()
    {
        sns.close();
        server.close();
    }

    private String arn(String topic)
    {
        return "arn:aws:sns:" + REGION + ":" + server.accountId() + ":" + topic;
    }

    @Test
    public void topicsAreCreatedIdempotentlyDescribedAndDeleted()
            throws Exception
    {
        String created = sns.createTopic(request -> request.name("orders").attributes(Map.of("DisplayName", "Orders")).tags(Tag.builder().key("team").value("core").build()))
                .topicArn();
        assertThat(created).isEqualTo(arn("orders"));
        // the same name with the same attributes and tags: the same topic
        assertThat(sns.createTopic(request -> request.name("orders").attributes(Map.of("DisplayName", "Orders")).tags(Tag.builder().key("team").value("core").build()))
                .topicArn()).isEqualTo(created);
        assertThat(sns.createTopic(request -> request.name("orders")).topicArn()).isEqualTo(created);
        assertThatThrownBy(() -> sns.createTopic(request -> request.name("orders").attributes(Map.of("DisplayName", "Other"))))
                .isInstanceOfSatisfying(InvalidParameterException.class, error -> assertThat(error.awsErrorDetails().errorMessage())
                        .isEqualTo("Invalid parameter: Attributes Reason: Topic already exists with different attributes"));
        assertThatThrownBy(() -> sns.createTopic(request -> request.name("orders").tags(Tag.builder().key("team").value("other").build())))
                .isInstanceOf(InvalidParameterException.class);

        Map<String, String> attributes = sns.getTopicAttributes(request -> request.topicArn(created)).attributes();
        assertThat(attributes).containsEntry("TopicArn", created)
                .containsEntry("Owner", server.accountId())
                .containsEntry("DisplayName", "Orders")
                .containsEntry("SubscriptionsConfirmed", "0")
                .containsEntry("SubscriptionsPending", "0")
                .containsEntry("SubscriptionsDeleted", "0")
                .doesNotContainKey("SignatureVersion")
                .doesNotContainKey("DeliveryPolicy");
        JsonNode policy = Json.mapper().readTree(attributes.get("Policy"));
        assertThat(policy.path("Statement").get(0).path("Resource").asText()).isEqualTo(created);
        assertThat(policy.path("Statement").get(0).path("Condition").path("StringEquals").path("AWS:SourceOwner").asText()).isEqualTo(server.accountId());
        JsonNode effective = Json.mapper().readTree(attributes.get("EffectiveDeliveryPolicy"));
        assertThat(effective.path("http").path("defaultHealthyRetryPolicy").path("numRetries").asInt()).isEqualTo(3);
        assertThat(effective.path("http").path("defaultHealthyRetryPolicy").path("minDelayTarget").asInt()).isEqualTo(20);

        sns.setTopicAttributes(request -> request.topicArn(created).attributeName("SignatureVersion").attributeValue("2"));
        String deliveryPolicy = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":5,\"maxDelayTarget\":30,\"numRetries\":6,\"backoffFunction\":\"exponential\"}}}";
        sns.setTopicAttributes(request -> request.topicArn(created).attributeName("DeliveryPolicy").attributeValue(deliveryPolicy));
        sns.setTopicAttributes(request -> request.topicArn(created).attributeName("DisplayName").attributeValue(""));
        attributes = sns.getTopicAttributes(request -> request.topicArn(created)).attributes();
        assertThat(attributes).containsEntry("SignatureVersion", "2").containsEntry("DeliveryPolicy", deliveryPolicy).containsEntry("DisplayName", "");
        assertThat(Json.mapper().readTree(attributes.get("EffectiveDeliveryPolicy")).path("http").path("defaultHealthyRetryPolicy").path("numRetries").asInt()).isEqualTo(6);

        assertThatThrownBy(() -> sns.setTopicAttributes(request -> request.topicArn(created).attributeName("SignatureVersion").attributeValue("3")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.setTopicAttributes(request -> request.topicArn(created).attributeName("DeliveryPolicy").attributeValue("{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":500}}}")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.setTopicAttributes(request -> request.topicArn(created).attributeName("KmsMasterKeyId").attributeValue("alias/aws/sns")))
                .isInstanceOfSatisfying(InvalidParameterException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("KmsMasterKeyId"));
        assertThatThrownBy(() -> sns.setTopicAttributes(request -> request.topicArn(created).attributeName("Nonsense").attributeValue("x")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.setTopicAttributes(request -> request.topicArn(created).attributeName("Policy").attributeValue("{not json")))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(sns.getTopicAttributes(request -> request.topicArn(created)).attributes()).containsEntry("SignatureVersion", "2");

        assertThatThrownBy(() -> sns.createTopic(request -> request.name("bad name"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.createTopic(request -> request.name("queue.fifo").attributes(Map.of("FifoTopic", "true")))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.createTopic(request -> request.name("tagged").tags(IntStream.range(0, 51)
                .mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList()))).isInstanceOf(TagLimitExceededException.class);
        assertThatThrownBy(() -> sns.getTopicAttributes(request -> request.topicArn(arn("missing"))))
                .isInstanceOfSatisfying(NotFoundException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NotFound");
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Topic does not exist");
                });
        assertThatThrownBy(() -> sns.getTopicAttributes(request -> request.topicArn("not-an-arn"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.getTopicAttributes(request -> request.topicArn("arn:aws:sns:us-east-1:" + server.accountId() + ":orders")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.getTopicAttributes(request -> request.topicArn("arn:aws:sns:" + REGION + ":999988887777:orders")))
                .isInstanceOf(AuthorizationErrorException.class);

        // regional: not in us-east-1
        try (SnsClient east = SnsClients.sns(server, TestingCairnServer.rootCredentials(), "us-east-1")) {
            assertThat(east.listTopics().topics()).extracting(Topic::topicArn).doesNotContain(created);
        }

        sns.deleteTopic(request -> request.topicArn(created));
        assertThatThrownBy(() -> sns.getTopicAttributes(request -> request.topicArn(created))).isInstanceOf(NotFoundException.class);
        // deleting a topic that does not exist succeeds, as in SNS
        sns.deleteTopic(request -> request.topicArn(created));
    }

    @Test
    public void topicsAreListedAHundredAPage()
    {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            String name = String.format("paged-%03d", i);
            created.add(sns.createTopic(request -> request.name(name)).topicArn());
        }
        ListTopicsResponse first = sns.listTopics();
        assertThat(first.topics()).hasSize(100);
        assertThat(first.nextToken()).isNotNull();
        List<String> listed = sns.listTopicsPaginator().topics().stream().map(Topic::topicArn).toList();
        assertThat(listed).containsAll(created).doesNotHaveDuplicates();
        assertThatThrownBy(() -> sns.listTopics(request -> request.nextToken("nonsense"))).isInstanceOf(InvalidParameterException.class);
        created.forEach(arn -> sns.deleteTopic(request -> request.topicArn(arn)));
    }

    @Test
    public void subscriptionsArePendingUntilConfirmed()
    {
        String topic = sns.createTopic(request -> request.name("alerts")).topicArn();
        assertThat(sns.subscribe(request -> request.topicArn(topic).protocol("https").endpoint("https://example.com/hook")).subscriptionArn())
                .isEqualTo("pending confirmation");
        String second = sns.subscribe(request -> request.topicArn(topic).protocol("http").endpoint("http://example.com/other").returnSubscriptionArn(true)).subscriptionArn();
        assertThat(second).startsWith(topic + ":");

        List<Subscription> subscriptions = sns.listSubscriptionsByTopic(request -> request.topicArn(topic)).subscriptions();
        assertThat(subscriptions).hasSize(2).allSatisfy(subscription -> {
            assertThat(subscription.subscriptionArn()).isEqualTo("PendingConfirmation");
            assertThat(subscription.owner()).isEqualTo(server.accountId());
            assertThat(subscription.topicArn()).isEqualTo(topic);
        });
        assertThat(subscriptions).extracting(Subscription::endpoint).containsExactlyInAnyOrder("https://example.com/hook", "http://example.com/other");
        assertThat(sns.listSubscriptions().subscriptions()).extracting(Subscription::endpoint).contains("https://example.com/hook", "http://example.com/other");
        assertThat(sns.getTopicAttributes(request -> request.topicArn(topic)).attributes()).containsEntry("SubscriptionsPending", "2");

        // only http and https; an endpoint of the protocol
        assertThatThrownBy(() -> sns.subscribe(request -> request.topicArn(topic).protocol("sqs").endpoint("arn:aws:sqs:us-west-2:111122223333:q")))
                .isInstanceOfSatisfying(InvalidParameterException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("http and https"));
        assertThatThrownBy(() -> sns.subscribe(request -> request.topicArn(topic).protocol("carrier-pigeon").endpoint("x")))
                .isInstanceOfSatisfying(InvalidParameterException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("http and https"));
        assertThatThrownBy(() -> sns.subscribe(request -> request.topicArn(topic).protocol("https").endpoint("http://example.com/")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.subscribe(request -> request.topicArn(topic).protocol("https").endpoint("https://example.com/").attributes(Map.of("RawMessageDelivery", "true"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.subscribe(request -> request.topicArn(arn("missing")).protocol("https").endpoint("https://example.com/")))
                .isInstanceOf(NotFoundException.class);

        assertThatThrownBy(() -> sns.confirmSubscription(request -> request.topicArn(topic).token("not-the-token")))
                .isInstanceOfSatisfying(InvalidParameterException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Invalid parameter: Token"));

        sns.unsubscribe(request -> request.subscriptionArn(second));
        assertThatThrownBy(() -> sns.unsubscribe(request -> request.subscriptionArn(second)))
                .isInstanceOfSatisfying(NotFoundException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Subscription does not exist"));
        assertThatThrownBy(() -> sns.unsubscribe(request -> request.subscriptionArn("PendingConfirmation"))).isInstanceOf(InvalidParameterException.class);
        Map<String, String> attributes = sns.getTopicAttributes(request -> request.topicArn(topic)).attributes();
        assertThat(attributes).containsEntry("SubscriptionsPending", "1").containsEntry("SubscriptionsDeleted", "1");

        // deleting the topic deletes its subscriptions
        sns.deleteTopic(request -> request.topicArn(topic));
        assertThat(sns.listSubscriptions().subscriptions()).extracting(Subscription::topicArn).doesNotContain(topic);
        assertThatThrownBy(() -> sns.listSubscriptionsByTopic(request -> request.topicArn(topic))).isInstanceOf(NotFoundException.class);
    }

    @Test
    public void subscriptionsAreListedAHundredAPage()
    {
        String topic = sns.createTopic(request -> request.name("many")).topicArn();
        for (int i = 0; i < 150; i++) {
            String endpoint = "https://example.com/" + i;
            sns.subscribe(request -> request.topicArn(topic).protocol("https").endpoint(endpoint));
        }
        ListSubscriptionsByTopicResponse first = sns.listSubscriptionsByTopic(request -> request.topicArn(topic));
        assertThat(first.subscriptions()).hasSize(100);
        assertThat(sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topic)).subscriptions().stream().map(Subscription::endpoint).distinct().count())
                .isEqualTo(150);
        // subscribing an endpoint again does not add a subscription
        sns.subscribe(request -> request.topicArn(topic).protocol("https").endpoint("https://example.com/0"));
        assertThat(sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topic)).subscriptions().stream().count()).isEqualTo(150);
        sns.deleteTopic(request -> request.topicArn(topic));
    }

    @Test
    public void callsAreRecordedAsSnsEventsInTheirRegion()
    {
        sns.createTopic(request -> request.name("recorded"));
        sns.listTopics();
        try (CloudTrailClient cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION)) {
            Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateTopic", "CreateTopic",
                    candidate -> EventHistory.record(candidate).path("requestParameters").path("name").asText().equals("recorded"), Duration.ofSeconds(5));
            JsonNode record = EventHistory.record(event);
            assertThat(record.path("eventSource").asText()).isEqualTo("sns.amazonaws.com");
            assertThat(record.path("awsRegion").asText()).isEqualTo(REGION);
            assertThat(record.path("readOnly").asBoolean()).isFalse();
            assertThat(record.path("responseElements").path("topicArn").asText()).isEqualTo(arn("recorded"));
            assertThat(event.resources()).anySatisfy(resource -> assertThat(resource.resourceName()).isEqualTo(arn("recorded")));

            Event listed = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_SOURCE, "sns.amazonaws.com", "ListTopics",
                    candidate -> candidate.eventName().equals("ListTopics"), Duration.ofSeconds(5));
            assertThat(EventHistory.record(listed).path("readOnly").asBoolean()).isTrue();
        }
        // a failed call is recorded with SNS's error code
        assertThatThrownBy(() -> sns.getTopicAttributes(request -> request.topicArn(arn("nowhere")))).isInstanceOf(SnsException.class);
    }
}
