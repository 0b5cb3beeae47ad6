package dev.cairn.core;

import static java.util.Objects.requireNonNull;

/**
 * A failure with an AWS error code, thrown by the domain and turned into the wire error by the edge. These are
 * answers, not bugs: they carry no stack trace of their own (a cause keeps its trace).
 */
public class CairnException
        extends RuntimeException
{
    private final ErrorCode errorCode;

    public CairnException(ErrorCode errorCode, String message)
    {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public CairnException(ErrorCode errorCode, String message, Throwable cause)
    {
        super(requireNonNull(message, "message is null"), cause, false, false);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public ErrorCode errorCode()
    {
        return errorCode;
    }
}
