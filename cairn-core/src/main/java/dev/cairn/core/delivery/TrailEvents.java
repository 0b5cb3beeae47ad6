package dev.cairn.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import dev.cairn.core.trail.EventSelectors;
import dev.cairn.core.trail.Trail;
import dev.cairn.model.EventRecord;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Which journal entries a trail's delivery from one region (of one account's events) takes: the account's and
 * region's, logged while the trail was logging, chosen by its selectors. Its log files and its log group take the same.
 */
final class TrailEvents
{
    private TrailEvents()
    {
    }

    static boolean takes(Trail trail, String account, String region, EventRecord event)
    {
        if (!event.accountId().equals(account) || !event.region().equals(region) || !trail.loggingAt(event)) {
            return false;
        }
        JsonNode[] parsed = new JsonNode[1];
        return EventSelectors.takes(trail, event, record -> {
            if (parsed[0] == null) {
                try {
                    parsed[0] = Json.mapper().readTree(record.json());
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return parsed[0];
        });
    }
}
