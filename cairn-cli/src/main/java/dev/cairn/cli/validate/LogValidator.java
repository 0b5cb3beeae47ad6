package dev.cairn.cli.validate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.digest.DigestFiles;
import dev.cairn.spi.BucketStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Validates a trail's digest chain and log files as {@code aws cloudtrail validate-logs} does (FORMATS.md §5), with
 * the same result lines, and checks what it does not: each digest's {@code previousDigestHashValue} and
 * {@code previousDigestSignature} against the previous digest itself, chains with several digests missing in a row
 * (aws/aws-cli#7054), digests out of order, and log files in the bucket that no digest lists.
 */
public final class LogValidator
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_FOLDERS = DateTimeFormatter.ofPattern("yyyy/MM/dd/");
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** AlgorithmIdentifier { rsaEncryption, NULL }, as SubjectPublicKeyInfo starts. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    /** Log files are fetched and hashed by this many threads at once. */
    private static final int FETCHERS = 32;
    /** Digests fetched ahead of the one being checked. */
    private static final int PREFETCH = 16;
    /** Results waiting to be printed (in order) before the walk waits for the oldest. */
    private static final int MAX_PENDING = 4096;
    private static final List<String> REQUIRED = List.of("digestPublicKeyFingerprint", "digestS3Bucket", "digestS3Object", "previousDigestSignature",
            "digestEndTime", "digestStartTime");

    private final BucketReader buckets;
    private final Map<String, byte[]> publicKeys;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;

    private Duration usualInterval = Duration.ZERO;
    private ExecutorService fetchers;
    /** Everything printed while walking the chain, in the order the AWS CLI prints it; each runs on this thread. */
    private final Deque<Future<Runnable>> output = new ArrayDeque<>();
    private final Map<String, Future<Optional<BucketStore.StoredObject>>> prefetched = new HashMap<>();
    private int digestsValid;
    private int digestsInvalid;
    private int logsValid;
    private int logsInvalid;

    /**
     * @param publicKeys PKCS#1 DER public keys by fingerprint (ListPublicKeys for the range)
     */
    public LogValidator(BucketReader buckets, Map<String, byte[]> publicKeys, PrintStream out, PrintStream err, boolean verbose)
    {
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.publicKeys = Map.copyOf(publicKeys);
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.verbose = verbose;
    }

    /**
     * What to validate: the trail's identity, where its files are, and the time range.
     *
     * @param organizationId for an organization trail: its member accounts' files are under
     *         {@code AWSLogs/<organization id>/<account>/}
     */
    public record Target(String trailArn, String accountId, String trailName, String homeRegion, String sourceRegion, String bucket, Optional<String> prefix,
            Optional<String> organizationId, Instant start, Instant end)
    {
        String root()
        {
            return prefix.map(value -> value + "/").orElse("") + "AWSLogs/" + organizationId.map(id -> id + "/").orElse("") + accountId + "/";
        }
    }

    /** A digest as read from the bucket. */
    private record Digest(String key, byte[] content, JsonNode json, String signature)
    {
        Instant start()
        {
            return Instant.parse(json.path("digestStartTime").asText());
        }

        Instant end()
        {
            return Instant.parse(json.path("digestEndTime").asText());
        }

        Optional<String> previousKey()
        {
            JsonNode previous = json.get("previousDigestS3Object");
            return previous == null || previous.isNull() ? Optional.empty() : Optional.of(previous.asText());
        }
    }

    /**
     * Runs the validation, printing as the AWS CLI does; {@code progress} is told how many digests were handled.
     *
     * @return the exit code: 1 when anything was invalid or missing
     */
    public int validate(Target target, IntConsumer progress)
            throws IOException
    {
        fetchers = Executors.newFixedThreadPool(FETCHERS, runnable -> {
            Thread thread = new Thread(runnable, "validate-logs-fetcher");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return run(target, progress);
        }
        finally {
            fetchers.shutdownNow();
        }
    }

    private int run(Target target, IntConsumer progress)
            throws IOException
    {
        out.println("Validating log files for trail " + target.trailArn() + " between " + TEXT_TIME.format(target.start()) + " and "
                + TEXT_TIME.format(target.end()));
        out.println();
        String digestRoot = target.root() + "CloudTrail-Digest/" + target.sourceRegion() + "/";
        Pattern digestName = Pattern.compile(Pattern.quote(digestRoot) + "\\d+/\\d+/\\d+/" + Pattern.quote(target.accountId() + "_CloudTrail-Digest_"
                + target.sourceRegion() + "_" + target.trailName() + "_" + target.homeRegion() + "_") + ".+\\.json\\.gz");
        String from = KEY_TIME.format(target.start());
        String to = KEY_TIME.format(target.end().plus(Duration.ofHours(1)));
        List<String> listed = new ArrayList<>();
        for (String key : buckets.list(target.bucket(), digestRoot)) {
            if (digestName.matcher(key).matches() && key.length() >= 24) {
                String date = key.substring(key.length() - 24, key.length() - 8);
                if (date.compareTo(from) >= 0 && date.compareTo(to) <= 0) {
                    listed.add(key);
                }
            }
        }
        listed.sort((a, b) -> a.substring(a.length() - 24).compareTo(b.substring(b.length() - 24)));
        usualInterval = usualInterval(listed);
        // the log files in the bucket, for the check of files no digest lists, are listed (a day's folder at a time,
        // from the day before the range to the day after) while the chain is walked
        List<Future<List<String>>> logsInBucket = new ArrayList<>();
        String logRoot = target.root() + "CloudTrail/" + target.sourceRegion() + "/";
        for (LocalDate day = LocalDate.ofInstant(target.start(), ZoneOffset.UTC).minusDays(1);
                !day.isAfter(LocalDate.ofInstant(target.end(), ZoneOffset.UTC).plusDays(1)); day = day.plusDays(1)) {
            String folder = logRoot + DAY_FOLDERS.format(day);
            logsInBucket.add(fetchers.submit(() -> buckets.list(target.bucket(), folder)));
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < listed.size(); i++) {
            positions.put(listed.get(i), i);
        }

        Set<String> listedLogs = new HashSet<>();
        List<Digest> valid = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        int handled = 0;
        int index = listed.size() - 1;
        String current = index >= 0 ? listed.get(index) : null;
        Digest newer = null;
        while (current != null) {
            visited.add(current);
            // the chain usually runs down the listing: fetch the next older digests while this one is checked
            Integer position = positions.get(current);
            for (int i = position == null ? -1 : position - 1; i >= 0 && i >= position - PREFETCH; i--) {
                String key = listed.get(i);
                if (!visited.contains(key)) {
                    prefetched.computeIfAbsent(key, older -> fetchers.submit(() -> buckets.get(target.bucket(), older)));
                }
            }
            Optional<Digest> digest = checkDigest(target, current, newer);
            handled++;
            progress.accept(handled);
            Optional<String> next = Optional.empty();
            if (digest.isPresent()) {
                Digest checked = digest.get();
                valid.add(checked);
                // the digest's log files are fetched and hashed in parallel, and reported in the digest's order
                for (JsonNode log : checked.json().path("logFiles")) {
                    listedLogs.add(log.path("s3Object").asText());
                    output.add(fetchers.submit(() -> {
                        LogResult result = checkLog(log);
                        return () -> report(result);
                    }));
                }
                flush(false);
                if (checked.start().isBefore(target.start())) {
                    break;
                }
                next = checked.previousKey();
                if (next.isEmpty() && olderListed(listed, current).isPresent()) {
                    String olderTime = listedTime(olderListed(listed, current).get());
                    emit(() -> {
                        err.println("No log files were delivered by CloudTrail between " + olderTime + " and " + checked.json().path("digestStartTime").asText());
                        err.println();
                    });
                }
                newer = checked.previousKey().isPresent() ? checked : null;
            }
            else {
                newer = null;
            }
            if (next.isPresent() && visited.contains(next.get())) {
                invalidDigest(target.bucket(), current, "the chain points back to a newer digest, " + next.get() + " (digests reordered)");
                next = Optional.empty();
            }
            if (next.isEmpty()) {
                next = olderListed(listed, current).filter(key -> !visited.contains(key));
            }
            current = next.orElse(null);
        }
        prefetched.values().forEach(fetch -> fetch.cancel(true));
        flush(true);
        List<String> logKeys = new ArrayList<>();
        for (Future<List<String>> listing : logsInBucket) {
            logKeys.addAll(join(listing));
        }
        checkUnlistedLogs(target, valid, listedLogs, logKeys);
        summary(target, valid);
        return digestsInvalid > 0 || logsInvalid > 0 ? 1 : 0;
    }

    /** Fetches and checks one digest; prints and counts the result. {@code newer} is the valid digest that named it. */
    private Optional<Digest> checkDigest(Target target, String key, Digest newer)
            throws IOException
    {
        String bucket = target.bucket();
        Future<Optional<BucketStore.StoredObject>> fetch = prefetched.remove(key);
        Optional<BucketStore.StoredObject> object = fetch != null ? join(fetch) : buckets.get(bucket, key);
        if (object.isEmpty()) {
            invalidDigest(bucket, key, "not found");
            if (newer != null) {
                missingRun(target, key);
            }
            return Optional.empty();
        }
        byte[] content;
        JsonNode json;
        try {
            content = gunzip(object.get().content());
            json = JSON.readTree(content);
            for (String field : REQUIRED) {
                if (!json.has(field)) {
                    throw new IOException("missing " + field);
                }
            }
        }
        catch (IOException | RuntimeException e) {
            invalidDigest(bucket, key, "invalid format");
            return Optional.empty();
        }
        String signature = object.get().userMetadata().get("signature");
        if (signature == null || !object.get().userMetadata().containsKey("signature-algorithm")) {
            invalidDigest(bucket, key, "signature verification failed");
            return Optional.empty();
        }
        if (!bucket.equals(json.path("digestS3Bucket").asText()) || !key.equals(json.path("digestS3Object").asText())) {
            invalidDigest(bucket, key, "has been moved from its original location");
            return Optional.empty();
        }
        String fingerprint = json.path("digestPublicKeyFingerprint").asText();
        byte[] publicKey = publicKeys.get(fingerprint);
        if (publicKey == null) {
            invalidDigest(bucket, key, "public key not found in region " + target.homeRegion() + " for fingerprint " + fingerprint);
            return Optional.empty();
        }
        // the exact text the AWS CLI signs over, with the digest's own end time string
        JsonNode previousSignature = json.get("previousDigestSignature");
        byte[] toSign = (json.path("digestEndTime").asText() + "\n" + bucket + "/" + key + "\n" + DigestFiles.sha256(content) + "\n"
                + (previousSignature.isNull() ? "null" : previousSignature.asText())).getBytes(StandardCharsets.UTF_8);
        String endText = json.path("digestEndTime").asText();
        if (!verify(publicKey, toSign, signature)) {
            invalidDigest(bucket, key, "signature verification failed");
            return Optional.empty();
        }
        Digest digest = new Digest(key, content, json, signature);
        if (newer != null) {
            // beyond the AWS CLI: the newer digest's link must describe this digest exactly
            String expectedHash = newer.json().path("previousDigestHashValue").asText();
            if (!expectedHash.equals(DigestFiles.sha256(content)) || !newer.json().path("previousDigestSignature").asText().equals(signature)) {
                invalidDigest(bucket, key, "does not match the previousDigestHashValue and previousDigestSignature of s3://" + bucket + "/" + newer.key());
                return Optional.empty();
            }
            if (!digest.end().equals(newer.start())) {
                invalidDigest(bucket, key, "ends at " + endText + " but the next digest, s3://" + bucket + "/" + newer.key() + ", starts at "
                        + newer.json().path("digestStartTime").asText() + " (chain truncated or reordered)");
                return Optional.empty();
            }
        }
        emit(() -> {
            if (verbose) {
                out.println("Digest file\ts3://" + bucket + "/" + key + "\tvalid");
            }
            digestsValid++;
        });
        return Optional.of(digest);
    }

    /**
     * A digest the chain names is missing. The AWS CLI then moves on to the next older digest in the bucket and
     * never notices when several were deleted in a row: compare the time the missing digest ended with the end of the
     * next older digest present, in units of the usual time between digests (the median gap between the digests
     * listed).
     */
    private void missingRun(Target target, String missingKey)
    {
        Instant missingEnd = keyTime(missingKey);
        Duration usual = usualInterval;
        if (usual.isZero() || usual.isNegative()) {
            return;
        }
        Optional<String> older = Optional.empty();
        try {
            for (String key : buckets.list(target.bucket(), missingKey.substring(0, missingKey.lastIndexOf("/CloudTrail-Digest/") + "/CloudTrail-Digest/".length()))) {
                String date = key.length() >= 24 ? key.substring(key.length() - 24, key.length() - 8) : "";
                if (key.endsWith(".json.gz") && date.compareTo(KEY_TIME.format(missingEnd)) < 0) {
                    older = Optional.of(key);
                }
            }
        }
        catch (IOException e) {
            return;
        }
        Instant olderEnd = older.map(LogValidator::keyTime).orElse(target.start());
        long missing = Math.round((double) Duration.between(olderEnd, missingEnd).toMillis() / usual.toMillis());
        for (long i = 1; i < missing; i++) {
            Instant end = missingEnd.minus(usual.multipliedBy(i));
            invalidDigest(target.bucket(), missingKey.substring(0, missingKey.length() - 24) + KEY_TIME.format(end) + ".json.gz",
                    "not found (one of several digests missing in a row before s3://" + target.bucket() + "/" + missingKey + "; its time is estimated)");
        }
    }

    /** A log file's check: its place, and why it is invalid (empty when valid). */
    private record LogResult(String bucket, String key, Optional<String> invalid)
    {
    }

    private LogResult checkLog(JsonNode log)
            throws IOException
    {
        String bucket = log.path("s3Bucket").asText();
        String key = log.path("s3Object").asText();
        Optional<BucketStore.StoredObject> object = buckets.get(bucket, key);
        if (object.isEmpty()) {
            return new LogResult(bucket, key, Optional.of("not found"));
        }
        String hash;
        try {
            hash = gunzippedSha256(object.get().content());
        }
        catch (IOException e) {
            return new LogResult(bucket, key, Optional.of("invalid format"));
        }
        if (!hash.equals(log.path("hashValue").asText())) {
            return new LogResult(bucket, key, Optional.of("hash value doesn't match"));
        }
        return new LogResult(bucket, key, Optional.empty());
    }

    private void report(LogResult result)
    {
        if (result.invalid().isPresent()) {
            invalidLog(result.bucket(), result.key(), result.invalid().get());
            return;
        }
        if (verbose) {
            out.println("Log file\ts3://" + result.bucket() + "/" + result.key() + "\tvalid");
        }
        logsValid++;
    }

    /** Queues something to print (and count) after everything queued before it. */
    private void emit(Runnable print)
    {
        output.add(CompletableFuture.completedFuture(print));
    }

    /** Prints what is ready at the head of the queue; everything when {@code all}, or enough to keep it short. */
    private void flush(boolean all)
            throws IOException
    {
        while (!output.isEmpty() && (all || output.size() > MAX_PENDING || output.peek().isDone())) {
            join(output.poll()).run();
        }
    }

    private static <T> T join(Future<T> result)
            throws IOException
    {
        try {
            return result.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * Beyond the AWS CLI: log files that no digest lists, among those delivered from the minute of the oldest listed
     * log file to before the minute of the newest (a file of that last minute may have come after the newest digest,
     * and is left for the next run).
     */
    private void checkUnlistedLogs(Target target, List<Digest> valid, Set<String> listedLogs, List<String> logsInBucket)
    {
        if (valid.isEmpty() || listedLogs.isEmpty()) {
            return;
        }
        Pattern time = Pattern.compile("_(\\d{8}T\\d{4}Z)_[0-9A-Za-z]{16}\\.json\\.gz$");
        String oldest = null;
        String newest = null;
        for (String key : listedLogs) {
            var matcher = time.matcher(key);
            if (matcher.find()) {
                String minute = matcher.group(1);
                oldest = oldest == null || minute.compareTo(oldest) < 0 ? minute : oldest;
                newest = newest == null || minute.compareTo(newest) > 0 ? minute : newest;
            }
        }
        if (oldest == null) {
            return;
        }
        for (String key : new TreeSet<>(logsInBucket)) {
            var matcher = time.matcher(key);
            if (!matcher.find() || listedLogs.contains(key)) {
                continue;
            }
            String minute = matcher.group(1);
            if (minute.compareTo(oldest) >= 0 && minute.compareTo(newest) < 0) {
                invalidLog(target.bucket(), key, "not listed in any digest");
            }
        }
    }

    private void summary(Target target, List<Digest> valid)
    {
        out.println("Results requested for " + TEXT_TIME.format(target.start()) + " to " + TEXT_TIME.format(target.end()));
        int digests = digestsValid + digestsInvalid;
        if (digests == 0) {
            out.println("No digests found");
            return;
        }
        if (valid.isEmpty()) {
            out.println("No valid digests found in range");
        }
        else {
            Instant start = valid.stream().map(Digest::start).min(Instant::compareTo).orElseThrow();
            Instant end = valid.stream().map(Digest::end).max(Instant::compareTo).orElseThrow();
            start = start.isBefore(target.start()) ? target.start() : start;
            end = end.isAfter(target.end()) ? target.end() : end;
            out.println("Results found for " + TEXT_TIME.format(start) + " to " + TEXT_TIME.format(end) + ":");
        }
        out.println();
        out.println(digestsValid + "/" + digests + " digest files valid" + (digestsInvalid > 0 ? ", " + digestsInvalid + "/" + digests + " digest files INVALID" : ""));
        int logs = logsValid + logsInvalid;
        if (logs > 0) {
            out.println(logsValid + "/" + logs + " log files valid" + (logsInvalid > 0 ? ", " + logsInvalid + "/" + logs + " log files INVALID" : ""));
        }
    }

    private void invalidDigest(String bucket, String key, String why)
    {
        emit(() -> {
            digestsInvalid++;
            err.println("Digest file\ts3://" + bucket + "/" + key + "\tINVALID: " + why);
            err.println();
        });
    }

    private void invalidLog(String bucket, String key, String why)
    {
        logsInvalid++;
        err.println("Log file\ts3://" + bucket + "/" + key + "\tINVALID: " + why);
        err.println();
    }

    private static Duration usualInterval(List<String> listed)
    {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < listed.size(); i++) {
            gaps.add(Duration.between(keyTime(listed.get(i - 1)), keyTime(listed.get(i))).toMillis());
        }
        if (gaps.isEmpty()) {
            return Duration.ZERO;
        }
        gaps.sort(Long::compare);
        return Duration.ofMillis(gaps.get(gaps.size() / 2));
    }

    private static Instant keyTime(String key)
    {
        return KEY_TIME.parse(key.substring(key.length() - 24, key.length() - 8), Instant::from);
    }

    private static Optional<String> olderListed(List<String> listed, String key)
    {
        int index = listed.indexOf(key);
        if (index < 0) {
            String date = key.substring(key.length() - 24);
            String older = null;
            for (String candidate : listed) {
                if (candidate.substring(candidate.length() - 24).compareTo(date) < 0) {
                    older = candidate;
                }
            }
            return Optional.ofNullable(older);
        }
        return index > 0 ? Optional.of(listed.get(index - 1)) : Optional.empty();
    }

    private static String listedTime(String key)
    {
        return TEXT_TIME.format(keyTime(key));
    }

    private static boolean verify(byte[] pkcs1, byte[] data, String signatureHex)
    {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo(pkcs1)));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(HexFormat.of().parseHex(signatureHex));
        }
        catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Wraps a PKCS#1 {@code RSAPublicKey} (what ListPublicKeys returns) in the X.509 {@code SubjectPublicKeyInfo}
     * the JDK reads: {@code SEQUENCE { AlgorithmIdentifier, BIT STRING { RSAPublicKey } }}, for keys of any size.
     */
    static byte[] subjectPublicKeyInfo(byte[] pkcs1)
    {
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0x03);
        derLength(bitString, pkcs1.length + 1);
        bitString.write(0); // no unused bits
        bitString.writeBytes(pkcs1);
        ByteArrayOutputStream spki = new ByteArrayOutputStream();
        spki.write(0x30);
        derLength(spki, RSA_ALGORITHM.length + bitString.size());
        spki.writeBytes(RSA_ALGORITHM);
        spki.writeBytes(bitString.toByteArray());
        return spki.toByteArray();
    }

    private static void derLength(ByteArrayOutputStream out, int length)
    {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }

    /** The SHA-256 (hex) of a gzip file's decompressed bytes, decompressed a block at a time. */
    static String gunzippedSha256(byte[] gzip)
            throws IOException
    {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), buffer.length)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The first gzip member, as the AWS CLI reads it. */
    static byte[] gunzip(byte[] gzip)
            throws IOException
    {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }
}
