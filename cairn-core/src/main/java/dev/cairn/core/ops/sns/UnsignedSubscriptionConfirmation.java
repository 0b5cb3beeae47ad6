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
import dev.cairn.core.sns.SnsArns;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.model.EventRecord;
import dev.cairn.model.LookupResource;
import dev.cairn.model.UserIdentity;
import dev.cairn.spi.BatchWriters;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * ConfirmSubscription without a signature, as SNS takes it: an endpoint confirms by visiting the SubscribeURL of its
 * SubscriptionConfirmation ({@code GET /?Action=ConfirmSubscription&TopicArn=...&Token=...}); the token is the
 * credential. Recorded in the topic owner's account with an anonymous caller ({@code AWSAccount}, account
 * {@code anonymous}), the token hidden. A topic ARN that names no region this Cairn serves is refused unrecorded.
 */
public final class UnsignedSubscriptionConfirmation
{
    private static final UserIdentity ANONYMOUS = new UserIdentity("AWSAccount", Optional.of(""), Optional.empty(), "anonymous", Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
    private static final long TIMEOUT_SECONDS = 60;

    private final JournalWriter journal;
    private final Recorder recorder;
    private final List<String> regions;

    public UnsignedSubscriptionConfirmation(JournalWriter journal, Recorder recorder, List<String> regions)
    {
        this.journal = requireNonNull(journal, "journal is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.regions = List.copyOf(regions);
    }

    /** Confirms the subscription {@code token} was sent for; the result once the call's event is durable. */
    public ApiResult confirm(String topicArn, String token, String requestId, String sourceIpAddress, Optional<String> userAgent, Optional<TlsDetails> tls,
            Instant receivedAt)
    {
        Optional<SnsArns.TopicName> parsed = SnsArns.parseTopic(topicArn).filter(name -> regions.contains(name.region()));
        if (parsed.isEmpty() || token.isEmpty()) {
            return new ApiResult.Failure(Sns.invalidParameter(parsed.isEmpty() ? "TopicArn" : "Token"));
        }
        SnsArns.TopicName topicName = parsed.get();
        ObjectNode parameters = Sns.NODES.objectNode().put("topicArn", topicArn).put("token", ApiEvent.HIDDEN);
        Supplier<EventDescription.Builder> description = () -> EventDescription.builder(receivedAt, topicName.region(), ANONYMOUS, Service.SNS.eventSource(), "ConfirmSubscription",
                        EventType.AWS_API_CALL)
                .recipientAccountId(topicName.accountId())
                .readOnly(false)
                .source(sourceIpAddress, userAgent, tls)
                .requestParameters(Optional.of(parameters))
                .requestId(requestId)
                .resources(List.of(new LookupResource(Sns.TOPIC_TYPE, topicArn)));
        try {
            ObjectNode output = journal.submit(new WriteTask<ObjectNode>()
            {
                @Override
                public ObjectNode apply(BatchWriters batch)
                        throws IOException
                {
                    SnsRepository repository = new SnsRepository(batch.metadata());
                    SnsTopic topic = repository.topic(topicName.accountId(), topicName.region(), topicName.name()).orElseThrow(Sns::topicNotFound);
                    return ConfirmSubscription.confirm(repository, topic, token, false, receivedAt);
                }

                @Override
                public Optional<EventRecord> recordSuccess(ObjectNode result)
                {
                    ObjectNode response = Sns.NODES.objectNode().put("subscriptionArn", result.path("SubscriptionArn").asText());
                    return Optional.of(recorder.record(description.get().responseElements(Optional.of(response)).build()));
                }

                @Override
                public Optional<EventRecord> recordFailure(CairnException error)
                {
                    return Optional.of(recorder.record(description.get().error(Optional.of(error.errorCode().recordCode()), error.getMessage()).build()));
                }
            }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new ApiResult.Success(output);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof CairnException cairn) {
                return new ApiResult.Failure(cairn);
            }
            return new ApiResult.Failure(new CairnException(ErrorCode.INTERNAL_FAILURE, "An internal error occurred. Request ID: " + requestId, e.getCause()));
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
