package dev.cairn.core.lake;

import java.util.Optional;

/**
 * Maps a table reference of a Lake query, as the user wrote it, to the ID of the event data store it names.
 */
@FunctionalInterface
public interface TableResolver
{
    /**
     * @param tableReference the reference without quotes: an event data store ID such as
     *         {@code EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE}, or any other name a query puts after FROM or JOIN
     * @return the store's ID, or empty when the caller has no such event data store
     */
    Optional<String> resolve(String tableReference);
}
