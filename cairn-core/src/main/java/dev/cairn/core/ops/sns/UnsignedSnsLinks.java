package dev.cairn.core.ops.sns;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.ApiResult;
import dev.cairn.core.api.Service;
import dev.cairn.core.api.TlsDetails;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.core.recorder.ApiEvent;
import dev.cairn.core.recorder.EventDescription;
import dev.cairn.core.recorder.EventType;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.core.sns.ConfirmationTokens;
import dev.cairn.core.sns.SnsArns;
import dev.cairn.core.sns.SnsDeliveryMessage;
import dev.cairn.core.sns.SnsMessage;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsSubscription;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;
import dev.cairn.model.UserIdentity;
import dev.cairn.spi.BatchWriters;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two links of SNS messages that work without a signature, as SNS takes them:
 * <ul>
 * <li>ConfirmSubscription by the SubscribeURL of a SubscriptionConfirmation ({@code GET
 * /?Action=ConfirmSubscription&TopicArn=...&Token=...}); the token is the credential.</li>
 * <li>Unsubscribe by the UnsubscribeURL of a notification ({@code GET /?Action=Unsubscribe&SubscriptionArn=...}); the
 * subscription's ARN, with its random id, is the credential. Refused (AuthorizationError) for a subscription confirmed
 * with {@code AuthenticateOnUnsubscribe}. As SNS does for an unsubscribe its owner did not sign, the endpoint then gets
 * an UnsubscribeConfirmation whose SubscribeURL restores the subscription: until it is visited, the subscription waits
 * unconfirmed (listed as {@code PendingConfirmation}) and gets nothing.</li>
 * </ul>
 * Both are recorded in the topic owner's account with an anonymous caller ({@code AWSAccount}, account
 * {@code anonymous}), a token hidden. An ARN that names no region this Cairn serves is refused unrecorded.
 */
public final class UnsignedSnsLinks
{
    private static final UserIdentity ANONYMOUS = new UserIdentity("AWSAccount", Optional.of(""), Optional.empty(), "anonymous", Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
    private static final long TIMEOUT_SECONDS = 60;

    private final JournalWriter journal;
    private final Recorder recorder;
    private final List<String> regions;

    public UnsignedSnsLinks(JournalWriter journal, Recorder recorder, List<String> regions)
    {
        this.journal = requireNonNull(journal, "journal is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.regions = List.copyOf(regions);
    }

    /** The caller's address, user agent and TLS session, and when the call arrived. */
    public record Caller(String requestId, String sourceIpAddress, Optional<String> userAgent, Optional<TlsDetails> tls, Instant receivedAt)
    {
        public Caller
        {
            requireNonNull(requestId, "requestId is null");
            requireNonNull(sourceIpAddress, "sourceIpAddress is null");
            requireNonNull(userAgent, "userAgent is null");
            requireNonNull(tls, "tls is null");
            requireNonNull(receivedAt, "receivedAt is null");
        }
    }

    /** Confirms the subscription {@code token} was sent for; the result once the call's event is durable. */
    public ApiResult confirm(String topicArn, String token, Caller caller)
    {
        Optional<SnsArns.TopicName> parsed = SnsArns.parseTopic(topicArn).filter(name -> regions.contains(name.region()));
        if (parsed.isEmpty() || token.isEmpty()) {
            return new ApiResult.Failure(Sns.invalidParameter(parsed.isEmpty() ? "TopicArn" : "Token"));
        }
        SnsArns.TopicName topicName = parsed.get();
        ObjectNode parameters = Sns.NODES.objectNode().put("topicArn", topicArn).put("token", ApiEvent.HIDDEN);
        return run(topicName, "ConfirmSubscription", parameters, caller, batch -> {
            SnsRepository repository = new SnsRepository(batch.metadata());
            SnsTopic topic = repository.topic(topicName.accountId(), topicName.region(), topicName.name()).orElseThrow(Sns::topicNotFound);
            return ConfirmSubscription.confirm(repository, topic, token, false, caller.receivedAt());
        }, result -> Sns.NODES.objectNode().put("subscriptionArn", result.path("SubscriptionArn").asText()));
    }

    /** Unsubscribes the subscription, which waits for the UnsubscribeConfirmation's link to restore it; the result once durable. */
    public ApiResult unsubscribe(String subscriptionArn, Caller caller)
    {
        Optional<SnsArns.SubscriptionName> parsed = SnsArns.parseSubscription(subscriptionArn).filter(name -> regions.contains(name.topic().region()));
        if (parsed.isEmpty()) {
            return new ApiResult.Failure(Sns.invalidParameter("SubscriptionArn"));
        }
        SnsArns.TopicName topicName = parsed.get().topic();
        ObjectNode parameters = Sns.NODES.objectNode().put("subscriptionArn", subscriptionArn);
        return run(topicName, "Unsubscribe", parameters, caller, batch -> {
            SnsRepository repository = new SnsRepository(batch.metadata());
            SnsTopic topic = repository.topic(topicName.accountId(), topicName.region(), topicName.name()).orElseThrow(Sns::topicNotFound);
            SnsSubscription subscription = repository.subscription(topicName.accountId(), topicName.region(), topicName.name(), parsed.get().id())
                    .orElseThrow(() -> new CairnException(ErrorCode.SNS_NOT_FOUND, "Subscription does not exist"));
            if (subscription.authenticateOnUnsubscribe()) {
                throw new CairnException(ErrorCode.SNS_AUTHORIZATION_ERROR, "Unsubscribe of this subscription requires an AWS signature (AuthenticateOnUnsubscribe)");
            }
            String token = ConfirmationTokens.newToken();
            repository.put(subscription.unconfirmed(ConfirmationTokens.sha256Hex(token), caller.receivedAt()));
            repository.put(topic.withSubscriptionsDeleted(1));
            SnsDeliveryMessage confirmation = new SnsDeliveryMessage(SnsMessage.Type.UNSUBSCRIBE_CONFIRMATION, UUID.randomUUID().toString(), topic.arn(),
                    subscription.arn(), subscription.endpoint(), Optional.empty(), "", caller.receivedAt(), Map.of(), Optional.of(token),
                    topic.signatureVersion().value(), topic.deliveryPolicy().effectiveJson());
            batch.outbox().enqueue(confirmation.destination(), confirmation.toBytes(), caller.receivedAt());
            return Sns.NODES.objectNode();
        }, result -> null);
    }

    @FunctionalInterface
    private interface BatchWork
    {
        ObjectNode apply(BatchWriters batch)
                throws IOException;
    }

    @FunctionalInterface
    private interface ResponseElements
    {
        ObjectNode of(ObjectNode result);
    }

    private ApiResult run(SnsArns.TopicName topicName, String eventName, ObjectNode parameters, Caller caller, BatchWork work, ResponseElements responseElements)
    {
        String topicArn = topicName.arn();
        EventDescription.Builder description = EventDescription.builder(caller.receivedAt(), topicName.region(), ANONYMOUS, Service.SNS.eventSource(), eventName,
                        EventType.AWS_API_CALL)
                .recipientAccountId(topicName.accountId())
                .readOnly(false)
                .source(caller.sourceIpAddress(), caller.userAgent(), caller.tls())
                .requestParameters(Optional.of(parameters))
                .requestId(caller.requestId())
                .resources(List.of(new LookupResource(Sns.TOPIC_TYPE, topicArn)));
        try {
            ObjectNode output = journal.submit(new WriteTask<ObjectNode>()
            {
                @Override
                public ObjectNode apply(BatchWriters batch)
                        throws IOException
                {
                    return work.apply(batch);
                }

                @Override
                public Optional<EventRecord> recordSuccess(ObjectNode result)
                {
                    return Optional.of(recorder.record(description.responseElements(Optional.ofNullable(responseElements.of(result))).build()));
                }

                @Override
                public Optional<EventRecord> recordFailure(CairnException error)
                {
                    return Optional.of(recorder.record(description.error(Optional.of(error.errorCode().recordCode()), error.getMessage()).build()));
                }
            }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new ApiResult.Success(output);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof CairnException cairn) {
                return new ApiResult.Failure(cairn);
            }
            return new ApiResult.Failure(new CairnException(ErrorCode.INTERNAL_FAILURE, "An internal error occurred. Request ID: " + caller.requestId(), e.getCause()));
        }
        catch (TimeoutException e) {
            return new ApiResult.Failure(new CairnException(ErrorCode.SERVICE_UNAVAILABLE, "The journal did not confirm the request in time; retry."));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiResult.Failure(new CairnException(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted while waiting for the journal."));
        }
    }
}
