package dev.cairn.core.trail;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import dev.cairn.core.iam.policy.PolicyPrincipal;
import dev.cairn.core.sns.SnsArns;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SNS topic a trail notifies of each log file it delivers ({@code SnsTopicName}: a name in the trail's account
 * and home region, or a topic's ARN), as CloudTrail does.
 */
public record NotificationTopic(String accountId, String region, String name)
{
    public NotificationTopic
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(name, "name is null");
    }

    /** The trail's topic, empty for a trail without one. */
    public static Optional<NotificationTopic> of(Trail trail)
    {
        if (trail.snsTopicName().isEmpty()) {
            return Optional.empty();
        }
        String topic = trail.snsTopicName().get();
        if (topic.startsWith("arn:")) {
            return SnsArns.parseTopic(topic).map(parsed -> new NotificationTopic(parsed.accountId(), parsed.region(), parsed.name()));
        }
        return Optional.of(new NotificationTopic(trail.accountId(), trail.homeRegion(), topic));
    }

    /**
     * Checks, as CloudTrail does, that the topic exists and that its policy lets CloudTrail
     * ({@code cloudtrail.amazonaws.com}) publish to it.
     *
     * @throws CairnException {@code InsufficientSnsTopicPolicyException} otherwise
     */
    public static void check(MetadataReader reader, Trail trail)
            throws IOException
    {
        CairnException insufficient = new CairnException(ErrorCode.INSUFFICIENT_SNS_TOPIC_POLICY, "SNS Topic does not exist or the topic policy is incorrect!");
        Optional<NotificationTopic> named = of(trail);
        if (named.isEmpty()) {
            if (trail.snsTopicName().isPresent()) {
                throw insufficient;
            }
            return;
        }
        Optional<SnsTopic> topic = new SnsRepository(reader).topic(named.get().accountId(), named.get().region(), named.get().name());
        if (topic.isEmpty()) {
            throw insufficient;
        }
        PolicyDocument policy;
        try {
            policy = PolicyDocument.parseResourcePolicy(topic.get().policy());
        }
        catch (CairnException e) {
            throw insufficient;
        }
        AuthorizationRequest publish = new AuthorizationRequest("sns:Publish", topic.get().arn(),
                Map.of("aws:SourceArn", List.of(trail.arn()), "aws:SourceAccount", List.of(trail.accountId())));
        if (PolicyEvaluator.evaluateResourcePolicy(policy, PolicyPrincipal.service(BucketPolicies.CLOUDTRAIL_SERVICE_PRINCIPAL), publish) != Decision.ALLOW) {
            throw insufficient;
        }
    }
}
