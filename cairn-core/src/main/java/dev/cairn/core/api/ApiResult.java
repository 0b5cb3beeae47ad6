package dev.cairn.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;

/**
 * The outcome of a call, after its event is durable.
 */
public sealed interface ApiResult
{
    record Success(ObjectNode output)
            implements ApiResult
    {
        public Success
        {
            requireNonNull(output, "output is null");
        }
    }

    record Failure(CairnException error)
            implements ApiResult
    {
        public Failure
        {
            requireNonNull(error, "error is null");
        }
    }
}
