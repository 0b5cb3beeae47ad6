package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A failure with an AWS error code, thrown by the domain and turned into the wire error by the edge. These are
 * answers, not bugs: they carry no stack trace of their own (a cause keeps its trace).
 */
public class CairnException
        extends RuntimeException
{
    private final ErrorCode errorCode;
    private final Map<String, String> details;

    public CairnException(ErrorCode errorCode, String message)
    {
        this(errorCode, message, Map.of());
    }

    /**
     * @param details the error shape's members other than its message, by model member name (such as the
     *         {@code Reason} of Organizations' {@code ConstraintViolationException}); JSON answers carry them
     */
    public CairnException(ErrorCode errorCode, String message, Map<String, String> details)
    {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.details = Map.copyOf(details);
    }

    public CairnException(ErrorCode errorCode, String message, Throwable cause)
    {
        super(requireNonNull(message, "message is null"), cause, false, false);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.details = Map.of();
    }

    public ErrorCode errorCode()
    {
        return errorCode;
    }

    /** Members of the error shape besides the message; usually none. */
    public Map<String, String> details()
    {
        return details;
    }
}
