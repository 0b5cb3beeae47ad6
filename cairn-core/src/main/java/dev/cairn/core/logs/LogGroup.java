package dev.cairn.core.logs;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A CloudWatch Logs log group as Cairn keeps it.
 *
 * @param kmsKeyId the key given at creation, kept as given and reported back: Cairn does not encrypt with it
 * @param logGroupClass {@code STANDARD}, {@code INFREQUENT_ACCESS} or {@code DELIVERY}
 */
public record LogGroup(
        String accountId,
        String region,
        String name,
        long creationTime,
        Optional<Integer> retentionInDays,
        Map<String, String> tags,
        Optional<String> kmsKeyId,
        String logGroupClass)
{
    public LogGroup
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(name, "name is null");
        requireNonNull(retentionInDays, "retentionInDays is null");
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        requireNonNull(kmsKeyId, "kmsKeyId is null");
        requireNonNull(logGroupClass, "logGroupClass is null");
    }

    public LogGroup withRetentionInDays(Optional<Integer> days)
    {
        return new LogGroup(accountId, region, name, creationTime, days, tags, kmsKeyId, logGroupClass);
    }

    public LogGroup withTags(Map<String, String> tags)
    {
        return new LogGroup(accountId, region, name, creationTime, retentionInDays, tags, kmsKeyId, logGroupClass);
    }

    /** The ARN without {@code :*}: the resource IAM authorizes log-group actions on, and {@code logGroupArn}. */
    public String arn()
    {
        return arn(accountId, region, name);
    }

    /** The key the log event store knows the group's events by ({@link dev.cairn.spi.LogEventWriter}'s {@code group}). */
    public String eventsKey()
    {
        return eventsKey(accountId, region, name);
    }

    public static String eventsKey(String accountId, String region, String name)
    {
        return accountId + "/" + region + "/" + name;
    }

    public static String arn(String accountId, String region, String name)
    {
        return "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + name;
    }

    public static String streamArn(String accountId, String region, String group, String stream)
    {
        return arn(accountId, region, group) + ":log-stream:" + stream;
    }
}
