package dev.cairn.core;

import dev.cairn.core.secrets.MasterKey;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * What distinguishes one Cairn node among several sharing a store.
 *
 * @param nodeId names this node in leases and logs; unique among the nodes
 * @param leaseDuration how long a claim on background work lasts without renewal: a dead node's work moves to another
 *         node within this time
 * @param masterKey encrypts the secrets in the store (access keys' secrets, digest signing keys' private halves):
 *         the one given with {@code --master-key-file}; empty until the server reads or makes the embedded store's own
 *         ({@code master.key} in the data directory). {@link Cairn} needs one.
 */
public record NodeConfig(String nodeId, Duration leaseDuration, Optional<MasterKey> masterKey)
{
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);
    public static final Duration MINIMUM_LEASE_DURATION = Duration.ofSeconds(1);

    public NodeConfig
    {
        requireNonNull(nodeId, "nodeId is null");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId is blank");
        }
        requireNonNull(leaseDuration, "leaseDuration is null");
        if (leaseDuration.compareTo(MINIMUM_LEASE_DURATION) < 0) {
            throw new IllegalArgumentException("leaseDuration must be at least 1s");
        }
        requireNonNull(masterKey, "masterKey is null");
    }

    public NodeConfig withMasterKey(MasterKey newMasterKey)
    {
        return new NodeConfig(nodeId, leaseDuration, Optional.of(newMasterKey));
    }

    /** The id of the one node of an embedded store. */
    public static final String EMBEDDED_NODE_ID = "embedded";

    /**
     * The only node of an embedded store, with the default lease and no master key yet. Its id is fixed: restarted, it
     * is the owner of the leases it held before, and goes on at once.
     */
    public static NodeConfig single()
    {
        return new NodeConfig(EMBEDDED_NODE_ID, DEFAULT_LEASE_DURATION, Optional.empty());
    }

    /**
     * For a node of a shared store: the host name, the process id and a random suffix. Each start is a new owner, so
     * two processes can never both believe they hold a lease; a restarted node's old leases pass to whichever node
     * takes them when they expire.
     */
    public static String defaultNodeId()
    {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
