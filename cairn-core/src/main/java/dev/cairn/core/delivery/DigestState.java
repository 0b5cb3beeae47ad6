package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.digest.DigestLink;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where one trail's digest chain stands in one region. Stored durably at each step (in {@link DeliveryRepository}).
 *
 * @param lastEnd the end of the last digest, or the start of a new chain; empty before the first
 * @param previous the last digest of the open chain; empty at a chain start (after validation was enabled again, or
 *         logging stopped)
 * @param pending a digest signed but not yet known to be written: after a crash the same bytes are written again
 * @param finalDelivered whether the chain was closed by the digest written when logging stopped
 */
public record DigestState(
        Optional<Instant> lastEnd,
        Optional<DigestLink> previous,
        Optional<PendingDigest> pending,
        Optional<Instant> latestDeliveryTime,
        Optional<String> latestDeliveryError,
        boolean finalDelivered)
{
    public static final DigestState INITIAL = new DigestState(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

    public DigestState
    {
        requireNonNull(lastEnd, "lastEnd is null");
        requireNonNull(previous, "previous is null");
        requireNonNull(pending, "pending is null");
        requireNonNull(latestDeliveryTime, "latestDeliveryTime is null");
        requireNonNull(latestDeliveryError, "latestDeliveryError is null");
    }

    /** A new chain starting at {@code start}. */
    public DigestState startChain(Instant start)
    {
        return new DigestState(Optional.of(start), Optional.empty(), Optional.empty(), latestDeliveryTime, latestDeliveryError, false);
    }

    /** Validation was turned off: no chain until it is turned on again. */
    public DigestState breakChain()
    {
        return new DigestState(Optional.empty(), Optional.empty(), Optional.empty(), latestDeliveryTime, latestDeliveryError, false);
    }

    public DigestState withPending(PendingDigest digest)
    {
        return new DigestState(lastEnd, previous, Optional.of(digest), latestDeliveryTime, latestDeliveryError, finalDelivered);
    }

    public DigestState delivered(PendingDigest digest, Instant now)
    {
        Optional<DigestLink> link = digest.closesChain() ? Optional.empty() : Optional.of(new DigestLink(digest.bucket(), digest.key(), digest.hashValue(), digest.signature()));
        return new DigestState(Optional.of(digest.end()), link, Optional.empty(), Optional.of(now), Optional.empty(), digest.closesChain());
    }

    public DigestState failed(String error)
    {
        return new DigestState(lastEnd, previous, pending, latestDeliveryTime, Optional.of(error), finalDelivered);
    }

    /**
     * @param content the uncompressed digest JSON exactly as signed
     * @param logKeys the delivered-log documents the digest lists, removed once it is written
     * @param closesChain whether this is the digest written when logging stopped
     */
    public record PendingDigest(String bucket, String key, byte[] content, String hashValue, String signature, Instant end, List<String> logKeys, boolean closesChain)
    {
        public PendingDigest
        {
            requireNonNull(bucket, "bucket is null");
            requireNonNull(key, "key is null");
            requireNonNull(content, "content is null");
            requireNonNull(hashValue, "hashValue is null");
            requireNonNull(signature, "signature is null");
            requireNonNull(end, "end is null");
            logKeys = List.copyOf(logKeys);
        }
    }
}
