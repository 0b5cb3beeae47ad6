package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnConfig;
import dev.cairn.core.NodeConfig;
import dev.cairn.server.s3.GatewayConfig;
import dev.cairn.store.postgres.PostgresUrl;
import dev.cairn.target.logs.CloudWatchLogsTarget;
import dev.cairn.target.s3.S3BucketStore;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run a Cairn server: each component's config, with its defaults ({@link #defaults}).
 *
 * @param dataDirectory where the embedded store keeps its files, and bucket directories live
 * @param s3 where trails deliver; empty: bucket directories under {@code <dataDirectory>/buckets}
 * @param postgres the PostgreSQL store shared by several nodes; empty: the embedded store under the data directory
 * @param gateway the S3 gateway's settings; empty: no gateway
 * @param cloudWatchLogs an external CloudWatch Logs service trails' log group events go to; empty: Cairn's own log groups
 */
public record ServerConfig(
        HttpConfig http,
        Path dataDirectory,
        CairnConfig core,
        RootConfig root,
        Optional<S3BucketStore.Settings> s3,
        Optional<PostgresUrl> postgres,
        NodeConfig node,
        Optional<GatewayConfig> gateway,
        Optional<CloudWatchLogsTarget.Settings> cloudWatchLogs)
{
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("./cairn-data");

    public ServerConfig
    {
        requireNonNull(http, "http is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(core, "core is null");
        requireNonNull(root, "root is null");
        requireNonNull(s3, "s3 is null");
        requireNonNull(postgres, "postgres is null");
        requireNonNull(node, "node is null");
        requireNonNull(gateway, "gateway is null");
        requireNonNull(cloudWatchLogs, "cloudWatchLogs is null");
    }

    /** The defaults of every component, over this data directory. */
    public static ServerConfig defaults(Path dataDirectory)
    {
        return new ServerConfig(HttpConfig.defaults(), dataDirectory, CairnConfig.defaults(CairnConfig.DEFAULT_REGIONS), RootConfig.generated(), Optional.empty(),
                Optional.empty(), NodeConfig.single(), Optional.empty(), Optional.empty());
    }

    public ServerConfig withHttp(HttpConfig newHttp)
    {
        return new ServerConfig(newHttp, dataDirectory, core, root, s3, postgres, node, gateway, cloudWatchLogs);
    }

    public ServerConfig withCore(CairnConfig newCore)
    {
        return new ServerConfig(http, dataDirectory, newCore, root, s3, postgres, node, gateway, cloudWatchLogs);
    }

    public ServerConfig withRoot(RootConfig newRoot)
    {
        return new ServerConfig(http, dataDirectory, core, newRoot, s3, postgres, node, gateway, cloudWatchLogs);
    }

    public ServerConfig withS3(Optional<S3BucketStore.Settings> newS3)
    {
        return new ServerConfig(http, dataDirectory, core, root, newS3, postgres, node, gateway, cloudWatchLogs);
    }

    public ServerConfig withStore(Optional<PostgresUrl> newPostgres, NodeConfig newNode)
    {
        return new ServerConfig(http, dataDirectory, core, root, s3, newPostgres, newNode, gateway, cloudWatchLogs);
    }

    public ServerConfig withGateway(Optional<GatewayConfig> newGateway)
    {
        return new ServerConfig(http, dataDirectory, core, root, s3, postgres, node, newGateway, cloudWatchLogs);
    }

    public ServerConfig withCloudWatchLogs(Optional<CloudWatchLogsTarget.Settings> newCloudWatchLogs)
    {
        return new ServerConfig(http, dataDirectory, core, root, s3, postgres, node, gateway, newCloudWatchLogs);
    }

    /** Where the Lake keeps event data stores' Parquet files and queries' results. */
    public Path lakeDirectory()
    {
        return dataDirectory.resolve("lake");
    }

    /** Where bucket directories are when there is no S3 endpoint. */
    public Path bucketDirectory()
    {
        return dataDirectory.resolve("buckets");
    }

    @Override
    public String toString()
    {
        // no secret reaches logs: the root config and the store URL print without them
        return "ServerConfig{" + http + ", dataDirectory=" + dataDirectory + ", " + core + ", " + root + ", delivery to "
                + s3.map(Object::toString).orElse("bucket directories") + ", store " + postgres.map(Object::toString).orElse("embedded") + ", node " + node.nodeId() + gateway.map(settings -> ", " + settings).orElse("")
                + cloudWatchLogs.map(settings -> ", trails' log groups at " + settings).orElse("") + "}";
    }
}
