package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The checksums S3 takes in an {@code x-amz-checksum-*} header or trailer: the Base64 of the checksum's big-endian
 * bytes (a CRC's value, a digest as it is).
 */
public enum ChecksumAlgorithm
{
    CRC32("CRC32", 4, () -> ContentDigest.of(new CRC32(), 4)),
    CRC32C("CRC32C", 4, () -> ContentDigest.of(new CRC32C(), 4)),
    CRC64NVME("CRC64NVME", 8, () -> ContentDigest.of(new Crc64Nvme(), 8)),
    SHA1("SHA1", 20, () -> ContentDigest.of(messageDigest("SHA-1"))),
    SHA256("SHA256", 32, () -> ContentDigest.of(messageDigest("SHA-256")));

    private final String algorithmName;
    private final int length;
    private final String headerName;
    private final Supplier<ContentDigest> digests;

    ChecksumAlgorithm(String algorithmName, int length, Supplier<ContentDigest> digests)
    {
        this.algorithmName = requireNonNull(algorithmName, "algorithmName is null");
        this.length = length;
        this.headerName = "x-amz-checksum-" + algorithmName.toLowerCase(Locale.ROOT);
        this.digests = requireNonNull(digests, "digests is null");
    }

    /** The name S3 uses in {@code x-amz-checksum-algorithm} and in its messages, such as {@code CRC32C}. */
    public String algorithmName()
    {
        return algorithmName;
    }

    /** The header or trailer that carries the checksum, such as {@code x-amz-checksum-crc32c}. */
    public String headerName()
    {
        return headerName;
    }

    /** The checksum's length in bytes, before Base64. */
    public int length()
    {
        return length;
    }

    /** @param headerName a header or trailer name, in any case */
    public static Optional<ChecksumAlgorithm> fromHeaderName(String headerName)
    {
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.headerName.equalsIgnoreCase(headerName)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    ContentDigest newDigest()
    {
        return digests.get();
    }

    static MessageDigest messageDigest(String name)
    {
        try {
            return MessageDigest.getInstance(name);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A checksum or a digest computed over content as it passes. */
    interface ContentDigest
    {
        void update(byte[] buffer, int offset, int length);

        /** The checksum's bytes, big-endian. */
        byte[] digest();

        static ContentDigest of(Checksum checksum, int length)
        {
            return new ContentDigest()
            {
                @Override
                public void update(byte[] buffer, int offset, int count)
                {
                    checksum.update(buffer, offset, count);
                }

                @Override
                public byte[] digest()
                {
                    long value = checksum.getValue();
                    byte[] bytes = new byte[length];
                    for (int i = 0; i < length; i++) {
                        bytes[i] = (byte) (value >>> (8 * (length - 1 - i)));
                    }
                    return bytes;
                }
            };
        }

        static ContentDigest of(MessageDigest digest)
        {
            return new ContentDigest()
            {
                @Override
                public void update(byte[] buffer, int offset, int count)
                {
                    digest.update(buffer, offset, count);
                }

                @Override
                public byte[] digest()
                {
                    return digest.digest();
                }
            };
        }
    }
}
