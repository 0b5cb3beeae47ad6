package dev.cairn.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waiting in tests for what another thread or process does (indexing, delivery, a file appearing): asks for a value
 * until it is what the test awaits. {@link #until} fails naming what was awaited and the last value seen;
 * {@link #untilOrTimeout} returns the last value instead, for a test that then asserts on it with a message of its
 * own.
 *
 * <p>A value that throws fails the wait at once: a poll that tolerates a failure catches it itself.
 */
public final class Poll
{
    /** How long to wait between asking, unless told otherwise. */
    public static final Duration INTERVAL = Duration.ofMillis(100);
    private static final int MAXIMUM_DESCRIBED = 2_000;

    private Poll() {}

    /** Asks for a value; may throw. */
    @FunctionalInterface
    public interface Value<T>
    {
        T get()
                throws Exception;
    }

    /** The first value that is {@code done}, asked for every {@link #INTERVAL}; fails after {@code timeout}. */
    public static <T> T until(String awaited, Duration timeout, Value<T> value, Predicate<? super T> done)
    {
        return until(awaited, timeout, INTERVAL, value, done);
    }

    /** The first value that is {@code done}, asked for every {@code interval}; fails after {@code timeout}. */
    public static <T> T until(String awaited, Duration timeout, Duration interval, Value<T> value, Predicate<? super T> done)
    {
        requireNonNull(awaited, "awaited is null");
        Outcome<T> outcome = poll(timeout, interval, value, done);
        if (!outcome.done()) {
            throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + awaited + "; the last value was: " + describe(outcome.value()));
        }
        return outcome.value();
    }

    /** The first value that is {@code done}, or the last one asked for once {@code timeout} has passed. */
    public static <T> T untilOrTimeout(Duration timeout, Value<T> value, Predicate<? super T> done)
    {
        return untilOrTimeout(timeout, INTERVAL, value, done);
    }

    /** The first value that is {@code done}, or the last one asked for once {@code timeout} has passed. */
    public static <T> T untilOrTimeout(Duration timeout, Duration interval, Value<T> value, Predicate<? super T> done)
    {
        return poll(timeout, interval, value, done).value();
    }

    private record Outcome<T>(T value, boolean done) {}

    private static <T> Outcome<T> poll(Duration timeout, Duration interval, Value<T> value, Predicate<? super T> done)
    {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(value, "value is null");
        requireNonNull(done, "done is null");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T current = get(value);
            if (done.test(current)) {
                return new Outcome<>(current, true);
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Outcome<>(current, false);
            }
            try {
                Thread.sleep(interval.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while polling", e);
            }
        }
    }

    private static <T> T get(Value<T> value)
    {
        try {
            return value.get();
        }
        catch (RuntimeException e) {
            throw e;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("polling failed: " + e, e);
        }
    }

    private static String describe(Object value)
    {
        String text = String.valueOf(value);
        return text.length() <= MAXIMUM_DESCRIBED ? text : text.substring(0, MAXIMUM_DESCRIBED) + "... (" + text.length() + " characters)";
    }
}
