package dev.cairn.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.Outbox;
import dev.cairn.spi.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Drives the sending of one kind of outbox destination (SNS subscriptions, rules' targets): each destination with
 * messages due gets at most one message in flight on this node, claimed for a lease so that no other node sends it at
 * the same time; when the sender is done with it, the destination's next due message follows, and a destination with
 * none left is let go. So a slow or dead destination holds back only its own messages.
 */
public final class OutboxSenders
{
    private static final Logger log = LoggerFactory.getLogger(OutboxSenders.class);
    private static final int MAXIMUM_DESTINATIONS_IN_FLIGHT = 1_000;

    /** Sends one claimed message; must end by calling {@link #next} for its destination, at once or when done. */
    @FunctionalInterface
    public interface Sender
    {
        void send(String destination, OutboxMessage claimed)
                throws IOException;
    }

    private final Outbox outbox;
    private final Clock clock;
    private final Executor workers;
    private final Predicate<String> destinations;
    private final Duration lease;
    private final BooleanSupplier closed;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private Sender sender = (destination, claimed) -> {
        throw new IllegalStateException("no sender");
    };

    /**
     * @param destinations which of the outbox's destinations are this sender's
     * @param lease how long a claim lasts: longer than an attempt
     */
    public OutboxSenders(Outbox outbox, Clock clock, Executor workers, Predicate<String> destinations, Duration lease, BooleanSupplier closed)
    {
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.destinations = requireNonNull(destinations, "destinations is null");
        this.lease = requireNonNull(lease, "lease is null");
        this.closed = requireNonNull(closed, "closed is null");
    }

    /** Set once, before the first {@link #startDue}. */
    public void sender(Sender newSender)
    {
        this.sender = requireNonNull(newSender, "newSender is null");
    }

    /** Starts work for this sender's destinations with messages due that are not in flight here; whether it started any. */
    public boolean startDue()
            throws IOException
    {
        if (closed.getAsBoolean()) {
            return false;
        }
        boolean started = false;
        for (String destination : outbox.destinations(clock.instant(), MAXIMUM_DESTINATIONS_IN_FLIGHT)) {
            if (destinations.test(destination) && inFlight.size() < MAXIMUM_DESTINATIONS_IN_FLIGHT && inFlight.add(destination)) {
                started = true;
                workers.execute(() -> next(destination));
            }
        }
        return started;
    }

    /** Claims the destination's next due message and sends it; when none is left, lets the destination go. */
    public void next(String destination)
    {
        try {
            if (!closed.getAsBoolean()) {
                Instant now = clock.instant();
                for (OutboxMessage message : outbox.due(destination, now, 10)) {
                    if (outbox.claim(message.id(), now, now.plus(lease))) {
                        sender.send(destination, message);
                        return;
                    }
                }
            }
        }
        catch (IOException | RuntimeException e) {
            log.warn("sending to {} failed to read the outbox: {}", destination, e.toString());
        }
        inFlight.remove(destination);
    }
}
