package dev.cairn.server;

import static java.util.Objects.requireNonNull;

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
 */
public record ServerConfig(
        String bindAddress,
        int port,
        Path dataDirectory,
        List<String> regions,
        Duration historyRetention,
        Optional<String> rootAccessKeyId,
        Optional<String> rootSecretAccessKey)
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
    }

    @Override
    public String toString()
    {
        // the root secret never reaches logs
        return "ServerConfig{" + bindAddress + ":" + port + ", dataDirectory=" + dataDirectory + ", regions=" + regions + ", historyRetention=" + historyRetention + "}";
    }
}
