package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A named background worker that repeats a step: immediately again while the step reports more work, else after
 * the idle interval or as soon as {@link #wake()} is called. Tests call the step directly instead of starting it.
 * A failing step is logged once per failure streak and retried with backoff.
 */
public final class BackgroundLoop
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);
    private static final Duration MAXIMUM_BACKOFF = Duration.ofSeconds(30);

    /** One unit of work; returns whether more work is waiting. */
    @FunctionalInterface
    public interface Step
    {
        boolean runOnce()
                throws Exception;
    }

    private final String name;
    private final Step step;
    private final Duration idleInterval;
    private final java.util.function.Supplier<Duration> minimumInterval;
    private final Semaphore wakeups = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopping;

    public BackgroundLoop(String name, Duration idleInterval, Step step)
    {
        this(name, idleInterval, () -> Duration.ZERO, step);
    }

    /**
     * @param minimumInterval after a step that found no more work, wait at least this long even if woken, so that
     *         a steady stream of wake-ups is handled in batches; asked anew after every step
     */
    public BackgroundLoop(String name, Duration idleInterval, java.util.function.Supplier<Duration> minimumInterval, Step step)
    {
        this.name = requireNonNull(name, "name is null");
        this.idleInterval = requireNonNull(idleInterval, "idleInterval is null");
        this.minimumInterval = requireNonNull(minimumInterval, "minimumInterval is null");
        this.step = requireNonNull(step, "step is null");
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start()
    {
        thread.start();
    }

    /** Runs the step soon, without waiting for the idle interval. */
    public void wake()
    {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void run()
    {
        Duration backoff = Duration.ZERO;
        while (!stopping) {
            boolean more;
            try {
                more = step.runOnce();
                if (!backoff.isZero()) {
                    log.info("{} recovered", name);
                }
                backoff = Duration.ZERO;
            }
            catch (Exception e) {
                if (backoff.isZero()) {
                    log.warn("{} failed; retrying with backoff", name, e);
                }
                backoff = backoff.isZero() ? Duration.ofMillis(100) : min(backoff.multipliedBy(2), MAXIMUM_BACKOFF);
                more = false;
            }
            if (more && backoff.isZero()) {
                continue;
            }
            try {
                Duration pause = backoff.isZero() ? minimumInterval.get() : Duration.ZERO;
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
                Duration wait = backoff.isZero() ? idleInterval.minus(pause) : backoff;
                if (wakeups.tryAcquire(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits();
                }
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Duration min(Duration a, Duration b)
    {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops after the current step; the step is not interrupted. */
    @Override
    public void close()
    {
        stopping = true;
        wake();
        try {
            thread.join(30_000);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
