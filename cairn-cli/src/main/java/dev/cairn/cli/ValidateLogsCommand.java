package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.cli.validate.BucketReader;
import dev.cairn.cli.validate.CloudTrailApi;
import dev.cairn.cli.validate.LogValidator;
import dev.cairn.cli.validate.S3Reader;
import dev.cairn.cli.validate.Times;
import dev.cairn.target.local.LocalBucketStore;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "validate-logs", mixinStandardHelpOptions = true,
        description = {"Validates a trail's log files and digest files, as 'aws cloudtrail validate-logs' does and with the same output, and also catches "
                + "digests missing in a row, digests whose previous-digest hash or signature does not match, reordered chains, and log files no digest lists.",
                "Credentials come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, profiles). Exit code 1 when anything is invalid or missing."})
final class ValidateLogsCommand
        implements Callable<Integer>
{
    private static final Pattern TRAIL_ARN = Pattern.compile("arn:.+:cloudtrail:(.+):(\\d{12}):trail/(.+)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--trail-arn", required = true, paramLabel = "ARN", description = "The trail whose files to validate.")
    String trailArn;

    @Option(names = "--start-time", required = true, paramLabel = "TIME", description = "Validate files delivered from this time (UTC), e.g. 2026-11-20T00:00:00Z.")
    String startTime;

    @Option(names = "--end-time", paramLabel = "TIME", description = "... up to this time (default: now).")
    String endTime;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "The bucket (default: the trail's, from DescribeTrails).")
    String s3Bucket;

    @Option(names = "--s3-prefix", paramLabel = "PREFIX", description = "The key prefix (with --s3-bucket).")
    String s3Prefix;

    @Option(names = "--account-id", paramLabel = "ACCOUNT", description = "Account whose files to validate (default: the trail's; required for an organization "
            + "trail: the member account).")
    String accountId;

    @Option(names = "--organization-id", paramLabel = "ID", description = "The organization of an organization trail, with --s3-bucket (default: the caller's "
            + "organization, from DescribeOrganization).")
    String organizationId;

    @Option(names = "--region", paramLabel = "REGION", description = "Region whose digests to validate (default: the trail's home region).")
    String region;

    @Option(names = "--verbose", description = "Also print a line for each valid file.")
    boolean verbose;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint of the bucket (path-style), e.g. http://127.0.0.1:9000.")
    String s3Endpoint;

    @Option(names = "--s3-region", defaultValue = "us-east-1", paramLabel = "REGION", description = "Region to sign S3 requests for. Default: ${DEFAULT-VALUE}.")
    String s3Region;

    @Option(names = "--bucket-dir", paramLabel = "DIR", description = "A directory of bucket directories (Cairn's <data-dir>/buckets, or a copy of a bucket "
            + "in DIR/<bucket>) instead of an S3 endpoint.")
    Path bucketDirectory;

    @Option(names = "--public-keys", paramLabel = "FILE", description = "Public keys as printed by 'cairn public-keys', to validate offline (no API calls "
            + "with --s3-bucket).")
    Path publicKeysFile;

    @Override
    public Integer call()
            throws Exception
    {
        Matcher arn = TRAIL_ARN.matcher(trailArn);
        if (!arn.matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid trail ARN provided: " + trailArn);
        }
        Instant start = time("--start-time", startTime);
        Instant end = endTime == null ? Instant.now() : time("--end-time", endTime);
        if (start.isAfter(end)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid time range specified: start-time must occur before end-time");
        }
        if ((s3Endpoint == null) == (bucketDirectory == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give the bucket's place: --s3-endpoint URL or --bucket-dir DIR");
        }
        String homeRegion = arn.group(1);
        String account = accountId != null ? accountId : arn.group(2);
        String name = arn.group(3);
        String source = region != null ? region : homeRegion;

        String bucket = s3Bucket;
        Optional<String> prefix = Optional.ofNullable(s3Prefix).filter(value -> !value.isEmpty());
        Optional<String> organization = Optional.ofNullable(organizationId);
        Map<String, byte[]> keys = new HashMap<>();
        if (s3Bucket == null || publicKeysFile == null) {
            CloudTrailApi cloudTrail = client.cloudTrail(source);
            if (s3Bucket == null) {
                CloudTrailApi.TrailInfo trail = cloudTrail.describeTrails().stream()
                        .filter(candidate -> trailArn.equals(candidate.arn()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("A trail could not be found for " + trailArn));
                bucket = trail.bucket();
                prefix = trail.prefix();
                if (trail.organizationTrail() && organization.isEmpty()) {
                    if (accountId == null) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter for organization trail: '--account-id'");
                    }
                    organization = Optional.of(cloudTrail.organizationId());
                }
            }
            if (publicKeysFile == null) {
                for (CloudTrailApi.PublicKeyInfo key : cloudTrail.listPublicKeys(start, end.plus(Duration.ofHours(2)))) {
                    keys.put(key.fingerprint(), key.value());
                }
            }
        }
        if (publicKeysFile != null) {
            keys.putAll(LogValidatorKeys.read(new ObjectMapper().readTree(Files.readAllBytes(publicKeysFile))));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No public keys found between " + start + " and " + end);
        }

        BucketReader buckets = s3Endpoint != null
                ? new S3Reader(URI.create(s3Endpoint), s3Region, client.credentials())
                : BucketReader.of(new LocalBucketStore(bucketDirectory));
        try (ProgressBar progress = System.console() == null ? null : new ProgressBarBuilder().setTaskName("Digests").setInitialMax(-1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
            LogValidator validator = new LogValidator(buckets, keys, System.out, System.err, verbose);
            return validator.validate(new LogValidator.Target(trailArn, account, name, homeRegion, source, bucket, prefix, organization, start, end),
                    handled -> {
                        if (progress != null) {
                            progress.stepTo(handled);
                        }
                    });
        }
    }

    private Instant time(String option, String text)
    {
        try {
            return Times.parse(text);
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** Reading the file {@code cairn public-keys} writes. */
    static final class LogValidatorKeys
    {
        private LogValidatorKeys() {}

        static Map<String, byte[]> read(com.fasterxml.jackson.databind.JsonNode output)
        {
            Map<String, byte[]> keys = new HashMap<>();
            for (com.fasterxml.jackson.databind.JsonNode key : output.path("PublicKeyList")) {
                keys.put(key.path("Fingerprint").asText(), java.util.Base64.getDecoder().decode(key.path("Value").asText()));
            }
            return keys;
        }
    }
}
