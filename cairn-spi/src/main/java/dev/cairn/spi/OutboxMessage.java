package dev.cairn.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A message in the {@link Outbox}, waiting to be delivered to its destination.
 *
 * @param id the store's id of the message, unique and never reused
 * @param destination the opaque key of where it goes, as enqueued
 * @param payload what the sender needs to deliver it, as enqueued
 * @param enqueued the {@code notBefore} it was enqueued with: how long it has waited, for lag
 * @param notBefore when it may be tried next
 * @param attempts how many attempts failed so far
 * @param lastError why the last attempt failed
 */
public record OutboxMessage(long id, String destination, byte[] payload, Instant enqueued, Instant notBefore, int attempts, Optional<String> lastError)
{
    public OutboxMessage
    {
        requireNonNull(destination, "destination is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(enqueued, "enqueued is null");
        requireNonNull(notBefore, "notBefore is null");
        requireNonNull(lastError, "lastError is null");
    }
}
