package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

/**
 * A checksum of the content, as S3 records it: the algorithm and the Base64 value.
 *
 * @param value the Base64 of the checksum, as the client sent it
 */
public record PayloadChecksum(ChecksumAlgorithm algorithm, String value)
{
    public PayloadChecksum
    {
        requireNonNull(algorithm, "algorithm is null");
        requireNonNull(value, "value is null");
    }

    /** The header or trailer that carries it, such as {@code x-amz-checksum-crc32}. */
    public String headerName()
    {
        return algorithm.headerName();
    }
}
