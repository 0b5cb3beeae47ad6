package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

/**
 * A query that did not finish: its SQL failed (the message is DuckDB's, for the user), or it was cancelled or ran
 * out of time. The reasons match DescribeQuery's {@code QueryStatus} values {@code FAILED}, {@code CANCELLED} and
 * {@code TIMED_OUT}.
 */
public final class LakeQueryException
        extends Exception
{
    public enum Reason
    {
        FAILED,
        CANCELLED,
        TIMED_OUT,
    }

    private final Reason reason;

    public LakeQueryException(Reason reason, String message, Throwable cause)
    {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason()
    {
        return reason;
    }
}
