package dev.cairn.core.delivery;

import dev.cairn.core.trail.Trail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * CloudTrail log files: their keys and their bytes (FORMATS.md §1).
 */
public final class LogFiles
{
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_FOLDERS = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final byte[] HEAD = "{\"Records\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "]}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMA = {','};

    private LogFiles() {}

    /**
     * {@code [prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz},
     * dated by the delivery time; the unique part is derived from {@code identity}, so the same batch always gets the
     * same key.
     */
    public static String key(Trail trail, String region, Instant deliveredAt, String identity)
    {
        return key(trail, trail.accountId(), region, deliveredAt, identity);
    }

    /**
     * The key of a log file of {@code account}'s events: for an organization trail, a member account's files are under
     * {@code AWSLogs/<organization id>/<account>/}, as AWS writes them.
     */
    public static String key(Trail trail, String account, String region, Instant deliveredAt, String identity)
    {
        return trail.s3KeyPrefix().map(prefix -> prefix + "/").orElse("")
                + "AWSLogs/" + trail.organizationId().map(id -> id + "/").orElse("") + account + "/CloudTrail/" + region + "/" + DATE_FOLDERS.format(deliveredAt) + "/"
                + account + "_CloudTrail_" + region + "_" + MINUTE.format(deliveredAt) + "_" + uniquePart(identity) + ".json.gz";
    }

    /** 16 characters of [0-9A-Za-z] from a hash of {@code identity}. */
    static String uniquePart(String identity)
    {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        char[] unique = new char[16];
        for (int i = 0; i < unique.length; i++) {
            unique[i] = ALPHABET[(hash[i] & 0xff) % ALPHABET.length];
        }
        return new String(unique);
    }

    /**
     * A log file's bytes.
     *
     * @param gzip one gzip member holding {@code {"Records":[...]}}
     * @param sha256 lowercase hex SHA-256 of the uncompressed content, as digests list it
     */
    public record LogFile(byte[] gzip, String sha256)
    {
    }

    /** One gzip member holding {@code {"Records":[...]}} with the records' JSON as stored. */
    public static LogFile content(List<byte[]> records)
    {
        int size = HEAD.length + TAIL.length + records.size();
        for (byte[] record : records) {
            size += record.length;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, size / 6));
        MessageDigest sha256 = sha256();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            write(gzip, sha256, HEAD);
            for (int i = 0; i < records.size(); i++) {
                if (i > 0) {
                    write(gzip, sha256, COMMA);
                }
                write(gzip, sha256, records.get(i));
            }
            write(gzip, sha256, TAIL);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LogFile(bytes.toByteArray(), java.util.HexFormat.of().formatHex(sha256.digest()));
    }

    private static void write(GZIPOutputStream gzip, MessageDigest sha256, byte[] data)
            throws IOException
    {
        gzip.write(data);
        sha256.update(data);
    }

    private static MessageDigest sha256()
    {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
