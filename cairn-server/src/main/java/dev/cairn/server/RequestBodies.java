package dev.cairn.server;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body whole, as the API and the console need it, within a size limit and a timeout between reads.
 * A body over the limit is refused before it is read when its length is declared, and as soon as it passes the limit
 * when it is chunked; a body that stops arriving gets {@code RequestTimeout} (which the AWS SDKs retry) after the
 * timeout, not after the connection's idle timeout; a body that is not valid HTTP (a bad chunk size, a connection
 * closed early) is a {@code SerializationException}. Either way the connection is closed after the answer, since the
 * rest of the body was not read.
 */
final class RequestBodies
{
    /** Read in steps of this size when the length is not declared: a chunked body grows to its size, not the limit. */
    private static final int STEP = 64 * 1024;

    private RequestBodies() {}

    static byte[] read(Context ctx, long limit, Duration timeout)
    {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            closeAfterResponse(ctx);
            throw tooLarge(limit);
        }
        ServletChannel channel = ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel();
        long previousTimeout = 0;
        boolean timeoutSet = false;
        try {
            InputStream in = ctx.req().getInputStream();
            if (declared >= 0 && in.available() >= declared) {
                // the usual case: a small body that came with the headers is read without waiting at all
                return readDeclared(in, (int) declared);
            }
            previousTimeout = channel.getIdleTimeout();
            channel.setIdleTimeout(timeout.toMillis());
            timeoutSet = true;
            return declared >= 0 ? readDeclared(in, (int) declared) : readChunked(in, limit);
        }
        catch (IOException | RuntimeException e) {
            closeAfterResponse(ctx);
            if (e instanceof CairnException cairn) {
                throw cairn;
            }
            throw unreadable(e, timeout);
        }
        finally {
            if (timeoutSet) {
                channel.setIdleTimeout(previousTimeout);
            }
        }
    }

    private static byte[] readDeclared(InputStream in, int length)
            throws IOException
    {
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new CairnException(ErrorCode.SERIALIZATION, "The request body ended after " + body.length + " of its " + length + " bytes (Content-Length).");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in, long limit)
            throws IOException
    {
        byte[] body = new byte[STEP];
        int size = 0;
        while (true) {
            if (size == body.length) {
                if (size > limit) {
                    throw tooLarge(limit);
                }
                body = Arrays.copyOf(body, (int) Math.min((long) size * 2, limit + 1));
            }
            int read = in.read(body, size, body.length - size);
            if (read < 0) {
                return Arrays.copyOf(body, size);
            }
            size += read;
            if (size > limit) {
                throw tooLarge(limit);
            }
        }
    }

    private static CairnException tooLarge(long limit)
    {
        return new CairnException(ErrorCode.REQUEST_TOO_LARGE, "The request body is larger than the " + limit + " bytes this service accepts.");
    }

    /** What went wrong while reading, from the exception Jetty threw: a timeout, bad framing, or an early end. */
    private static CairnException unreadable(Exception error, Duration timeout)
    {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return new CairnException(ErrorCode.REQUEST_TIMEOUT, "The request body stopped arriving for " + timeout.toMillis()
                        + " ms; the request was not processed. Retry it.");
            }
            if (cause instanceof HttpException) {
                return new CairnException(ErrorCode.SERIALIZATION, "The request body's HTTP framing is not valid (" + cause.getMessage() + "): check its Content-Length or chunked encoding.");
            }
            if (cause instanceof EofException) {
                return new CairnException(ErrorCode.SERIALIZATION, "The request body ended before it was complete.");
            }
        }
        return new CairnException(ErrorCode.SERIALIZATION, "The request body could not be read: " + error.getMessage());
    }

    /** HTTP/1.1 only: an HTTP/2 stream ends on its own, and its connection serves other streams. */
    private static void closeAfterResponse(Context ctx)
    {
        if (ctx.req().getProtocol().startsWith("HTTP/1")) {
            ctx.header("Connection", "close");
        }
    }
}
