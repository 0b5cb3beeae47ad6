package dev.cairn.cli;

import dev.cairn.core.Cairn;
import dev.cairn.core.CairnConfig;
import dev.cairn.core.NodeConfig;
import dev.cairn.core.digest.MasterKey;
import dev.cairn.core.iam.Passwords;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerConfig;
import dev.cairn.store.postgres.PostgresUrl;
import dev.cairn.target.s3.S3BucketStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--port", defaultValue = "4747", paramLabel = "PORT", description = "Port to listen on; 0 picks a free port and logs it. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--data-dir", defaultValue = "./cairn-data", paramLabel = "DIR", description = "Directory of the embedded store. Default: ${DEFAULT-VALUE}.")
    Path dataDirectory;

    @Option(names = "--store", paramLabel = "URL",
            description = "Where Cairn keeps its state. Default: the embedded store in --data-dir. postgresql://user:password@host:5432/database: a PostgreSQL "
                    + "database shared by several Cairn nodes (needs --master-key-file; prefer CAIRN_STORE, as the URL holds a password).")
    String storeUrl;

    @Option(names = "--master-key-file", paramLabel = "FILE",
            description = "File holding the key that encrypts digest signing keys in the store (32 random bytes as base64: openssl rand -base64 32). "
                    + "Required with a PostgreSQL store; every node needs the same file.")
    Path masterKeyFile;

    @Option(names = "--node-id", paramLabel = "NAME", description = "This node's name among several sharing a store, in leases and logs; unique among the running nodes. "
            + "Default: host name, process id and a random suffix (with the embedded store: embedded).")
    String nodeId;

    @Option(names = "--lease-duration", defaultValue = "30s", paramLabel = "DURATION",
            description = "How long a node's claim on background work (a trail's delivery, indexing, retention) lasts unrenewed: another node takes over "
                    + "the work of a node that died within this time. Default: ${DEFAULT-VALUE}.")
    String leaseDuration;

    @Option(names = "--regions", defaultValue = "us-east-1", paramLabel = "LIST", description = "Comma-separated regions to serve. Default: ${DEFAULT-VALUE}.")
    String regions;

    @Option(names = "--history-retention", defaultValue = "90d", paramLabel = "DURATION", description = "How long events stay in event history (LookupEvents), e.g. 90d, 12h. Default: ${DEFAULT-VALUE}.")
    String historyRetention;

    @Option(names = "--delivery-interval", defaultValue = "5m", paramLabel = "DURATION",
            description = "How often each logging trail writes a log file per region (when there are events), e.g. 5m, 30s; at least 1s. Default: ${DEFAULT-VALUE}.")
    String deliveryInterval;

    @Option(names = "--digest-interval", defaultValue = "1h", paramLabel = "DURATION",
            description = "How often each trail with log file validation writes a signed digest file per region, e.g. 1h; at least 10s. Default: ${DEFAULT-VALUE}.")
    String digestInterval;

    @Option(names = "--signing-key-rotation", defaultValue = "30d", paramLabel = "DURATION",
            description = "How long a region's digest signing key signs before a new one takes over. Default: ${DEFAULT-VALUE}.")
    String signingKeyRotation;

    @Option(names = "--trails-per-region", defaultValue = "5", paramLabel = "N", description = "Most trails (own and shadow) an account may have in a region. Default: ${DEFAULT-VALUE}.")
    int trailsPerRegion;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint trails deliver to (path-style), e.g. http://127.0.0.1:9000. Default: bucket directories under <data-dir>/buckets.")
    String s3Endpoint;

    @Option(names = "--s3-region", defaultValue = "us-east-1", paramLabel = "REGION", description = "Region to sign S3 requests for. Default: ${DEFAULT-VALUE}.")
    String s3Region;

    @Option(names = "--s3-access-key-id", paramLabel = "KEY", description = "Access key for the S3 endpoint; default: the AWS SDK's chain (AWS_ACCESS_KEY_ID, profiles).")
    String s3AccessKeyId;

    @Option(names = "--s3-secret-access-key", paramLabel = "SECRET", description = "Secret for --s3-access-key-id; prefer the environment variable CAIRN_S3_SECRET_ACCESS_KEY.")
    String s3SecretAccessKey;

    private final Map<String, String> environment;
    private final CountDownLatch stopped = new CountDownLatch(1);

    ServeCommand(Map<String, String> environment)
    {
        this.environment = environment;
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
        if (java.nio.file.Files.exists(dataDirectory) && !java.nio.file.Files.isDirectory(dataDirectory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data-dir: " + dataDirectory + " exists and is not a directory");
        }
        Duration retention;
        try {
            retention = Durations.parse(historyRetention);
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--history-retention: " + e.getMessage());
        }
        if (retention.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--history-retention must be longer than 0");
        }
        Duration delivery;
        try {
            delivery = Durations.parse(deliveryInterval);
        }
        catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--delivery-interval: " + e.getMessage());
        }
        if (delivery.compareTo(CairnConfig.MINIMUM_DELIVERY_INTERVAL) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--delivery-interval must be at least 1s, not " + deliveryInterval);
        }
        Duration digests = duration("--digest-interval", digestInterval);
        if (digests.compareTo(CairnConfig.MINIMUM_DIGEST_INTERVAL) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--digest-interval must be at least 10s, not " + digestInterval);
        }
        Duration rotation = duration("--signing-key-rotation", signingKeyRotation);
        if (rotation.compareTo(CairnConfig.MINIMUM_SIGNING_KEY_ROTATION) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--signing-key-rotation must be at least 10s, not " + signingKeyRotation);
        }
        if (trailsPerRegion < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trails-per-region must be at least 1, not " + trailsPerRegion);
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
        return new ServerConfig(bind, port, dataDirectory, List.copyOf(new LinkedHashSet<>(regionList)), retention, rootKey, rootSecret)
                .withDelivery(delivery, trailsPerRegion, s3)
                .withDigests(digests, rotation)
                .withRootPassword(rootPassword)
                .withStore(postgres, node);
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
            throw new CommandLine.ParameterException(spec.commandLine(), "a PostgreSQL store needs --master-key-file, the key that encrypts digest signing keys in the "
                    + "database: make one with: openssl rand -base64 32 > cairn-master.key (and give every node the same file)");
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
        java.net.URI endpoint;
        try {
            endpoint = new java.net.URI(s3Endpoint);
        }
        catch (java.net.URISyntaxException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--s3-endpoint: '" + s3Endpoint + "' is not a URL like http://127.0.0.1:9000");
        }
        if (endpoint.getScheme() == null || !Set.of("http", "https").contains(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--s3-endpoint: '" + s3Endpoint + "' is not a URL like http://127.0.0.1:9000");
        }
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
        CairnServer server = CairnServer.start(serverConfig, Clock.systemUTC());
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
            Cairn.Bootstrap root = server.bootstrap().get();
            if (serverConfig.rootAccessKeyId().isPresent()) {
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
        System.out.println("Cairn is ready: http://" + serverConfig.bindAddress() + ":" + server.port() + "  (aws --endpoint-url http://"
                + ("0.0.0.0".equals(serverConfig.bindAddress()) ? "localhost" : serverConfig.bindAddress()) + ":" + server.port() + " ...)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
