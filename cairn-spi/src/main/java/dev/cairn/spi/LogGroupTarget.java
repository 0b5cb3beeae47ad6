package dev.cairn.spi;

import java.io.IOException;
import java.util.List;

/**
 * An external CloudWatch Logs service that trails send their log group events to, in place of Cairn's own log groups
 * ({@code cairn serve --cloudwatch-logs-endpoint}). Thread-safe.
 */
public interface LogGroupTarget
{
    /** Whether the log group exists in the region: CreateTrail and UpdateTrail check it, as CloudTrail does. */
    boolean logGroupExists(String region, String logGroupName)
            throws IOException;

    /**
     * Puts the events into the stream, made first when it does not exist, in as many calls as the service's limits
     * need (events are put in the order of their timestamps).
     *
     * @return how many events the service refused as too old, too new or past the group's retention
     * @throws NoSuchLogGroupException when the log group does not exist
     * @throws IOException when the events could not all be put: the caller puts them again later, so a failure after
     *         some calls succeeded repeats those events (delivery to an external service is at least once)
     */
    int put(String region, String logGroupName, String logStreamName, List<LogEvent> events)
            throws IOException;

    /** For logs and errors, e.g. {@code CloudWatch Logs at https://logs.example.com}. */
    String describe();

    final class NoSuchLogGroupException
            extends IOException
    {
        public NoSuchLogGroupException(String message)
        {
            super(message);
        }
    }
}
