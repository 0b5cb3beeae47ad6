package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.Cairn;
import dev.cairn.core.CairnException;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.core.recorder.EventDescription;
import dev.cairn.core.recorder.EventType;
import dev.cairn.core.api.TlsDetails;
import dev.cairn.core.s3.S3Exchange;
import dev.cairn.core.s3.S3Xml;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.EventCategory;
import dev.cairn.model.EventRecord;
import dev.cairn.model.UserIdentity;
import dev.cairn.spi.BatchWriters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records gateway requests as AWS records S3 calls ({@code eventSource} {@code s3.amazonaws.com}): object calls as
 * data events, in the caller's account and, when another account owns the bucket, in the owner's too (one
 * {@code sharedEventID}); bucket calls as management events. Every method returns only once the records are durable;
 * when they cannot be made durable the request fails with {@code 503 SlowDown}.
 */
final class GatewayRecorder
{
    static final String EVENT_SOURCE = "s3.amazonaws.com";
    /** The most of an upstream error body that is read (to record its code) and passed on. */
    static final int MAXIMUM_ERROR_BODY = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(GatewayRecorder.class);
    private static final long DURABILITY_TIMEOUT_SECONDS = 60;

    private final Cairn cairn;

    GatewayRecorder(Cairn cairn)
    {
        this.cairn = requireNonNull(cairn, "cairn is null");
    }

    void recordSuccess(GatewayEvent event)
    {
        await(cairn.journal().append(records(event, Optional.empty(), Optional.empty())), event);
    }

    void recordFailure(GatewayEvent event, String errorCode, String errorMessage)
    {
        await(cairn.journal().append(records(event, Optional.of(errorCode), Optional.of(errorMessage))), event);
    }

    /** An upstream's error answer, recorded with the code and message of its XML error document. */
    void recordUpstreamFailure(GatewayEvent event, byte[] errorBody)
    {
        Optional<ObjectNode> document = S3Xml.toJson(errorBody).filter(json -> json.has("Error"));
        String code = document.map(json -> json.path("Error").path("Code").asText("")).filter(text -> !text.isEmpty()).orElse("HTTP" + event.status());
        String message = document.map(json -> json.path("Error").path("Message").asText("")).orElse("");
        recordFailure(event, code, message);
    }

    /** A change of what Cairn keeps of a bucket, committed with the success's record (one record: the caller's). */
    <R> R change(GatewayEvent event, WriteTask.Change<R> change)
    {
        CompletableFuture<R> done = cairn.journal().submit(new WriteTask<R>()
        {
            @Override
            public R apply(BatchWriters batch)
                    throws IOException
            {
                return change.apply(batch.metadata());
            }

            @Override
            public Optional<EventRecord> recordSuccess(R result)
            {
                return Optional.of(records(event, Optional.empty(), Optional.empty()).get(0));
            }

            @Override
            public Optional<EventRecord> recordFailure(CairnException error)
            {
                return Optional.of(records(event, Optional.of(error.errorCode().recordCode()), Optional.of(error.getMessage())).get(0));
            }
        });
        return await(done, event);
    }

    private List<EventRecord> records(GatewayEvent event, Optional<String> errorCode, Optional<String> errorMessage)
    {
        GatewayRequest request = event.request();
        boolean data = request.dataEvent();
        S3Exchange exchange = S3Exchange.of(event.status(), event::responseHeader, event.bytesIn(), event.bytesOut(), Optional.of(event.hostId()),
                event.origin().tls().map(TlsDetails::cipherSuite));
        EventDescription.Builder description = EventDescription.builder(event.receivedAt(), event.region(), UserIdentity.of(event.principal()), EVENT_SOURCE,
                        request.eventName(), EventType.AWS_API_CALL)
                .category(data ? EventCategory.DATA : EventCategory.MANAGEMENT)
                .readOnly(request.readOnly())
                .source(event.origin().clientAddress(), event.userAgent(), event.origin().tls())
                .requestParameters(request.requestParameters())
                .responseElements(errorCode.isPresent() ? Optional.empty() : request.responseElements(exchange))
                .additionalEventData(request.additionalEventData(exchange))
                .requestId(event.requestId())
                .resources(request.lookupResources())
                .recordResources(request.recordResources(event.owner()));
        if (errorCode.isPresent()) {
            description.error(errorCode, errorMessage.orElse(""));
        }
        return data ? cairn.recorder().dataRecords(description.build(), event.owner()) : List.of(cairn.recorder().record(description.build()));
    }

    private static <T> T await(CompletableFuture<T> future, GatewayEvent event)
    {
        try {
            return future.get(DURABILITY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof CairnException failure && failure.errorCode() != dev.cairn.core.ErrorCode.THROTTLING) {
                throw failure;
            }
            log.warn("S3 gateway request {} could not be recorded: {}", event.requestId(), e.getCause().toString());
            throw GatewayErrors.slowDown();
        }
        catch (TimeoutException e) {
            throw GatewayErrors.slowDown();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayErrors.slowDown();
        }
    }
}
