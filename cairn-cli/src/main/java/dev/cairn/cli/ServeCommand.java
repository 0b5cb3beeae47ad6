package dev.cairn.cli;

import dev.cairn.core.Accounts;
import dev.cairn.core.CairnConfig;
import dev.cairn.core.NodeConfig;
import dev.cairn.core.delivery.DeliveryConfig;
import dev.cairn.core.history.HistoryConfig;
import dev.cairn.core.iam.Passwords;
import dev.cairn.core.journal.JournalConfig;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.core.trail.TrailConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.server.HttpConfig;
import dev.cairn.server.RootConfig;
import dev.cairn.server.ServerConfig;
import dev.cairn.server.s3.GatewayConfig;
import dev.cairn.store.postgres.PostgresUrl;
import dev.cairn.target.logs.CloudWatchLogsTarget;
import dev.cairn.target.s3.S3BucketStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
                "Runs Cairn: the AWS-compatible API (CloudTrail, IAM, STS) on one port, with the embedded store.",
                "Every option can also be set as environment variable CAIRN_<NAME> (e.g. CAIRN_DATA_DIR) or in the YAML file given by --config."})
final class ServeCommand
        implements Callable<Integer>
{
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file of option values, keys as option names without dashes (e.g. data-dir: ./cairn-data).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free port and logs it. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the embedded store. Default: ${DEFAULT-VALUE}.")
    Path dataDirectory;

    @Option(names = "--store", paramLabel = "URL",
            description = "Where Cairn keeps its state. Default: the embedded store in --data-dir. postgresql://user:password@host:5432/database: a PostgreSQL "
                    + "database shared by several Cairn nodes (needs --master-key-file; prefer CAIRN_STORE, as the URL holds a password).")
    String storeUrl;

    @Option(names = "--master-key-file", paramLabel = "FILE",
            description = "File holding the key that encrypts the secrets in the store: access keys' secrets and digest signing keys (32 random bytes as base64: "
                    + "openssl rand -base64 32). Required with a PostgreSQL store; every node needs the same file. Default with the embedded store: master.key in "
                    + "--data-dir, made on the first start.")
    Path masterKeyFile;

    @Option(names = "--node-id", paramLabel = "NAME", description = "This node's name among several sharing a store, in leases and logs; unique among the running nodes. "
            + "Default: host name, process id and a random suffix (with the embedded store: embedded).")
    String nodeId;

    @Option(names = "--lease-duration", paramLabel = "DURATION",
            description = "How long a node's claim on background work (a trail's delivery, indexing, retention) lasts unrenewed: another node takes over "
                    + "the work of a node that died within this time. Default: ${DEFAULT-VALUE}.")
    String leaseDuration;

    @Option(names = "--regions", paramLabel = "LIST", description = "Comma-separated regions to serve. Default: ${DEFAULT-VALUE}.")
    String regions;

    @Option(names = "--history-retention", paramLabel = "DURATION", description = "How long events stay in event history (LookupEvents), e.g. 90d, 12h. Default: ${DEFAULT-VALUE}.")
    String historyRetention;

    @Option(names = "--history-data-events",
            description = "Keep data events (S3 object calls) in event history too, searchable by LookupEvents with the management events. AWS's event history "
                    + "has management events only; trails that select data events deliver them either way.")
    boolean historyDataEvents;

    @Option(names = "--delivery-interval", paramLabel = "DURATION",
            description = "How often each logging trail writes a log file per region (when there are events), e.g. 5m, 30s; at least 1s. Default: ${DEFAULT-VALUE}.")
    String deliveryInterval;

    @Option(names = "--digest-interval", paramLabel = "DURATION",
            description = "How often each trail with log file validation writes a signed digest file per region, e.g. 1h; at least 10s. Default: ${DEFAULT-VALUE}.")
    String digestInterval;

    @Option(names = "--signing-key-rotation", paramLabel = "DURATION",
            description = "How long a region's digest signing key signs before a new one takes over. Default: ${DEFAULT-VALUE}.")
    String signingKeyRotation;

    @Option(names = "--max-queued-calls", paramLabel = "N",
            description = "Most calls that may wait to be recorded; more are refused at once with ThrottlingException (which AWS SDKs retry). Default: ${DEFAULT-VALUE}.")
    int maximumQueuedCalls;

    @Option(names = "--trails-per-region", paramLabel = "N", description = "Most trails (own and shadow) an account may have in a region. Default: ${DEFAULT-VALUE}.")
    int trailsPerRegion;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint trails deliver to (path-style), e.g. http://127.0.0.1:9000. Default: bucket directories under <data-dir>/buckets.")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "Region to sign S3 requests for. Default: ${DEFAULT-VALUE}.")
    String s3Region;

    @Option(names = "--s3-access-key-id", paramLabel = "KEY", description = "Access key for the S3 endpoint; default: the AWS SDK's chain (AWS_ACCESS_KEY_ID, profiles).")
    String s3AccessKeyId;

    @Option(names = "--s3-secret-access-key", paramLabel = "SECRET", description = "Secret for --s3-access-key-id; prefer the environment variable CAIRN_S3_SECRET_ACCESS_KEY.")
    String s3SecretAccessKey;

    @Option(names = "--cloudwatch-logs-endpoint", paramLabel = "URL",
            description = "An external CloudWatch-Logs-compatible service (e.g. https://logs.us-east-1.amazonaws.com) that trails' CloudWatchLogsLogGroupArn events are sent to, "
                    + "by name in the ARN's region, instead of Cairn's own log groups. Default: Cairn's own log groups.")
    String cloudWatchLogsEndpoint;

    @Option(names = "--cloudwatch-logs-access-key-id", paramLabel = "KEY",
            description = "Access key for --cloudwatch-logs-endpoint; default: the AWS SDK's chain (AWS_ACCESS_KEY_ID, profiles).")
    String cloudWatchLogsAccessKeyId;

    @Option(names = "--cloudwatch-logs-secret-access-key", paramLabel = "SECRET",
            description = "Secret for --cloudwatch-logs-access-key-id; prefer the environment variable CAIRN_CLOUDWATCH_LOGS_SECRET_ACCESS_KEY.")
    String cloudWatchLogsSecretAccessKey;

    @Option(names = "--s3-gateway-upstream", paramLabel = "URL",
            description = "Run the S3 gateway in front of this S3-compatible server (e.g. http://127.0.0.1:9000): clients sign with Cairn credentials, "
                    + "Cairn authorizes each request with its policies, records it (object calls as data events) and forwards it re-signed. Default: no gateway.")
    String gatewayUpstream;

    @Option(names = "--s3-gateway-port", paramLabel = "PORT", description = "Port of the S3 gateway; 0 picks a free port and logs it. Default: ${DEFAULT-VALUE}.")
    int gatewayPort;

    @Option(names = "--s3-gateway-domain", paramLabel = "DOMAIN",
            description = "Domain of virtual-hosted-style requests to the gateway: bucket.DOMAIN is the bucket. Default: path-style requests only.")
    String gatewayDomain;

    @Option(names = "--s3-gateway-upstream-region", paramLabel = "REGION", description = "Region the gateway signs upstream requests for. Default: ${DEFAULT-VALUE}.")
    String gatewayUpstreamRegion;

    @Option(names = "--s3-gateway-access-key-id", paramLabel = "KEY", description = "The gateway's access key at the upstream (or CAIRN_S3_GATEWAY_ACCESS_KEY_ID).")
    String gatewayAccessKeyId;

    @Option(names = "--s3-gateway-secret-access-key-file", paramLabel = "FILE",
            description = "File holding the secret of --s3-gateway-access-key-id; or set CAIRN_S3_GATEWAY_SECRET_ACCESS_KEY (the secret is never an option value).")
    Path gatewaySecretFile;

    @Option(names = "--skip-bucket-policy-check",
            description = "Let CreateTrail and UpdateTrail use a bucket whose policy does not let cloudtrail.amazonaws.com write to it (AWS refuses such a bucket "
                    + "with InsufficientS3BucketPolicyException).")
    boolean skipBucketPolicyCheck;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate (and chain) for HTTPS: with --tls-key, the port speaks HTTPS (HTTP/1.1 and HTTP/2) "
            + "instead of HTTP, and records carry tlsDetails.")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert (PKCS#8, or RSA PKCS#1).")
    Path tlsKey;

    @Option(names = "--trusted-proxies", paramLabel = "CIDRS",
            description = "Comma-separated addresses or CIDRs of reverse proxies in front of Cairn: from them (only), X-Forwarded-For, X-Forwarded-Proto, "
                    + "X-Forwarded-Host and X-Forwarded-Tls-Version/-Cipher give the client's address, scheme and TLS session. Default: none.")
    String trustedProxies;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "Where clients and SNS subscribers reach Cairn, when not at the bind address and port (behind a reverse proxy, or with --bind 0.0.0.0), "
                    + "e.g. https://cairn.example.com: the base of SNS messages' SubscribeURL, UnsubscribeURL and SigningCertURL. Default: the bind address and port.")
    String publicUrl;

    @Option(names = "--request-body-timeout", paramLabel = "DURATION",
            description = "How long a request body may pause before the call is answered RequestTimeout (which AWS SDKs retry); at least 100ms. Default: ${DEFAULT-VALUE}.")
    String requestBodyTimeout;

    /**
     * The options' defaults, from the components' configs (which hold them): picocli shows them in {@code --help}
     * and uses them when neither the command line, the environment nor the config file gives a value.
     */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("--port", Integer.toString(HttpConfig.DEFAULT_PORT)),
            Map.entry("--bind", HttpConfig.DEFAULT_BIND_ADDRESS),
            Map.entry("--data-dir", ServerConfig.DEFAULT_DATA_DIRECTORY.toString()),
            Map.entry("--lease-duration", Durations.format(NodeConfig.DEFAULT_LEASE_DURATION)),
            Map.entry("--regions", String.join(",", CairnConfig.DEFAULT_REGIONS)),
            Map.entry("--history-retention", Durations.format(HistoryConfig.DEFAULT_RETENTION)),
            Map.entry("--delivery-interval", Durations.format(DeliveryConfig.DEFAULT_INTERVAL)),
            Map.entry("--digest-interval", Durations.format(DeliveryConfig.DEFAULT_DIGEST_INTERVAL)),
            Map.entry("--signing-key-rotation", Durations.format(DeliveryConfig.DEFAULT_SIGNING_KEY_ROTATION)),
            Map.entry("--trails-per-region", Integer.toString(TrailConfig.DEFAULT_TRAILS_PER_REGION)),
            Map.entry("--max-queued-calls", Integer.toString(JournalConfig.DEFAULT_MAXIMUM_QUEUED_CALLS)),
            Map.entry("--request-body-timeout", Durations.format(HttpConfig.DEFAULT_REQUEST_BODY_TIMEOUT)),
            Map.entry("--s3-region", S3BucketStore.Settings.DEFAULT_REGION),
            Map.entry("--s3-gateway-port", Integer.toString(GatewayConfig.DEFAULT_PORT)),
            Map.entry("--s3-gateway-upstream-region", GatewayConfig.DEFAULT_UPSTREAM_REGION));

    /** Starts the server of a valid configuration: the real one, or a test's. */
    @FunctionalInterface
    interface Starter
    {
        CairnServer start(ServerConfig config)
                throws IOException;
    }

    private final Map<String, String> environment;
    private final Starter starter;
    private final CountDownLatch stopped = new CountDownLatch(1);

    ServeCommand(Map<String, String> environment)
    {
        this(environment, config -> CairnServer.start(config, Clock.systemUTC()));
    }

    ServeCommand(Map<String, String> environment, Starter starter)
    {
        this.environment = environment;
        this.starter = starter;
    }

    ServerConfig serverConfig()
    {
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
        List<String> regionList = ConfigSources.splitList(regions);
        if (regionList.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--regions needs at least one region, e.g. us-east-1");
        }
        for (String region : regionList) {
            if (!REGION.matcher(region).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--regions: '" + region + "' is not a region name like us-east-1");
            }
        }
        try {
            java.net.InetAddress.getByName(bind);
        }
        catch (java.net.UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind: '" + bind + "' is not an address or a resolvable host name");
        }
        if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data-dir: " + dataDirectory + " exists and is not a directory");
        }
        Duration retention = duration("--history-retention", historyRetention);
        if (retention.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--history-retention must be longer than 0");
        }
        Duration delivery = duration("--delivery-interval", deliveryInterval);
        if (delivery.compareTo(DeliveryConfig.MINIMUM_INTERVAL) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--delivery-interval must be at least " + Durations.format(DeliveryConfig.MINIMUM_INTERVAL)
                    + ", not " + deliveryInterval);
        }
        Duration digests = duration("--digest-interval", digestInterval);
        if (digests.compareTo(DeliveryConfig.MINIMUM_DIGEST_INTERVAL) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--digest-interval must be at least " + Durations.format(DeliveryConfig.MINIMUM_DIGEST_INTERVAL)
                    + ", not " + digestInterval);
        }
        Duration rotation = duration("--signing-key-rotation", signingKeyRotation);
        if (rotation.compareTo(DeliveryConfig.MINIMUM_SIGNING_KEY_ROTATION) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--signing-key-rotation must be at least "
                    + Durations.format(DeliveryConfig.MINIMUM_SIGNING_KEY_ROTATION) + ", not " + signingKeyRotation);
        }
        if (trailsPerRegion < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trails-per-region must be at least 1, not " + trailsPerRegion);
        }
        if (maximumQueuedCalls < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-queued-calls must be at least 1, not " + maximumQueuedCalls);
        }
        Optional<S3BucketStore.Settings> s3 = s3Settings();
        Optional<String> rootKey = Optional.ofNullable(environment.get("CAIRN_ROOT_ACCESS_KEY_ID")).filter(value -> !value.isEmpty());
        Optional<String> rootSecret = Optional.ofNullable(environment.get("CAIRN_ROOT_SECRET_ACCESS_KEY")).filter(value -> !value.isEmpty());
        if (rootKey.isPresent() != rootSecret.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "set both CAIRN_ROOT_ACCESS_KEY_ID and CAIRN_ROOT_SECRET_ACCESS_KEY, or neither");
        }
        Optional<String> rootPassword = Optional.ofNullable(environment.get("CAIRN_ROOT_PASSWORD")).filter(value -> !value.isEmpty());
        if (rootPassword.isPresent()) {
            Optional<String> violation = Passwords.policyViolation(rootPassword.get());
            if (violation.isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "CAIRN_ROOT_PASSWORD: " + violation.get());
            }
        }
        Optional<PostgresUrl> postgres = postgresStore();
        NodeConfig node = nodeConfig(postgres.isPresent());
        CairnConfig core = new CairnConfig(List.copyOf(new LinkedHashSet<>(regionList)), new JournalConfig(JournalConfig.DEFAULT_BATCH_SIZE, maximumQueuedCalls),
                HistoryConfig.defaults().withRetention(retention).withDataEvents(historyDataEvents),
                new TrailConfig(trailsPerRegion, !skipBucketPolicyCheck),
                DeliveryConfig.defaults().withInterval(delivery).withDigests(digests, rotation));
        return ServerConfig.defaults(dataDirectory)
                .withHttp(httpConfig())
                .withCore(core)
                .withRoot(new RootConfig(rootKey, rootSecret, rootPassword))
                .withS3(s3)
                .withGateway(gatewayConfig())
                .withCloudWatchLogs(cloudWatchLogsSettings())
                .withStore(postgres, node);
    }

    private HttpConfig httpConfig()
    {
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give both --tls-cert and --tls-key, or neither");
        }
        Optional<HttpConfig.Tls> tls = Optional.empty();
        if (tlsCertificate != null) {
            for (Path file : List.of(tlsCertificate, tlsKey)) {
                if (!Files.isReadable(file)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), (file == tlsKey ? "--tls-key: " : "--tls-cert: ") + file + " cannot be read");
                }
            }
            tls = Optional.of(new HttpConfig.Tls(tlsCertificate, tlsKey));
        }
        List<String> proxies = trustedProxies == null ? List.of() : ConfigSources.splitList(trustedProxies);
        HttpConfig http;
        try {
            http = HttpConfig.defaults().withAddress(bind, port).withTls(tls).withTrustedProxies(proxies);
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trusted-proxies: " + e.getMessage());
        }
        try {
            http = http.withRequestBodyTimeout(duration("--request-body-timeout", requestBodyTimeout));
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--request-body-timeout: " + e.getMessage());
        }
        if (publicUrl == null || publicUrl.isEmpty()) {
            return http;
        }
        try {
            return http.withPublicUrl(Optional.of(httpUrl("--public-url", publicUrl, "https://cairn.example.com")));
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--public-url: " + e.getMessage());
        }
    }

    private Optional<PostgresUrl> postgresStore()
    {
        if (storeUrl == null || storeUrl.isBlank()) {
            return Optional.empty();
        }
        if (!PostgresUrl.isPostgres(storeUrl)) {
            // never echo the value: it may hold a password
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--store: expected postgresql://user:password@host:5432/database (or leave it out for the embedded store in --data-dir)");
        }
        try {
            return Optional.of(PostgresUrl.parse(storeUrl));
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        }
    }

    private NodeConfig nodeConfig(boolean shared)
    {
        Duration lease = duration("--lease-duration", leaseDuration);
        if (lease.compareTo(NodeConfig.MINIMUM_LEASE_DURATION) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lease-duration must be at least 1s, not " + leaseDuration);
        }
        Optional<MasterKey> masterKey = Optional.empty();
        if (masterKeyFile != null) {
            try {
                masterKey = Optional.of(MasterKey.read(masterKeyFile));
            }
            catch (java.nio.file.NoSuchFileException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--master-key-file: " + masterKeyFile + " does not exist (make one with: openssl rand -base64 32 > "
                        + masterKeyFile + ")");
            }
            catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--master-key-file: " + e.getMessage());
            }
        }
        else if (shared) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a PostgreSQL store needs --master-key-file, the key that encrypts access keys' secrets and "
                    + "digest signing keys in the database: make one with: openssl rand -base64 32 > cairn-master.key (and give every node the same file)");
        }
        String id = nodeId != null && !nodeId.isBlank() ? nodeId : shared ? NodeConfig.defaultNodeId() : NodeConfig.EMBEDDED_NODE_ID;
        return new NodeConfig(id, lease, masterKey);
    }

    private Duration duration(String option, String text)
    {
        try {
            return Durations.parse(text);
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private Optional<GatewayConfig> gatewayConfig()
    {
        if (gatewayUpstream == null || gatewayUpstream.isEmpty()) {
            if (gatewayAccessKeyId != null || gatewaySecretFile != null || gatewayDomain != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the --s3-gateway-* options need --s3-gateway-upstream");
            }
            return Optional.empty();
        }
        java.net.URI upstream;
        try {
            upstream = new java.net.URI(gatewayUpstream);
        }
        catch (java.net.URISyntaxException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--s3-gateway-upstream: '" + gatewayUpstream + "' is not a URL like http://127.0.0.1:9000");
        }
        if (!REGION.matcher(gatewayUpstreamRegion).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--s3-gateway-upstream-region: '" + gatewayUpstreamRegion + "' is not a region name like us-east-1");
        }
        String key = gatewayAccessKeyId;
        Optional<String> secret = Optional.ofNullable(environment.get("CAIRN_S3_GATEWAY_SECRET_ACCESS_KEY")).filter(value -> !value.isEmpty());
        if (gatewaySecretFile != null) {
            try {
                secret = Optional.of(Files.readString(gatewaySecretFile).strip());
            }
            catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--s3-gateway-secret-access-key-file: " + gatewaySecretFile + " cannot be read: " + e.getMessage());
            }
        }
        if (key == null || key.isEmpty() || secret.isEmpty() || secret.get().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the S3 gateway needs the upstream's access key: --s3-gateway-access-key-id (or "
                    + "CAIRN_S3_GATEWAY_ACCESS_KEY_ID) and its secret in CAIRN_S3_GATEWAY_SECRET_ACCESS_KEY or --s3-gateway-secret-access-key-file");
        }
        Optional<String> domain = Optional.ofNullable(gatewayDomain).filter(value -> !value.isEmpty()).map(value -> value.toLowerCase(java.util.Locale.ROOT));
        try {
            return Optional.of(new GatewayConfig(upstream, gatewayPort, domain, key, secret.get(), gatewayUpstreamRegion));
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--s3-gateway-upstream: " + e.getMessage());
        }
    }

    private Optional<CloudWatchLogsTarget.Settings> cloudWatchLogsSettings()
    {
        Optional<String> key = Optional.ofNullable(cloudWatchLogsAccessKeyId).filter(value -> !value.isEmpty());
        Optional<String> secret = Optional.ofNullable(cloudWatchLogsSecretAccessKey).filter(value -> !value.isEmpty());
        if (cloudWatchLogsEndpoint == null || cloudWatchLogsEndpoint.isEmpty()) {
            if (key.isPresent() || secret.isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cloudwatch-logs-access-key-id and --cloudwatch-logs-secret-access-key need --cloudwatch-logs-endpoint");
            }
            return Optional.empty();
        }
        java.net.URI endpoint = httpUrl("--cloudwatch-logs-endpoint", cloudWatchLogsEndpoint, "https://logs.us-east-1.amazonaws.com");
        if (key.isPresent() != secret.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "set both --cloudwatch-logs-access-key-id and --cloudwatch-logs-secret-access-key (or CAIRN_CLOUDWATCH_LOGS_SECRET_ACCESS_KEY), or neither");
        }
        return Optional.of(new CloudWatchLogsTarget.Settings(endpoint, key, secret));
    }

    /** An http or https URL, or a parameter error naming the option and an example. */
    private java.net.URI httpUrl(String option, String value, String example)
    {
        try {
            java.net.URI url = new java.net.URI(value);
            if (url.getScheme() != null && Set.of("http", "https").contains(url.getScheme()) && url.getHost() != null) {
                return url;
            }
        }
        catch (java.net.URISyntaxException e) {
            // answered below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + value + "' is not a URL like " + example);
    }

    private Optional<S3BucketStore.Settings> s3Settings()
    {
        Optional<String> key = Optional.ofNullable(s3AccessKeyId).filter(value -> !value.isEmpty());
        Optional<String> secret = Optional.ofNullable(s3SecretAccessKey).filter(value -> !value.isEmpty());
        if (s3Endpoint == null || s3Endpoint.isEmpty()) {
            if (key.isPresent() || secret.isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--s3-access-key-id and --s3-secret-access-key need --s3-endpoint");
            }
            return Optional.empty();
        }
        java.net.URI endpoint = httpUrl("--s3-endpoint", s3Endpoint, "http://127.0.0.1:9000");
        if (!REGION.matcher(s3Region).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--s3-region: '" + s3Region + "' is not a region name like us-east-1");
        }
        if (key.isPresent() != secret.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "set both --s3-access-key-id and --s3-secret-access-key (or CAIRN_S3_SECRET_ACCESS_KEY), or neither");
        }
        return Optional.of(new S3BucketStore.Settings(endpoint, s3Region, key, secret));
    }

    @Override
    public Integer call()
            throws Exception
    {
        ServerConfig serverConfig = serverConfig();
        CairnServer server = starter.start(serverConfig);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
            System.out.flush();
            System.err.flush();
            // a clean stop on SIGTERM exits 0 (the JVM would report 143), as service managers expect
            Runtime.getRuntime().halt(0);
        }, "cairn-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (server.bootstrap().isPresent()) {
            Accounts.RootCredentials root = server.bootstrap().get();
            if (serverConfig.root().accessKeyId().isPresent()) {
                // the operator chose the key: never echo a secret we were given
                System.out.println("Created account " + root.accountId() + " with the root access key " + root.accessKeyId() + " from CAIRN_ROOT_ACCESS_KEY_ID.");
            }
            else {
                Path file = serverConfig.dataDirectory().resolve(CairnServer.ROOT_CREDENTIALS_FILE).toAbsolutePath();
                System.out.println("Created account " + root.accountId() + ". Its root user's access key (shown once; also saved to " + file + "):");
                System.out.println("  export AWS_ACCESS_KEY_ID=" + root.accessKeyId());
                System.out.println("  export AWS_SECRET_ACCESS_KEY=" + root.secretAccessKey());
            }
        }
        if (server.generatedRootPassword().isPresent()) {
            Path file = serverConfig.dataDirectory().resolve(CairnServer.ROOT_PASSWORD_FILE).toAbsolutePath();
            System.out.println("The root user's console password (shown once; also saved to " + file + "; set CAIRN_ROOT_PASSWORD to choose it):");
            System.out.println("  " + server.generatedRootPassword().get());
        }
        String scheme = serverConfig.http().scheme();
        String bound = serverConfig.http().bindAddress();
        System.out.println("Cairn is ready: " + server.url() + "  (aws --endpoint-url " + scheme + "://" + ("0.0.0.0".equals(bound) ? "localhost" : bound) + ":"
                + server.port() + " ...)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
