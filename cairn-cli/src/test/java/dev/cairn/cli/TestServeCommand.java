package dev.cairn.cli;

import dev.cairn.core.delivery.DeliveryConfig;
import dev.cairn.core.history.HistoryConfig;
import dev.cairn.core.journal.JournalConfig;
import dev.cairn.core.trail.TrailConfig;
import dev.cairn.server.HttpConfig;
import dev.cairn.server.ServerConfig;
import dev.cairn.target.logs.CloudWatchLogsTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn serve} reads its settings from options, the environment and a YAML file, with each component's
 * defaults, and refuses a bad one with one line on stderr and exit code 2, before anything starts. In-process: a test
 * starter stands in for the server.
 */
public class TestServeCommand
{
    @TempDir
    Path temp;

    /** What a run printed, and the configuration it would have started with. */
    private record Run(int exitCode, String out, String err, AtomicReference<ServerConfig> started)
    {
    }

    private Run serve(List<String> args, Map<String, String> environment)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<ServerConfig> started = new AtomicReference<>();
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(args);
        int exitCode = Main.run(all.toArray(String[]::new), environment, new PrintWriter(out, true), new PrintWriter(err, true), config -> {
            started.set(config);
            throw new IOException("not started: a test");
        });
        return new Run(exitCode, out.toString(), err.toString(), started);
    }

    @Test
    public void defaultsAreTheComponentsDefaults()
    {
        Run run = serve(List.of(), Map.of());
        ServerConfig config = run.started().get();
        assertThat(config).as(run.err()).isNotNull();
        assertThat(config.http()).isEqualTo(HttpConfig.defaults());
        assertThat(config.dataDirectory()).isEqualTo(ServerConfig.DEFAULT_DATA_DIRECTORY);
        assertThat(config.core().regions()).containsExactly("us-east-1");
        assertThat(config.core().history()).isEqualTo(HistoryConfig.defaults());
        assertThat(config.core().journal()).isEqualTo(JournalConfig.defaults());
        assertThat(config.core().trails()).isEqualTo(TrailConfig.defaults());
        assertThat(config.core().delivery()).isEqualTo(DeliveryConfig.defaults());
        assertThat(config.s3()).isEmpty();
        assertThat(config.cloudWatchLogs()).isEmpty();
        assertThat(config.postgres()).isEmpty();
        assertThat(config.node().nodeId()).isEqualTo("embedded");
        // the failed start is reported on one line, exit code 1
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line).contains("not started: a test"));
    }

    @Test
    public void everyOption()
            throws IOException
    {
        Path certificate = Files.writeString(temp.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path key = Files.writeString(temp.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
        ServerConfig config = serve(List.of("--port", "0", "--bind", "0.0.0.0", "--data-dir", temp.resolve("data").toString(), "--regions", "eu-west-1,us-west-2",
                "--history-retention", "12h", "--history-data-events", "--delivery-interval", "30s", "--digest-interval", "10m", "--signing-key-rotation", "7d", "--trails-per-region", "7",
                "--max-queued-calls", "50", "--skip-bucket-policy-check", "--tls-cert", certificate.toString(), "--tls-key", key.toString(),
                "--trusted-proxies", "10.0.0.0/8, 192.168.1.1"), Map.of()).started().get();
        assertThat(config.http().port()).isZero();
        assertThat(config.http().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.http().tls()).contains(new HttpConfig.Tls(certificate, key));
        assertThat(config.http().trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.1");
        assertThat(config.core().regions()).containsExactly("eu-west-1", "us-west-2");
        assertThat(config.core().history().retention()).isEqualTo(Duration.ofHours(12));
        assertThat(config.core().history().includeDataEvents()).isTrue();
        assertThat(config.core().delivery()).isEqualTo(new DeliveryConfig(Duration.ofSeconds(30), DeliveryConfig.DEFAULT_MAXIMUM_LOG_FILE_BYTES, Duration.ofMinutes(10),
                Duration.ofDays(7), false));
        assertThat(config.core().trails()).isEqualTo(new TrailConfig(7, false));
        assertThat(config.core().journal().maximumQueuedCalls()).isEqualTo(50);
    }

    @Test
    public void externalCloudWatchLogs()
    {
        ServerConfig config = serve(List.of("--cloudwatch-logs-endpoint", "https://logs.eu-west-1.amazonaws.com", "--cloudwatch-logs-access-key-id", "AKIAEXAMPLE"),
                Map.of("CAIRN_CLOUDWATCH_LOGS_SECRET_ACCESS_KEY", "secret")).started().get();
        assertThat(config.cloudWatchLogs()).contains(new CloudWatchLogsTarget.Settings(URI.create("https://logs.eu-west-1.amazonaws.com"), Optional.of("AKIAEXAMPLE"),
                Optional.of("secret")));
        assertThat(config.toString()).doesNotContain("secret");
        assertThat(serve(List.of("--public-url", "https://cairn.example.com"), Map.of()).started().get().http().publicUrl()).contains(URI.create("https://cairn.example.com"));
        assertThat(serve(List.of("--cloudwatch-logs-endpoint", "http://127.0.0.1:4748"), Map.of()).started().get().cloudWatchLogs().get().accessKeyId()).isEmpty();
    }

    @Test
    public void environmentAndConfigFile()
            throws IOException
    {
        Path yaml = Files.writeString(temp.resolve("cairn.yaml"), "history-retention: 3d\nhistory-data-events: true\nregions: [us-east-2, eu-central-1]\nport: 9000\n",
                StandardCharsets.UTF_8);
        ServerConfig config = serve(List.of("--config", yaml.toString(), "--port", "9100"), Map.of("CAIRN_HISTORY_RETENTION", "2d")).started().get();
        assertThat(config.core().history().retention()).as("the environment beats the file").isEqualTo(Duration.ofDays(2));
        assertThat(config.core().history().includeDataEvents()).isTrue();
        assertThat(serve(List.of(), Map.of("CAIRN_HISTORY_DATA_EVENTS", "true")).started().get().core().history().includeDataEvents()).isTrue();
        assertThat(config.core().regions()).containsExactly("us-east-2", "eu-central-1");
        assertThat(config.http().port()).as("the command line beats both").isEqualTo(9100);

        Path flag = temp.resolve("from-flag");
        Path environment = temp.resolve("from-environment");
        Path file = Files.writeString(temp.resolve("data.yaml"), "data-dir: " + temp.resolve("from-yaml") + "\nregions: eu-west-1\n", StandardCharsets.UTF_8);
        assertThat(serve(List.of("--config", file.toString(), "--data-dir", flag.toString()), Map.of("CAIRN_DATA_DIR", environment.toString())).started().get().dataDirectory())
                .isEqualTo(flag);
        assertThat(serve(List.of("--config", file.toString()), Map.of("CAIRN_DATA_DIR", environment.toString())).started().get().dataDirectory()).isEqualTo(environment);
        ServerConfig fromFile = serve(List.of("--config", file.toString()), Map.of()).started().get();
        assertThat(fromFile.dataDirectory()).isEqualTo(temp.resolve("from-yaml"));
        assertThat(fromFile.core().regions()).containsExactly("eu-west-1");
    }

    static Stream<Arguments> badStarts()
    {
        return Stream.of(
                Arguments.of("unknown option", List.of("--nope"), Map.of(), "", "--nope"),
                Arguments.of("port not a number", List.of("--port", "abc"), Map.of(), "", "abc"),
                Arguments.of("port out of range", List.of("--port", "70000"), Map.of(), "", "70000"),
                Arguments.of("bad duration", List.of("--history-retention", "5x"), Map.of(), "", "5x"),
                Arguments.of("bad region", List.of("--regions", "NOT_A_REGION"), Map.of(), "", "NOT_A_REGION"),
                Arguments.of("unknown YAML key", List.of(), Map.of(), "bogus-key: 1\n", "bogus-key"),
                Arguments.of("bad YAML value", List.of(), Map.of(), "history-retention: 5x\n", "5x"),
                Arguments.of("bad environment value", List.of(), Map.of("CAIRN_HISTORY_RETENTION", "12x"), "", "12x"),
                Arguments.of("half a root key", List.of(), Map.of("CAIRN_ROOT_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), "", "CAIRN_ROOT_SECRET_ACCESS_KEY"),
                Arguments.of("weak root password", List.of(), Map.of("CAIRN_ROOT_PASSWORD", "short"), "", "CAIRN_ROOT_PASSWORD"),
                Arguments.of("missing config file", List.of("--config", "/nonexistent/cairn.yaml"), Map.of(), "", "/nonexistent/cairn.yaml"),
                Arguments.of("malformed YAML", List.of(), Map.of(), "port: [1\n", "not valid YAML"),
                Arguments.of("YAML key that is not a setting", List.of(), Map.of(), "help: true\n", "help"),
                Arguments.of("bad bind address", List.of("--bind", "999.1.1.1"), Map.of(), "", "999.1.1.1"),
                Arguments.of("data directory is a file", List.of("--data-dir", "/etc/hostname"), Map.of(), "", "/etc/hostname"),
                Arguments.of("delivery interval under 1s", List.of("--delivery-interval", "500ms"), Map.of(), "", "--delivery-interval"),
                Arguments.of("bad delivery interval", List.of(), Map.of("CAIRN_DELIVERY_INTERVAL", "soon"), "", "soon"),
                Arguments.of("digest interval under 10s", List.of("--digest-interval", "5s"), Map.of(), "", "--digest-interval"),
                Arguments.of("bad signing key rotation", List.of(), Map.of("CAIRN_SIGNING_KEY_ROTATION", "monthly"), "", "monthly"),
                Arguments.of("no trails allowed", List.of("--trails-per-region", "0"), Map.of(), "", "--trails-per-region"),
                Arguments.of("no calls may wait", List.of("--max-queued-calls", "0"), Map.of(), "", "--max-queued-calls"),
                Arguments.of("S3 endpoint not a URL", List.of("--s3-endpoint", "127.0.0.1:9000"), Map.of(), "", "127.0.0.1:9000"),
                Arguments.of("S3 key without its secret", List.of("--s3-endpoint", "http://127.0.0.1:9000", "--s3-access-key-id", "AKIAEXAMPLE"), Map.of(), "",
                        "CAIRN_S3_SECRET_ACCESS_KEY"),
                Arguments.of("S3 key without an endpoint", List.of(), Map.of("CAIRN_S3_ACCESS_KEY_ID", "AKIAEXAMPLE", "CAIRN_S3_SECRET_ACCESS_KEY", "secret"), "",
                        "--s3-endpoint"),
                Arguments.of("public URL with a path", List.of("--public-url", "https://cairn.example.com/api"), Map.of(), "", "--public-url"),
                Arguments.of("public URL without a scheme", List.of("--public-url", "cairn.example.com"), Map.of(), "", "--public-url"),
                Arguments.of("CloudWatch Logs endpoint not a URL", List.of("--cloudwatch-logs-endpoint", "logs.example.com"), Map.of(), "", "logs.example.com"),
                Arguments.of("CloudWatch Logs key without its secret", List.of("--cloudwatch-logs-endpoint", "http://127.0.0.1:4748", "--cloudwatch-logs-access-key-id", "AKIAEXAMPLE"),
                        Map.of(), "", "CAIRN_CLOUDWATCH_LOGS_SECRET_ACCESS_KEY"),
                Arguments.of("CloudWatch Logs key without an endpoint", List.of("--cloudwatch-logs-access-key-id", "AKIAEXAMPLE"), Map.of(), "", "--cloudwatch-logs-endpoint"),
                Arguments.of("a certificate without its key", List.of("--tls-cert", "/etc/hostname"), Map.of(), "", "--tls-key"),
                Arguments.of("an unreadable certificate", List.of("--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/etc/hostname"), Map.of(), "", "/nonexistent/cert.pem"),
                Arguments.of("a proxy that is not an address", List.of("--trusted-proxies", "proxy.example.com"), Map.of(), "", "proxy.example.com"),
                Arguments.of("a PostgreSQL store without a master key", List.of("--store", "postgresql://cairn:secret@127.0.0.1:5432/cairn"), Map.of(), "",
                        "--master-key-file"),
                Arguments.of("a store that is not PostgreSQL", List.of("--store", "mysql://127.0.0.1/cairn"), Map.of(), "", "--store"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStarts")
    public void badStartExitsWithOneLineOnStderr(String description, List<String> args, Map<String, String> environment, String yaml, String named)
            throws IOException
    {
        Path data = temp.resolve("data");
        List<String> all = new ArrayList<>();
        if (!args.contains("--data-dir")) {
            all.addAll(List.of("--data-dir", data.toString()));
        }
        if (!yaml.isEmpty()) {
            all.addAll(List.of("--config", Files.writeString(Files.createTempFile(temp, "cairn-", ".yaml"), yaml, StandardCharsets.UTF_8).toString()));
        }
        all.addAll(args);
        Run run = serve(all, environment);

        assertThat(run.started().get()).as("nothing started").isNull();
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().toList()).as(run.err())
                .singleElement()
                .satisfies(line -> assertThat(line).contains(named));
        assertThat(run.err()).as("never a secret").doesNotContain("secret@");
        assertThat(run.out()).isEmpty();
        assertThat(data).as("nothing started, so no data directory").doesNotExist();
    }

    @Test
    public void weakRootPasswordIsRefusedWithoutEchoingIt()
    {
        Run run = serve(List.of("--data-dir", temp.resolve("data").toString()), Map.of("CAIRN_ROOT_PASSWORD", "short"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("CAIRN_ROOT_PASSWORD: Password does not conform to the account password policy");
        assertThat(run.out() + run.err()).doesNotContain("short\n");
        assertThat(run.started().get()).isNull();
    }

    @Test
    public void createBucketMakesADirectoryWithThePolicyCloudTrailNeeds()
            throws IOException
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path data = temp.resolve("cairn-data");
        int exitCode = Main.run(new String[] {"create-bucket", "my-logs", "--prefix", "team"}, Map.of("CAIRN_DATA_DIR", data.toString()), new PrintWriter(out, true),
                new PrintWriter(err, true), null);
        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(data.resolve("buckets/my-logs")).isDirectory();
        String policy = Files.readString(data.resolve("buckets/.policies/my-logs/policy.json"));
        assertThat(policy).isEqualTo(dev.cairn.core.trail.BucketPolicies.cloudTrail("my-logs", java.util.Optional.of("team"), List.of()));
        assertThat(out.toString()).contains("create-trail").contains("--s3-bucket-name my-logs --s3-key-prefix team");

        StringWriter printed = new StringWriter();
        assertThat(Main.run(new String[] {"create-bucket", "s3-logs", "--print", "--account", "111122223333"}, Map.of("CAIRN_DATA_DIR", data.toString()),
                new PrintWriter(printed, true), new PrintWriter(err, true), null)).isZero();
        assertThat(printed.toString()).contains("arn:aws:s3:::s3-logs/AWSLogs/111122223333/*");
        assertThat(data.resolve("buckets/s3-logs")).doesNotExist();

        // an organization trail's files: the member accounts' folders under the organization's
        StringWriter organization = new StringWriter();
        assertThat(Main.run(new String[] {"create-bucket", "org-logs", "--print", "--account", "111122223333", "--organization", "o-abcdefghij"},
                Map.of("CAIRN_DATA_DIR", data.toString()), new PrintWriter(organization, true), new PrintWriter(err, true), null)).isZero();
        assertThat(organization.toString()).contains("arn:aws:s3:::org-logs/AWSLogs/111122223333/*").contains("arn:aws:s3:::org-logs/AWSLogs/o-abcdefghij/*");
        StringWriter organizationRefused = new StringWriter();
        assertThat(Main.run(new String[] {"create-bucket", "org-logs", "--print", "--organization", "o-abcdefghij"}, Map.of("CAIRN_DATA_DIR", data.toString()),
                new PrintWriter(out, true), new PrintWriter(organizationRefused, true), null)).isEqualTo(2);
        assertThat(organizationRefused.toString()).contains("--organization goes with --account");

        StringWriter refused = new StringWriter();
        assertThat(Main.run(new String[] {"create-bucket", "Bad_Bucket"}, Map.of(), new PrintWriter(out, true), new PrintWriter(refused, true), null)).isEqualTo(2);
        assertThat(refused.toString().lines().toList()).singleElement().satisfies(line -> assertThat(line).contains("Bad_Bucket"));
    }
}
