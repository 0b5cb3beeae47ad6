package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.trail.BucketPolicies;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The user journey through the real AWS CLI, run as subprocesses against a {@link TestingCairnServer}: once with the
 * {@code aws} on {@code PATH} and once more with {@code /usr/bin/aws} when that is a different CLI (e.g. pip's v1
 * and Debian's v2). Each run gets a clean environment: only the given keys, region {@code us-east-1}, empty config
 * and credentials files, no instance metadata.
 *
 * <p>Without any AWS CLI the test is skipped, or fails when {@code CAIRN_REQUIRE_AWS_CLI=1} (as in CI).
 */
class AwsCliJourneyIT
{
    static final String REQUIRE_ENVIRONMENT_VARIABLE = "CAIRN_REQUIRE_AWS_CLI";
    private static final Path DEBIAN_AWS_CLI = Path.of("/usr/bin/aws");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INDEX_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern VERSION = Pattern.compile("aws-cli/(\\d+)\\.\\S+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNKNOWN_ACCESS_KEY_ID = "AKIAZZZZZZZZZZZZZZZZ";
    private static final String LIST_USERS_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}""";
    private static final String TRUST_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}""";
    private static final int BULK_CALLS = 65;
    private static final Duration VALIDATION_DIGEST_INTERVAL = Duration.ofSeconds(10);
    /** Half the digest interval: a digest lists the log files of two rounds. */
    private static final Duration VALIDATION_ROUND = VALIDATION_DIGEST_INTERVAL.dividedBy(2);

    private static List<AwsCli> clis = List.of();

    @TempDir
    Path workDirectory;

    /** One installed AWS CLI: where it is and what {@code --version} says. */
    record AwsCli(Path executable, String version)
    {
        int majorVersion()
        {
            Matcher matcher = VERSION.matcher(version);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        }

        /** What the CLI exits with when the service answered an error: 255 for v1, 254 for v2. */
        Set<Integer> serviceErrorExitCodes()
        {
            return switch (majorVersion()) {
                case 1 -> Set.of(255);
                case 2 -> Set.of(254);
                default -> Set.of(254, 255);
            };
        }

        @Override
        public String toString()
        {
            int space = version.indexOf(' ');
            return (space < 0 ? version : version.substring(0, space)) + " (" + executable + ")";
        }
    }

    /** @param sessionToken temporary credentials' token ({@code AWS_SESSION_TOKEN}) */
    record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken)
    {
        static final Credentials ROOT = new Credentials(TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);

        Credentials(String accessKeyId, String secretAccessKey)
        {
            this(accessKeyId, secretAccessKey, Optional.empty());
        }
    }

    record Result(List<String> command, int exitCode, String stdout, String stderr)
    {
        JsonNode json()
        {
            try {
                return JSON.readTree(stdout);
            }
            catch (IOException e) {
                throw new AssertionError("not JSON from " + this, e);
            }
        }

        @Override
        public String toString()
        {
            return String.join(" ", command) + "\nexit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    @BeforeAll
    static void findAwsClis()
            throws IOException, InterruptedException
    {
        List<String> notes = new ArrayList<>();
        List<AwsCli> found = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        onPath("aws").ifPresentOrElse(candidates::add, () -> notes.add("no aws on PATH"));
        if (Files.isExecutable(DEBIAN_AWS_CLI)) {
            candidates.add(DEBIAN_AWS_CLI);
        }
        else {
            notes.add("no " + DEBIAN_AWS_CLI);
        }
        Path scratch = Files.createTempDirectory("cairn-aws-cli-probe-");
        try {
            for (Path candidate : candidates) {
                Result version = run(candidate.toString(), List.of("--version"), environment(scratch, Optional.empty()), scratch);
                String text = (version.stdout() + version.stderr()).strip();
                if (version.exitCode() != 0 || !VERSION.matcher(text).find()) {
                    notes.add(candidate + " --version failed: " + version);
                    continue;
                }
                AwsCli cli = new AwsCli(candidate, text);
                boolean duplicate = found.stream().anyMatch(other -> other.version().equals(cli.version()) || sameFile(other.executable(), cli.executable()));
                if (!duplicate) {
                    found.add(cli);
                }
            }
        }
        finally {
            TestingCairnServer.deleteRecursively(scratch);
        }
        if (found.isEmpty()) {
            String why = "no AWS CLI found (" + String.join("; ", notes) + ")";
            if ("1".equals(System.getenv(REQUIRE_ENVIRONMENT_VARIABLE))) {
                fail("The AWS CLI is required (" + REQUIRE_ENVIRONMENT_VARIABLE + "=1) but " + why + ". Install it, e.g. apt-get install awscli.");
            }
            Assumptions.abort("Skipping the AWS CLI journey: " + why + ". Set " + REQUIRE_ENVIRONMENT_VARIABLE + "=1 to make this a failure.");
        }
        clis = List.copyOf(found);
    }

    static Stream<AwsCli> awsClis()
    {
        return clis.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsClis")
    void userJourney(AwsCli cli)
            throws Exception
    {
        try (TestingCairnServer server = TestingCairnServer.start();
                CloudTrailClient cloudTrail = server.cloudTrail()) {
            Journey journey = new Journey(cli, server, workDirectory);
            String accountId = server.accountId();

            // the root user: who am I, then a user with an access key
            JsonNode rootIdentity = journey.succeed(Credentials.ROOT, "sts", "get-caller-identity");
            assertThat(rootIdentity.path("Account").asText()).isEqualTo(accountId);
            assertThat(rootIdentity.path("Arn").asText()).isEqualTo("arn:aws:iam::" + accountId + ":root");

            JsonNode user = journey.succeed(Credentials.ROOT, "iam", "create-user", "--user-name", "alice").path("User");
            assertThat(user.path("UserName").asText()).isEqualTo("alice");
            assertThat(user.path("Arn").asText()).isEqualTo("arn:aws:iam::" + accountId + ":user/alice");
            assertThat(user.path("UserId").asText()).isNotEmpty();

            JsonNode key = journey.succeed(Credentials.ROOT, "iam", "create-access-key", "--user-name", "alice").path("AccessKey");
            assertThat(key.path("UserName").asText()).isEqualTo("alice");
            assertThat(key.path("Status").asText()).isEqualTo("Active");
            assertThat(key.path("AccessKeyId").asText()).startsWith("AKIA").hasSize(20);
            assertThat(key.path("SecretAccessKey").asText()).hasSize(40);
            Credentials alice = new Credentials(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText());

            // alice, without any policy: STS answers, IAM and CloudTrail deny
            JsonNode aliceIdentity = journey.succeed(alice, "sts", "get-caller-identity");
            assertThat(aliceIdentity.path("Arn").asText()).isEqualTo("arn:aws:iam::" + accountId + ":user/alice");
            assertThat(aliceIdentity.path("UserId").asText()).isEqualTo(user.path("UserId").asText());
            assertThat(aliceIdentity.path("Account").asText()).isEqualTo(accountId);

            Result listUsersDenied = journey.serviceError(alice, "iam", "list-users");
            assertThat(listUsersDenied.stderr()).as(listUsersDenied.toString())
                    .contains("(AccessDenied)")
                    .contains("ListUsers")
                    .contains("arn:aws:iam::" + accountId + ":user/alice");

            Result describeTrailsDenied = journey.serviceError(alice, "cloudtrail", "describe-trails");
            assertThat(describeTrailsDenied.stderr()).as(describeTrailsDenied.toString())
                    .contains("(AccessDeniedException)")
                    .contains("DescribeTrails");

            // the root user looks up alice's events: the denials are there, with errorCode AccessDenied
            awaitEvents(cloudTrail, LookupAttributeKey.USERNAME, "alice", events -> names(events).contains("DescribeTrails"));
            JsonNode aliceEvents = journey.succeed(Credentials.ROOT, "cloudtrail", "lookup-events",
                    "--lookup-attributes", "AttributeKey=Username,AttributeValue=alice").path("Events");
            assertThat(aliceEvents).allSatisfy(event -> assertThat(event.path("Username").asText()).isEqualTo("alice"));
            assertThat(aliceEvents).allSatisfy(event -> assertThat(event.path("AccessKeyId").asText()).isEqualTo(alice.accessKeyId()));
            assertThat(eventNames(aliceEvents)).containsExactlyInAnyOrder("GetCallerIdentity", "ListUsers", "DescribeTrails");
            assertEventTimes(cli, aliceEvents);

            JsonNode deniedListUsers = record(only(aliceEvents, "ListUsers"));
            assertThat(deniedListUsers.path("errorCode").asText()).isEqualTo("AccessDenied");
            assertThat(deniedListUsers.path("errorMessage").asText()).contains("iam:ListUsers");
            assertThat(deniedListUsers.path("eventSource").asText()).isEqualTo("iam.amazonaws.com");
            assertThat(deniedListUsers.path("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(deniedListUsers.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
            assertThat(deniedListUsers.path("userIdentity").path("userName").asText()).isEqualTo("alice");
            assertThat(deniedListUsers.path("userIdentity").path("accessKeyId").asText()).isEqualTo(alice.accessKeyId());
            assertThat(deniedListUsers.path("userAgent").asText()).startsWith("aws-cli/" + cli.majorVersion());

            JsonNode deniedDescribeTrails = record(only(aliceEvents, "DescribeTrails"));
            assertThat(deniedDescribeTrails.path("errorCode").asText()).isEqualTo("AccessDenied");
            assertThat(deniedDescribeTrails.path("eventSource").asText()).isEqualTo("cloudtrail.amazonaws.com");
            assertThat(record(only(aliceEvents, "GetCallerIdentity")).has("errorCode")).isFalse();

            // the secret is shown once, by CreateAccessKey, and never recorded
            JsonNode createAccessKeyEvents = journey.succeed(Credentials.ROOT, "cloudtrail", "lookup-events",
                    "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateAccessKey").path("Events");
            assertThat(createAccessKeyEvents).hasSize(1);
            assertThat(createAccessKeyEvents.get(0).path("Username").asText()).isEqualTo("root");
            JsonNode createAccessKey = record(createAccessKeyEvents.get(0));
            assertThat(createAccessKey.path("responseElements").path("accessKey").path("accessKeyId").asText()).isEqualTo(alice.accessKeyId());
            assertThat(createAccessKey.path("responseElements").path("accessKey").has("secretAccessKey")).isFalse();
            assertThat(createAccessKeyEvents.toString()).doesNotContain(alice.secretAccessKey());
            assertThat(aliceEvents.toString()).doesNotContain(alice.secretAccessKey());

            // an inline policy lets alice list users; the CLI shows the (URL-encoded on the wire) document as JSON
            Result putPolicy = journey.run(Credentials.ROOT, "iam", "put-user-policy", "--user-name", "alice",
                    "--policy-name", "list-users", "--policy-document", LIST_USERS_POLICY);
            assertThat(putPolicy.exitCode()).as(putPolicy.toString()).isZero();
            assertThat(putPolicy.stdout()).as(putPolicy.toString()).isBlank();

            JsonNode policy = journey.succeed(Credentials.ROOT, "iam", "get-user-policy", "--user-name", "alice", "--policy-name", "list-users");
            assertThat(policy.path("UserName").asText()).isEqualTo("alice");
            assertThat(policy.path("PolicyName").asText()).isEqualTo("list-users");
            assertThat(policy.path("PolicyDocument").isObject()).as("PolicyDocument is a JSON object: %s", policy).isTrue();
            assertThat(policy.path("PolicyDocument")).isEqualTo(JSON.readTree(LIST_USERS_POLICY));

            JsonNode policyNames = journey.succeed(Credentials.ROOT, "iam", "list-user-policies", "--user-name", "alice").path("PolicyNames");
            assertThat(policyNames).extracting(JsonNode::asText).containsExactly("list-users");

            // a role's trust policy is URL-encoded on the wire too, and the CLI shows it as JSON
            JsonNode createdRole = journey.succeed(Credentials.ROOT, "iam", "create-role", "--role-name", "journey-role",
                    "--assume-role-policy-document", TRUST_POLICY).path("Role");
            assertThat(createdRole.path("RoleId").asText()).startsWith("AROA");
            assertThat(createdRole.path("AssumeRolePolicyDocument")).as("AssumeRolePolicyDocument is a JSON object: %s", createdRole).isEqualTo(JSON.readTree(TRUST_POLICY));
            JsonNode role = journey.succeed(Credentials.ROOT, "iam", "get-role", "--role-name", "journey-role").path("Role");
            assertThat(role.path("AssumeRolePolicyDocument")).isEqualTo(JSON.readTree(TRUST_POLICY));
            assertThat(role.path("MaxSessionDuration").asInt()).isEqualTo(3_600);
            JsonNode roles = journey.succeed(Credentials.ROOT, "iam", "list-roles").path("Roles");
            assertThat(roles).extracting(node -> node.path("AssumeRolePolicyDocument")).containsExactly(JSON.readTree(TRUST_POLICY));

            JsonNode users = journey.succeed(alice, "iam", "list-users").path("Users");
            assertThat(users).extracting(node -> node.path("UserName").asText()).containsExactly("alice");

            // alice assumes a role that trusts her, and works with its temporary credentials (AWS_SESSION_TOKEN)
            String auditorTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId
                    + ":user/alice\"},\"Action\":\"sts:AssumeRole\"}]}";
            String auditorArn = journey.succeed(Credentials.ROOT, "iam", "create-role", "--role-name", "cli-auditor", "--assume-role-policy-document", auditorTrust)
                    .path("Role").path("Arn").asText();
            journey.succeed(Credentials.ROOT, "iam", "put-role-policy", "--role-name", "cli-auditor", "--policy-name", "read-trails", "--policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:DescribeTrails\",\"Resource\":\"*\"}]}");
            JsonNode assumed = journey.succeed(alice, "sts", "assume-role", "--role-arn", auditorArn, "--role-session-name", "alice-cli", "--duration-seconds", "900");
            JsonNode temporary = assumed.path("Credentials");
            assertThat(temporary.path("AccessKeyId").asText()).startsWith("ASIA");
            assertThat(assumed.path("AssumedRoleUser").path("Arn").asText()).isEqualTo("arn:aws:sts::" + accountId + ":assumed-role/cli-auditor/alice-cli");
            Credentials session = new Credentials(temporary.path("AccessKeyId").asText(), temporary.path("SecretAccessKey").asText(),
                    Optional.of(temporary.path("SessionToken").asText()));
            assertThat(journey.succeed(session, "sts", "get-caller-identity").path("Arn").asText()).isEqualTo(assumed.path("AssumedRoleUser").path("Arn").asText());
            journey.succeed(session, "cloudtrail", "describe-trails");
            Result sessionDenied = journey.serviceError(session, "iam", "list-users");
            assertThat(sessionDenied.stderr()).as(sessionDenied.toString()).contains("(AccessDenied)").contains("assumed-role/cli-auditor/alice-cli");
            Credentials tampered = new Credentials(session.accessKeyId(), session.secretAccessKey(), Optional.of("x" + session.sessionToken().orElseThrow().substring(1)));
            Result tamperedSts = journey.serviceError(tampered, "sts", "get-caller-identity");
            assertThat(tamperedSts.stderr()).as(tamperedSts.toString()).contains("(InvalidClientTokenId)");

            // more events than two pages, through the CLI paginator
            Set<String> bulkEventIds = makeBulkEvents(journey, server, cloudTrail);
            assertPaginatedLookups(journey, bulkEventIds);

            // invalid parameters and unknown keys
            Result invalidMaxResults = journey.serviceError(Credentials.ROOT, "cloudtrail", "lookup-events", "--max-results", "51");
            assertThat(invalidMaxResults.stderr()).as(invalidMaxResults.toString()).contains("(InvalidMaxResultsException)");

            Credentials unknown = new Credentials(UNKNOWN_ACCESS_KEY_ID, alice.secretAccessKey());
            Result unknownCloudTrail = journey.serviceError(unknown, "cloudtrail", "lookup-events");
            assertThat(unknownCloudTrail.stderr()).as(unknownCloudTrail.toString()).contains("(UnrecognizedClientException)");
            Result unknownSts = journey.serviceError(unknown, "sts", "get-caller-identity");
            assertThat(unknownSts.stderr()).as(unknownSts.toString()).contains("(InvalidClientTokenId)");
            Result unknownIam = journey.serviceError(unknown, "iam", "list-users");
            assertThat(unknownIam.stderr()).as(unknownIam.toString()).contains("(InvalidClientTokenId)");

            // unauthenticated calls never reached an operation: not recorded (checked once a later call is indexed)
            try (StsClient sts = server.sts(TestingCairnServer.rootCredentials())) {
                String marker = sts.getCallerIdentity().responseMetadata().requestId();
                awaitEvents(cloudTrail, LookupAttributeKey.EVENT_NAME, "GetCallerIdentity",
                        events -> events.stream().anyMatch(event -> record(event).path("requestID").asText().equals(marker)));
            }
            assertThat(lookupAll(cloudTrail, LookupAttributeKey.ACCESS_KEY_ID, UNKNOWN_ACCESS_KEY_ID)).isEmpty();
        }
    }

    /**
     * The trail journey of the README with the AWS CLI unchanged: create a multi-region trail on a bucket of an
     * independent S3 server, start it, look at it, make a call, and find the call's record in the bucket with
     * {@code aws s3 ls} / {@code aws s3 cp} after a round of delivery (stepped rather than waited for).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("awsClis")
    void trailJourney(AwsCli cli)
            throws Exception
    {
        try (TestingS3Server s3 = new TestingS3Server();
                TestingCairnServer server = TestingCairnServer.builder().s3(s3.settings()).manualDelivery().start()) {
            Journey journey = new Journey(cli, server, workDirectory);
            String accountId = server.accountId();
            Credentials s3Keys = new Credentials(TestingS3Server.ACCESS_KEY_ID, TestingS3Server.SECRET_ACCESS_KEY);
            Map<String, String> s3Environment = environment(workDirectory, Optional.of(s3Keys));
            s3.createBucketWithoutPolicy("my-logs");

            Result missingBucket = journey.serviceError(Credentials.ROOT, "cloudtrail", "create-trail", "--name", "audit", "--s3-bucket-name", "no-such-bucket");
            assertThat(missingBucket.stderr()).contains("S3BucketDoesNotExistException");
            // the README's steps for an S3 endpoint: a bucket without CloudTrail's policy is refused, as in AWS, until
            // the policy that 'cairn create-bucket my-logs --print' prints is put on it with the CLI
            Result noPolicy = journey.serviceError(Credentials.ROOT, "cloudtrail", "create-trail", "--name", "audit", "--s3-bucket-name", "my-logs");
            assertThat(noPolicy.stderr()).contains("InsufficientS3BucketPolicyException").contains("Incorrect S3 bucket policy is detected for bucket: my-logs");
            Path policy = Files.writeString(workDirectory.resolve("policy.json"), BucketPolicies.cloudTrail("my-logs", Optional.empty(), List.of()));
            Result put = run(cli.executable().toString(), List.of("--endpoint-url", s3.endpoint().toString(), "s3api", "put-bucket-policy", "--bucket", "my-logs",
                    "--policy", "file://" + policy), s3Environment, workDirectory);
            assertThat(put.exitCode()).as(put.toString()).isZero();
            JsonNode created = journey.succeed(Credentials.ROOT, "cloudtrail", "create-trail", "--name", "audit", "--s3-bucket-name", "my-logs", "--is-multi-region-trail");
            assertThat(created.path("TrailARN").asText()).isEqualTo("arn:aws:cloudtrail:us-east-1:" + accountId + ":trail/audit");
            assertThat(created.path("IsMultiRegionTrail").asBoolean()).isTrue();
            journey.succeed(Credentials.ROOT, "cloudtrail", "start-logging", "--name", "audit");
            JsonNode trails = journey.succeed(Credentials.ROOT, "cloudtrail", "describe-trails").path("trailList");
            assertThat(trails).hasSize(1);
            assertThat(trails.get(0).path("HomeRegion").asText()).isEqualTo("us-east-1");
            assertThat(journey.succeed(Credentials.ROOT, "cloudtrail", "list-trails").path("Trails").get(0).path("Name").asText()).isEqualTo("audit");
            JsonNode status = journey.succeed(Credentials.ROOT, "cloudtrail", "get-trail-status", "--name", "audit");
            assertThat(status.path("IsLogging").asBoolean()).isTrue();
            journey.succeed(Credentials.ROOT, "cloudtrail", "put-event-selectors", "--trail-name", "audit",
                    "--event-selectors", "[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]");
            assertThat(journey.succeed(Credentials.ROOT, "cloudtrail", "get-event-selectors", "--trail-name", "audit")
                    .path("EventSelectors").get(0).path("ReadWriteType").asText()).isEqualTo("All");
            journey.succeed(Credentials.ROOT, "iam", "create-user", "--user-name", "trail-journey-user");
            // a round of delivery, rather than waiting for one: it writes what the trail logged so far
            server.deliver();

            // the bucket, through the CLI's own S3 commands against the S3 server
            String prefix = "s3://my-logs/AWSLogs/" + accountId + "/CloudTrail/us-east-1/";
            String found = Poll.until("the CreateUser record under " + prefix, INDEX_TIMEOUT, Duration.ofMillis(300), () -> {
                Result listing = run(cli.executable().toString(), List.of("--endpoint-url", s3.endpoint().toString(), "s3", "ls", "--recursive", "s3://my-logs/AWSLogs/"),
                        s3Environment, workDirectory);
                assertThat(listing.exitCode()).as(listing.toString()).isZero();
                Optional<String> withRecord = Optional.empty();
                for (String line : listing.stdout().split("\n")) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length < 4) {
                        continue;
                    }
                    String key = fields[3];
                    assertThat(key).matches("AWSLogs/" + accountId + "/CloudTrail/us-(east-1|west-2)/\\d{4}/\\d{2}/\\d{2}/" + accountId
                            + "_CloudTrail_us-(east-1|west-2)_\\d{8}T\\d{4}Z_[0-9A-Za-z]{16}\\.json\\.gz");
                    Path local = workDirectory.resolve("log-" + key.hashCode() + ".json.gz");
                    Result copy = run(cli.executable().toString(), List.of("--endpoint-url", s3.endpoint().toString(), "s3", "cp", "s3://my-logs/" + key, local.toString()),
                            s3Environment, workDirectory);
                    if (copy.exitCode() != 0) {
                        // s3proxy can list an object a moment before it can be read: the next poll reads it
                        continue;
                    }
                    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(local))) {
                        for (JsonNode record : JSON.readTree(in).path("Records")) {
                            if (record.path("eventName").asText().equals("CreateUser")
                                    && record.path("requestParameters").path("userName").asText().equals("trail-journey-user")) {
                                withRecord = Optional.of(key);
                            }
                        }
                    }
                }
                return withRecord;
            }, Optional::isPresent).orElseThrow();
            assertThat(found).as("the CreateUser record under " + prefix).startsWith("AWSLogs/" + accountId + "/CloudTrail/us-east-1/");

            journey.succeed(Credentials.ROOT, "cloudtrail", "stop-logging", "--name", "audit");
            assertThat(journey.succeed(Credentials.ROOT, "cloudtrail", "get-trail-status", "--name", "audit").path("IsLogging").asBoolean()).isFalse();
            journey.succeed(Credentials.ROOT, "cloudtrail", "delete-trail", "--name", "audit");
            Result gone = journey.serviceError(Credentials.ROOT, "cloudtrail", "get-trail", "--name", "audit");
            assertThat(gone.stderr()).contains("TrailNotFoundException");
        }
    }

    /**
     * Log file integrity with the AWS CLI unchanged: a trail with log file validation writes signed digests every 10 s
     * into an S3 server, once for all the CLIs; each CLI's {@code aws cloudtrail validate-logs} (its S3 client pointed
     * at that server: the pip CLI v1 by {@code AWS_ENDPOINT_URL_S3}, Debian's 2.9.19 by a test-only
     * {@code sitecustomize} hook, FORMATS.md §6) reports every digest and log file valid; then an edited log file, a
     * deleted log file, an edited digest and a deleted digest each make every CLI report INVALID and exit 1.
     *
     * <p>The chain is built in rounds rather than waited for, as in {@link ValidateLogsIT}: the server's clock stands
     * still and a round moves it on by 5 s and runs delivery to the end. The first CLI sets the trail up; every CLI
     * reads its status and keys and validates it.
     */
    @Test
    void validateLogsJourney()
            throws Exception
    {
        TestingClock clock = new TestingClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        try (TestingS3Server s3 = new TestingS3Server(TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
                TestingCairnServer server = TestingCairnServer.builder().s3(s3.settings()).digestInterval(VALIDATION_DIGEST_INTERVAL)
                        .signingKeyRotation(Duration.ofSeconds(15)).clock(clock).manualDelivery().start();
                software.amazon.awssdk.services.iam.IamClient iam = server.iam()) {
            Journey setup = new Journey(clis.get(0), server, workDirectory);
            String accountId = server.accountId();
            s3.createBucket("validated-logs");
            Instant start = clock.instant().minusSeconds(60);
            String arn = setup.succeed(Credentials.ROOT, "cloudtrail", "create-trail", "--name", "validated", "--s3-bucket-name", "validated-logs",
                    "--enable-log-file-validation").path("TrailARN").asText();
            setup.succeed(Credentials.ROOT, "cloudtrail", "start-logging", "--name", "validated");
            String digestPrefix = "AWSLogs/" + accountId + "/CloudTrail-Digest/us-east-1/";
            String logPrefix = "AWSLogs/" + accountId + "/CloudTrail/us-east-1/";
            // a call and a round at a time until there are 3 digests and 2 log files: the digests span 20 s, more than
            // the 15 s a key signs for
            int calls = 0;
            while (s3.keys("validated-logs", digestPrefix).size() < 3 || s3.keys("validated-logs", logPrefix).size() < 2) {
                assertThat(calls).as("3 digests by now").isLessThan(20);
                String user = "validated-" + calls++;
                iam.createUser(request -> request.userName(user));
                clock.advance(VALIDATION_ROUND);
                server.deliver();
            }
            // stop: a final digest closes the chain (after a log scan a second past the stop: the next round's), and
            // nothing is written while the CLIs read the bucket
            Instant stopped = clock.instant();
            setup.succeed(Credentials.ROOT, "cloudtrail", "stop-logging", "--name", "validated");
            clock.advance(VALIDATION_ROUND);
            server.deliver();

            Set<String> signedBy = new HashSet<>();
            for (String digest : s3.keys("validated-logs", digestPrefix)) {
                signedBy.add(JSON.readTree(s3.gunzip("validated-logs", digest)).path("digestPublicKeyFingerprint").asText());
            }
            assertThat(signedBy).as("digests signed by more than one key").hasSizeGreaterThan(1);
            for (AwsCli cli : clis) {
                Journey journey = new Journey(cli, server, workDirectory);
                JsonNode status = journey.succeed(Credentials.ROOT, "cloudtrail", "get-trail-status", "--name", "validated");
                assertThat(status.has("LatestDigestDeliveryTime")).as("%s: %s", cli, status).isTrue();
                assertThat(timestamp(status.path("LatestDigestDeliveryTime"))).as("%s: a final digest after StopLogging", cli).isAfter(stopped);

                // the key rotates every 15 s here: the chain spans at least two keys
                JsonNode publicKeys = journey.succeed(Credentials.ROOT, "cloudtrail", "list-public-keys", "--start-time", start.toString()).path("PublicKeyList");
                assertThat(publicKeys.size()).as("%s: %s", cli, publicKeys).isGreaterThanOrEqualTo(2);
                Set<String> fingerprints = new HashSet<>();
                for (JsonNode key : publicKeys) {
                    assertThat(key.path("Value").asText()).as(cli.toString()).startsWith("MIIBCgKCAQEA");
                    assertThat(key.path("Fingerprint").asText()).as(cli.toString()).matches("[0-9a-f]{32}");
                    fingerprints.add(key.path("Fingerprint").asText());
                }
                assertThat(fingerprints).as(cli.toString()).containsAll(signedBy);
            }

            Map<String, String> environment = environment(workDirectory, Optional.of(Credentials.ROOT));
            environment.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
            environment.put("CT_TEST_S3_ENDPOINT", s3.endpoint().toString());
            Path hook = Files.createDirectories(workDirectory.resolve("s3-endpoint-hook"));
            Files.writeString(hook.resolve("sitecustomize.py"), S3_ENDPOINT_HOOK);
            environment.put("PYTHONPATH", hook.toString());
            // up to the server's time, which runs ahead of the real now the CLIs take by default (and 2.9.19 lists
            // the public keys up to the end time only)
            List<String> validate = List.of("--endpoint-url", server.endpoint().toString(), "cloudtrail", "validate-logs", "--trail-arn", arn,
                    "--start-time", start.toString(), "--end-time", clock.instant().toString(), "--verbose");

            runWithEach(validate, environment).forEach((cli, valid) -> {
                assertThat(valid.exitCode()).as("%s: %s", cli, valid).isZero();
                assertThat(valid.stderr()).as("%s: %s", cli, valid).doesNotContain("INVALID");
                assertThat(valid.stdout()).as("%s: %s", cli, valid)
                        .contains("Digest file\ts3://validated-logs/" + digestPrefix)
                        .contains("Log file\ts3://validated-logs/" + logPrefix)
                        .containsPattern("(\\d+)/\\1 digest files valid")
                        .containsPattern("(\\d+)/\\1 log files valid");
            });

            // an edited log file
            List<String> logs = s3.keys("validated-logs", logPrefix);
            String edited = logs.get(0);
            byte[] original = s3.client().getObjectAsBytes(request -> request.bucket("validated-logs").key(edited)).asByteArray();
            java.io.ByteArrayOutputStream tampered = new java.io.ByteArrayOutputStream();
            try (var gzip = new java.util.zip.GZIPOutputStream(tampered)) {
                gzip.write("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
            }
            s3.putObject("validated-logs", edited, tampered.toByteArray());
            runWithEach(validate, environment).forEach((cli, editedResult) -> {
                assertThat(editedResult.exitCode()).as("%s: %s", cli, editedResult).isEqualTo(1);
                assertThat(editedResult.stderr()).as("%s: %s", cli, editedResult).contains("Log file\ts3://validated-logs/" + edited + "\tINVALID: hash value doesn't match");
            });
            s3.putObject("validated-logs", edited, original);

            // a deleted log file
            String deletedLog = logs.get(1);
            byte[] deletedLogBytes = s3.client().getObjectAsBytes(request -> request.bucket("validated-logs").key(deletedLog)).asByteArray();
            s3.deleteObject("validated-logs", deletedLog);
            runWithEach(validate, environment).forEach((cli, missingLog) -> {
                assertThat(missingLog.exitCode()).as("%s: %s", cli, missingLog).isEqualTo(1);
                assertThat(missingLog.stderr()).as("%s: %s", cli, missingLog).contains("Log file\ts3://validated-logs/" + deletedLog + "\tINVALID: not found");
            });
            s3.putObject("validated-logs", deletedLog, deletedLogBytes);

            // an edited digest (its signature metadata kept): the signature no longer verifies
            List<String> digests = s3.keys("validated-logs", digestPrefix);
            String editedDigest = digests.get(digests.size() - 1);
            var digestObject = s3.client().getObjectAsBytes(request -> request.bucket("validated-logs").key(editedDigest));
            JsonNode digestJson = JSON.readTree(s3.gunzip("validated-logs", editedDigest));
            ((com.fasterxml.jackson.databind.node.ObjectNode) digestJson).putArray("logFiles");
            java.io.ByteArrayOutputStream editedBytes = new java.io.ByteArrayOutputStream();
            try (var gzip = new java.util.zip.GZIPOutputStream(editedBytes)) {
                gzip.write(JSON.writeValueAsBytes(digestJson));
            }
            s3.client().putObject(request -> request.bucket("validated-logs").key(editedDigest).metadata(digestObject.response().metadata()),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(editedBytes.toByteArray()));
            runWithEach(validate, environment).forEach((cli, editedDigestResult) -> {
                assertThat(editedDigestResult.exitCode()).as("%s: %s", cli, editedDigestResult).isEqualTo(1);
                assertThat(editedDigestResult.stderr()).as("%s: %s", cli, editedDigestResult)
                        .contains("Digest file\ts3://validated-logs/" + editedDigest + "\tINVALID: signature verification failed");
            });
            s3.client().putObject(request -> request.bucket("validated-logs").key(editedDigest).metadata(digestObject.response().metadata()),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(digestObject.asByteArray()));

            // a deleted digest in the middle of the chain
            String deletedDigest = digests.get(digests.size() - 2);
            s3.deleteObject("validated-logs", deletedDigest);
            runWithEach(validate, environment).forEach((cli, missingDigest) -> {
                assertThat(missingDigest.exitCode()).as("%s: %s", cli, missingDigest).isEqualTo(1);
                assertThat(missingDigest.stderr()).as("%s: %s", cli, missingDigest).contains("Digest file\ts3://validated-logs/" + deletedDigest + "\tINVALID: not found");
            });
        }
    }

    /**
     * An organization trail: the management account's trail logs a member account's events under
     * {@code AWSLogs/<o-id>/<member>/}, and {@code aws cloudtrail validate-logs --trail-arn <trail> --account-id
     * <member>} (its Organizations client asked for the organization's id, as the CLI does) finds every digest and log
     * file valid. CLIs too old to know {@code --account-id} are reported, and at least one must validate.
     */
    @Test
    void organizationTrailValidateLogs()
            throws Exception
    {
        TestingClock clock = new TestingClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        try (TestingS3Server s3 = new TestingS3Server(TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
                TestingCairnServer server = TestingCairnServer.builder().s3(s3.settings()).digestInterval(VALIDATION_DIGEST_INTERVAL).clock(clock).manualDelivery().start();
                var organizations = server.organizations(TestingCairnServer.rootCredentials());
                CloudTrailClient cloudTrail = server.cloudTrail()) {
            s3.createBucket("organization-logs");
            Instant start = clock.instant().minusSeconds(60);
            String organizationId = organizations.createOrganization(request -> request.featureSet("ALL")).organization().id();
            var requested = organizations.createAccount(request -> request.email("cli-member@example.com").accountName("CLI member")).createAccountStatus();
            String member = Poll.until("the member account", Duration.ofSeconds(5), Duration.ofMillis(50),
                    () -> organizations.describeCreateAccountStatus(request -> request.createAccountRequestId(requested.id())).createAccountStatus(),
                    status -> !status.stateAsString().equals("IN_PROGRESS")).accountId();
            organizations.enableAWSServiceAccess(request -> request.servicePrincipal("cloudtrail.amazonaws.com"));
            Journey setup = new Journey(clis.get(0), server, workDirectory);
            String arn = setup.succeed(Credentials.ROOT, "cloudtrail", "create-trail", "--name", "organization", "--s3-bucket-name", "organization-logs",
                    "--is-organization-trail", "--enable-log-file-validation").path("TrailARN").asText();
            assertThat(setup.succeed(Credentials.ROOT, "cloudtrail", "get-trail", "--name", "organization").path("Trail").path("IsOrganizationTrail").asBoolean()).isTrue();
            setup.succeed(Credentials.ROOT, "cloudtrail", "start-logging", "--name", "organization");

            // the member account's events: its access role, assumed by a management account user, making a user there
            try (software.amazon.awssdk.services.iam.IamClient iam = server.iam()) {
                iam.createUser(request -> request.userName("cli-operator"));
                iam.putUserPolicy(request -> request.userName("cli-operator").policyName("member-access").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"));
                var operator = iam.createAccessKey(request -> request.userName("cli-operator")).accessKey();
                JsonNode assumed = setup.succeed(new Credentials(operator.accessKeyId(), operator.secretAccessKey()), "sts", "assume-role", "--role-arn",
                        "arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole", "--role-session-name", "cli-operator").path("Credentials");
                Credentials access = new Credentials(assumed.path("AccessKeyId").asText(), assumed.path("SecretAccessKey").asText(),
                        Optional.of(assumed.path("SessionToken").asText()));
                String digestPrefix = "AWSLogs/" + organizationId + "/" + member + "/CloudTrail-Digest/us-east-1/";
                String logPrefix = "AWSLogs/" + organizationId + "/" + member + "/CloudTrail/us-east-1/";
                int calls = 0;
                while (s3.keys("organization-logs", digestPrefix).size() < 3 || s3.keys("organization-logs", logPrefix).size() < 2) {
                    assertThat(calls).as("3 member digests by now").isLessThan(20);
                    setup.succeed(access, "iam", "create-user", "--user-name", "member-" + calls++);
                    clock.advance(VALIDATION_ROUND);
                    server.deliver();
                }
                // the member account cannot delete the organization's trail
                Result refused = setup.serviceError(access, "cloudtrail", "delete-trail", "--name", arn);
                assertThat(refused.stderr()).as(refused.toString()).contains("NotOrganizationMasterAccountException");
                setup.succeed(Credentials.ROOT, "cloudtrail", "stop-logging", "--name", "organization");
                clock.advance(VALIDATION_ROUND);
                server.deliver();

                Map<String, String> environment = environment(workDirectory, Optional.of(Credentials.ROOT));
                environment.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
                environment.put("AWS_ENDPOINT_URL_ORGANIZATIONS", server.endpoint().toString());
                environment.put("CT_TEST_S3_ENDPOINT", s3.endpoint().toString());
                environment.put("CT_TEST_ORGANIZATIONS_ENDPOINT", server.endpoint().toString());
                Path hook = Files.createDirectories(workDirectory.resolve("s3-endpoint-hook"));
                Files.writeString(hook.resolve("sitecustomize.py"), S3_ENDPOINT_HOOK);
                environment.put("PYTHONPATH", hook.toString());
                List<String> validate = List.of("--endpoint-url", server.endpoint().toString(), "cloudtrail", "validate-logs", "--trail-arn", arn,
                        "--account-id", member, "--start-time", start.toString(), "--end-time", clock.instant().toString(), "--verbose");
                int validated = 0;
                for (Map.Entry<AwsCli, Result> entry : runWithEach(validate, environment).entrySet()) {
                    Result valid = entry.getValue();
                    if (valid.exitCode() != 0 && valid.stderr().contains("account-id") && valid.stderr().toLowerCase(java.util.Locale.ROOT).contains("unknown option")) {
                        System.err.println(entry.getKey() + " does not know --account-id (organization trails): not validated with it");
                        continue;
                    }
                    assertThat(valid.exitCode()).as("%s: %s", entry.getKey(), valid).isZero();
                    assertThat(valid.stderr()).as("%s: %s", entry.getKey(), valid).doesNotContain("INVALID");
                    assertThat(valid.stdout()).as("%s: %s", entry.getKey(), valid)
                            .contains("Digest file\ts3://organization-logs/" + digestPrefix)
                            .contains("Log file\ts3://organization-logs/" + logPrefix)
                            .containsPattern("(\\d+)/\\1 digest files valid")
                            .containsPattern("(\\d+)/\\1 log files valid");
                    validated++;
                }
                assertThat(validated).as("CLIs that validated the organization trail").isPositive();
            }
        }
    }

    /** Runs the same {@code aws} command line with each CLI in turn, in the same environment. */
    private Map<AwsCli, Result> runWithEach(List<String> arguments, Map<String, String> environment)
            throws IOException, InterruptedException
    {
        Map<AwsCli, Result> results = new LinkedHashMap<>();
        for (AwsCli cli : clis) {
            results.put(cli, run(cli.executable().toString(), arguments, environment, workDirectory));
        }
        return results;
    }

    /** A timestamp as the CLI prints it: epoch seconds (v1) or ISO 8601 text (v2). */
    private static Instant timestamp(JsonNode value)
    {
        if (value.isNumber()) {
            return Instant.ofEpochMilli((long) (value.asDouble() * 1000));
        }
        return OffsetDateTime.parse(value.asText()).toInstant();
    }

    /** FORMATS.md §6: points the S3 and Organizations clients of CLI 2.9.19 at {@code CT_TEST_S3_ENDPOINT}. */
    static final String S3_ENDPOINT_HOOK = """
            import os
            _ep = os.environ.get('CT_TEST_S3_ENDPOINT')
            if _ep:
                try:
                    import awscli
                    import botocore.session as _bs
                    _orig = _bs.Session.create_client
                    def _cc(self, service_name, region_name=None, *a, **kw):
                        if service_name in ('s3', 'organizations') and not kw.get('endpoint_url') and len(a) < 4:
                            kw['endpoint_url'] = _ep
                            if service_name == 'organizations' and os.environ.get('CT_TEST_ORGANIZATIONS_ENDPOINT'):
                                kw['endpoint_url'] = os.environ['CT_TEST_ORGANIZATIONS_ENDPOINT']
                        return _orig(self, service_name, region_name, *a, **kw)
                    _bs.Session.create_client = _cc
                except ImportError:
                    pass
            """;

    /**
     * A user, bob, gets a key through the CLI, then makes {@link #BULK_CALLS} calls through the SDK (fast); returns
     * their event ids once all are indexed.
     */
    private static Set<String> makeBulkEvents(Journey journey, TestingCairnServer server, CloudTrailClient cloudTrail)
            throws IOException, InterruptedException
    {
        journey.succeed(Credentials.ROOT, "iam", "create-user", "--user-name", "bob");
        JsonNode key = journey.succeed(Credentials.ROOT, "iam", "create-access-key", "--user-name", "bob").path("AccessKey");
        try (StsClient bob = server.sts(TestingCairnServer.credentials(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText()))) {
            for (int i = 0; i < BULK_CALLS; i++) {
                bob.getCallerIdentity();
            }
        }
        List<Event> events = awaitEvents(cloudTrail, LookupAttributeKey.USERNAME, "bob", found -> found.size() >= BULK_CALLS);
        assertThat(events).hasSize(BULK_CALLS);
        Set<String> ids = events.stream().map(Event::eventId).collect(Collectors.toSet());
        assertThat(ids).hasSize(BULK_CALLS);
        return ids;
    }

    private static void assertPaginatedLookups(Journey journey, Set<String> expectedIds)
            throws IOException, InterruptedException
    {
        String[] bobFilter = {"cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=Username,AttributeValue=bob"};

        // the CLI follows NextToken by itself: default page size (50), then pages of 10
        JsonNode byDefault = journey.succeed(Credentials.ROOT, bobFilter);
        assertThat(byDefault.has("NextToken")).isFalse();
        assertThat(eventIds(byDefault.path("Events"))).containsExactlyInAnyOrderElementsOf(expectedIds);

        JsonNode smallPages = journey.succeed(Credentials.ROOT, concat(bobFilter, "--page-size", "10"));
        assertThat(smallPages.has("NextToken")).isFalse();
        assertThat(eventIds(smallPages.path("Events"))).containsExactlyInAnyOrderElementsOf(expectedIds);

        // --max-items: the CLI's own NextToken, resumed with --starting-token (pages of 7 cut across server pages)
        List<String> collected = new ArrayList<>();
        Optional<String> startingToken = Optional.empty();
        int invocations = 0;
        do {
            String[] arguments = concat(bobFilter, "--max-items", "20", "--page-size", "7");
            if (startingToken.isPresent()) {
                arguments = concat(arguments, "--starting-token", startingToken.get());
            }
            JsonNode page = journey.succeed(Credentials.ROOT, arguments);
            List<String> ids = eventIds(page.path("Events"));
            assertThat(ids).hasSizeLessThanOrEqualTo(20).isNotEmpty();
            collected.addAll(ids);
            startingToken = Optional.ofNullable(page.get("NextToken")).map(JsonNode::asText);
            invocations++;
            assertThat(invocations).as("CLI invocations to page through %s events", expectedIds.size()).isLessThanOrEqualTo(10);
        }
        while (startingToken.isPresent());
        assertThat(collected).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(invocations).isEqualTo((expectedIds.size() + 19) / 20);
    }

    /**
     * v1 prints CloudTrail timestamps as received (epoch seconds), v2 formats them as ISO 8601; either way they are
     * recent, newest first.
     */
    private static void assertEventTimes(AwsCli cli, JsonNode events)
    {
        Instant now = Instant.now();
        List<Instant> times = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode time = event.path("EventTime");
            Instant instant;
            if (time.isNumber()) {
                instant = Instant.ofEpochMilli((long) (time.asDouble() * 1000));
            }
            else {
                assertThat(time.isTextual()).as("EventTime %s", time).isTrue();
                instant = OffsetDateTime.parse(time.asText()).toInstant();
            }
            assertThat(instant).isBetween(now.minus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(1)));
            times.add(instant);
            if (cli.majorVersion() == 1) {
                assertThat(time.isNumber()).as("AWS CLI v1 prints EventTime %s as received", time).isTrue();
            }
            if (cli.majorVersion() == 2) {
                assertThat(time.isTextual()).as("AWS CLI v2 prints EventTime %s in ISO 8601", time).isTrue();
            }
        }
        assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());
    }

    /** Runs the CLI of one journey with its endpoint, {@code --output json} and a clean environment. */
    private static final class Journey
    {
        private final AwsCli cli;
        private final String endpoint;
        private final Path directory;

        Journey(AwsCli cli, TestingCairnServer server, Path directory)
        {
            this.cli = cli;
            this.endpoint = server.endpoint().toString();
            this.directory = directory;
        }

        Result run(Credentials credentials, String... arguments)
                throws IOException, InterruptedException
        {
            List<String> command = new ArrayList<>(List.of("--endpoint-url", endpoint, "--output", "json"));
            command.addAll(List.of(arguments));
            return AwsCliJourneyIT.run(cli.executable().toString(), command, environment(directory, Optional.of(credentials)), directory);
        }

        JsonNode succeed(Credentials credentials, String... arguments)
                throws IOException, InterruptedException
        {
            Result result = run(credentials, arguments);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            return result.json();
        }

        /** Runs a command that the service must refuse: the CLI's service-error exit code and nothing on stdout. */
        Result serviceError(Credentials credentials, String... arguments)
                throws IOException, InterruptedException
        {
            Result result = run(credentials, arguments);
            assertThat(result.exitCode()).as(result.toString()).isIn(cli.serviceErrorExitCodes());
            assertThat(result.stdout()).as(result.toString()).isBlank();
            return result;
        }
    }

    /**
     * Only what the CLI needs to start ({@code PATH}, a pyenv shim's settings, an empty {@code HOME}) and the AWS
     * settings of the journey, so that no configuration or credentials of the machine leak in.
     */
    static Map<String, String> environment(Path directory, Optional<Credentials> credentials)
            throws IOException
    {
        Path home = Files.createDirectories(directory.resolve("home"));
        Path config = directory.resolve("aws-config");
        Path sharedCredentials = directory.resolve("aws-credentials");
        if (!Files.exists(config)) {
            Files.createFile(config);
        }
        if (!Files.exists(sharedCredentials)) {
            Files.createFile(sharedCredentials);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : List.of("PATH", "PYENV_ROOT", "PYENV_VERSION")) {
            Optional.ofNullable(System.getenv(name)).ifPresent(value -> environment.put(name, value));
        }
        environment.put("HOME", home.toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("LANG", "C.UTF-8");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.put("AWS_CONFIG_FILE", config.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", sharedCredentials.toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_PAGER", "");
        credentials.ifPresent(keys -> {
            environment.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
            environment.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
            keys.sessionToken().ifPresent(token -> environment.put("AWS_SESSION_TOKEN", token));
        });
        return environment;
    }

    private static Result run(String executable, List<String> arguments, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(arguments);
        return run(command, environment, directory);
    }

    /** Runs a command in {@code directory} with exactly this environment, for at most a minute. */
    static Result run(List<String> command, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException
    {
        Path stdout = Files.createTempFile(directory, "stdout-", ".txt");
        Path stderr = Files.createTempFile(directory, "stderr-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("timed out after " + COMMAND_TIMEOUT + ": " + String.join(" ", command) + "\nstderr so far: " + Files.readString(stderr));
            }
            return new Result(command, process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
        }
        finally {
            process.destroyForcibly();
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** Polls (every 50 ms, up to {@link #INDEX_TIMEOUT}) until the events of a lookup satisfy {@code done}. */
    private static List<Event> awaitEvents(CloudTrailClient cloudTrail, LookupAttributeKey key, String value, Predicate<List<Event>> done)
    {
        return Poll.until("events of " + key + "=" + value + " as expected", INDEX_TIMEOUT, Duration.ofMillis(50), () -> lookupAll(cloudTrail, key, value), done);
    }

    private static List<Event> lookupAll(CloudTrailClient cloudTrail, LookupAttributeKey key, String value)
    {
        return cloudTrail.lookupEventsPaginator(request -> request.lookupAttributes(LookupAttribute.builder().attributeKey(key).attributeValue(value).build()))
                .events().stream().toList();
    }

    private static List<String> names(List<Event> events)
    {
        return events.stream().map(Event::eventName).toList();
    }

    private static List<String> eventNames(JsonNode events)
    {
        List<String> names = new ArrayList<>();
        events.forEach(event -> names.add(event.path("EventName").asText()));
        return names;
    }

    private static List<String> eventIds(JsonNode events)
    {
        List<String> ids = new ArrayList<>();
        events.forEach(event -> ids.add(event.path("EventId").asText()));
        return ids;
    }

    private static JsonNode only(JsonNode events, String eventName)
    {
        List<JsonNode> matching = new ArrayList<>();
        events.forEach(event -> {
            if (event.path("EventName").asText().equals(eventName)) {
                matching.add(event);
            }
        });
        assertThat(matching).as("%s events among %s", eventName, eventNames(events)).hasSize(1);
        return matching.get(0);
    }

    /** The CloudTrail record of a LookupEvents event in the CLI's output, parsed. */
    private static JsonNode record(JsonNode event)
    {
        try {
            return JSON.readTree(event.path("CloudTrailEvent").asText());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode record(Event event)
    {
        try {
            return JSON.readTree(event.cloudTrailEvent());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] concat(String[] first, String... more)
    {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    static Optional<Path> onPath(String program)
    {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        Set<String> seen = new HashSet<>();
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty() || !seen.add(directory)) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean sameFile(Path first, Path second)
    {
        try {
            return Files.isSameFile(first, second);
        }
        catch (IOException e) {
            return false;
        }
    }
}
