package dev.cairn.core.logs;

import static java.util.Objects.requireNonNull;

/**
 * A log stream of a log group; its events live in the store's log events, not here.
 */
public record LogStream(String name, long creationTime)
{
    public LogStream
    {
        requireNonNull(name, "name is null");
    }
}
