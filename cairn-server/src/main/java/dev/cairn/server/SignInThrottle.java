package dev.cairn.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing at the console: after {@value #FREE_FAILURES} failed sign-ins within
 * {@link #FAILURE_WINDOW} for one user or from one address, further attempts are refused for a time that doubles with
 * each failure, at most {@link #MAXIMUM_LOCKOUT}. Thread-safe; memory is bounded.
 */
final class SignInThrottle
{
    static final int FREE_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    static final Duration MAXIMUM_LOCKOUT = Duration.ofMinutes(5);
    private static final int MAXIMUM_KEYS = 100_000;
    private static final int MAXIMUM_FAILURES_KEPT = 64;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** How long attempts for this user from this address are still refused; zero when they are not. */
    Duration lockout(String account, String user, String address, Instant now)
    {
        Duration byUser = lockout(userKey(account, user), now);
        Duration byAddress = lockout(addressKey(address), now);
        return byUser.compareTo(byAddress) >= 0 ? byUser : byAddress;
    }

    void failed(String account, String user, String address, Instant now)
    {
        fail(userKey(account, user), now);
        fail(addressKey(address), now);
    }

    /** A success clears the user's failures (not the address's: one address may be guessing many users). */
    void succeeded(String account, String user)
    {
        failures.remove(userKey(account, user));
    }

    private static String userKey(String account, String user)
    {
        return "user:" + account + "/" + user.toLowerCase(java.util.Locale.ROOT);
    }

    private static String addressKey(String address)
    {
        return "address:" + address;
    }

    private Duration lockout(String key, Instant now)
    {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(FAILURE_WINDOW))) {
                times.pollFirst();
            }
            if (times.size() < FREE_FAILURES) {
                return Duration.ZERO;
            }
            long seconds = Math.min(MAXIMUM_LOCKOUT.toSeconds(), 1L << Math.min(20, times.size() - FREE_FAILURES));
            Duration remaining = Duration.between(now, times.peekLast().plusSeconds(seconds));
            return remaining.isNegative() ? Duration.ZERO : remaining;
        }
    }

    private void fail(String key, Instant now)
    {
        Deque<Instant> times = failures.computeIfAbsent(key, ignored -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (times.size() > MAXIMUM_FAILURES_KEPT) {
                times.pollFirst();
            }
        }
        if (failures.size() > MAXIMUM_KEYS) {
            failures.clear();
        }
    }
}
