package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.sns.ConfirmationTokens;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsSubscription;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Confirms a subscription with the token of its SubscriptionConfirmation, within
 * {@value SnsSubscription#TOKEN_VALIDITY_DAYS} days of it; confirming again answers the same ARN.
 * {@code AuthenticateOnUnsubscribe=true} makes Unsubscribe need a signed request.
 */
public final class ConfirmSubscription
        implements WriteOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "ConfirmSubscription";
    }

    /** The token confirms the subscription: the record does not show it. */
    @Override
    public Set<String> hiddenRequestParameters()
    {
        return Set.of("Token");
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        SnsRepository repository = new SnsRepository(metadata);
        SnsTopic topic = Sns.requireTopic(repository, call, Sns.text(call, "TopicArn"));
        boolean authenticate = Sns.optionalText(call, "AuthenticateOnUnsubscribe").map(Boolean::parseBoolean).orElse(false);
        return confirm(repository, topic, Sns.text(call, "Token"), authenticate, call.receivedAt());
    }

    /**
     * Confirms the subscription of the topic that {@code token} was sent for; also for the unsigned confirmations
     * endpoints make by visiting their SubscribeURL.
     */
    public static ObjectNode confirm(SnsRepository repository, SnsTopic topic, String token, boolean authenticateOnUnsubscribe, Instant now)
            throws IOException
    {
        String after = "";
        while (true) {
            List<SnsSubscription> page = repository.topicSubscriptions(topic.accountId(), topic.region(), topic.name(), after, 1_000);
            for (SnsSubscription subscription : page) {
                if (ConfirmationTokens.matches(token, subscription.tokenSha256())) {
                    if (now.isAfter(subscription.tokenIssued().plus(Duration.ofDays(SnsSubscription.TOKEN_VALIDITY_DAYS)))) {
                        throw Sns.invalidParameter("Token");
                    }
                    SnsSubscription confirmed = subscription.confirm(authenticateOnUnsubscribe);
                    if (!confirmed.equals(subscription)) {
                        repository.put(confirmed);
                    }
                    ObjectNode output = Sns.NODES.objectNode();
                    output.put("SubscriptionArn", confirmed.arn());
                    return output;
                }
            }
            if (page.size() < 1_000) {
                break;
            }
            after = SnsRepository.subscriptionKey(topic.name(), page.get(page.size() - 1).id());
        }
        throw Sns.invalidParameter("Token");
    }
}
