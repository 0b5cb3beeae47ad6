package dev.cairn.cli;

import dev.cairn.core.trail.BucketPolicies;
import dev.cairn.server.ServerConfig;
import dev.cairn.target.local.LocalBucketStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "create-bucket", mixinStandardHelpOptions = true,
        description = {
                "Creates a bucket directory for trails under <data-dir>/buckets, with the bucket policy CloudTrail needs (AWS's documented one: "
                        + "cloudtrail.amazonaws.com may read the bucket's ACL and write under [prefix/]AWSLogs/), which CreateTrail checks as AWS does. "
                        + "The policy is <data-dir>/buckets/.policies/<bucket>/policy.json.",
                "With --print, writes only the policy to standard output, e.g. for an S3 endpoint: "
                        + "aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json"})
final class CreateBucketCommand
        implements Callable<Integer>
{
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUCKET", description = "The bucket's name (3 to 63 lowercase letters, digits, periods and hyphens).")
    String bucket;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory of 'cairn serve' (CAIRN_DATA_DIR, as for serve). Default: ${DEFAULT-VALUE}.")
    Path dataDirectory;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Let trails write only under this key prefix (the trail's --s3-key-prefix).")
    String prefix;

    @Option(names = "--account", paramLabel = "ACCOUNT", description = "Let trails write only the files of this account (repeatable). Default: any account's.")
    List<String> accounts = List.of();

    @Option(names = "--organization", paramLabel = "ID", description = "With --account (the management account): also let its organization trails write "
            + "the member accounts' files, under AWSLogs/<organization id>/ (repeatable).")
    List<String> organizations = List.of();

    @Option(names = "--print", description = "Print the policy instead of creating anything.")
    boolean print;

    @Override
    public Integer call()
            throws Exception
    {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + bucket + "' is not a bucket name: use 3 to 63 lowercase letters, digits, periods and hyphens");
        }
        for (String account : accounts) {
            if (!ACCOUNT.matcher(account).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--account: '" + account + "' is not a 12-digit account id");
            }
        }
        for (String organization : organizations) {
            if (!ORGANIZATION.matcher(organization).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--organization: '" + organization + "' is not an organization id (o- and 10 to 32 "
                        + "lowercase letters or digits)");
            }
        }
        if (!organizations.isEmpty() && accounts.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--organization goes with --account (the organization's management account); without "
                    + "--account the policy already lets every account's trails write anywhere under AWSLogs/");
        }
        Optional<String> keyPrefix = Optional.ofNullable(prefix).map(value -> value.replaceAll("^/+|/+$", "")).filter(value -> !value.isEmpty());
        String policy = BucketPolicies.cloudTrail(bucket, keyPrefix, accounts, organizations);
        if (print) {
            spec.commandLine().getOut().print(policy);
            spec.commandLine().getOut().flush();
            return 0;
        }
        LocalBucketStore buckets = new LocalBucketStore(ServerConfig.defaults(dataDirectory).bucketDirectory());
        Path directory = buckets.createBucket(bucket);
        buckets.putBucketPolicy(bucket, policy);
        Path policyFile = buckets.policyFile(bucket);
        spec.commandLine().getOut().println("Created bucket " + bucket + " (" + directory + "), whose policy lets CloudTrail write its files (" + policyFile + ").");
        spec.commandLine().getOut().println("Next: aws cloudtrail create-trail --name NAME --s3-bucket-name " + bucket + keyPrefix.map(value -> " --s3-key-prefix " + value).orElse("")
                + " (with --endpoint-url of Cairn)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
