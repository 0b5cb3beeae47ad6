package dev.cairn.core.lease;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Background work that one node at a time must do (a trail's delivery from a region with its digests, history
 * indexing, retention, journal trimming) is claimed with a lease: a metadata document naming the owner node and when
 * the claim expires. The owner renews it while it works; when a node dies, another takes the work once the lease
 * expires. With the embedded store there is one node, which always wins.
 *
 * <p>Leases are taken and renewed in journal transactions: the store reads a lease document for update there, so two
 * nodes never both win. Expiry is compared with each node's clock: nodes must keep their clocks synchronized (NTP)
 * to well within the lease duration. Work that must not continue after its lease was lost checks
 * {@link #requireHeld} in the same transaction as the change it makes (a fencing check).
 *
 * <p>Thread-safe.
 */
public final class Leases
{
    static final String KIND = "cairn.lease";
    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final Store store;
    private final JournalWriter journal;
    private final Clock clock;
    private final String node;
    private final Duration duration;
    /** Leases this node holds, with when they expire. */
    private final Map<String, Instant> held = new ConcurrentHashMap<>();

    public Leases(Store store, JournalWriter journal, Clock clock, String node, Duration duration)
    {
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.node = requireNonNull(node, "node is null");
        this.duration = requireNonNull(duration, "duration is null");
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a lease lasts at least a second");
        }
    }

    /** The stored claim. */
    record Lease(@JsonProperty("owner") String owner, @JsonProperty("expires") Instant expires) {}

    public String node()
    {
        return node;
    }

    public Duration duration()
    {
        return duration;
    }

    /**
     * Whether this node holds the lease after the call: renews it when a third of its time has passed, takes it when
     * it is free or expired, and otherwise leaves it to its owner. Cheap when nothing changes (no transaction).
     */
    public boolean tryAcquire(String name)
            throws IOException
    {
        Instant now = clock.instant();
        Instant expires = held.get(name);
        if (expires != null && now.isBefore(expires.minus(duration.multipliedBy(2).dividedBy(3)))) {
            return true;
        }
        if (expires == null) {
            // look before writing: a lease another node holds is left alone without a transaction
            Optional<Lease> current = store.read(reader -> read(reader, name));
            if (current.isPresent() && !current.get().owner().equals(node) && now.isBefore(current.get().expires())) {
                return false;
            }
        }
        Instant until = now.plus(duration);
        boolean won = journal.applyUnrecorded("take the lease " + name, metadata -> {
            Optional<Lease> current = read(metadata, name);
            Instant at = clock.instant();
            byte[] claim = Json.mapper().writeValueAsBytes(new Lease(node, until));
            if (current.isEmpty()) {
                return metadata.insert(KIND, "", name, claim);
            }
            if (!current.get().owner().equals(node) && at.isBefore(current.get().expires())) {
                return false;
            }
            metadata.put(KIND, "", name, claim);
            return true;
        }, WRITE_TIMEOUT);
        if (won) {
            if (expires == null) {
                log.info("node {} took the lease {}", node, name);
            }
            held.put(name, until);
        }
        else if (expires != null) {
            log.warn("node {} lost the lease {} to another node", node, name);
            held.remove(name);
        }
        return won;
    }

    /** Whether this node holds the lease now, as far as it knows (without asking the store). */
    public boolean holds(String name)
    {
        Instant expires = held.get(name);
        return expires != null && clock.instant().isBefore(expires);
    }

    /**
     * Inside a write transaction: fails ({@link CairnException}, service unavailable) unless this node still holds the lease, so that a node that lost it (paused
     * past its expiry, say) changes nothing its successor owns.
     */
    public void requireHeld(MetadataWriter metadata, String name)
            throws IOException
    {
        Optional<Lease> current = read(metadata, name);
        if (current.isEmpty() || !current.get().owner().equals(node) || !clock.instant().isBefore(current.get().expires())) {
            held.remove(name);
            // a CairnException: the journal writer undoes this change alone, quietly
            throw new CairnException(ErrorCode.SERVICE_UNAVAILABLE,
                    "node " + node + " no longer holds the lease " + name + current.map(lease -> " (held by " + lease.owner() + ")").orElse(""));
        }
    }

    /** Gives the lease up (at shutdown), so another node takes the work at once. */
    public void release(String name)
    {
        if (held.remove(name) == null) {
            return;
        }
        try {
            journal.applyUnrecorded("release the lease " + name, metadata -> {
                Optional<Lease> current = read(metadata, name);
                if (current.isPresent() && current.get().owner().equals(node)) {
                    metadata.delete(KIND, "", name);
                }
                return null;
            }, WRITE_TIMEOUT);
        }
        catch (IOException e) {
            log.warn("cannot release the lease {}: {}", name, e.getMessage());
        }
    }

    /** Releases every lease this node holds. */
    public void releaseAll()
    {
        for (String name : held.keySet()) {
            release(name);
        }
    }

    private static Optional<Lease> read(MetadataReader reader, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(KIND, "", name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(Json.mapper().readValue(bytes.get(), Lease.class));
    }
}
