package dev.cairn.core.s3;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * S3's naming rules for general purpose buckets, which {@code CreateBucket} enforces: 3 to 63 lowercase letters,
 * digits, periods and hyphens, starting and ending with a letter or digit; no two adjacent periods; not an IPv4 address;
 * none of the prefixes and suffixes S3 reserves. From AWS's "General purpose bucket naming rules"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
public final class S3BucketNames
{
    private static final Pattern CHARACTERS = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private S3BucketNames() {}

    /** Which rule a name breaks, in words; empty for a valid name. */
    public static Optional<String> problem(String name)
    {
        if (name.length() < 3 || name.length() > 63) {
            return Optional.of("Bucket names must be between 3 and 63 characters long");
        }
        if (!CHARACTERS.matcher(name).matches()) {
            return Optional.of("Bucket names can consist only of lowercase letters, numbers, periods and hyphens, and must begin and end with a letter or number");
        }
        if (name.contains("..")) {
            return Optional.of("Bucket names must not contain two adjacent periods");
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return Optional.of("Bucket names must not be formatted as an IP address");
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of("Bucket names must not start with the prefix " + prefix);
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return Optional.of("Bucket names must not end with the suffix " + suffix);
            }
        }
        return Optional.empty();
    }

    public static boolean isValid(String name)
    {
        return problem(name).isEmpty();
    }

    /**
     * @throws S3Exception {@code InvalidBucketName} with S3's message when the name breaks a rule
     */
    public static void validate(String name)
    {
        if (!isValid(name)) {
            throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME);
        }
    }
}
