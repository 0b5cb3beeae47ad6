package dev.cairn.core.sns;

import dev.cairn.core.iam.InMemoryMetadata;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestSnsRepository
{
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-west-2";

    private final InMemoryMetadata metadata = new InMemoryMetadata();
    private final SnsRepository repository = new SnsRepository(metadata);

    private static SnsTopic topic(String name)
    {
        return new SnsTopic(ACCOUNT, REGION, name, 1_000L, Map.of(SnsTopic.DISPLAY_NAME, "shown"), Map.of("team", "core"), 0);
    }

    private static SnsSubscription subscription(String topic, String id, boolean confirmed)
    {
        return new SnsSubscription(ACCOUNT, REGION, topic, id, ACCOUNT, "https", "https://example.com/" + id, confirmed,
                ConfirmationTokens.sha256Hex("token-" + id), Instant.ofEpochSecond(1_000), false);
    }

    @Test
    public void topicsAreKeptByAccountRegionAndName()
            throws Exception
    {
        assertThat(repository.insert(topic("b"))).isTrue();
        assertThat(repository.insert(topic("a"))).isTrue();
        assertThat(repository.insert(topic("a-b"))).isTrue();
        assertThat(repository.insert(topic("a"))).isFalse();

        assertThat(repository.topic(ACCOUNT, REGION, "a")).contains(topic("a"));
        assertThat(repository.topic(ACCOUNT, "us-east-1", "a")).isEmpty();
        assertThat(repository.topic("444455556666", REGION, "a")).isEmpty();
        assertThat(repository.topics(ACCOUNT, REGION, "", 10)).extracting(SnsTopic::name).containsExactly("a", "a-b", "b");
        assertThat(repository.topics(ACCOUNT, REGION, "a", 1)).extracting(SnsTopic::name).containsExactly("a-b");

        repository.put(topic("a").withAttribute(SnsTopic.SIGNATURE_VERSION, Optional.of("2")).withAttribute(SnsTopic.DISPLAY_NAME, Optional.empty()));
        SnsTopic changed = repository.topic(ACCOUNT, REGION, "a").orElseThrow();
        assertThat(changed.signatureVersion()).isEqualTo(SignatureVersion.V2);
        assertThat(changed.displayName()).isEmpty();
        assertThat(changed.tags()).containsExactly(Map.entry("team", "core"));
        assertThat(changed.arn()).isEqualTo("arn:aws:sns:us-west-2:111122223333:a");
        assertThat(changed.deliveryPolicy()).isEqualTo(SnsDeliveryPolicy.DEFAULT);
        assertThat(changed.policy()).contains("\"Resource\":\"arn:aws:sns:us-west-2:111122223333:a\"").contains("\"AWS:SourceOwner\":\"111122223333\"");
    }

    @Test
    public void subscriptionsAreListedByTopicAndDeletedWithTheirTopicOnly()
            throws Exception
    {
        repository.insert(topic("a"));
        repository.insert(topic("a-b"));
        repository.put(subscription("a", "00000000-0000-0000-0000-000000000002", true));
        repository.put(subscription("a", "00000000-0000-0000-0000-000000000001", false));
        repository.put(subscription("a-b", "00000000-0000-0000-0000-000000000003", true));

        assertThat(repository.topicSubscriptions(ACCOUNT, REGION, "a", "", 10)).extracting(SnsSubscription::id)
                .containsExactly("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002");
        assertThat(repository.topicSubscriptions(ACCOUNT, REGION, "a", SnsRepository.subscriptionKey("a", "00000000-0000-0000-0000-000000000001"), 10))
                .extracting(SnsSubscription::id).containsExactly("00000000-0000-0000-0000-000000000002");
        assertThat(repository.subscriptions(ACCOUNT, REGION, "", 10)).hasSize(3);
        assertThat(repository.subscriptions(ACCOUNT, REGION, "", 2)).hasSize(2);
        assertThat(repository.subscriptions("444455556666", REGION, "", 10)).isEmpty();

        SnsSubscription pending = repository.subscription(ACCOUNT, REGION, "a", "00000000-0000-0000-0000-000000000001").orElseThrow();
        assertThat(pending.arn()).isEqualTo("arn:aws:sns:us-west-2:111122223333:a:00000000-0000-0000-0000-000000000001");
        assertThat(ConfirmationTokens.matches("token-00000000-0000-0000-0000-000000000001", pending.tokenSha256())).isTrue();
        assertThat(ConfirmationTokens.matches("token-other", pending.tokenSha256())).isFalse();
        repository.put(pending.confirm(true));
        assertThat(repository.subscription(ACCOUNT, REGION, "a", pending.id()).orElseThrow().confirmed()).isTrue();

        assertThat(repository.deleteTopic(ACCOUNT, REGION, "a")).isTrue();
        assertThat(repository.deleteTopic(ACCOUNT, REGION, "a")).isFalse();
        assertThat(repository.subscriptions(ACCOUNT, REGION, "", 10)).extracting(SnsSubscription::topicName).containsExactly("a-b");
        assertThat(repository.deleteSubscription(ACCOUNT, REGION, "a-b", "00000000-0000-0000-0000-000000000003")).isTrue();
        assertThat(repository.deleteSubscription(ACCOUNT, REGION, "a-b", "00000000-0000-0000-0000-000000000003")).isFalse();
    }

    @Test
    public void arnsAreParsed()
    {
        assertThat(SnsArns.parseTopic("arn:aws:sns:us-west-2:111122223333:my-topic")).contains(new SnsArns.TopicName(REGION, ACCOUNT, "my-topic"));
        assertThat(SnsArns.parseTopic("arn:aws:sns:us-west-2:111122223333:bad.name")).isEmpty();
        assertThat(SnsArns.parseTopic("arn:aws:sqs:us-west-2:111122223333:queue")).isEmpty();
        assertThat(SnsArns.parseTopic("arn:aws:sns:us-west-2:1111:topic")).isEmpty();
        assertThat(SnsArns.parseTopic("my-topic")).isEmpty();
        assertThat(SnsArns.parseSubscription("arn:aws:sns:us-west-2:111122223333:t:00000000-0000-0000-0000-000000000001"))
                .contains(new SnsArns.SubscriptionName(new SnsArns.TopicName(REGION, ACCOUNT, "t"), "00000000-0000-0000-0000-000000000001"));
        assertThat(SnsArns.parseSubscription("arn:aws:sns:us-west-2:111122223333:t")).isEmpty();
        assertThat(SnsArns.parseSubscription("PendingConfirmation")).isEmpty();
    }
}
