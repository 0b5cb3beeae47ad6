package dev.cairn.core.ops.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.InMemoryMetadata;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.Principal;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.LogEvent;
import dev.cairn.spi.LogEventCursor;
import dev.cairn.spi.LogEventWriter;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.LogStreamStatistics;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.OutboxWriter;
import dev.cairn.spi.StoredLogEvent;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calls of CloudWatch Logs handlers over in-memory metadata as an account's root user, for the handlers' unit tests
 * (authorization and model validation are the dispatcher's, tested elsewhere).
 */
final class LogsCalls
{
    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-west-2";
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    /** No log events are kept: these tests are about metadata. */
    static final LogEvents NO_LOG_EVENTS = new LogEvents()
    {
        @Override
        public List<StoredLogEvent> read(String group, String stream, long fromInclusive, long toExclusive, boolean ascending, Optional<LogEventCursor> after, int limit)
        {
            return List.of();
        }

        @Override
        public List<StoredLogEvent> scan(String group, Set<String> streams, long fromInclusive, long toExclusive, Optional<LogEventCursor> after, int limit)
        {
            return List.of();
        }

        @Override
        public Map<String, LogStreamStatistics> streamStatistics(String group, Set<String> streams)
        {
            return streams.stream().collect(Collectors.toMap(stream -> stream, stream -> LogStreamStatistics.EMPTY));
        }

        @Override
        public long storedBytes(String group)
        {
            return 0;
        }

        @Override
        public int expire(String group, long beforeTimestamp, int limit)
        {
            return 0;
        }
    };

    private static final LogEventWriter NO_LOG_EVENT_WRITER = new LogEventWriter()
    {
        @Override
        public void append(String group, String stream, List<LogEvent> events)
        {
        }

        @Override
        public void deleteStream(String group, String stream)
        {
        }

        @Override
        public void deleteGroup(String group)
        {
        }
    };

    private static final Function<InMemoryMetadata, BatchWriters> BATCH_WRITERS = metadata -> new BatchWriters()
    {
        @Override
        public MetadataWriter metadata()
        {
            return metadata;
        }

        @Override
        public LogEventWriter logEvents()
        {
            return NO_LOG_EVENT_WRITER;
        }

        @Override
        public OutboxWriter outbox()
        {
            throw new UnsupportedOperationException("no CloudWatch Logs operation sends messages");
        }
    };

    final InMemoryMetadata metadata = new InMemoryMetadata();

    ObjectNode call(Operation operation, String input)
    {
        return call(operation, ACCOUNT, REGION, input);
    }

    ObjectNode call(Operation operation, String accountId, String region, String input)
    {
        try {
            CallContext call = new CallContext("request", Service.LOGS, operation.name(), region, Principal.root(accountId, "AKIAEXAMPLE", Optional.empty()),
                    (ObjectNode) Json.mapper().readTree(input), "127.0.0.1", Optional.empty(), Optional.empty(), false, NOW);
            return operation instanceof WriteOperation write ? write.execute(call, BATCH_WRITERS.apply(metadata)) : ((ReadOperation) operation).execute(call, metadata);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertError(ThrowingCallable call, ErrorCode code, String messagePart)
    {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class, error -> {
            assertThat(error.errorCode()).isEqualTo(code);
            assertThat(error.getMessage()).contains(messagePart);
        });
    }

    static String arn(String group)
    {
        return "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + group;
    }
}
