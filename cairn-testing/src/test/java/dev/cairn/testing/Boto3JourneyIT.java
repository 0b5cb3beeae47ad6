package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The user journey through boto3: {@code boto3_journey.py} (a test resource) runs it with {@code python3} against a
 * {@link TestingCairnServer} and prints what it saw as JSON; this test asserts on that. Skipped when
 * {@code import boto3} fails, unless {@code CAIRN_REQUIRE_AWS_CLI=1} (as in CI), which makes that a failure.
 */
class Boto3JourneyIT
{
    private static final String REQUIRE_ENVIRONMENT_VARIABLE = "CAIRN_REQUIRE_AWS_CLI";
    private static final String SCRIPT = "/boto3_journey.py";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST_USERS_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}""";

    private static Path python;

    @TempDir
    Path workDirectory;

    record Result(List<String> command, int exitCode, String stdout, String stderr)
    {
        @Override
        public String toString()
        {
            return String.join(" ", command) + "\nexit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    @BeforeAll
    static void findBoto3()
            throws IOException, InterruptedException
    {
        // python3 on PATH (pip's boto3 here), else Debian's python3 with python3-boto3
        List<Path> candidates = new java.util.ArrayList<>();
        onPath("python3").ifPresent(candidates::add);
        Path debian = Path.of("/usr/bin/python3");
        if (Files.isExecutable(debian) && !candidates.contains(debian)) {
            candidates.add(debian);
        }
        String why = "no python3 on PATH";
        for (Path candidate : candidates) {
            Path scratch = Files.createTempDirectory("cairn-boto3-probe-");
            try {
                Result probe = run(List.of(candidate.toString(), "-c", "import boto3; print(boto3.__version__)"), environment(scratch, Map.of()), scratch);
                if (probe.exitCode() == 0) {
                    python = candidate;
                    return;
                }
                why = "'import boto3' failed with " + candidate + " (" + lastLine(probe.stderr()) + ")";
            }
            finally {
                TestingCairnServer.deleteRecursively(scratch);
            }
        }
        if ("1".equals(System.getenv(REQUIRE_ENVIRONMENT_VARIABLE))) {
            fail("boto3 is required (" + REQUIRE_ENVIRONMENT_VARIABLE + "=1) but " + why + ". Install it, e.g. apt-get install python3-boto3.");
        }
        Assumptions.abort("Skipping the boto3 journey: " + why + ". Set " + REQUIRE_ENVIRONMENT_VARIABLE + "=1 to make this a failure.");
    }

    @Test
    void userJourney()
            throws Exception
    {
        try (TestingCairnServer server = TestingCairnServer.start();
                CloudTrailClient cloudTrail = server.cloudTrail()) {
            String accountId = server.accountId();
            Path bucket = server.createBucketDirectory("boto3-logs");
            JsonNode results = runJourney(server);

            assertThat(results.path("rootIdentity").path("Account").asText()).isEqualTo(accountId);
            assertThat(results.path("rootIdentity").path("Arn").asText()).isEqualTo("arn:aws:iam::" + accountId + ":root");
            // boto3's presigned URL works with a plain GET until it expires
            assertThat(results.path("presigned").path("status").asInt()).as(results.path("presigned").toString()).isEqualTo(200);
            assertThat(results.path("presigned").path("body").asText()).contains("<Arn>arn:aws:iam::" + accountId + ":root</Arn>");
            assertThat(results.path("presignedExpired").path("status").asInt()).isEqualTo(403);
            assertThat(results.path("presignedExpired").path("body").asText()).contains("<Code>AccessDenied</Code>").contains("Request has expired");

            assertThat(results.path("user").path("UserName").asText()).isEqualTo("alice");
            assertThat(results.path("user").path("Arn").asText()).isEqualTo("arn:aws:iam::" + accountId + ":user/alice");
            assertThat(results.path("user").path("CreateDateType").asText()).as("boto3 parses CreateDate").isEqualTo("datetime");

            JsonNode key = results.path("accessKey");
            assertThat(key.path("UserName").asText()).isEqualTo("alice");
            assertThat(key.path("Status").asText()).isEqualTo("Active");
            assertThat(key.path("AccessKeyId").asText()).startsWith("AKIA").hasSize(20);
            String aliceKeyId = key.path("AccessKeyId").asText();
            String aliceSecret = key.path("SecretAccessKey").asText();
            assertThat(aliceSecret).hasSize(40);

            assertThat(results.path("aliceIdentity").path("Arn").asText()).isEqualTo("arn:aws:iam::" + accountId + ":user/alice");
            assertThat(results.path("aliceIdentity").path("Account").asText()).isEqualTo(accountId);

            // botocore's ClientError codes for the denials
            assertThat(results.path("aliceListUsersDenied").path("Code").asText()).isEqualTo("AccessDenied");
            assertThat(results.path("aliceListUsersDenied").path("HTTPStatusCode").asInt()).isEqualTo(403);
            assertThat(results.path("aliceListUsersDenied").path("Message").asText()).contains("iam:ListUsers");
            assertThat(results.path("aliceDescribeTrailsDenied").path("Code").asText()).isEqualTo("AccessDeniedException");
            assertThat(results.path("aliceDescribeTrailsDenied").path("Message").asText()).contains("cloudtrail:DescribeTrails");

            // alice's events through boto3's paginator, with the denials recorded
            JsonNode aliceEvents = results.path("aliceEvents");
            List<String> names = new ArrayList<>();
            aliceEvents.forEach(event -> names.add(event.path("EventName").asText()));
            assertThat(names).containsExactlyInAnyOrder("GetCallerIdentity", "ListUsers", "DescribeTrails");
            for (JsonNode event : aliceEvents) {
                assertThat(event.path("Username").asText()).isEqualTo("alice");
                assertThat(event.path("AccessKeyId").asText()).isEqualTo(aliceKeyId);
                assertThat(event.path("EventTimeType").asText()).as("boto3 parses EventTime").isEqualTo("datetime");
                JsonNode record = event.path("CloudTrailEvent");
                assertThat(record.path("eventID").asText()).isEqualTo(event.path("EventId").asText());
                assertThat(record.path("userIdentity").path("userName").asText()).isEqualTo("alice");
                assertThat(record.path("userAgent").asText()).contains("Boto3/");
                if (event.path("EventName").asText().equals("GetCallerIdentity")) {
                    assertThat(record.has("errorCode")).isFalse();
                }
                else {
                    assertThat(record.path("errorCode").asText()).as("errorCode of %s", event.path("EventName")).isEqualTo("AccessDenied");
                }
            }
            assertThat(aliceEvents.toString()).doesNotContain(aliceSecret);

            // boto3 URL-decodes and parses the policy document into a dict
            assertThat(results.path("userPolicy").path("PolicyDocumentType").asText()).isEqualTo("dict");
            assertThat(results.path("userPolicy").path("PolicyDocument")).isEqualTo(JSON.readTree(LIST_USERS_POLICY));
            assertThat(results.path("aliceListUsers")).extracting(node -> node.asText()).containsExactly("alice");

            // 65 events of bob, in pages of at most 10 through the paginator: all of them, once each
            List<List<String>> pages = new ArrayList<>();
            results.path("bobPages").forEach(page -> {
                List<String> ids = new ArrayList<>();
                page.forEach(id -> ids.add(id.asText()));
                pages.add(ids);
            });
            int bobCalls = results.path("bobCalls").asInt();
            assertThat(bobCalls).isGreaterThan(60);
            assertThat(pages).hasSize((bobCalls + 9) / 10).allSatisfy(page -> assertThat(page).hasSizeBetween(1, 10));
            List<String> bobEventIds = pages.stream().flatMap(List::stream).toList();
            assertThat(bobEventIds).hasSize(bobCalls).doesNotHaveDuplicates();
            List<Event> bobEvents = cloudTrail.lookupEventsPaginator(request -> request.lookupAttributes(LookupAttribute.builder()
                            .attributeKey(LookupAttributeKey.USERNAME).attributeValue("bob").build()))
                    .events().stream().toList();
            assertThat(bobEventIds).containsExactlyInAnyOrderElementsOf(bobEvents.stream().map(Event::eventId).collect(Collectors.toSet()));

            assertThat(results.path("invalidMaxResults").path("Code").asText()).isEqualTo("InvalidMaxResultsException");
            assertThat(results.path("unknownKey").path("sts").path("Code").asText()).isEqualTo("InvalidClientTokenId");
            assertThat(results.path("unknownKey").path("iam").path("Code").asText()).isEqualTo("InvalidClientTokenId");
            assertThat(results.path("unknownKey").path("cloudtrail").path("Code").asText()).isEqualTo("UnrecognizedClientException");

            JsonNode trail = results.path("trail");
            assertThat(trail.path("TrailARN").asText()).isEqualTo("arn:aws:cloudtrail:us-east-1:" + server.accountId() + ":trail/boto3-trail");
            assertThat(trail.path("S3KeyPrefix").asText()).isEqualTo("b3");
            assertThat(trail.path("IsMultiRegionTrail").asBoolean()).isTrue();
            assertThat(trail.path("IncludeGlobalServiceEvents").asBoolean()).isTrue();
            assertThat(results.path("trailStatus").path("IsLogging").asBoolean()).isTrue();
            assertThat(results.path("trailStatus").path("StartLoggingTimeType").asText()).isEqualTo("datetime");
            assertThat(results.path("listTrails").toString()).isEqualTo("[\"boto3-trail\"]");
            assertThat(results.path("describeTrails").toString()).isEqualTo("[\"boto3-trail\"]");
            assertThat(results.path("trailNotFound").path("Code").asText()).isEqualTo("TrailNotFoundException");
            assertThat(results.path("noSelectors").path("Code").asText()).isEqualTo("InvalidEventSelectorsException");
            assertThat(results.path("tags").toString()).isEqualTo("[{\"Key\":\"team\",\"Value\":\"security\"}]");
            // delivered into the bucket directory, up to StopLogging
            Path logs = bucket.resolve("b3/AWSLogs/" + server.accountId() + "/CloudTrail/us-east-1");
            Poll.until("delivery to " + logs + " up to StopLogging", Duration.ofSeconds(20), Duration.ofMillis(200), () -> readLogFiles(logs),
                    delivered -> delivered.contains("boto3-trail-user") && delivered.contains("StopLogging"));
        }
    }

    private static String readLogFiles(Path directory)
            throws IOException
    {
        if (!Files.isDirectory(directory)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json.gz")).toList()) {
                try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return text.toString();
    }

    private JsonNode runJourney(TestingCairnServer server)
            throws IOException, InterruptedException
    {
        Path script = workDirectory.resolve("boto3_journey.py");
        try (InputStream resource = Boto3JourneyIT.class.getResourceAsStream(SCRIPT)) {
            assertThat(resource).as("test resource %s", SCRIPT).isNotNull();
            Files.copy(resource, script);
        }
        Map<String, String> journey = Map.of(
                "CAIRN_ENDPOINT", server.endpoint().toString(),
                "CAIRN_ROOT_ACCESS_KEY_ID", TestingCairnServer.ROOT_ACCESS_KEY_ID,
                "CAIRN_ROOT_SECRET_ACCESS_KEY", TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
        Result result = run(List.of(python.toString(), script.toString()), environment(workDirectory, journey), workDirectory);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        try {
            return JSON.readTree(result.stdout());
        }
        catch (IOException e) {
            throw new AssertionError("not JSON from " + result, e);
        }
    }

    /**
     * Only what Python needs to start ({@code PATH}, a pyenv shim's settings, an empty {@code HOME}), empty AWS
     * config and credentials files and no instance metadata, so that nothing of the machine's AWS setup leaks in.
     */
    private static Map<String, String> environment(Path directory, Map<String, String> extra)
            throws IOException
    {
        Path home = Files.createDirectories(directory.resolve("home"));
        Path config = directory.resolve("aws-config");
        Path credentials = directory.resolve("aws-credentials");
        if (!Files.exists(config)) {
            Files.createFile(config);
        }
        if (!Files.exists(credentials)) {
            Files.createFile(credentials);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : List.of("PATH", "PYENV_ROOT", "PYENV_VERSION")) {
            Optional.ofNullable(System.getenv(name)).ifPresent(value -> environment.put(name, value));
        }
        environment.put("HOME", home.toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        environment.put("AWS_CONFIG_FILE", config.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.putAll(extra);
        return environment;
    }

    private static Result run(List<String> command, Map<String, String> environment, Path directory)
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
            if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("timed out after " + SCRIPT_TIMEOUT + ": " + String.join(" ", command) + "\nstderr so far: " + Files.readString(stderr));
            }
            return new Result(command, process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
        }
        finally {
            process.destroyForcibly();
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static String lastLine(String text)
    {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "no error output" : lines.get(lines.size() - 1);
    }

    private static Optional<Path> onPath(String program)
    {
        for (String directory : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
