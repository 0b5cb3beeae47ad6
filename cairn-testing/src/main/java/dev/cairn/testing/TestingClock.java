package dev.cairn.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test {@link #advance}s it, for stepping a server's time-driven work (delivery,
 * digests, leases) instead of waiting for it. Thread-safe: the server reads it from its own threads.
 *
 * <p>Start it at the real now (the default) and advance it only by what the test needs: the server checks SigV4
 * request times, which clients take from the real clock, against this one (15 minutes of skew at most), and tools
 * such as {@code validate-logs} default their time range to the real now.
 */
public final class TestingClock
        extends Clock
{
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** At the real now. */
    public TestingClock()
    {
        this(Instant.now());
    }

    public TestingClock(Instant start)
    {
        this(new AtomicReference<>(requireNonNull(start, "start is null")), ZoneOffset.UTC);
    }

    private TestingClock(AtomicReference<Instant> now, ZoneId zone)
    {
        this.now = now;
        this.zone = zone;
    }

    @Override
    public Instant instant()
    {
        return now.get();
    }

    /** Moves the clock forward; returns the new time. */
    public Instant advance(Duration duration)
    {
        requireNonNull(duration, "duration is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + duration);
        }
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public ZoneId getZone()
    {
        return zone;
    }

    /** The same clock (advancing one advances both) in another zone. */
    @Override
    public Clock withZone(ZoneId newZone)
    {
        return new TestingClock(now, requireNonNull(newZone, "newZone is null"));
    }

    @Override
    public String toString()
    {
        return "TestingClock[" + now.get() + "]";
    }
}
