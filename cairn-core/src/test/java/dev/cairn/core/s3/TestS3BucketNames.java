package dev.cairn.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

class TestS3BucketNames
{
    @Test
    void valid()
    {
        for (String name : List.of("abc", "my-bucket", "my.bucket.name", "a1b", "123", "0-0", "a".repeat(63), "1.2.3", "1.2.3.4.5", "xn-bucket", "bucket-s3alias-x")) {
            assertThat(S3BucketNames.problem(name)).as(name).isEmpty();
            S3BucketNames.validate(name);
        }
    }

    @Test
    void invalid()
    {
        for (String name : List.of(
                "ab", "a".repeat(64), "",
                "My-Bucket", "my_bucket", "my bucket", "bücket",
                "-bucket", "bucket-", ".bucket", "bucket.",
                "my..bucket",
                "192.168.5.4", "1.2.3.4",
                "xn--bucket", "sthree-bucket", "sthree-configurator", "amzn-s3-demo-bucket",
                "bucket-s3alias", "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "bucket--table-s3")) {
            assertThat(S3BucketNames.problem(name)).as(name).isPresent();
            assertThat(S3BucketNames.isValid(name)).as(name).isFalse();
            assertThatThrownBy(() -> S3BucketNames.validate(name)).as(name)
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(S3ErrorCode.INVALID_BUCKET_NAME);
                        assertThat(e.getMessage()).isEqualTo("The specified bucket is not valid.");
                    });
        }
        assertThat(S3BucketNames.problem("my..bucket")).contains("Bucket names must not contain two adjacent periods");
        assertThat(S3BucketNames.problem("xn--bucket")).contains("Bucket names must not start with the prefix xn--");
    }
}
