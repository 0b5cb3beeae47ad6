package dev.cairn.server.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Turns a request body into the object's content, checking what its framing carries (chunk signatures). */
interface PayloadDecoder
{
    /** Reads content: at least one byte when {@code length > 0}, or -1 at its end. */
    int read(byte[] buffer, int offset, int length)
            throws IOException;

    /**
     * Reads and checks what follows the content, once {@link #read} returned -1.
     *
     * @return the trailer's fields by lowercase name, without its signature
     */
    Map<String, String> finish()
            throws IOException;

    /** Bytes of the body read so far, framing included. */
    long bodyBytes();

    /** A body that is the content as it is. */
    static PayloadDecoder plain(InputStream body)
    {
        RawBody raw = new RawBody(body);
        return new PayloadDecoder()
        {
            @Override
            public int read(byte[] buffer, int offset, int length)
                    throws IOException
            {
                return raw.read(buffer, offset, length);
            }

            @Override
            public Map<String, String> finish()
            {
                return Map.of();
            }

            @Override
            public long bodyBytes()
            {
                return raw.bytesRead();
            }
        };
    }
}
