package dev.cairn.server.s3;

import dev.cairn.core.s3.S3ErrorCode;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A request body as it arrives, read in large blocks, with the reads that aws-chunked framing needs: a line of at most
 * a given length, an exact number of bytes, an exact {@code CRLF}. The end of the body where framing expects more is
 * {@code IncompleteBody}. Not thread-safe.
 */
final class RawBody
{
    static final int BUFFER_SIZE = 64 * 1024;
    /** Reads at least this long go straight into the caller's array when nothing is buffered: no copy. */
    private static final int DIRECT_READ = 8 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private long bytesRead;

    RawBody(InputStream in)
    {
        this.in = requireNonNull(in, "in is null");
    }

    /** Bytes read from the underlying stream so far, framing included. */
    long bytesRead()
    {
        return bytesRead;
    }

    /** Reads up to {@code length} bytes, at least one unless the body ended (-1). */
    int read(byte[] target, int offset, int length)
            throws IOException
    {
        if (position == limit) {
            if (length >= DIRECT_READ) {
                int count = readUnderlying(target, offset, length);
                if (count > 0) {
                    bytesRead += count;
                }
                return count;
            }
            if (!fill()) {
                return -1;
            }
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, count);
        position += count;
        return count;
    }

    /**
     * Reads exactly {@code length} bytes, updating the digest with them as they come.
     *
     * @param what what the bytes are, for the message when the body ends first
     */
    void readFully(byte[] target, int offset, int length, MessageDigest digest, String what)
            throws IOException
    {
        int done = 0;
        while (done < length) {
            int count = read(target, offset + done, length - done);
            if (count < 0) {
                throw ended(what);
            }
            digest.update(target, offset + done, count);
            done += count;
        }
    }

    /**
     * Reads a line ended by {@code CRLF}, without it.
     *
     * @param what what the line is, for messages
     */
    String readLine(int maximumLength, String what)
            throws IOException
    {
        byte[] line = new byte[Math.min(maximumLength + 1, 128)];
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                throw ended(what);
            }
            byte next = buffer[position++];
            if (next == '\n') {
                if (length == 0 || line[length - 1] != '\r') {
                    throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The " + what + " of the aws-chunked body ends with a bare LF, not CRLF.");
                }
                return new String(line, 0, length - 1, StandardCharsets.ISO_8859_1);
            }
            // room for the CR before the LF
            if (length == maximumLength + 1) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The " + what + " of the aws-chunked body is longer than " + maximumLength + " bytes.");
            }
            if (length == line.length) {
                byte[] longer = new byte[Math.min(line.length * 2, maximumLength + 1)];
                System.arraycopy(line, 0, longer, 0, length);
                line = longer;
            }
            line[length++] = next;
        }
    }

    /** Reads the {@code CRLF} that must come next. */
    void readCrlf(String what)
            throws IOException
    {
        for (byte expected : new byte[] {'\r', '\n'}) {
            if (position == limit && !fill()) {
                throw ended(what);
            }
            if (buffer[position++] != expected) {
                throw new S3BodyException(S3ErrorCode.INVALID_REQUEST, "The " + what + " of the aws-chunked body is not followed by CRLF.");
            }
        }
    }

    /** Whether the body has ended: nothing buffered and nothing more to read. */
    boolean atEnd()
            throws IOException
    {
        return position == limit && !fill();
    }

    private boolean fill()
            throws IOException
    {
        int count = readUnderlying(buffer, 0, buffer.length);
        if (count < 0) {
            return false;
        }
        bytesRead += count;
        position = 0;
        limit = count;
        return true;
    }

    private int readUnderlying(byte[] target, int offset, int length)
            throws IOException
    {
        int count;
        do {
            count = in.read(target, offset, length);
        }
        while (count == 0);
        return count;
    }

    static S3BodyException ended(String what)
    {
        return new S3BodyException(S3ErrorCode.INCOMPLETE_BODY, "The request body ended within the " + what + ": you did not provide the number of bytes the aws-chunked "
                + "encoding and x-amz-decoded-content-length declared.");
    }
}
