package dev.cairn.server.s3;

import dev.cairn.core.s3.S3ErrorCode;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Map;

/**
 * An S3 error found in a request body, for the edge to answer as S3's XML error document. It is an
 * {@link IOException} because {@link S3Payload#read} throws it mid-stream: it passes through code that copies streams
 * or feeds them to an HTTP client, which handles {@code IOException} only (look for it in the cause chain of an
 * {@code UncheckedIOException} or an HTTP client's failure). These are answers, not bugs: they carry no stack trace.
 */
public final class S3BodyException
        extends IOException
{
    private final S3ErrorCode errorCode;
    private final Map<String, String> details;

    public S3BodyException(S3ErrorCode errorCode, String message)
    {
        this(errorCode, message, Map.of());
    }

    /**
     * @param details elements of the error document besides {@code Code} and {@code Message}, by element name (such
     *         as {@code ArgumentName} of {@code InvalidArgument})
     */
    public S3BodyException(S3ErrorCode errorCode, String message, Map<String, String> details)
    {
        super(requireNonNull(message, "message is null"));
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.details = Map.copyOf(details);
    }

    public S3ErrorCode errorCode()
    {
        return errorCode;
    }

    /** Elements of the error document besides its code and message; usually none. */
    public Map<String, String> details()
    {
        return details;
    }

    @Override
    public Throwable fillInStackTrace()
    {
        return this;
    }
}
