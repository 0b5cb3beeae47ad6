package dev.cairn.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@code cairn serve} that needs real processes: root credentials on first start, ports, settings
 * from the environment, health, file permissions, and secrets at rest. Where option values come from, in which order, and how bad
 * values stop startup are checked in-process ({@code TestServeCommand} in cairn-cli).
 */
public class ServeCommandIT
{
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration BAD_START_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern PRINTED_KEY_ID = Pattern.compile("(?m)^ {2}export AWS_ACCESS_KEY_ID=(\\S+)$");
    private static final Pattern PRINTED_SECRET = Pattern.compile("(?m)^ {2}export AWS_SECRET_ACCESS_KEY=(\\S+)$");
    private static final Pattern CREATED_ACCOUNT = Pattern.compile("Created account (\\d{12})\\.");

    @TempDir
    Path temp;

    private CairnProcess.Builder cairn()
    {
        return CairnProcess.builder().outputDirectory(temp.resolve("runs"));
    }

    private CairnProcess.Builder cairnWithKnownRoot()
    {
        return cairn()
                .env("CAIRN_ROOT_ACCESS_KEY_ID", TestingCairnServer.ROOT_ACCESS_KEY_ID)
                .env("CAIRN_ROOT_SECRET_ACCESS_KEY", TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
    }

    @Test
    public void firstStartPrintsGeneratedRootCredentialsOnce()
            throws IOException
    {
        Path data = temp.resolve("data");
        String keyId;
        String secret;
        String accountId;
        try (CairnProcess first = cairn().serve("--port", "0", "--data-dir", data.toString()).start()) {
            String stdout = first.stdout();
            assertThat(matches(PRINTED_KEY_ID, stdout)).as("access key lines in\n%s", stdout).hasSize(1);
            assertThat(matches(PRINTED_SECRET, stdout)).as("secret lines in\n%s", stdout).hasSize(1);
            assertThat(matches(CREATED_ACCOUNT, stdout)).as("account lines in\n%s", stdout).hasSize(1);
            keyId = matches(PRINTED_KEY_ID, stdout).get(0);
            secret = matches(PRINTED_SECRET, stdout).get(0);
            accountId = matches(CREATED_ACCOUNT, stdout).get(0);
            assertThat(keyId).matches("AKIA[A-Z0-9]{16}");
            assertThat(secret).hasSize(40);
            // the secret is for the user only: printed once on standard output, never in the logs (standard error)
            assertThat(occurrences(stdout, secret)).as(stdout).isEqualTo(1);
            assertThat(first.stderr()).doesNotContain(secret);
            assertThat(first.stderr()).contains("Cairn listening on");
            assertThat(stdout.lines()).as("no log lines on standard output").noneMatch(line -> line.matches("^\\d{4}-\\d{2}-\\d{2}T.*(INFO|WARN|ERROR).*"));

            Path credentials = data.resolve("root-credentials");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
            // and a console password for the root user, shown once, saved for the owner only, good for signing in
            List<String> passwordLines = stdout.lines().dropWhile(line -> !line.startsWith("The root user's console password")).toList();
            assertThat(passwordLines).as(stdout).hasSizeGreaterThan(1);
            String password = passwordLines.get(1).trim();
            assertThat(occurrences(stdout, password)).as(stdout).isEqualTo(1);
            Path passwordFile = data.resolve("root-console-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThat(Files.readAllLines(passwordFile, StandardCharsets.UTF_8)).contains(password);
            assertThat(first.stderr()).doesNotContain(password);
            assertThat(Files.readAllLines(credentials, StandardCharsets.UTF_8))
                    .contains("[cairn-root]", "aws_access_key_id = " + keyId, "aws_secret_access_key = " + secret);

            try (StsClient sts = first.sts(TestingCairnServer.credentials(keyId, secret))) {
                GetCallerIdentityResponse identity = sts.getCallerIdentity();
                assertThat(identity.account()).isEqualTo(accountId);
                assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + accountId + ":root");
            }
            assertThat(first.sigterm(EXIT_TIMEOUT)).as("exit after SIGTERM").isPresent();
        }

        String fileAfterFirstStart = Files.readString(data.resolve("root-credentials"), StandardCharsets.UTF_8);
        try (CairnProcess second = cairn().serve("--port", "0", "--data-dir", data.toString()).start()) {
            assertThat(second.stdout())
                    .doesNotContain("console password")
                    .doesNotContain("AWS_ACCESS_KEY_ID")
                    .doesNotContain("AWS_SECRET_ACCESS_KEY")
                    .doesNotContain(secret)
                    .doesNotContain("Created account");
            assertThat(Files.readString(data.resolve("root-credentials"), StandardCharsets.UTF_8)).isEqualTo(fileAfterFirstStart);
            // the same account and key, kept across restarts
            try (StsClient sts = second.sts(TestingCairnServer.credentials(keyId, secret))) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo(accountId);
            }
        }
    }

    @Test
    public void rootKeyFromEnvironment()
    {
        Path data = temp.resolve("data");
        try (CairnProcess cairn = cairnWithKnownRoot().env("CAIRN_REGIONS", "us-east-1,eu-west-1").serve("--port", "0", "--data-dir", data.toString()).start()) {
            // settings from the environment (TestServeCommand checks every source and their order in-process)
            assertServed(cairn, "us-east-1");
            assertServed(cairn, "eu-west-1");
            assertNotServed(cairn, "ap-southeast-2");
            // the operator chose the key: it is named, its secret is never echoed or written anywhere
            assertThat(cairn.stdout()).contains(TestingCairnServer.ROOT_ACCESS_KEY_ID).doesNotContain(TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
            assertThat(cairn.stderr()).doesNotContain(TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
            assertThat(matches(PRINTED_KEY_ID, cairn.stdout())).isEmpty();
            assertThat(data.resolve("root-credentials")).doesNotExist();
            try (StsClient sts = cairn.sts(TestingCairnServer.rootCredentials())) {
                GetCallerIdentityResponse identity = sts.getCallerIdentity();
                assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + identity.account() + ":root");
            }
            try (StsClient sts = cairn.sts(TestingCairnServer.credentials(TestingCairnServer.ROOT_ACCESS_KEY_ID, "not" + TestingCairnServer.ROOT_SECRET_ACCESS_KEY.substring(3)))) {
                assertThatThrownBy(sts::getCallerIdentity)
                        .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
            }
        }
    }

    @Test
    public void portZeroPicksFreePortsAndHealthAnswers()
            throws IOException, InterruptedException
    {
        CairnProcess.Builder first = cairnWithKnownRoot().serve("--port", "0", "--data-dir", temp.resolve("one").toString());
        CairnProcess.Builder second = cairnWithKnownRoot().serve("--port", "0", "--data-dir", temp.resolve("two").toString());
        try (CairnProcess one = first.launch(); CairnProcess two = second.launch()) {
            one.awaitReady(CairnProcess.DEFAULT_STARTUP_TIMEOUT);
            two.awaitReady(CairnProcess.DEFAULT_STARTUP_TIMEOUT);
            assertThat(one.port()).isPositive().isNotEqualTo(two.port());
            assertThat(two.port()).isPositive();
            assertThat(one.stdout()).contains("Cairn is ready: http://127.0.0.1:" + one.port());

            HttpClient http = HttpClient.newHttpClient();
            List<String> requestIds = new ArrayList<>();
            for (CairnProcess cairn : List.of(one, two, one)) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cairn.port() + "/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("{\"status\":\"ready\"}");
                assertThat(health.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(id).isNotBlank());
                requestIds.add(health.headers().firstValue("x-amzn-RequestId").orElseThrow());
            }
            assertThat(requestIds).doesNotHaveDuplicates();
        }
    }

    @Test
    public void dataDirectoryIsPrivate()
            throws IOException
    {
        Path data = temp.resolve("nested").resolve("data");
        try (CairnProcess cairn = cairnWithKnownRoot().serve("--port", "0", "--data-dir", data.toString()).start()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("cairn.db")))).isEqualTo("rw-------");
            // SQLite gives its -wal and -shm files the database file's mode; the master key is made owner-only
            assertThat(data.resolve("cairn.db-wal")).exists();
            assertThat(data.resolve("master.key")).exists();
            assertOwnerOnly(data);
            // event history holds the records: private too
            try (StsClient sts = cairn.sts(TestingCairnServer.rootCredentials())) {
                sts.getCallerIdentity();
            }
            Path history = data.resolve("history");
            Poll.untilOrTimeout(Duration.ofSeconds(10), () -> listDays(history), days -> !days.isEmpty());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rwx------");
            assertThat(listDays(history)).isNotEmpty().allSatisfy(day -> {
                try {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(day))).isEqualTo("rw-------");
                }
                catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertOwnerOnly(data);
        }
    }

    @Test
    public void anExistingDataDirectoryIsMadePrivate()
            throws IOException
    {
        // as made by hand, by an older Cairn or restored from a backup with the umask's modes
        Path data = Files.createDirectories(temp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path notes = Files.writeString(data.resolve("notes.txt"), "mine");
        Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-r--r--"));
        Path bucket = Files.createDirectories(data.resolve("buckets/my-logs"));
        Files.setPosixFilePermissions(bucket, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("buckets"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = Files.writeString(bucket.resolve("delivered.json.gz"), "x");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));

        try (CairnProcess cairn = cairnWithKnownRoot().serve("--port", "0", "--data-dir", data.toString()).start()) {
            assertThat(cairn.stderr()).contains("made 5 files and directories in " + data.toAbsolutePath() + " readable by their owner only");
            assertOwnerOnly(data);
            assertThat(notes).hasContent("mine");
        }
    }

    /** Every directory under the data directory is 0700, every file 0600. */
    private static void assertOwnerOnly(Path data)
            throws IOException
    {
        try (Stream<Path> paths = Files.walk(data)) {
            List<Path> all = paths.toList();
            assertThat(all).hasSizeGreaterThan(3).allSatisfy(path -> {
                try {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
                            .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
                }
                catch (java.nio.file.NoSuchFileException e) {
                    // a file SQLite removed meanwhile
                }
                catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * Access keys' secrets are encrypted in the store with the master key beside it: neither the database nor its WAL
     * holds them, keys authenticate across restarts, and secrets an older Cairn stored in plaintext are encrypted on
     * start.
     */
    @Test
    public void accessKeySecretsAreEncryptedAtRest()
            throws IOException
    {
        Path data = temp.resolve("data");
        String keyId;
        String secret;
        try (CairnProcess cairn = cairnWithKnownRoot().serve("--port", "0", "--data-dir", data.toString()).start()) {
            try (IamClient iam = cairn.iam(TestingCairnServer.rootCredentials())) {
                iam.createUser(request -> request.userName("alice"));
                AccessKey key = iam.createAccessKey(request -> request.userName("alice")).accessKey();
                keyId = key.accessKeyId();
                secret = key.secretAccessKey();
            }
            assertAuthenticates(cairn, keyId, secret, "user/alice");
            assertNotInDatabase(data, secret, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
            assertThat(cairn.stderr()).doesNotContain(secret);
            assertThat(cairn.sigterm(EXIT_TIMEOUT)).as("exit after SIGTERM").isPresent();
        }
        assertNotInDatabase(data, secret, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
        String masterKey = Files.readString(data.resolve("master.key"), StandardCharsets.US_ASCII);
        assertThat(Base64.getDecoder().decode(masterKey.trim())).hasSize(32);

        try (CairnProcess restarted = cairn().serve("--port", "0", "--data-dir", data.toString()).start()) {
            assertAuthenticates(restarted, keyId, secret, "user/alice");
            assertAuthenticates(restarted, TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY, "root");
            assertThat(restarted.stderr()).doesNotContain("plaintext");
            assertThat(restarted.sigterm(EXIT_TIMEOUT)).as("exit after SIGTERM").isPresent();
        }
        assertThat(data.resolve("master.key")).hasContent(masterKey.trim());

        // alice's key as a Cairn before this one stored it: the secret in plaintext
        try (SqliteStore store = SqliteStore.open(data)) {
            byte[] stored = store.read(reader -> reader.get(ACCESS_KEY_KIND, "", keyId)).orElseThrow();
            ObjectNode document = (ObjectNode) new ObjectMapper().readTree(stored);
            assertThat(document.remove("encryptedSecret")).isNotNull();
            document.put("secretAccessKey", secret);
            try (WriteBatch batch = store.beginBatch()) {
                batch.metadata().put(ACCESS_KEY_KIND, "", keyId, new ObjectMapper().writeValueAsBytes(document));
                batch.commit();
            }
        }
        assertThat(databaseText(data)).contains(secret);

        try (CairnProcess migrated = cairn().serve("--port", "0", "--data-dir", data.toString()).start()) {
            assertThat(migrated.stderr()).contains("encrypted 1 access key secrets and 0 signing keys that were stored in plaintext").doesNotContain(secret);
            assertAuthenticates(migrated, keyId, secret, "user/alice");
            assertNotInDatabase(data, secret, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
            assertThat(migrated.sigterm(EXIT_TIMEOUT)).as("exit after SIGTERM").isPresent();
        }
        assertNotInDatabase(data, secret, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
    }

    /** The kind of the store's access key documents ({@code IdentityRepository}). */
    private static final String ACCESS_KEY_KIND = "iam.access-key";

    private static void assertAuthenticates(CairnProcess cairn, String keyId, String secret, String arnSuffix)
    {
        try (StsClient sts = cairn.sts(TestingCairnServer.credentials(keyId, secret))) {
            assertThat(sts.getCallerIdentity().arn()).endsWith(":" + arnSuffix);
        }
    }

    private static void assertNotInDatabase(Path data, String... secrets)
            throws IOException
    {
        String text = databaseText(data);
        for (String secret : secrets) {
            assertThat(text).as("cairn.db and its WAL").doesNotContain(secret);
        }
    }

    /** The bytes of cairn.db and its -wal and -shm files, as text. */
    private static String databaseText(Path data)
            throws IOException
    {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("cairn.db", "cairn.db-wal", "cairn.db-shm")) {
            Path file = data.resolve(name);
            if (Files.exists(file)) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    private static int occurrences(String text, String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static List<Path> listDays(Path history)
            throws IOException
    {
        if (!Files.isDirectory(history)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(history)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".db")).toList();
        }
    }

    @Test
    public void busyPortFailsBeforeAnyAccountIsCreated()
            throws IOException
    {
        Path data = temp.resolve("data");
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CairnProcess failed = cairn().serve("--port", Integer.toString(busy.getLocalPort()), "--data-dir", data.toString()).run(BAD_START_TIMEOUT);
            assertThat(failed.exitCode()).as(failed.describe()).isNotZero();
            assertThat(failed.stdout()).as(failed.describe()).doesNotContain("Created account");
        }
        // the next start creates the account and prints its key
        try (CairnProcess started = cairn().serve("--port", "0", "--data-dir", data.toString()).start()) {
            assertThat(matches(PRINTED_KEY_ID, started.stdout())).hasSize(1);
        }
    }

    private static void assertServed(CairnProcess cairn, String region)
    {
        try (CloudTrailClient cloudTrail = cairn.cloudTrail(TestingCairnServer.rootCredentials(), region)) {
            assertThat(cloudTrail.lookupEvents(request -> request.maxResults(1)).responseMetadata().requestId()).isNotBlank();
        }
    }

    private static void assertNotServed(CairnProcess cairn, String region)
    {
        AwsCredentialsProvider root = TestingCairnServer.rootCredentials();
        try (CloudTrailClient cloudTrail = cairn.cloudTrail(root, region)) {
            assertThatThrownBy(() -> cloudTrail.lookupEvents(request -> request.maxResults(1)))
                    .isInstanceOfSatisfying(CloudTrailException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("'" + region + "'");
                    });
        }
    }

    private static List<String> matches(Pattern pattern, String text)
    {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
