package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A subscription of an HTTP or HTTPS endpoint to a topic. It is pending until the endpoint confirms it with the token
 * of the SubscriptionConfirmation sent to it; only the token's SHA-256 is kept.
 *
 * @param id the last part of the subscription's ARN (a UUID)
 * @param owner the account that subscribed the endpoint
 * @param protocol {@code http} or {@code https}
 * @param tokenSha256 hex SHA-256 of the latest confirmation token sent
 * @param tokenIssued when that token was made; it confirms the subscription for {@link #TOKEN_VALIDITY_DAYS} days
 * @param authenticateOnUnsubscribe whether Unsubscribe needs a signed request (ConfirmSubscription's
 *         {@code AuthenticateOnUnsubscribe})
 */
public record SnsSubscription(
        String accountId,
        String region,
        String topicName,
        String id,
        String owner,
        String protocol,
        String endpoint,
        boolean confirmed,
        String tokenSha256,
        Instant tokenIssued,
        boolean authenticateOnUnsubscribe)
{
    /** How long a confirmation token confirms a subscription, as in SNS. */
    public static final int TOKEN_VALIDITY_DAYS = 3;
    /** ListSubscriptions' and ListSubscriptionsByTopic's {@code SubscriptionArn} of a subscription not yet confirmed. */
    public static final String PENDING_CONFIRMATION = "PendingConfirmation";

    public SnsSubscription
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(topicName, "topicName is null");
        requireNonNull(id, "id is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(tokenSha256, "tokenSha256 is null");
        requireNonNull(tokenIssued, "tokenIssued is null");
    }

    public String topicArn()
    {
        return SnsArns.topicArn(accountId, region, topicName);
    }

    public String arn()
    {
        return topicArn() + ":" + id;
    }

    public SnsSubscription confirm(boolean authenticateUnsubscribe)
    {
        return new SnsSubscription(accountId, region, topicName, id, owner, protocol, endpoint, true, tokenSha256, tokenIssued,
                authenticateOnUnsubscribe || authenticateUnsubscribe);
    }

    /** Waiting again for its confirmation by the new token (an unsubscribe the owner did not sign, which the token undoes). */
    public SnsSubscription unconfirmed(String newTokenSha256, Instant issued)
    {
        return new SnsSubscription(accountId, region, topicName, id, owner, protocol, endpoint, false, newTokenSha256, issued, false);
    }

    public SnsSubscription withToken(String newTokenSha256, Instant issued)
    {
        return new SnsSubscription(accountId, region, topicName, id, owner, protocol, endpoint, confirmed, newTokenSha256, issued, authenticateOnUnsubscribe);
    }
}
