package dev.cairn.spi;

import java.io.IOException;

/**
 * A write batch conflicted with a concurrent batch of another node sharing the store (a deadlock between their row
 * locks, or a serialization failure): nothing of it was committed, and running it again may succeed.
 */
public final class ConflictException
        extends IOException
{
    public ConflictException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
