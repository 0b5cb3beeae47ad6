package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target of a rule, as PutTargets gave it: where matched events go and in what form.
 *
 * @param input a constant JSON text sent instead of the event
 * @param inputPath a JSONPath of the part of the event to send
 * @param inputTransformer a template filled from paths of the event
 * @param retryPolicy how long and how often delivery is retried; empty when not given (then {@link #effectiveRetryPolicy})
 * @param deadLetterArn where events that could not be delivered go ({@code DeadLetterConfig.Arn})
 * @param httpParameters path, header and query string values for an API destination
 */
public record Target(
        String id,
        String arn,
        Optional<String> roleArn,
        Optional<String> input,
        Optional<String> inputPath,
        Optional<InputTransformer> inputTransformer,
        Optional<RetryPolicy> retryPolicy,
        Optional<String> deadLetterArn,
        Optional<HttpParameters> httpParameters)
{
    public Target
    {
        requireNonNull(id, "id is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(roleArn, "roleArn is null");
        requireNonNull(input, "input is null");
        requireNonNull(inputPath, "inputPath is null");
        requireNonNull(inputTransformer, "inputTransformer is null");
        requireNonNull(retryPolicy, "retryPolicy is null");
        requireNonNull(deadLetterArn, "deadLetterArn is null");
        requireNonNull(httpParameters, "httpParameters is null");
    }

    /** The target's retry policy, or EventBridge's default: 185 attempts within 24 hours. */
    public RetryPolicy effectiveRetryPolicy()
    {
        return retryPolicy.orElse(RetryPolicy.DEFAULT);
    }

    /**
     * {@code RetryPolicy}: the model allows 0 to 185 retries and an event age of 60 to 86,400 seconds.
     */
    public record RetryPolicy(int maximumRetryAttempts, int maximumEventAgeInSeconds)
    {
        public static final int DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;
        public static final int DEFAULT_MAXIMUM_EVENT_AGE_IN_SECONDS = 86_400;
        public static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_MAXIMUM_RETRY_ATTEMPTS, DEFAULT_MAXIMUM_EVENT_AGE_IN_SECONDS);
    }

    /** {@code InputTransformer}: paths of the event by variable name, and the template they fill. */
    public record InputTransformer(Map<String, String> inputPathsMap, String inputTemplate)
    {
        public InputTransformer
        {
            inputPathsMap = Collections.unmodifiableMap(new LinkedHashMap<>(inputPathsMap));
            requireNonNull(inputTemplate, "inputTemplate is null");
        }
    }

    /** {@code HttpParameters} of an API destination target. */
    public record HttpParameters(List<String> pathParameterValues, Map<String, String> headerParameters, Map<String, String> queryStringParameters)
    {
        public HttpParameters
        {
            pathParameterValues = List.copyOf(pathParameterValues);
            headerParameters = Collections.unmodifiableMap(new LinkedHashMap<>(headerParameters));
            queryStringParameters = Collections.unmodifiableMap(new LinkedHashMap<>(queryStringParameters));
        }
    }
}
