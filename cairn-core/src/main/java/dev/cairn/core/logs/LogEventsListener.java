package dev.cairn.core.logs;

import dev.cairn.spi.LogEvent;

import java.util.List;

/**
 * Told of log events once they are stored and durable (by PutLogEvents and by trail delivery to a log group): what
 * metric filters count. Called on the thread that stored them; must be quick and must not throw.
 */
@FunctionalInterface
public interface LogEventsListener
{
    LogEventsListener NONE = (accountId, region, group, stream, events) -> {};

    void appended(String accountId, String region, String group, String stream, List<LogEvent> events);
}
