package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.spi.BucketStore;
import dev.cairn.target.local.LocalBucketStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cairn validate-logs} on a real digest chain in an S3 server: an untouched trail is valid; it catches what the
 * AWS CLI catches and what it misses (two digests deleted in a row, a log file no digest lists); and it validates a
 * copy of the bucket offline with the keys {@code cairn public-keys} exported.
 *
 * <p>The chain is built in rounds rather than waited for: the server's clock stands still and no delivery loop runs;
 * a round ({@link #deliver}) moves the clock on and runs delivery, log files and then the digests that are due, to
 * the end. The clock starts at the real now and runs ahead of it by a few minutes at most.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ValidateLogsIT
{
    private static final String BUCKET = "checked-logs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DIGEST_INTERVAL = Duration.ofSeconds(10);
    /** Half the digest interval: a digest lists the log files of two rounds. */
    private static final Duration ROUND = DIGEST_INTERVAL.dividedBy(2);

    @TempDir
    Path temp;

    private TestingS3Server s3;
    private TestingClock clock;
    private TestingCairnServer server;
    private String arn;
    private Instant start;
    private String digestPrefix;
    private String logPrefix;

    @BeforeAll
    public void buildAChain()
            throws Exception
    {
        s3 = new TestingS3Server(TestingCairnServer.ROOT_ACCESS_KEY_ID, TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
        clock = new TestingClock();
        server = TestingCairnServer.builder().s3(s3.settings()).digestInterval(DIGEST_INTERVAL).clock(clock).manualDelivery().start();
        s3.createBucket(BUCKET);
        start = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        try (CloudTrailClient cloudTrail = server.cloudTrail(); IamClient iam = server.iam()) {
            arn = cloudTrail.createTrail(request -> request.name("checked").s3BucketName(BUCKET).enableLogFileValidation(true)).trailARN();
            cloudTrail.startLogging(request -> request.name("checked"));
            digestPrefix = "AWSLogs/" + server.accountId() + "/CloudTrail-Digest/us-east-1/";
            logPrefix = "AWSLogs/" + server.accountId() + "/CloudTrail/us-east-1/";
            int calls = 0;
            // 5 digests, and log files of two different minutes (the unlisted-file check needs a minute after the file):
            // a call and a round at a time
            while (s3.keys(BUCKET, digestPrefix).size() < 5 || s3.keys(BUCKET, logPrefix).stream().map(ValidateLogsIT::minute).distinct().count() < 2) {
                assertThat(calls).as("5 digests by now").isLessThan(40);
                String user = "checked-" + calls++;
                iam.createUser(request -> request.userName(user));
                deliver();
            }
            Instant stopped = clock.instant();
            cloudTrail.stopLogging(request -> request.name("checked"));
            // the final digest waits for a log scan a second after the stop: the next round's
            deliver();
            assertThat(cloudTrail.getTrailStatus(request -> request.name("checked")).latestDigestDeliveryTime()).as("final digest").isAfter(stopped.plusSeconds(1));
        }
    }

    @AfterAll
    public void stop()
    {
        server.close();
        s3.close();
    }

    /** One round of delivery, {@link #ROUND} later: log files, then the digests that are due, run to the end. */
    private void deliver()
    {
        clock.advance(ROUND);
        server.deliver();
    }

    private static String minute(String logKey)
    {
        return logKey.substring(logKey.length() - 39, logKey.length() - 25);
    }

    private CairnProcess validate(String... extra)
    {
        List<String> args = new ArrayList<>(List.of("validate-logs", "--endpoint-url", server.endpoint().toString(), "--trail-arn", arn,
                "--start-time", start.toString(), "--s3-endpoint", s3.endpoint().toString(), "--verbose"));
        args.addAll(List.of(extra));
        return CairnProcess.builder()
                .outputDirectory(temp.resolve("runs"))
                .env(Map.of("AWS_ACCESS_KEY_ID", TestingCairnServer.ROOT_ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", TestingCairnServer.ROOT_SECRET_ACCESS_KEY,
                        "AWS_REGION", "us-east-1"))
                .args(args.toArray(String[]::new))
                .run(Duration.ofSeconds(60));
    }

    /** Last: it deletes digests. */
    @Test
    @Order(4)
    public void untouchedTrailIsValidAndTamperingIsCaught()
            throws Exception
    {
        CairnProcess valid = validate();
        assertThat(valid.exitCode()).as(valid.describe()).isZero();
        int digests = s3.keys(BUCKET, digestPrefix).size();
        assertThat(valid.stdout()).as(valid.describe())
                .startsWith("Validating log files for trail " + arn + " between ")
                .contains("Digest file\ts3://" + BUCKET + "/" + digestPrefix)
                .contains(digests + "/" + digests + " digest files valid")
                .containsPattern("(\\d+)/\\1 log files valid");
        assertThat(valid.stderr()).as(valid.describe()).doesNotContain("INVALID");

        // a log file that no digest lists (what the AWS CLI never looks at)
        String someLog = s3.keys(BUCKET, logPrefix).stream().min(java.util.Comparator.comparing(ValidateLogsIT::minute)).orElseThrow();
        byte[] logBytes = s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(someLog)).asByteArray();
        String extra = someLog.substring(0, someLog.length() - "0123456789abcdef.json.gz".length()) + "ZZZZZZZZZZZZZZZZ.json.gz";
        s3.putObject(BUCKET, extra, logBytes);
        CairnProcess unlisted = validate();
        assertThat(unlisted.exitCode()).as(unlisted.describe()).isEqualTo(1);
        assertThat(unlisted.stderr()).as(unlisted.describe()).contains("Log file\ts3://" + BUCKET + "/" + extra + "\tINVALID: not listed in any digest");
        s3.deleteObject(BUCKET, extra);

        // two digests deleted in a row: the AWS CLI reports only the one the chain names
        List<String> keys = s3.keys(BUCKET, digestPrefix);
        String newer = keys.get(keys.size() - 2);
        String older = keys.get(keys.size() - 3);
        s3.deleteObject(BUCKET, newer);
        s3.deleteObject(BUCKET, older);
        CairnProcess twoMissing = validate();
        assertThat(twoMissing.exitCode()).as(twoMissing.describe()).isEqualTo(1);
        assertThat(twoMissing.stderr()).as(twoMissing.describe()).contains("Digest file\ts3://" + BUCKET + "/" + newer + "\tINVALID: not found");
        assertThat(twoMissing.stderr().lines().filter(line -> line.startsWith("Digest file") && line.contains("INVALID: not found")).count())
                .as(twoMissing.describe())
                .isGreaterThanOrEqualTo(2);
        assertThat(twoMissing.stdout()).as(twoMissing.describe()).contains((digests - 2) + "/" + digests + " digest files valid, 2/" + digests + " digest files INVALID");
    }

    /**
     * Digests whose content does not match what the chain says: an edited digest (its signature kept), and digests
     * signed with the right key but not the ones the next digest links to (as a replayed, forged or miswritten digest
     * would be) — one with a log file dropped, one whose link points forward in the chain.
     */
    @Test
    @Order(2)
    public void editedAndMislinkedDigestsAreCaught()
            throws Exception
    {
        List<String> keys = s3.keys(BUCKET, digestPrefix);
        String target = keys.get(keys.size() - 3);
        String newer = keys.get(keys.size() - 2);
        var original = s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(target));
        Map<String, String> metadata = original.response().metadata();
        JsonNode digest = JSON.readTree(gunzip(original.asByteArray()));
        try {
            // edited: a field changed, the signature kept
            com.fasterxml.jackson.databind.node.ObjectNode edited = digest.deepCopy();
            edited.put("newestEventTime", "2000-01-01T00:00:00Z");
            putDigest(target, JSON.writeValueAsBytes(edited), metadata);
            CairnProcess editedRun = validate();
            assertThat(editedRun.exitCode()).as(editedRun.describe()).isEqualTo(1);
            assertThat(editedRun.stderr()).as(editedRun.describe())
                    .contains("Digest file	s3://" + BUCKET + "/" + target + "	INVALID: signature verification failed");

            // validly signed, but not the digest the next one describes: a log file dropped from its list
            com.fasterxml.jackson.databind.node.ObjectNode dropped = digest.deepCopy();
            dropped.withArray("logFiles").removeAll();
            putSigned(target, dropped);
            CairnProcess mismatch = validate();
            assertThat(mismatch.exitCode()).as(mismatch.describe()).isEqualTo(1);
            assertThat(mismatch.stderr()).as(mismatch.describe())
                    .contains("Digest file	s3://" + BUCKET + "/" + target + "	INVALID: does not match the previousDigestHashValue and previousDigestSignature of s3://"
                            + BUCKET + "/" + newer);

            // validly signed, but linking forward to the newer digest: the chain would loop
            com.fasterxml.jackson.databind.node.ObjectNode looping = digest.deepCopy();
            looping.put("previousDigestS3Object", newer);
            putSigned(target, looping);
            CairnProcess reordered = validate();
            assertThat(reordered.exitCode()).as(reordered.describe()).isEqualTo(1);
            assertThat(reordered.stderr()).as(reordered.describe()).contains("s3://" + BUCKET + "/" + target + "	INVALID:");
        }
        finally {
            s3.client().putObject(request -> request.bucket(BUCKET).key(target).metadata(metadata),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(original.asByteArray()));
        }
        CairnProcess restored = validate();
        assertThat(restored.exitCode()).as(restored.describe()).isZero();
    }

    /**
     * DeleteTrail closes the chain as StopLogging does: the trail's last log file (with the DeleteTrail call itself)
     * and a final digest are still delivered, and a new trail of the same name created at once does not disturb them.
     */
    @Test
    @Order(3)
    public void deletedTrailDeliversItsLastFilesAndFinalDigest()
            throws Exception
    {
        String prefix = "retiring";
        try (CloudTrailClient cloudTrail = server.cloudTrail(); IamClient iam = server.iam()) {
            String retiringArn = cloudTrail.createTrail(request -> request.name("retiring").s3BucketName(BUCKET).s3KeyPrefix(prefix).enableLogFileValidation(true))
                    .trailARN();
            cloudTrail.startLogging(request -> request.name("retiring"));
            String digests = prefix + "/" + digestPrefix;
            int rounds = 0;
            while (s3.keys(BUCKET, digests).size() < 2) {
                assertThat(rounds++).as("2 digests by now").isLessThan(20);
                iam.listUsers();
                deliver();
            }
            iam.listUsers();
            Instant deleted = clock.instant();
            cloudTrail.deleteTrail(request -> request.name("retiring"));
            // the same name again at once, not logging: a new trail with its own state
            cloudTrail.createTrail(request -> request.name("retiring").s3BucketName(BUCKET).s3KeyPrefix(prefix).enableLogFileValidation(true));

            // the final digest waits for a log scan a second after the deletion: the next round's
            deliver();
            List<String> keys = s3.keys(BUCKET, digests);
            JsonNode last = JSON.readTree(s3.gunzip(BUCKET, keys.get(keys.size() - 1)));
            assertThat(Instant.parse(last.path("digestEndTime").asText())).as("final digest after DeleteTrail").isAfter(deleted);
            boolean deleteTrailDelivered = false;
            for (String key : s3.keys(BUCKET, prefix + "/" + logPrefix)) {
                for (JsonNode record : JSON.readTree(s3.gunzip(BUCKET, key)).path("Records")) {
                    deleteTrailDelivered |= record.path("eventName").asText().equals("DeleteTrail");
                }
            }
            assertThat(deleteTrailDelivered).as("the DeleteTrail call is in the trail's last log file").isTrue();

            CairnProcess valid = CairnProcess.builder()
                    .outputDirectory(temp.resolve("runs"))
                    .env(Map.of("AWS_ACCESS_KEY_ID", TestingCairnServer.ROOT_ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", TestingCairnServer.ROOT_SECRET_ACCESS_KEY,
                            "AWS_REGION", "us-east-1"))
                    .args("validate-logs", "--endpoint-url", server.endpoint().toString(), "--trail-arn", retiringArn, "--start-time", start.toString(),
                            "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", BUCKET, "--s3-prefix", prefix)
                    .run(Duration.ofSeconds(60));
            assertThat(valid.exitCode()).as(valid.describe()).isZero();
            assertThat(valid.stdout()).as(valid.describe()).containsPattern("(\\d+)/\\1 digest files valid").containsPattern("(\\d+)/\\1 log files valid");
            cloudTrail.deleteTrail(request -> request.name("retiring"));
        }
    }

    private void putDigest(String key, byte[] json, Map<String, String> metadata)
            throws java.io.IOException
    {
        s3.client().putObject(request -> request.bucket(BUCKET).key(key).metadata(metadata), software.amazon.awssdk.core.sync.RequestBody.fromBytes(gzip(json)));
    }

    /** Signs the digest with the region's current key, as delivery would. */
    private void putSigned(String key, JsonNode digest)
            throws Exception
    {
        dev.cairn.core.digest.SigningKey signingKey = server.server().cairn().signingKeys().current("us-east-1");
        com.fasterxml.jackson.databind.node.ObjectNode signed = digest.deepCopy();
        signed.put("digestPublicKeyFingerprint", signingKey.fingerprint());
        byte[] content = JSON.writeValueAsBytes(signed);
        JsonNode previous = signed.path("previousDigestSignature");
        String signature = signingKey.sign(dev.cairn.core.digest.DigestFiles.stringToSign(Instant.parse(signed.path("digestEndTime").asText()), BUCKET, key,
                dev.cairn.core.digest.DigestFiles.sha256(content), previous.isNull() ? Optional.empty() : Optional.of(previous.asText())));
        putDigest(key, content, Map.of("signature", signature, "signature-algorithm", "SHA256withRSA"));
    }

    private static byte[] gzip(byte[] content)
            throws java.io.IOException
    {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] gunzip(byte[] gzip)
            throws java.io.IOException
    {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    @Test
    @Order(1)
    public void offlineCopyWithExportedKeys()
            throws Exception
    {
        CairnProcess keys = CairnProcess.builder()
                .outputDirectory(temp.resolve("runs"))
                .env(Map.of("AWS_ACCESS_KEY_ID", TestingCairnServer.ROOT_ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", TestingCairnServer.ROOT_SECRET_ACCESS_KEY))
                // up to the server's time, which runs ahead of the real now this tool takes by default
                .args("public-keys", "--endpoint-url", server.endpoint().toString(), "--start-time", start.toString(), "--end-time", clock.instant().toString())
                .run(Duration.ofSeconds(60));
        assertThat(keys.exitCode()).as(keys.describe()).isZero();
        JsonNode exported = JSON.readTree(keys.stdout());
        assertThat(exported.path("PublicKeyList")).isNotEmpty();
        Path keyFile = Files.writeString(temp.resolve("keys.json"), keys.stdout());

        // a copy of the bucket on disk, objects and their metadata (signatures)
        Path copy = temp.resolve("copy");
        Files.createDirectories(copy.resolve(BUCKET));
        LocalBucketStore local = new LocalBucketStore(copy);
        for (String key : s3.keys(BUCKET, "AWSLogs/")) {
            var object = s3.client().getObjectAsBytes(request -> request.bucket(BUCKET).key(key));
            local.put(BUCKET, key, object.asByteArray(), new BucketStore.ObjectAttributes("application/json", Optional.empty(), object.response().metadata()));
        }
        CairnProcess offline = CairnProcess.builder()
                .outputDirectory(temp.resolve("runs"))
                .args("validate-logs", "--trail-arn", arn, "--start-time", start.toString(), "--s3-bucket", BUCKET, "--bucket-dir", copy.toString(),
                        "--public-keys", keyFile.toString())
                .run(Duration.ofSeconds(60));
        assertThat(offline.exitCode()).as(offline.describe()).isZero();
        assertThat(offline.stdout()).as(offline.describe()).containsPattern("(\\d+)/\\1 digest files valid");
    }
}
