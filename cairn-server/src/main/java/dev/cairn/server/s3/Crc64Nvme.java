package dev.cairn.server.s3;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME (S3's {@code CRC64NVME}): reflected, polynomial {@code 0xad93d23594c93659} ({@code 0x9a6c9329ac4bc9b5}
 * reflected), initial value and final XOR all ones; the check value of {@code "123456789"} is
 * {@code 0xae8b14860a799888}. Table-driven, a byte at a time. Not thread-safe.
 */
final class Crc64Nvme
        implements Checksum
{
    private static final long REFLECTED_POLYNOMIAL = 0x9a6c9329ac4bc9b5L;
    private static final long[] TABLE = table();

    private long crc = -1;

    private static long[] table()
    {
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long value = i;
            for (int bit = 0; bit < 8; bit++) {
                value = (value & 1) != 0 ? (value >>> 1) ^ REFLECTED_POLYNOMIAL : value >>> 1;
            }
            table[i] = value;
        }
        return table;
    }

    @Override
    public void update(int b)
    {
        crc = TABLE[(int) (crc ^ b) & 0xff] ^ (crc >>> 8);
    }

    @Override
    public void update(byte[] buffer, int offset, int length)
    {
        long value = crc;
        for (int i = offset; i < offset + length; i++) {
            value = TABLE[(int) (value ^ buffer[i]) & 0xff] ^ (value >>> 8);
        }
        crc = value;
    }

    @Override
    public long getValue()
    {
        return ~crc;
    }

    @Override
    public void reset()
    {
        crc = -1;
    }
}
