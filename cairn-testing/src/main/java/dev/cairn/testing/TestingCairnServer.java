package dev.cairn.testing;

import dev.cairn.core.Accounts;
import dev.cairn.core.CairnConfig;
import dev.cairn.core.delivery.DeliveryConfig;
import dev.cairn.core.history.HistoryConfig;
import dev.cairn.core.journal.JournalConfig;
import dev.cairn.core.trail.BucketPolicies;
import dev.cairn.core.trail.TrailConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.server.HttpConfig;
import dev.cairn.server.RootConfig;
import dev.cairn.server.ServerConfig;
import dev.cairn.server.s3.GatewayConfig;
import dev.cairn.target.local.LocalBucketStore;
import dev.cairn.target.logs.CloudWatchLogsTarget;
import dev.cairn.target.s3.S3BucketStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Cairn server for tests: the full wiring on {@code 127.0.0.1:0} over a temporary data directory, with a
 * known root key, and AWS SDK v2 clients pointed at it.
 */
public final class TestingCairnServer
        implements Closeable
{
    public static final String ROOT_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    public static final String ROOT_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    /** The root user's console password. */
    public static final String ROOT_PASSWORD = "Cairn-Root-Passw0rd";
    public static final List<String> REGIONS = List.of("us-east-1", "us-west-2");

    private final Path dataDirectory;
    private final boolean ownsDirectory;
    private final Optional<Path> certificate;
    private final CairnServer server;

    private TestingCairnServer(Builder builder)
            throws IOException
    {
        this.ownsDirectory = builder.dataDirectory.isEmpty();
        this.dataDirectory = builder.dataDirectory.isPresent() ? builder.dataDirectory.get() : Files.createTempDirectory("cairn-test-");
        this.certificate = builder.http.tls().map(HttpConfig.Tls::certificate);
        CairnConfig core = CairnConfig.defaults(builder.regions)
                .withHistory(HistoryConfig.defaults().withRetention(builder.historyRetention).withDataEvents(builder.historyDataEvents))
                .withTrails(new TrailConfig(builder.trailsPerRegion, builder.checkBucketPolicy))
                .withDelivery(DeliveryConfig.defaults()
                        .withInterval(builder.deliveryInterval)
                        .withDigests(builder.digestInterval, builder.signingKeyRotation)
                        .withManualDelivery(builder.manualDelivery))
                .withJournal(builder.journal);
        this.server = CairnServer.start(ServerConfig.defaults(dataDirectory)
                .withHttp(builder.http)
                .withCore(core)
                .withRoot(new RootConfig(Optional.of(ROOT_ACCESS_KEY_ID), Optional.of(ROOT_SECRET_ACCESS_KEY), Optional.of(ROOT_PASSWORD)))
                .withS3(builder.s3)
                .withGateway(builder.gateway)
                .withCloudWatchLogs(builder.cloudWatchLogs), builder.clock);
    }

    /** A server with the default settings. */
    public static TestingCairnServer start()
    {
        return builder().start();
    }

    public static Builder builder()
    {
        return new Builder();
    }

    public URI endpoint()
    {
        return URI.create(server.url());
    }

    public int port()
    {
        return server.port();
    }

    public Path dataDirectory()
    {
        return dataDirectory;
    }

    /**
     * Creates a bucket directory (for servers without an S3 endpoint) with a bucket policy that lets CloudTrail write
     * any account's files under any prefix ({@link #cloudTrailPolicy}).
     */
    public Path createBucketDirectory(String bucket)
    {
        Path directory = createBucketDirectoryWithoutPolicy(bucket);
        putBucketPolicy(bucket, cloudTrailPolicy(bucket));
        return directory;
    }

    /**
     * A bucket policy that lets {@code cloudtrail.amazonaws.com} read the bucket's ACL and write anywhere in it (what
     * {@code cairn create-bucket} writes is narrower: under {@code [prefix/]AWSLogs/}).
     */
    public static String cloudTrailPolicy(String bucket)
    {
        return BucketPolicies.cloudTrail(bucket, List.of("arn:aws:s3:::" + bucket + "/*"));
    }

    /** A bucket directory with no policy: CreateTrail refuses it, as AWS refuses such a bucket. */
    public Path createBucketDirectoryWithoutPolicy(String bucket)
    {
        try {
            return new LocalBucketStore(server.config().bucketDirectory()).createBucket(bucket);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a bucket directory's policy. */
    public void putBucketPolicy(String bucket, String policy)
    {
        putBucketPolicy(server.config().bucketDirectory(), bucket, policy);
    }

    /**
     * Creates a bucket directory with {@link #cloudTrailPolicy} for a server in its own process (a {@link CairnProcess}),
     * under its data directory.
     */
    public static Path createBucketDirectory(Path dataDirectory, String bucket)
    {
        Path buckets = dataDirectory.resolve("buckets");
        try {
            Path directory = new LocalBucketStore(buckets).createBucket(bucket);
            putBucketPolicy(buckets, bucket, cloudTrailPolicy(bucket));
            return directory;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putBucketPolicy(Path buckets, String bucket, String policy)
    {
        try {
            new LocalBucketStore(buckets).putBucketPolicy(bucket, policy);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CairnServer server()
    {
        return server;
    }

    /**
     * One round of delivery, for a server started with {@link Builder#manualDelivery}: runs every trail's delivery
     * that is due by the server's clock (log files, then digests), and returns when they have finished. A failing
     * bucket does not fail the round: it shows in GetTrailStatus, as it would.
     */
    public void deliver()
    {
        try {
            server.cairn().delivery().runDueUnits();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering", e);
        }
    }

    /** The account created on first start. */
    public String accountId()
    {
        try {
            return server.cairn().identities().credential(ROOT_ACCESS_KEY_ID).orElseThrow().principal().accountId();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another account with its own root key, to test isolation between accounts. */
    public Accounts.RootCredentials createAccount()
    {
        try {
            return server.cairn().accounts().create(Optional.empty(), Optional.empty());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AwsCredentialsProvider credentials(String accessKeyId, String secretAccessKey)
    {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    public static AwsCredentialsProvider rootCredentials()
    {
        return credentials(ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY);
    }

    public CloudTrailClient cloudTrail()
    {
        return cloudTrail(rootCredentials(), "us-east-1");
    }

    public CloudTrailClient cloudTrail(AwsCredentialsProvider credentials, String region)
    {
        return CloudTrailClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(httpClient())
                .build();
    }

    public IamClient iam()
    {
        return iam(rootCredentials());
    }

    public IamClient iam(AwsCredentialsProvider credentials)
    {
        return IamClient.builder()
                .endpointOverride(endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .httpClient(httpClient())
                .build();
    }

    public StsClient sts(AwsCredentialsProvider credentials)
    {
        return StsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(httpClient())
                .build();
    }

    /** The SDK clients' HTTP client: over HTTPS, one that trusts the server's certificate. */
    private SdkHttpClient httpClient()
    {
        if (certificate.isEmpty()) {
            return UrlConnectionHttpClient.create();
        }
        return UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> TestingCertificate.trustManagers(certificate.get())).build();
    }

    /** Organizations is global: its requests are signed for us-east-1, as the SDK signs them for AWS. */
    public OrganizationsClient organizations(AwsCredentialsProvider credentials)
    {
        return OrganizationsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(httpClient())
                .build();
    }

    @Override
    public void close()
    {
        server.close();
        if (ownsDirectory) {
            deleteRecursively(dataDirectory);
        }
    }

    public static void deleteRecursively(Path directory)
    {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder
    {
        private Optional<Path> dataDirectory = Optional.empty();
        private List<String> regions = REGIONS;
        private Duration historyRetention = Duration.ofDays(90);
        private boolean historyDataEvents;
        private Optional<GatewayConfig> gateway = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private Duration deliveryInterval = Duration.ofSeconds(1);
        private int trailsPerRegion = 5;
        private Optional<S3BucketStore.Settings> s3 = Optional.empty();
        private Optional<CloudWatchLogsTarget.Settings> cloudWatchLogs = Optional.empty();
        private Duration digestInterval = Duration.ofHours(1);
        private Duration signingKeyRotation = Duration.ofDays(30);
        private boolean checkBucketPolicy = true;
        private boolean manualDelivery;
        private JournalConfig journal = JournalConfig.defaults();
        private HttpConfig http = HttpConfig.defaults().withAddress("127.0.0.1", 0);

        private Builder() {}

        /** Whether CreateTrail and UpdateTrail check bucket policies (as AWS does; {@code --skip-bucket-policy-check}). */
        public Builder checkBucketPolicy(boolean check)
        {
            this.checkBucketPolicy = check;
            return this;
        }

        public Builder journal(JournalConfig config)
        {
            this.journal = config;
            return this;
        }

        /** HTTPS with this certificate and key. */
        public Builder tls(HttpConfig.Tls tls)
        {
            this.http = http.withTls(Optional.of(tls));
            return this;
        }

        public Builder trustedProxies(List<String> proxies)
        {
            this.http = http.withTrustedProxies(proxies);
            return this;
        }

        public Builder digestInterval(Duration interval)
        {
            this.digestInterval = interval;
            return this;
        }

        public Builder signingKeyRotation(Duration rotation)
        {
            this.signingKeyRotation = rotation;
            return this;
        }

        /** Tests deliver every second unless told otherwise. */
        public Builder deliveryInterval(Duration interval)
        {
            this.deliveryInterval = interval;
            return this;
        }

        /**
         * No background delivery: the test steps it with {@link TestingCairnServer#deliver}, usually after advancing
         * a {@link TestingClock} given to {@link #clock(Clock)} past the delivery (or digest) interval.
         */
        public Builder manualDelivery()
        {
            this.manualDelivery = true;
            return this;
        }

        public Builder trailsPerRegion(int trails)
        {
            this.trailsPerRegion = trails;
            return this;
        }

        /** Deliver to this S3 endpoint instead of bucket directories. */
        public Builder s3(S3BucketStore.Settings settings)
        {
            this.s3 = Optional.of(settings);
            return this;
        }

        /** Where clients and SNS subscribers reach the server ({@code --public-url}). */
        public Builder publicUrl(java.net.URI url)
        {
            this.http = http.withPublicUrl(Optional.of(url));
            return this;
        }

        /** Send trails' log group events to this external CloudWatch Logs service ({@code --cloudwatch-logs-endpoint}). */
        public Builder cloudWatchLogs(CloudWatchLogsTarget.Settings settings)
        {
            this.cloudWatchLogs = Optional.of(settings);
            return this;
        }

        /** Use (and keep) this data directory, e.g. to restart over the same data. */
        public Builder dataDirectory(Path directory)
        {
            this.dataDirectory = Optional.of(directory);
            return this;
        }

        public Builder regions(List<String> newRegions)
        {
            this.regions = List.copyOf(newRegions);
            return this;
        }

        public Builder historyRetention(Duration retention)
        {
            this.historyRetention = retention;
            return this;
        }

        /** Keep data events in event history too ({@code --history-data-events}). */
        /** Run the S3 gateway (on a free port) in front of an upstream S3 server. */
        public Builder gateway(GatewayConfig config)
        {
            this.gateway = Optional.of(config);
            return this;
        }

        public Builder historyDataEvents(boolean include)
        {
            this.historyDataEvents = include;
            return this;
        }

        public Builder clock(Clock newClock)
        {
            this.clock = newClock;
            return this;
        }

        public TestingCairnServer start()
        {
            try {
                return new TestingCairnServer(this);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
