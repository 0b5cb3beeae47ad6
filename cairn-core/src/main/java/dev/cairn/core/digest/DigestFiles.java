package dev.cairn.core.digest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.core.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * CloudTrail digest files (FORMATS.md §2): their keys, their JSON, and the string that is signed.
 */
public final class DigestFiles
{
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_FOLDERS = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FIELD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private DigestFiles() {}

    /**
     * {@code [prefix/]AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<YYYYMMDDTHHMMSSZ>.json.gz},
     * dated by the digest's end time.
     */
    public static String key(Optional<String> keyPrefix, String account, String trailName, String homeRegion, String region, Instant end)
    {
        return key(keyPrefix, Optional.empty(), account, trailName, homeRegion, region, end);
    }

    /** For an organization trail, a member account's digests are under {@code AWSLogs/<organization id>/<account>/}. */
    public static String key(Optional<String> keyPrefix, Optional<String> organizationId, String account, String trailName, String homeRegion, String region, Instant end)
    {
        return keyPrefix.map(prefix -> prefix + "/").orElse("")
                + "AWSLogs/" + organizationId.map(id -> id + "/").orElse("") + account + "/CloudTrail-Digest/" + region + "/" + DATE_FOLDERS.format(end) + "/"
                + account + "_CloudTrail-Digest_" + region + "_" + trailName + "_" + homeRegion + "_" + KEY_TIME.format(end) + ".json.gz";
    }

    public static String time(Instant time)
    {
        return FIELD_TIME.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The digest JSON, fields in CloudTrail's order. */
    public static byte[] content(String account, Instant start, Instant end, String bucket, String key, String fingerprint,
            Optional<DigestLink> previous, List<DeliveredLog> logs)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1_024 + 400 * logs.size());
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("awsAccountId", account);
            json.writeStringField("digestStartTime", time(start));
            json.writeStringField("digestEndTime", time(end));
            json.writeStringField("digestS3Bucket", bucket);
            json.writeStringField("digestS3Object", key);
            json.writeStringField("digestPublicKeyFingerprint", fingerprint);
            json.writeStringField("digestSignatureAlgorithm", SigningKey.ALGORITHM);
            Optional<Instant> newest = logs.stream().map(DeliveredLog::newestEventTime).max(Instant::compareTo);
            Optional<Instant> oldest = logs.stream().map(DeliveredLog::oldestEventTime).min(Instant::compareTo);
            writeTime(json, "newestEventTime", newest);
            writeTime(json, "oldestEventTime", oldest);
            writeText(json, "previousDigestS3Bucket", previous.map(DigestLink::bucket));
            writeText(json, "previousDigestS3Object", previous.map(DigestLink::key));
            writeText(json, "previousDigestHashValue", previous.map(DigestLink::hashValue));
            writeText(json, "previousDigestHashAlgorithm", previous.map(link -> "SHA-256"));
            writeText(json, "previousDigestSignature", previous.map(DigestLink::signature));
            json.writeArrayFieldStart("logFiles");
            for (DeliveredLog log : logs) {
                json.writeStartObject();
                json.writeStringField("s3Bucket", log.s3Bucket());
                json.writeStringField("s3Object", log.s3Object());
                json.writeStringField("hashValue", log.hashValue());
                json.writeStringField("hashAlgorithm", "SHA-256");
                json.writeStringField("newestEventTime", time(log.newestEventTime()));
                json.writeStringField("oldestEventTime", time(log.oldestEventTime()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code digestEndTime \n bucket/key \n hex(SHA-256(content)) \n previousDigestSignature-or-null}, UTF-8. */
    public static byte[] stringToSign(Instant end, String bucket, String key, String contentHash, Optional<String> previousSignature)
    {
        return (time(end) + "\n" + bucket + "/" + key + "\n" + contentHash + "\n" + previousSignature.orElse("null")).getBytes(StandardCharsets.UTF_8);
    }

    public static String sha256(byte[] bytes)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeTime(JsonGenerator json, String field, Optional<Instant> value)
            throws IOException
    {
        writeText(json, field, value.map(DigestFiles::time));
    }

    private static void writeText(JsonGenerator json, String field, Optional<String> value)
            throws IOException
    {
        if (value.isPresent()) {
            json.writeStringField(field, value.get());
        }
        else {
            json.writeNullField(field);
        }
    }
}
