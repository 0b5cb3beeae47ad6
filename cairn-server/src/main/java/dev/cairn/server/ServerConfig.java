package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnConfig;
import dev.cairn.core.NodeConfig;
import dev.cairn.store.postgres.PostgresUrl;
import dev.cairn.target.s3.S3BucketStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run a Cairn server.
 *
 * @param bindAddress the address to listen on
 * @param port the port; 0 picks a free one
 * @param dataDirectory where the embedded store keeps its files
 * @param regions the regions served
 * @param historyRetention how long events stay in event history
 * @param rootAccessKeyId with {@code rootSecretAccessKey}: the first account's root key, used on first start only
 * @param deliveryInterval how often trails cut log files
 * @param trailsPerRegion the most trails an account may have in a region
 * @param s3 where trails deliver; empty: bucket directories under {@code <dataDirectory>/buckets}
 * @param digestInterval how often trails with log file validation write digests
 * @param signingKeyRotation how long a digest signing key signs before the next takes over
 * @param rootPassword the first account's root user's console password, set at every start; empty: one is generated
 *         when the root user has none
 */
public record ServerConfig(
        String bindAddress,
        int port,
        Path dataDirectory,
        List<String> regions,
        Duration historyRetention,
        Optional<String> rootAccessKeyId,
        Optional<String> rootSecretAccessKey,
        Duration deliveryInterval,
        int trailsPerRegion,
        Optional<S3BucketStore.Settings> s3,
        Duration digestInterval,
        Duration signingKeyRotation,
        Optional<String> rootPassword,
        Optional<PostgresUrl> postgres,
        NodeConfig node)
{
    public static final int DEFAULT_PORT = 4747;
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    public ServerConfig
    {
        requireNonNull(bindAddress, "bindAddress is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        requireNonNull(dataDirectory, "dataDirectory is null");
        regions = List.copyOf(regions);
        requireNonNull(historyRetention, "historyRetention is null");
        requireNonNull(rootAccessKeyId, "rootAccessKeyId is null");
        requireNonNull(rootSecretAccessKey, "rootSecretAccessKey is null");
        requireNonNull(deliveryInterval, "deliveryInterval is null");
        requireNonNull(s3, "s3 is null");
        requireNonNull(digestInterval, "digestInterval is null");
        requireNonNull(signingKeyRotation, "signingKeyRotation is null");
        requireNonNull(rootPassword, "rootPassword is null");
        requireNonNull(postgres, "postgres is null");
        requireNonNull(node, "node is null");
    }

    public ServerConfig(String bindAddress, int port, Path dataDirectory, List<String> regions, Duration historyRetention,
            Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey)
    {
        this(bindAddress, port, dataDirectory, regions, historyRetention, rootAccessKeyId, rootSecretAccessKey,
                CairnConfig.DEFAULT_DELIVERY_INTERVAL, CairnConfig.DEFAULT_TRAILS_PER_REGION, Optional.empty(), CairnConfig.DEFAULT_DIGEST_INTERVAL,
                CairnConfig.DEFAULT_SIGNING_KEY_ROTATION, Optional.empty(), Optional.empty(), NodeConfig.single());
    }

    public ServerConfig withDelivery(Duration interval, int trails, Optional<S3BucketStore.Settings> s3Settings)
    {
        return new ServerConfig(bindAddress, port, dataDirectory, regions, historyRetention, rootAccessKeyId, rootSecretAccessKey, interval, trails, s3Settings,
                digestInterval, signingKeyRotation, rootPassword, postgres, node);
    }

    public ServerConfig withDigests(Duration interval, Duration rotation)
    {
        return new ServerConfig(bindAddress, port, dataDirectory, regions, historyRetention, rootAccessKeyId, rootSecretAccessKey, deliveryInterval, trailsPerRegion, s3,
                interval, rotation, rootPassword, postgres, node);
    }

    public ServerConfig withRootPassword(Optional<String> password)
    {
        return new ServerConfig(bindAddress, port, dataDirectory, regions, historyRetention, rootAccessKeyId, rootSecretAccessKey, deliveryInterval, trailsPerRegion, s3,
                digestInterval, signingKeyRotation, password, postgres, node);
    }

    /**
     * @param postgresStore the PostgreSQL store shared by several nodes; empty: the embedded store under the data
     *         directory
     */
    public ServerConfig withStore(Optional<PostgresUrl> postgresStore, NodeConfig nodeConfig)
    {
        return new ServerConfig(bindAddress, port, dataDirectory, regions, historyRetention, rootAccessKeyId, rootSecretAccessKey, deliveryInterval, trailsPerRegion, s3,
                digestInterval, signingKeyRotation, rootPassword, postgresStore, nodeConfig);
    }

    /** Where bucket directories are when there is no S3 endpoint. */
    public Path bucketDirectory()
    {
        return dataDirectory.resolve("buckets");
    }

    @Override
    public String toString()
    {
        // the root secret never reaches logs
        return "ServerConfig{" + bindAddress + ":" + port + ", dataDirectory=" + dataDirectory + ", regions=" + regions + ", historyRetention=" + historyRetention
                + ", deliveryInterval=" + deliveryInterval + ", trailsPerRegion=" + trailsPerRegion + ", digestInterval=" + digestInterval + ", delivery to " + s3.map(Object::toString).orElse("bucket directories")
                + ", store " + postgres.map(Object::toString).orElse("embedded") + ", node " + node.nodeId() + "}";
    }
}
