package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.AwsCliJourneyIT.Credentials;
import dev.cairn.testing.AwsCliJourneyIT.Result;
import dev.cairn.target.logs.CloudWatchLogsTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A trail with a CloudWatch Logs log group, as CloudTrail users set one up: a role CloudTrail may assume that may
 * create streams and put events in the group. Its events reach the stream {@code <account>_CloudTrail_us-east-1}
 * within a second or two, one log event per record; the checks CloudTrail makes on the group and the role; the
 * delivery's status; and the done-means with the AWS CLI: {@code aws logs filter-log-events --filter-pattern
 * '{ $.eventName = "CreateUser" }'} finds a CreateUser made a moment before, and {@code aws logs tail --follow} shows
 * calls as they are made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class TrailLogGroupIT
{
    private static final String REGION = "us-east-1";
    private static final String GROUP = "CloudTrail/DefaultLogGroup";
    private static final Path DEBIAN_AWS_CLI = Path.of("/usr/bin/aws");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestingCairnServer server;
    private CloudTrailClient cloudTrail;
    private CloudWatchLogsClient logs;
    private IamClient iam;

    @TempDir
    Path directory;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        server.createBucketDirectory("trail-logs");
        cloudTrail = server.cloudTrail(TestingCairnServer.rootCredentials(), REGION);
        logs = LogsClients.logs(server, TestingCairnServer.rootCredentials(), REGION);
        iam = server.iam();
        logs.createLogGroup(request -> request.logGroupName(GROUP));
        role("CloudTrail_CloudWatchLogs_Role", "cloudtrail.amazonaws.com", groupArn() + ":log-stream:" + server.accountId() + "_CloudTrail_" + REGION + "*");
    }

    @AfterAll
    public void stop()
    {
        iam.close();
        logs.close();
        cloudTrail.close();
        server.close();
    }

    private String groupArn()
    {
        return "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:" + GROUP;
    }

    private String roleArn(String name)
    {
        return "arn:aws:iam::" + server.accountId() + ":role/" + name;
    }

    /** A role the service may assume that may create streams and put events on the resource (none when null). */
    private void role(String name, String service, String resource)
    {
        iam.createRole(request -> request.roleName(name).assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + service + "\"},\"Action\":\"sts:AssumeRole\"}]}"));
        if (resource != null) {
            iam.putRolePolicy(request -> request.roleName(name).policyName("deliver").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"" + resource + "\"}]}"));
        }
    }

    @Test
    public void createAndUpdateTrailCheckTheGroupAndTheRoleAsCloudTrailDoes()
    {
        role("NotForCloudTrail", "ec2.amazonaws.com", groupArn() + ":*");
        role("NoPermissions", "cloudtrail.amazonaws.com", null);
        role("OtherGroup", "cloudtrail.amazonaws.com", "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:other:*");
        String missingGroup = "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:missing:*";
        String otherAccountGroup = "arn:aws:logs:" + REGION + ":111122223333:log-group:" + GROUP + ":*";
        assertRefused(missingGroup, roleArn("CloudTrail_CloudWatchLogs_Role"), "InvalidCloudWatchLogsLogGroupArnException");
        assertRefused(otherAccountGroup, roleArn("CloudTrail_CloudWatchLogs_Role"), "InvalidCloudWatchLogsLogGroupArnException");
        assertRefused(groupArn() + ":*", roleArn("Missing"), "InvalidCloudWatchLogsRoleArnException");
        assertRefused(groupArn() + ":*", roleArn("NotForCloudTrail"), "InvalidCloudWatchLogsRoleArnException");
        assertRefused(groupArn() + ":*", roleArn("NoPermissions"), "InvalidCloudWatchLogsRoleArnException");
        assertRefused(groupArn() + ":*", roleArn("OtherGroup"), "InvalidCloudWatchLogsRoleArnException");
        assertThat(cloudTrail.describeTrails().trailList()).noneMatch(trail -> trail.name().equals("checked"));

        cloudTrail.createTrail(request -> request.name("checked").s3BucketName("trail-logs"));
        assertThatThrownBy(() -> cloudTrail.updateTrail(request -> request.name("checked").cloudWatchLogsLogGroupArn(groupArn() + ":*")
                .cloudWatchLogsRoleArn(roleArn("NoPermissions"))))
                .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidCloudWatchLogsRoleArnException"));
        cloudTrail.updateTrail(request -> request.name("checked").cloudWatchLogsLogGroupArn(groupArn() + ":*").cloudWatchLogsRoleArn(roleArn("CloudTrail_CloudWatchLogs_Role")));
        assertThat(cloudTrail.getTrail(request -> request.name("checked")).trail().cloudWatchLogsLogGroupArn()).isEqualTo(groupArn() + ":*");
        cloudTrail.deleteTrail(request -> request.name("checked"));
    }

    private void assertRefused(String group, String role, String code)
    {
        assertThatThrownBy(() -> cloudTrail.createTrail(request -> request.name("checked").s3BucketName("trail-logs").cloudWatchLogsLogGroupArn(group).cloudWatchLogsRoleArn(role)))
                .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode()).as(group + " " + role).isEqualTo(code));
    }

    @Test
    public void eventsReachTheLogGroupWithinSecondsAndTheAwsCliFindsThem()
            throws Exception
    {
        cloudTrail.createTrail(request -> request.name("to-logs").s3BucketName("trail-logs")
                .cloudWatchLogsLogGroupArn(groupArn() + ":*").cloudWatchLogsRoleArn(roleArn("CloudTrail_CloudWatchLogs_Role")));
        cloudTrail.startLogging(request -> request.name("to-logs"));
        Instant created = Instant.now();
        iam.createUser(request -> request.userName("logged-user"));

        String pattern = "{ ($.eventName = \"CreateUser\") && ($.requestParameters.userName = \"logged-user\") }";
        List<FilteredLogEvent> found = Poll.until("the CreateUser record in the log group", Duration.ofSeconds(10), Duration.ofMillis(50),
                () -> logs.filterLogEvents(request -> request.logGroupName(GROUP).filterPattern(pattern)).events(), events -> !events.isEmpty());
        Duration took = Duration.between(created, Instant.now());
        assertThat(took).as("from the call to its log event").isLessThan(Duration.ofSeconds(3));
        FilteredLogEvent event = found.get(0);
        assertThat(event.logStreamName()).isEqualTo(server.accountId() + "_CloudTrail_" + REGION);
        JsonNode record = JSON.readTree(event.message());
        assertThat(record.path("eventName").asText()).isEqualTo("CreateUser");
        assertThat(Instant.ofEpochMilli(event.timestamp())).isEqualTo(Instant.parse(record.path("eventTime").asText()));
        List<LogStream> streams = logs.describeLogStreams(request -> request.logGroupName(GROUP)).logStreams();
        assertThat(streams).extracting(LogStream::logStreamName).containsExactly(server.accountId() + "_CloudTrail_" + REGION);

        GetTrailStatusResponse status = cloudTrail.getTrailStatus(request -> request.name("to-logs"));
        assertThat(status.latestCloudWatchLogsDeliveryTime()).isNotNull();
        assertThat(status.latestCloudWatchLogsDeliveryError()).isNull();

        // the AWS CLI, as the done-means has it
        List<Path> clis = new ArrayList<>();
        AwsCliJourneyIT.onPath("aws").ifPresent(clis::add);
        if (Files.isExecutable(DEBIAN_AWS_CLI)) {
            clis.add(DEBIAN_AWS_CLI);
        }
        requireCli(!clis.isEmpty(), "no AWS CLI installed");
        for (Path cli : clis) {
            iam.createUser(request -> request.userName("cli-" + clis.indexOf(cli)));
            Thread.sleep(1_000);
            Result filtered = AwsCliJourneyIT.run(List.of(cli.toString(), "--endpoint-url", server.endpoint().toString(), "--output", "json",
                    "logs", "filter-log-events", "--log-group-name", GROUP, "--filter-pattern", "{ $.eventName = \"CreateUser\" }"),
                    AwsCliJourneyIT.environment(directory, Optional.of(Credentials.ROOT)), directory);
            assertThat(filtered.exitCode()).as(filtered.toString()).isZero();
            List<String> users = new ArrayList<>();
            for (JsonNode each : filtered.json().path("events")) {
                users.add(JSON.readTree(each.path("message").asText()).path("requestParameters").path("userName").asText());
            }
            assertThat(users).as(filtered.toString()).contains("logged-user", "cli-" + clis.indexOf(cli));
        }

        requireCli(Files.isExecutable(DEBIAN_AWS_CLI), "no AWS CLI v2 at " + DEBIAN_AWS_CLI + " for aws logs tail");
        tailFollowsNewCalls();

        cloudTrail.deleteTrail(request -> request.name("to-logs"));
    }

    /** {@code aws logs tail --follow} (AWS CLI v2) prints a call's record as it is made. */
    private void tailFollowsNewCalls()
            throws Exception
    {
        Path out = directory.resolve("tail.out");
        List<String> command = List.of(DEBIAN_AWS_CLI.toString(), "--endpoint-url", server.endpoint().toString(), "logs", "tail", GROUP, "--follow", "--format", "short",
                "--since", "1m", "--filter-pattern", "{ $.eventName = \"CreateUser\" }");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(directory.resolve("tail.err").toFile());
        builder.environment().clear();
        builder.environment().putAll(AwsCliJourneyIT.environment(directory, Optional.of(Credentials.ROOT)));
        // the CLI writes events without flushing: into a file, they would wait for a full buffer
        builder.environment().put("PYTHONUNBUFFERED", "1");
        Process tail = builder.start();
        try {
            Poll.until("aws logs tail to show the earlier CreateUser", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> Files.readString(out, StandardCharsets.UTF_8) + "\nstderr: " + Files.readString(directory.resolve("tail.err"), StandardCharsets.UTF_8),
                    text -> text.contains("logged-user"));
            iam.createUser(request -> request.userName("tailed-user"));
            Poll.until("aws logs tail --follow to show the new CreateUser", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> Files.readString(out, StandardCharsets.UTF_8), text -> text.contains("tailed-user"));
            assertThat(tail.isAlive()).isTrue();
        }
        finally {
            tail.destroy();
            if (!tail.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                tail.destroyForcibly();
            }
        }
    }

    @Test
    public void aDeletedLogGroupIsAnErrorInTheTrailStatus()
    {
        logs.createLogGroup(request -> request.logGroupName("short-lived"));
        String group = "arn:aws:logs:" + REGION + ":" + server.accountId() + ":log-group:short-lived:*";
        role("ShortLived", "cloudtrail.amazonaws.com", group);
        cloudTrail.createTrail(request -> request.name("to-gone").s3BucketName("trail-logs").cloudWatchLogsLogGroupArn(group).cloudWatchLogsRoleArn(roleArn("ShortLived")));
        cloudTrail.startLogging(request -> request.name("to-gone"));
        logs.deleteLogGroup(request -> request.logGroupName("short-lived"));
        iam.createUser(request -> request.userName("lost-user"));
        GetTrailStatusResponse status = Poll.until("the delivery error", Duration.ofSeconds(10), Duration.ofMillis(50),
                () -> cloudTrail.getTrailStatus(request -> request.name("to-gone")), answer -> answer.latestCloudWatchLogsDeliveryError() != null);
        assertThat(status.latestCloudWatchLogsDeliveryError()).contains("short-lived");
        cloudTrail.deleteTrail(request -> request.name("to-gone"));
    }

    /**
     * {@code --cloudwatch-logs-endpoint}: the trail's events go to an external CloudWatch Logs service (here a second
     * Cairn, through the AWS SDK's client signed with its key), in the group named by the trail's ARN, and nothing
     * goes to the first Cairn's own log groups; the group is looked for there on CreateTrail, and its loss is an error
     * in the trail's status.
     */
    @Test
    public void anExternalCloudWatchLogsServiceGetsTheTrailsEvents()
    {
        try (TestingCairnServer external = TestingCairnServer.start();
                CloudWatchLogsClient externalLogs = LogsClients.logs(external, TestingCairnServer.rootCredentials(), REGION);
                TestingCairnServer sending = TestingCairnServer.builder()
                        .cloudWatchLogs(new CloudWatchLogsTarget.Settings(external.endpoint(), Optional.of(TestingCairnServer.ROOT_ACCESS_KEY_ID),
                                Optional.of(TestingCairnServer.ROOT_SECRET_ACCESS_KEY)))
                        .start();
                CloudTrailClient sendingTrails = sending.cloudTrail(TestingCairnServer.rootCredentials(), REGION);
                IamClient sendingIam = sending.iam();
                CloudWatchLogsClient sendingLogs = LogsClients.logs(sending, TestingCairnServer.rootCredentials(), REGION)) {
            externalLogs.createLogGroup(request -> request.logGroupName("external-group"));
            sending.createBucketDirectory("sent-logs");
            String group = "arn:aws:logs:" + REGION + ":" + sending.accountId() + ":log-group:external-group:*";
            String missing = "arn:aws:logs:" + REGION + ":" + sending.accountId() + ":log-group:not-there:*";
            String role = "arn:aws:iam::" + sending.accountId() + ":role/ToExternal";
            sendingIam.createRole(request -> request.roleName("ToExternal").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
            sendingIam.putRolePolicy(request -> request.roleName("ToExternal").policyName("deliver").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"*\"}]}"));

            assertThatThrownBy(() -> sendingTrails.createTrail(request -> request.name("outward").s3BucketName("sent-logs").cloudWatchLogsLogGroupArn(missing).cloudWatchLogsRoleArn(role)))
                    .isInstanceOfSatisfying(CloudTrailException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidCloudWatchLogsLogGroupArnException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("not-there", external.endpoint().toString());
                    });
            sendingTrails.createTrail(request -> request.name("outward").s3BucketName("sent-logs").cloudWatchLogsLogGroupArn(group).cloudWatchLogsRoleArn(role));
            sendingTrails.startLogging(request -> request.name("outward"));
            sendingIam.createUser(request -> request.userName("sent-out"));

            String pattern = "{ ($.eventName = \"CreateUser\") && ($.requestParameters.userName = \"sent-out\") }";
            List<FilteredLogEvent> found = Poll.until("the CreateUser record in the external log group", Duration.ofSeconds(10), Duration.ofMillis(100),
                    () -> externalLogs.filterLogEvents(request -> request.logGroupName("external-group").filterPattern(pattern)).events(), events -> !events.isEmpty());
            assertThat(found).hasSize(1);
            assertThat(found.get(0).logStreamName()).isEqualTo(sending.accountId() + "_CloudTrail_" + REGION);
            assertThat(sendingLogs.describeLogGroups().logGroups()).isEmpty();
            assertThat(sendingTrails.getTrailStatus(request -> request.name("outward")).latestCloudWatchLogsDeliveryTime()).isNotNull();

            externalLogs.deleteLogGroup(request -> request.logGroupName("external-group"));
            sendingIam.createUser(request -> request.userName("not-sent"));
            GetTrailStatusResponse status = Poll.until("the delivery error", Duration.ofSeconds(10), Duration.ofMillis(100),
                    () -> sendingTrails.getTrailStatus(request -> request.name("outward")), answer -> answer.latestCloudWatchLogsDeliveryError() != null);
            assertThat(status.latestCloudWatchLogsDeliveryError()).contains("external-group", external.endpoint().toString());
        }
    }

    private static void requireCli(boolean present, String why)
    {
        if (!present) {
            if ("1".equals(System.getenv(AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE))) {
                throw new AssertionError("The AWS CLI is required (" + AwsCliJourneyIT.REQUIRE_ENVIRONMENT_VARIABLE + "=1) but " + why);
            }
            Assumptions.abort("Skipping the AWS CLI part: " + why);
        }
    }
}
