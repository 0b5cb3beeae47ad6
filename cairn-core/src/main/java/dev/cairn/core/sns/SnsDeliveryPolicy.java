package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP/HTTPS part of a topic's {@code DeliveryPolicy} attribute
 * (<a href="https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html">Amazon SNS message delivery
 * retries</a>): how often and how far apart a failed delivery is tried again, and the {@code Content-Type} of the
 * POST. A delivery is tried once and then retried {@code numRetries} times in four phases: {@code numNoDelayRetries}
 * at once, {@code numMinDelayRetries} after {@code minDelayTarget} seconds each, the backoff phase from
 * {@code minDelayTarget} to {@code maxDelayTarget} by the {@code backoffFunction}, and {@code numMaxDelayRetries}
 * after {@code maxDelayTarget} each. Without a policy a topic has AWS's default for HTTP/S: 3 retries, 20 seconds
 * apart. Immutable.
 *
 * @param numRetries retries after the first attempt, 0 to 100
 * @param minDelayTarget seconds, 1 to {@code maxDelayTarget}
 * @param maxDelayTarget seconds, {@code minDelayTarget} to 3,600
 * @param backoffFunction {@code linear}, {@code arithmetic}, {@code geometric} or {@code exponential}
 * @param maxReceivesPerSecond the throttle policy's rate, if any (kept and reported; Cairn does not throttle by it)
 */
public record SnsDeliveryPolicy(
        int numRetries,
        int numNoDelayRetries,
        int numMinDelayRetries,
        int numMaxDelayRetries,
        int minDelayTarget,
        int maxDelayTarget,
        String backoffFunction,
        boolean disableSubscriptionOverrides,
        Optional<Integer> maxReceivesPerSecond,
        String headerContentType)
{
    /** AWS's policy for HTTP/S endpoints when the topic sets none. */
    public static final SnsDeliveryPolicy DEFAULT = new SnsDeliveryPolicy(3, 0, 0, 0, 20, 20, "linear", false, Optional.empty(), SignedSnsMessage.CONTENT_TYPE);

    private static final Set<String> BACKOFF_FUNCTIONS = Set.of("linear", "arithmetic", "geometric", "exponential");
    private static final Set<String> CONTENT_TYPES = Set.of("text/plain", "application/json", "application/xml");
    private static final int MAXIMUM_RETRIES = 100;
    private static final int MAXIMUM_DELAY_SECONDS = 3_600;

    public SnsDeliveryPolicy
    {
        requireNonNull(backoffFunction, "backoffFunction is null");
        requireNonNull(maxReceivesPerSecond, "maxReceivesPerSecond is null");
        requireNonNull(headerContentType, "headerContentType is null");
    }

    /** Thrown for a policy SNS would refuse; the message says why. */
    public static final class InvalidDeliveryPolicyException
            extends Exception
    {
        public InvalidDeliveryPolicyException(String message)
        {
            super(message);
        }
    }

    /**
     * The policy of a topic's {@code DeliveryPolicy} JSON; members it leaves out keep the default's values, and
     * protocols other than {@code http} and {@code https} are ignored. Both protocols share one policy here: an
     * {@code https} section is used when there is no {@code http} one.
     */
    public static SnsDeliveryPolicy parse(String json)
            throws InvalidDeliveryPolicyException
    {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        }
        catch (JsonProcessingException e) {
            throw new InvalidDeliveryPolicyException("DeliveryPolicy is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDeliveryPolicyException("DeliveryPolicy must be a JSON object");
        }
        JsonNode http = root.has("http") ? root.get("http") : root.path("https");
        if (http.isMissingNode()) {
            return DEFAULT;
        }
        if (!http.isObject()) {
            throw new InvalidDeliveryPolicyException("http must be a JSON object");
        }
        JsonNode retry = http.path("defaultHealthyRetryPolicy");
        int numRetries = integer(retry, "numRetries", DEFAULT.numRetries);
        int numNoDelayRetries = integer(retry, "numNoDelayRetries", 0);
        int numMinDelayRetries = integer(retry, "numMinDelayRetries", 0);
        int numMaxDelayRetries = integer(retry, "numMaxDelayRetries", 0);
        int minDelayTarget = integer(retry, "minDelayTarget", DEFAULT.minDelayTarget);
        int maxDelayTarget = integer(retry, "maxDelayTarget", Math.max(DEFAULT.maxDelayTarget, minDelayTarget));
        String backoffFunction = retry.path("backoffFunction").asText(DEFAULT.backoffFunction).toLowerCase(Locale.ROOT);
        if (numRetries < 0 || numRetries > MAXIMUM_RETRIES) {
            throw new InvalidDeliveryPolicyException("numRetries must be between 0 and " + MAXIMUM_RETRIES);
        }
        if (numNoDelayRetries < 0 || numMinDelayRetries < 0 || numMaxDelayRetries < 0) {
            throw new InvalidDeliveryPolicyException("numNoDelayRetries, numMinDelayRetries and numMaxDelayRetries must not be negative");
        }
        if (numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries > numRetries) {
            throw new InvalidDeliveryPolicyException("numNoDelayRetries, numMinDelayRetries and numMaxDelayRetries add up to more than numRetries");
        }
        if (minDelayTarget < 1 || minDelayTarget > maxDelayTarget) {
            throw new InvalidDeliveryPolicyException("minDelayTarget must be between 1 and maxDelayTarget");
        }
        if (maxDelayTarget > MAXIMUM_DELAY_SECONDS) {
            throw new InvalidDeliveryPolicyException("maxDelayTarget must be at most " + MAXIMUM_DELAY_SECONDS);
        }
        if (!BACKOFF_FUNCTIONS.contains(backoffFunction)) {
            throw new InvalidDeliveryPolicyException("backoffFunction must be one of linear, arithmetic, geometric, exponential");
        }
        Optional<Integer> maxReceivesPerSecond = Optional.empty();
        if (http.path("defaultThrottlePolicy").has("maxReceivesPerSecond")) {
            int rate = integer(http.path("defaultThrottlePolicy"), "maxReceivesPerSecond", 1);
            if (rate < 1) {
                throw new InvalidDeliveryPolicyException("maxReceivesPerSecond must be at least 1");
            }
            maxReceivesPerSecond = Optional.of(rate);
        }
        String contentType = http.path("defaultRequestPolicy").path("headerContentType").asText(DEFAULT.headerContentType);
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!CONTENT_TYPES.contains(mediaType)) {
            throw new InvalidDeliveryPolicyException("headerContentType must be text/plain, application/json or application/xml");
        }
        return new SnsDeliveryPolicy(numRetries, numNoDelayRetries, numMinDelayRetries, numMaxDelayRetries, minDelayTarget, maxDelayTarget, backoffFunction,
                http.path("disableSubscriptionOverrides").asBoolean(false), maxReceivesPerSecond, contentType);
    }

    private static int integer(JsonNode node, String member, int absent)
            throws InvalidDeliveryPolicyException
    {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new InvalidDeliveryPolicyException(member + " must be an integer");
        }
        return value.intValue();
    }

    /**
     * How long to wait before retry {@code retry} (1 for the retry after the first attempt failed), or empty once the
     * policy's retries are spent and the message is dropped.
     */
    public Optional<Duration> delayBeforeRetry(int retry)
    {
        if (retry < 1 || retry > numRetries) {
            return Optional.empty();
        }
        if (retry <= numNoDelayRetries) {
            return Optional.of(Duration.ZERO);
        }
        if (retry <= numNoDelayRetries + numMinDelayRetries) {
            return Optional.of(Duration.ofSeconds(minDelayTarget));
        }
        int backoffRetries = numRetries - numNoDelayRetries - numMinDelayRetries - numMaxDelayRetries;
        int inBackoff = retry - numNoDelayRetries - numMinDelayRetries;
        if (inBackoff > backoffRetries) {
            return Optional.of(Duration.ofSeconds(maxDelayTarget));
        }
        double fraction = backoffRetries == 1 ? 1.0 : (inBackoff - 1) / (double) (backoffRetries - 1);
        double shaped = switch (backoffFunction) {
            case "arithmetic" -> fraction * fraction;
            case "geometric" -> fraction * fraction * fraction;
            case "exponential" -> (Math.pow(2, 10 * fraction) - 1) / 1023;
            default -> fraction;
        };
        return Optional.of(Duration.ofMillis(Math.round((minDelayTarget + (maxDelayTarget - minDelayTarget) * shaped) * 1000)));
    }

    /** The {@code EffectiveDeliveryPolicy} attribute: this policy with every member, as GetTopicAttributes shows it. */
    public String effectiveJson()
    {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode retry = nodes.objectNode()
                .put("minDelayTarget", minDelayTarget)
                .put("maxDelayTarget", maxDelayTarget)
                .put("numRetries", numRetries)
                .put("numMaxDelayRetries", numMaxDelayRetries)
                .put("numNoDelayRetries", numNoDelayRetries)
                .put("numMinDelayRetries", numMinDelayRetries)
                .put("backoffFunction", backoffFunction);
        ObjectNode http = nodes.objectNode();
        http.set("defaultHealthyRetryPolicy", retry);
        http.put("disableSubscriptionOverrides", disableSubscriptionOverrides);
        maxReceivesPerSecond.ifPresent(rate -> http.set("defaultThrottlePolicy", nodes.objectNode().put("maxReceivesPerSecond", rate)));
        http.set("defaultRequestPolicy", nodes.objectNode().put("headerContentType", headerContentType));
        ObjectNode root = nodes.objectNode();
        root.set("http", http);
        return root.toString();
    }
}
