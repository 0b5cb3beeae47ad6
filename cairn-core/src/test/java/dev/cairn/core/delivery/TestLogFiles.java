package dev.cairn.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.trail.Trail;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

public class TestLogFiles
{
    @Test
    public void keysFollowCloudTrailsLayoutAndAreTheSameForTheSameBatch()
    {
        Trail.Builder builder = new Trail.Builder();
        builder.accountId = "111122223333";
        builder.name = "audit";
        builder.homeRegion = "us-east-2";
        builder.s3BucketName = "logs";
        builder.s3KeyPrefix = Optional.of("team/prod");
        builder.created = Instant.EPOCH;
        Trail trail = builder.build();
        Instant delivered = Instant.parse("2015-08-01T02:10:59Z");
        String key = LogFiles.key(trail, "us-east-2", delivered, "batch-1");
        assertThat(key).matches("team/prod/AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/111122223333_CloudTrail_us-east-2_20150801T0210Z_[0-9A-Za-z]{16}\\.json\\.gz");
        assertThat(LogFiles.key(trail, "us-east-2", delivered, "batch-1")).isEqualTo(key);
        assertThat(LogFiles.key(trail, "us-east-2", delivered, "batch-2")).isNotEqualTo(key);
    }

    @Test
    public void contentIsOneGzipMemberOfTheRecords()
            throws IOException
    {
        LogFiles.LogFile log = LogFiles.content(List.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "{\"b\":2}".getBytes(StandardCharsets.UTF_8)));
        assertThat(log.sha256()).isEqualTo(dev.cairn.core.digest.DigestFiles.sha256("{\"Records\":[{\"a\":1},{\"b\":2}]}".getBytes(StandardCharsets.UTF_8)));
        byte[] file = log.gzip();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"Records\":[{\"a\":1},{\"b\":2}]}");
        }
        // one member: after it, nothing (the AWS CLI reads only the first member)
        int headerLength = 10;
        Inflater inflater = new Inflater(true);
        inflater.setInput(file, headerLength, file.length - headerLength);
        try {
            inflater.inflate(new byte[1024]);
        }
        catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        }
        assertThat(inflater.finished()).isTrue();
        assertThat(inflater.getRemaining()).as("the gzip trailer only").isEqualTo(8);
    }
}
