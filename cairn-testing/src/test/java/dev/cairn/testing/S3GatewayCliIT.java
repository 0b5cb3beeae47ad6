package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.server.s3.GatewayConfig;
import dev.cairn.target.s3.TestingS3Proxy;
import dev.cairn.testing.AwsCliJourneyIT.AwsCli;
import dev.cairn.testing.AwsCliJourneyIT.Credentials;
import dev.cairn.testing.AwsCliJourneyIT.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The S3 gateway with the real AWS CLI and boto3, run as subprocesses against a {@link TestingCairnServer} whose
 * gateway fronts an s3proxy upstream: a Cairn IAM user's key copies a 100 MB file up and down (multipart both ways),
 * lists, syncs a tree (keys with spaces and non-ASCII characters), presigns a URL that {@code curl} fetches, removes
 * and deletes the bucket; a user without S3 permissions is denied; and a trail with a data event selector on one
 * bucket delivers exactly that bucket's object calls, which {@code aws cloudtrail validate-logs} accepts.
 *
 * <p>The CLIs are found as {@link AwsCliJourneyIT} finds them (pip's {@code aws} on {@code PATH}, Debian's
 * {@code /usr/bin/aws} when different), each run in a clean environment pointed at the gateway with
 * {@code --endpoint-url http://127.0.0.1:<port>} (an IP address: path-style requests). Without any AWS CLI the test
 * is skipped, or fails when {@code CAIRN_REQUIRE_AWS_CLI=1} (as in CI); so is the boto3 part without boto3.
 */
class S3GatewayCliIT
{
    private static final Path DEBIAN_AWS_CLI = Path.of("/usr/bin/aws");
    private static final Pattern VERSION = Pattern.compile("aws-cli/(\\d+)\\.\\S+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM_ACCESS_KEY_ID = "gateway-upstream";
    private static final String UPSTREAM_SECRET_ACCESS_KEY = "gateway-upstream-secret";
    /** 100 MB: the CLIs upload it in 13 parts of 8 MB and download it in ranges. */
    private static final int LARGE_FILE_SIZE = 100 * 1024 * 1024;
    private static final int CLI_PART_SIZE = 8 * 1024 * 1024;
    private static final String BOTO3_SCRIPT = "/s3_gateway_boto3.py";
    /** A file name with a space and characters outside ASCII, in NFC. */
    private static final String UNICODE_NAME = "r\u00e9sum\u00e9 \u65e5\u672c.txt";
    private static final Duration DIGEST_INTERVAL = Duration.ofSeconds(10);
    /** Half the digest interval: a digest lists the log files of two rounds. */
    private static final Duration ROUND = DIGEST_INTERVAL.dividedBy(2);

    private static List<AwsCli> clis = List.of();

    @TempDir
    Path workDirectory;

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
                Result version = AwsCliJourneyIT.run(List.of(candidate.toString(), "--version"), AwsCliJourneyIT.environment(scratch, Optional.empty()), scratch);
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
            if ("1".equals(System.getenv(AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE))) {
                fail("The AWS CLI is required (" + AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE + "=1) but " + why + ". Install it, e.g. apt-get install awscli.");
            }
            Assumptions.abort("Skipping the S3 gateway with the AWS CLI: " + why + ". Set " + AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE + "=1 to make this a failure.");
        }
        clis = List.copyOf(found);
    }

    static Stream<AwsCli> awsClis()
    {
        return clis.stream();
    }

    /**
     * A user allowed {@code s3:*} on one bucket makes it, copies 100 MB up and down, lists, syncs a tree up and back
     * down, presigns a URL for {@code curl}, removes everything and deletes the bucket; a user without S3 permissions
     * is denied, with {@code AccessDenied}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("awsClis")
    void objectJourney(AwsCli cli)
            throws Exception
    {
        try (TestingS3Proxy upstream = upstream();
                TestingCairnServer server = TestingCairnServer.builder().gateway(gatewayConfig(upstream)).start();
                IamClient iam = server.iam()) {
            GatewayCli s3 = new GatewayCli(cli, server, workDirectory);
            Credentials writer = user(iam, "cli-writer", Optional.of(bucketPolicy("cli-journey")));
            Credentials stranger = user(iam, "cli-stranger", Optional.empty());

            assertThat(s3.succeed(writer, "s3", "mb", "s3://cli-journey").stdout()).contains("make_bucket: cli-journey");
            // ListBuckets: the caller's account's buckets
            assertThat(s3.succeed(writer, "s3", "ls").stdout()).contains(" cli-journey");

            // 100 MB up (multipart, 8 MB parts) and down (ranged GETs), byte for byte
            Path large = randomFile(workDirectory.resolve("large.bin"), LARGE_FILE_SIZE);
            Result upload = s3.succeed(writer, "s3", "cp", "--no-progress", large.toString(), "s3://cli-journey/big/large.bin");
            assertThat(upload.stdout()).as(upload.toString()).contains("upload: ").contains("s3://cli-journey/big/large.bin");
            JsonNode head = s3.json(writer, "s3api", "head-object", "--bucket", "cli-journey", "--key", "big/large.bin");
            assertThat(head.path("ContentLength").asLong()).isEqualTo(LARGE_FILE_SIZE);
            int parts = (LARGE_FILE_SIZE + CLI_PART_SIZE - 1) / CLI_PART_SIZE;
            assertThat(head.path("ETag").asText()).as("a multipart upload's ETag").endsWith("-" + parts + "\"");
            Path downloaded = workDirectory.resolve("large-downloaded.bin");
            s3.succeed(writer, "s3", "cp", "--no-progress", "s3://cli-journey/big/large.bin", downloaded.toString());
            assertThat(sha256(downloaded)).isEqualTo(sha256(large));
            Files.delete(downloaded);
            assertThat(s3.succeed(writer, "s3", "ls", "s3://cli-journey/big/").stdout()).containsPattern("\\s" + LARGE_FILE_SIZE + " large\\.bin");

            // a tree up with sync, listed, and back down into an empty directory
            Path tree = Files.createDirectories(workDirectory.resolve("tree"));
            Map<String, String> files = new TreeMap<>();
            files.put("top.txt", "top");
            files.put("notes/with space.txt", "a key with a space");
            files.put("notes/a+b=c&d.txt", "a key with characters URLs reserve");
            files.put("deep/er/still/empty.txt", "");
            if (canNameFiles(UNICODE_NAME)) {
                files.put("notes/" + UNICODE_NAME, "a key outside ASCII: \u00e9\u65e5");
            }
            else {
                System.err.println("The JVM's file name encoding (sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding")
                        + ") cannot name " + UNICODE_NAME + ": the sync runs without a non-ASCII key. Run with LANG=C.UTF-8 to include it.");
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = tree.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                // older than the upload by more than the second LastModified is rounded to (sync compares the times)
                Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            }
            Result syncUp = s3.succeed(writer, "s3", "sync", "--no-progress", tree.toString(), "s3://cli-journey/tree");
            assertThat(syncUp.stdout().lines().filter(line -> line.startsWith("upload: ")).count()).as(syncUp.toString()).isEqualTo(files.size());
            JsonNode listing = s3.json(writer, "s3api", "list-objects-v2", "--bucket", "cli-journey", "--prefix", "tree/");
            List<String> keys = new ArrayList<>();
            listing.path("Contents").forEach(object -> keys.add(object.path("Key").asText()));
            assertThat(keys).containsExactlyInAnyOrderElementsOf(files.keySet().stream().map(key -> "tree/" + key).toList());
            // nothing changed: a second sync uploads nothing
            assertThat(s3.succeed(writer, "s3", "sync", "--no-progress", tree.toString(), "s3://cli-journey/tree").stdout()).isBlank();
            Path back = workDirectory.resolve("tree-back");
            Result syncDown = s3.succeed(writer, "s3", "sync", "--no-progress", "s3://cli-journey/tree", back.toString());
            assertThat(syncDown.stdout().lines().filter(line -> line.startsWith("download: ")).count()).as(syncDown.toString()).isEqualTo(files.size());
            assertThat(contents(back)).isEqualTo(files);

            String presigned = files.containsKey("notes/" + UNICODE_NAME) ? "notes/" + UNICODE_NAME : "notes/with space.txt";
            presignedUrl(s3, writer, "s3://cli-journey/tree/" + presigned, files.get(presigned));

            // a user without S3 permissions: refused, with AccessDenied
            Result listDenied = s3.run(stranger, "s3", "ls", "s3://cli-journey/");
            assertThat(listDenied.exitCode()).as(listDenied.toString()).isIn(cli.serviceErrorExitCodes());
            assertThat(listDenied.stderr()).as(listDenied.toString()).contains("AccessDenied").contains("ListObjectsV2");
            Result getDenied = s3.run(stranger, "s3api", "get-object", "--bucket", "cli-journey", "--key", "tree/top.txt", workDirectory.resolve("denied.txt").toString());
            assertThat(getDenied.exitCode()).as(getDenied.toString()).isIn(cli.serviceErrorExitCodes());
            assertThat(getDenied.stderr()).as(getDenied.toString()).contains("(AccessDenied)").contains("GetObject");
            assertThat(workDirectory.resolve("denied.txt")).doesNotExist();
            Result putDenied = s3.run(stranger, "s3", "cp", "--no-progress", tree.resolve("top.txt").toString(), "s3://cli-journey/tree/intruder.txt");
            assertThat(putDenied.exitCode()).as("a failed transfer: %s", putDenied).isEqualTo(1);
            assertThat(putDenied.stderr()).as(putDenied.toString()).contains("upload failed").contains("(AccessDenied)");
            Result bucketsDenied = s3.run(stranger, "s3", "ls");
            assertThat(bucketsDenied.exitCode()).as(bucketsDenied.toString()).isIn(cli.serviceErrorExitCodes());
            assertThat(bucketsDenied.stderr()).as(bucketsDenied.toString()).contains("AccessDenied");

            // everything removed, then the bucket
            Result removed = s3.succeed(writer, "s3", "rm", "--recursive", "s3://cli-journey/");
            assertThat(removed.stdout().lines().filter(line -> line.startsWith("delete: ")).count()).as(removed.toString()).isEqualTo(files.size() + 1);
            assertThat(s3.json(writer, "s3api", "list-objects-v2", "--bucket", "cli-journey").path("KeyCount").asInt()).isZero();
            assertThat(s3.succeed(writer, "s3", "rb", "s3://cli-journey").stdout()).contains("remove_bucket: cli-journey");
            assertThat(s3.succeed(writer, "s3", "ls").stdout()).doesNotContain("cli-journey");
        }
    }

    /**
     * {@code aws s3 presign} makes a URL that {@code curl} fetches without credentials; the same URL for another key is
     * refused 403. The AWS CLI v1 presigns for us-east-1 with signature version 2 unless its config says
     * {@code s3v4}: the gateway refuses that URL as S3 does where only version 4 is taken, and the CLI presigns again
     * with {@code signature_version = s3v4}. Skipped, with a note, without {@code curl}.
     */
    private void presignedUrl(GatewayCli s3, Credentials credentials, String object, String expected)
            throws IOException, InterruptedException
    {
        Optional<Path> curl = onPath("curl");
        if (curl.isEmpty()) {
            System.err.println("No curl on PATH: the presigned URL of " + object + " is not fetched. Install curl to test it.");
            return;
        }
        Path fetched = workDirectory.resolve("presigned.txt");
        String url = s3.succeed(credentials, "s3", "presign", object, "--expires-in", "300").stdout().strip();
        if (url.contains("AWSAccessKeyId=")) {
            Result versionTwo = curl(curl.get(), url, fetched);
            assertThat(versionTwo.stdout()).as(versionTwo.toString()).isEqualTo("400");
            assertThat(Files.readString(fetched, StandardCharsets.UTF_8)).contains("<Code>InvalidRequest</Code>").contains("Please use AWS4-HMAC-SHA256.");
            Path config = Files.writeString(workDirectory.resolve("aws-config-s3v4"), "[default]\ns3 =\n    signature_version = s3v4\n", StandardCharsets.UTF_8);
            url = s3.succeed(credentials, Map.of("AWS_CONFIG_FILE", config.toString()), "s3", "presign", object, "--expires-in", "300").stdout().strip();
        }
        assertThat(url).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("X-Amz-Expires=300").contains("X-Amz-Signature=");
        Result get = curl(curl.get(), url, fetched);
        assertThat(get.stdout()).as(get.toString()).isEqualTo("200");
        assertThat(Files.readString(fetched, StandardCharsets.UTF_8)).isEqualTo(expected);

        String tampered = url.replaceFirst("notes/[^?]*", "notes/top.txt");
        assertThat(tampered).as("the key in %s", url).isNotEqualTo(url);
        Result refused = curl(curl.get(), tampered, fetched);
        assertThat(refused.stdout()).as(refused.toString()).isEqualTo("403");
        assertThat(Files.readString(fetched, StandardCharsets.UTF_8)).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    /** A GET with {@code curl}, its body into {@code output}; stdout is the HTTP status. */
    private Result curl(Path curl, String url, Path output)
            throws IOException, InterruptedException
    {
        return AwsCliJourneyIT.run(List.of(curl.toString(), "--silent", "--show-error", "--output", output.toString(), "--write-out", "%{http_code}", url),
                AwsCliJourneyIT.environment(workDirectory, Optional.empty()), workDirectory);
    }

    /**
     * boto3 with a Cairn user's key: {@code s3_gateway_boto3.py} (a test resource) puts, gets, lists, uploads 20 MB in
     * 5 MB parts with {@code upload_file}, downloads it, deletes, and prints what it saw as JSON.
     */
    @Test
    void boto3Journey()
            throws Exception
    {
        Path python = findBoto3();
        try (TestingS3Proxy upstream = upstream();
                TestingCairnServer server = TestingCairnServer.builder().gateway(gatewayConfig(upstream)).start();
                IamClient iam = server.iam()) {
            Credentials user = user(iam, "boto3-writer", Optional.of(bucketPolicy("boto3-journey")));
            Path script = workDirectory.resolve("s3_gateway_boto3.py");
            try (InputStream resource = S3GatewayCliIT.class.getResourceAsStream(BOTO3_SCRIPT)) {
                assertThat(resource).as("test resource %s", BOTO3_SCRIPT).isNotNull();
                Files.copy(resource, script);
            }
            Map<String, String> environment = AwsCliJourneyIT.environment(workDirectory, Optional.empty());
            environment.put("PYTHONDONTWRITEBYTECODE", "1");
            environment.put("CAIRN_S3_ENDPOINT", gatewayUrl(server));
            environment.put("CAIRN_ACCESS_KEY_ID", user.accessKeyId());
            environment.put("CAIRN_SECRET_ACCESS_KEY", user.secretAccessKey());
            environment.put("CAIRN_BUCKET", "boto3-journey");
            environment.put("CAIRN_OTHER_BUCKET", "boto3-elsewhere");
            environment.put("CAIRN_WORK_DIRECTORY", workDirectory.toString());
            Result result = AwsCliJourneyIT.run(List.of(python.toString(), script.toString()), environment, workDirectory);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            JsonNode results = result.json();

            assertThat(results.path("get").path("Body").asText()).isEqualTo("hello, gateway");
            assertThat(results.path("get").path("ContentType").asText()).isEqualTo("text/plain");
            assertThat(results.path("get").path("ContentLength").asInt()).isEqualTo(14);
            assertThat(results.path("get").path("ETag").asText()).isEqualTo(results.path("put").path("ETag").asText());

            JsonNode multipart = results.path("multipart");
            assertThat(multipart.path("ContentLength").asLong()).isEqualTo(20L * 1024 * 1024);
            assertThat(multipart.path("ETag").asText()).as("4 parts of 5 MB").endsWith("-4\"");
            assertThat(multipart.path("downloadedSha256").asText()).isEqualTo(multipart.path("uploadedSha256").asText());

            List<String> listed = new ArrayList<>();
            results.path("listed").forEach(object -> listed.add(object.path("Key").asText() + " " + object.path("Size").asLong()));
            assertThat(listed).containsExactly("large/twenty.bin " + 20L * 1024 * 1024, "notes/hello w\u00f6rld+1.txt 14");
            assertThat(results.path("listedAfterDelete").asInt()).isZero();
            assertThat(results.path("deletedGet").path("Code").asText()).isEqualTo("NoSuchKey");
            assertThat(results.path("otherBucketDenied").path("Code").asText()).isEqualTo("AccessDenied");
            assertThat(results.path("otherBucketDenied").path("HTTPStatusCode").asInt()).isEqualTo(403);
        }
    }

    /**
     * The done-means: a trail with a basic data event selector on one bucket, its log files validated,
     * delivers exactly that bucket's object calls (made by each CLI in both buckets) as AWS-shaped data event records,
     * besides the management events; data events are not in event history; and each CLI's
     * {@code aws cloudtrail validate-logs} accepts the files. Delivery is stepped, as in {@link ValidateLogsIT}: the
     * server's clock stands still and a round moves it on by 5 s and runs delivery to the end.
     */
    @Test
    void aTrailDeliversOneBucketsObjectCallsAndValidateLogsAcceptsThem()
            throws Exception
    {
        TestingClock clock = new TestingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TestingS3Proxy upstream = upstream();
                TestingS3Server logs = new TestingS3Server(TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
                TestingCairnServer server = TestingCairnServer.builder().s3(logs.settings()).digestInterval(DIGEST_INTERVAL).clock(clock).manualDelivery()
                        .gateway(gatewayConfig(upstream)).start();
                CloudTrailClient cloudTrail = server.cloudTrail();
                IamClient iam = server.iam()) {
            String accountId = server.accountId();
            Instant start = clock.instant().minusSeconds(60);
            logs.createBucket("data-logs");
            String arn = cloudTrail.createTrail(request -> request.name("watched-objects").s3BucketName("data-logs").enableLogFileValidation(true)).trailARN();
            cloudTrail.putEventSelectors(request -> request.trailName("watched-objects").eventSelectors(EventSelector.builder()
                    .readWriteType("All")
                    .includeManagementEvents(true)
                    .dataResources(DataResource.builder().type("AWS::S3::Object").values("arn:aws:s3:::watched/").build())
                    .build()));
            cloudTrail.startLogging(request -> request.name("watched-objects"));
            clock.advance(Duration.ofSeconds(1));

            Credentials writer = user(iam, "data-writer", Optional.of("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"""));
            Path local = Files.writeString(workDirectory.resolve("object.txt"), "an object", StandardCharsets.UTF_8);
            GatewayCli first = new GatewayCli(clis.get(0), server, workDirectory);
            first.succeed(writer, "s3", "mb", "s3://watched");
            first.succeed(writer, "s3", "mb", "s3://ignored");
            // each CLI writes, reads and deletes an object in both buckets
            Map<String, AwsCli> writtenBy = new LinkedHashMap<>();
            for (AwsCli cli : clis) {
                GatewayCli s3 = new GatewayCli(cli, server, workDirectory);
                String key = "from-cli-v" + cli.majorVersion() + "-" + writtenBy.size() + ".txt";
                writtenBy.put(key, cli);
                for (String bucket : List.of("watched", "ignored")) {
                    s3.succeed(writer, "s3", "cp", "--no-progress", local.toString(), "s3://" + bucket + "/" + key);
                    s3.succeed(writer, "s3", "cp", "--no-progress", "s3://" + bucket + "/" + key, workDirectory.resolve("read-back.txt").toString());
                    s3.succeed(writer, "s3", "rm", "s3://" + bucket + "/" + key);
                }
            }
            clock.advance(ROUND);
            server.deliver();

            // rounds with a management call each until there are 3 digests and 2 log files; then a final digest
            String digestPrefix = "AWSLogs/" + accountId + "/CloudTrail-Digest/us-east-1/";
            String logPrefix = "AWSLogs/" + accountId + "/CloudTrail/us-east-1/";
            int calls = 0;
            while (logs.keys("data-logs", digestPrefix).size() < 3 || logs.keys("data-logs", logPrefix).size() < 2) {
                assertThat(calls).as("3 digests by now").isLessThan(20);
                String user = "data-round-" + calls++;
                iam.createUser(request -> request.userName(user));
                clock.advance(ROUND);
                server.deliver();
            }
            cloudTrail.stopLogging(request -> request.name("watched-objects"));
            clock.advance(ROUND);
            server.deliver();

            List<JsonNode> records = new ArrayList<>();
            for (String file : logs.keys("data-logs", logPrefix)) {
                JSON.readTree(logs.gunzip("data-logs", file)).path("Records").forEach(records::add);
            }
            List<JsonNode> data = records.stream().filter(record -> record.path("eventCategory").asText().equals("Data")).toList();
            List<JsonNode> management = records.stream().filter(record -> record.path("managementEvent").asBoolean(false)).toList();
            assertThat(data.size() + management.size()).as("every record is a data or a management event").isEqualTo(records.size());

            // exactly the watched bucket's object calls: a put, a head and a get (the copy down), a delete per CLI
            assertThat(data).allSatisfy(record -> assertThat(record.path("requestParameters").path("bucketName").asText()).as(record.toString()).isEqualTo("watched"));
            for (Map.Entry<String, AwsCli> written : writtenBy.entrySet()) {
                List<String> objectCalls = data.stream()
                        .filter(record -> record.path("requestParameters").path("key").asText().equals(written.getKey()))
                        .map(record -> record.path("eventName").asText())
                        .toList();
                assertThat(objectCalls).as("%s's object calls", written.getValue()).containsExactlyInAnyOrder("PutObject", "HeadObject", "GetObject", "DeleteObject");
            }
            // the other bucket shows only in its CreateBucket record
            assertThat(records).filteredOn(record -> record.path("requestParameters").path("bucketName").asText().equals("ignored"))
                    .extracting(record -> record.path("eventName").asText())
                    .containsExactly("CreateBucket");
            // bucket calls are management events, delivered for both buckets
            assertThat(management).filteredOn(record -> record.path("eventName").asText().equals("CreateBucket"))
                    .extracting(record -> record.path("requestParameters").path("bucketName").asText())
                    .containsExactlyInAnyOrder("watched", "ignored");

            // AWS-shaped
            String firstKey = writtenBy.keySet().iterator().next();
            JsonNode put = data.stream()
                    .filter(record -> record.path("eventName").asText().equals("PutObject") && record.path("requestParameters").path("key").asText().equals(firstKey))
                    .findFirst().orElseThrow();
            assertThat(put.path("eventVersion").asText()).isNotEmpty();
            assertThat(put.path("eventSource").asText()).isEqualTo("s3.amazonaws.com");
            assertThat(put.path("eventType").asText()).isEqualTo("AwsApiCall");
            assertThat(put.path("managementEvent").isBoolean()).isTrue();
            assertThat(put.path("managementEvent").asBoolean(true)).isFalse();
            assertThat(put.path("readOnly").asBoolean(true)).isFalse();
            assertThat(put.path("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(put.path("recipientAccountId").asText()).isEqualTo(accountId);
            assertThat(put.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
            assertThat(put.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::" + accountId + ":user/data-writer");
            assertThat(put.path("userIdentity").path("accessKeyId").asText()).isEqualTo(writer.accessKeyId());
            assertThat(put.path("userAgent").asText()).contains("aws-cli/" + clis.get(0).majorVersion());
            assertThat(put.path("requestParameters").path("Host").asText()).isNotEmpty();
            assertThat(put.path("additionalEventData").path("bytesTransferredIn").asLong()).isEqualTo(Files.size(local));
            assertThat(put.path("resources")).hasSize(2);
            assertThat(put.path("resources").get(0).path("type").asText()).isEqualTo("AWS::S3::Object");
            assertThat(put.path("resources").get(0).path("ARN").asText()).isEqualTo("arn:aws:s3:::watched/" + firstKey);
            assertThat(put.path("resources").get(1).path("type").asText()).isEqualTo("AWS::S3::Bucket");
            assertThat(put.path("resources").get(1).path("ARN").asText()).isEqualTo("arn:aws:s3:::watched");
            assertThat(put.path("resources").get(1).path("accountId").asText()).isEqualTo(accountId);
            JsonNode get = data.stream()
                    .filter(record -> record.path("eventName").asText().equals("GetObject") && record.path("requestParameters").path("key").asText().equals(firstKey))
                    .findFirst().orElseThrow();
            assertThat(get.path("readOnly").asBoolean(false)).isTrue();
            assertThat(get.path("additionalEventData").path("bytesTransferredOut").asLong()).isEqualTo(Files.size(local));

            // data events are not in event history; bucket calls are
            assertThat(cloudTrail.lookupEvents(request -> request.lookupAttributes(eventName("PutObject"))).events()).isEmpty();
            Poll.until("CreateBucket in event history", Duration.ofSeconds(10),
                    () -> cloudTrail.lookupEvents(request -> request.lookupAttributes(eventName("CreateBucket"))).events(), events -> events.size() == 2);

            // each CLI's validate-logs, its S3 client pointed at the logs' S3 server (AwsCliJourneyIT's validation)
            Map<String, String> environment = AwsCliJourneyIT.environment(workDirectory, Optional.of(new Credentials(TestingCairnServer.ROOT_ACCESS_KEY_ID,
                    TestingCairnServer.ROOT_SECRET_ACCESS_KEY)));
            environment.put("AWS_ENDPOINT_URL_S3", logs.endpoint().toString());
            environment.put("CT_TEST_S3_ENDPOINT", logs.endpoint().toString());
            Path hook = Files.createDirectories(workDirectory.resolve("s3-endpoint-hook"));
            Files.writeString(hook.resolve("sitecustomize.py"), AwsCliJourneyIT.S3_ENDPOINT_HOOK);
            environment.put("PYTHONPATH", hook.toString());
            int logFiles = logs.keys("data-logs", logPrefix).size();
            for (AwsCli cli : clis) {
                Result valid = AwsCliJourneyIT.run(List.of(cli.executable().toString(), "--endpoint-url", server.endpoint().toString(), "cloudtrail", "validate-logs",
                        "--trail-arn", arn, "--start-time", start.toString(), "--end-time", clock.instant().toString(), "--verbose"), environment, workDirectory);
                assertThat(valid.exitCode()).as("%s: %s", cli, valid).isZero();
                assertThat(valid.stderr()).as("%s: %s", cli, valid).doesNotContain("INVALID");
                assertThat(valid.stdout()).as("%s: %s", cli, valid)
                        .contains("Digest file\ts3://data-logs/" + digestPrefix)
                        .contains(logFiles + "/" + logFiles + " log files valid")
                        .containsPattern("(\\d+)/\\1 digest files valid");
            }
        }
    }

    /** Runs the CLI against the gateway with {@code --output json} and a clean environment. */
    private static final class GatewayCli
    {
        private final AwsCli cli;
        private final String endpoint;
        private final Path directory;

        GatewayCli(AwsCli cli, TestingCairnServer server, Path directory)
        {
            this.cli = cli;
            this.endpoint = gatewayUrl(server);
            this.directory = directory;
        }

        Result run(Credentials credentials, String... arguments)
                throws IOException, InterruptedException
        {
            return run(credentials, Map.of(), arguments);
        }

        /** @param settings environment variables over the clean environment's, e.g. another {@code AWS_CONFIG_FILE} */
        Result run(Credentials credentials, Map<String, String> settings, String... arguments)
                throws IOException, InterruptedException
        {
            List<String> command = new ArrayList<>(List.of(cli.executable().toString(), "--endpoint-url", endpoint, "--output", "json"));
            command.addAll(List.of(arguments));
            Map<String, String> environment = AwsCliJourneyIT.environment(directory, Optional.of(credentials));
            environment.putAll(settings);
            return AwsCliJourneyIT.run(command, environment, directory);
        }

        Result succeed(Credentials credentials, String... arguments)
                throws IOException, InterruptedException
        {
            return succeed(credentials, Map.of(), arguments);
        }

        Result succeed(Credentials credentials, Map<String, String> settings, String... arguments)
                throws IOException, InterruptedException
        {
            Result result = run(credentials, settings, arguments);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            return result;
        }

        JsonNode json(Credentials credentials, String... arguments)
                throws IOException, InterruptedException
        {
            return succeed(credentials, arguments).json();
        }
    }

    private TestingS3Proxy upstream()
            throws IOException
    {
        return new TestingS3Proxy(Files.createDirectories(workDirectory.resolve("upstream")), UPSTREAM_ACCESS_KEY_ID, UPSTREAM_SECRET_ACCESS_KEY);
    }

    private static GatewayConfig gatewayConfig(TestingS3Proxy upstream)
    {
        return new GatewayConfig(upstream.endpoint(), 0, Optional.empty(), UPSTREAM_ACCESS_KEY_ID, UPSTREAM_SECRET_ACCESS_KEY, GatewayConfig.DEFAULT_UPSTREAM_REGION);
    }

    private static String gatewayUrl(TestingCairnServer server)
    {
        return server.server().gateway().orElseThrow().url();
    }

    /** Everything in one bucket and its objects, and the account's bucket list. */
    private static String bucketPolicy(String bucket)
    {
        return """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::%1$s", "arn:aws:s3:::%1$s/*"]},
                  {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
                """.formatted(bucket);
    }

    /** A user of Cairn's IAM with an access key, and an inline policy when given. */
    private static Credentials user(IamClient iam, String name, Optional<String> policy)
    {
        iam.createUser(request -> request.userName(name));
        policy.ifPresent(document -> iam.putUserPolicy(request -> request.userName(name).policyName("s3").policyDocument(document)));
        AccessKey key = iam.createAccessKey(request -> request.userName(name)).accessKey();
        return new Credentials(key.accessKeyId(), key.secretAccessKey());
    }

    private static LookupAttribute eventName(String name)
    {
        return LookupAttribute.builder().attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue(name).build();
    }

    /** python3 that imports boto3 (pip's on PATH, else Debian's); the test is skipped without it, as Boto3JourneyIT is. */
    private Path findBoto3()
            throws IOException, InterruptedException
    {
        List<Path> candidates = new ArrayList<>();
        onPath("python3").ifPresent(candidates::add);
        Path debian = Path.of("/usr/bin/python3");
        if (Files.isExecutable(debian) && !candidates.contains(debian)) {
            candidates.add(debian);
        }
        String why = "no python3 on PATH";
        for (Path candidate : candidates) {
            Result probe = AwsCliJourneyIT.run(List.of(candidate.toString(), "-c", "import boto3; print(boto3.__version__)"), AwsCliJourneyIT.environment(workDirectory, Optional.empty()), workDirectory);
            if (probe.exitCode() == 0) {
                return candidate;
            }
            why = candidate + " cannot import boto3: " + probe.stderr().strip();
        }
        if ("1".equals(System.getenv(AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE))) {
            fail("boto3 is required (" + AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE + "=1) but " + why + ". Install it, e.g. apt-get install python3-boto3.");
        }
        return Assumptions.abort("Skipping the S3 gateway with boto3: " + why + ". Set " + AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE + "=1 to make this a failure.");
    }

    /** A file of random (seeded) bytes, written a megabyte at a time. */
    private static Path randomFile(Path path, int size)
            throws IOException
    {
        Random random = new Random(size);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, Math.min(block.length, size - written));
            }
        }
        return path;
    }

    private static String sha256(Path file)
            throws IOException
    {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1024 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files under a directory: relative path ({@code /}-separated) to content. */
    private static Map<String, String> contents(Path directory)
            throws IOException
    {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(directory.relativize(file).toString().replace(File.separatorChar, '/'), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return contents;
    }

    /** Whether the JVM can name a file so (its file name encoding, from the locale, holds the characters). */
    private static boolean canNameFiles(String name)
    {
        String encoding = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
        return Charset.isSupported(encoding) && Charset.forName(encoding).newEncoder().canEncode(name);
    }

    private static Optional<Path> onPath(String program)
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
