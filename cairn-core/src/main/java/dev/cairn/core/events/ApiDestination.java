package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An EventBridge API destination: an HTTP endpoint that rules' targets invoke, with the connection that authorizes
 * the invocations and the rate they are limited to.
 *
 * @param id the last part of the ARN, made when the destination is created
 * @param invocationEndpoint an {@code https} or {@code http} URL, which may hold {@code *} for path parameters
 * @param invocationRateLimitPerSecond at most this many invocations a second (1 to 300)
 */
public record ApiDestination(
        String accountId,
        String region,
        String name,
        String id,
        Optional<String> description,
        String connectionArn,
        String invocationEndpoint,
        String httpMethod,
        int invocationRateLimitPerSecond,
        long creationTime,
        long lastModifiedTime)
{
    /** EventBridge's default invocation rate, and Cairn's maximum. */
    public static final int MAXIMUM_INVOCATION_RATE = 300;

    public ApiDestination
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(name, "name is null");
        requireNonNull(id, "id is null");
        requireNonNull(description, "description is null");
        requireNonNull(connectionArn, "connectionArn is null");
        requireNonNull(invocationEndpoint, "invocationEndpoint is null");
        requireNonNull(httpMethod, "httpMethod is null");
    }

    /** {@code arn:aws:events:REGION:ACCOUNT:api-destination/NAME/ID}. */
    public String arn()
    {
        return "arn:aws:events:" + region + ":" + accountId + ":api-destination/" + name + "/" + id;
    }

    /** The ARN's form without its id, for IAM: {@code arn:aws:events:REGION:ACCOUNT:api-destination/NAME}. */
    public static String arnPrefix(String accountId, String region, String name)
    {
        return "arn:aws:events:" + region + ":" + accountId + ":api-destination/" + name;
    }
}
