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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

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
            return operation instanceof WriteOperation write ? write.execute(call, metadata) : ((ReadOperation) operation).execute(call, metadata);
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
