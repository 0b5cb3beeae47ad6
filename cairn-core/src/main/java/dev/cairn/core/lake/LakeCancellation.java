package dev.cairn.core.lake;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Cancels one query (CancelQuery): {@link #cancel()} from any thread, before the query starts, while it runs or while
 * its rows are delivered. Thread-safe.
 */
public final class LakeCancellation
{
    private final Object lock = new Object();
    private volatile boolean cancelled;
    private Statement running;

    public void cancel()
    {
        Statement statement;
        synchronized (lock) {
            cancelled = true;
            statement = running;
        }
        interrupt(statement);
    }

    public boolean isCancelled()
    {
        return cancelled;
    }

    /** The statement {@link #cancel()} interrupts; interrupted at once when already cancelled. */
    void running(Statement statement)
    {
        boolean interruptNow;
        synchronized (lock) {
            running = statement;
            interruptNow = cancelled && statement != null;
        }
        if (interruptNow) {
            interrupt(statement);
        }
    }

    private static void interrupt(Statement statement)
    {
        if (statement == null) {
            return;
        }
        try {
            statement.cancel();
        }
        catch (SQLException e) {
            // finished or closed meanwhile
        }
    }
}
