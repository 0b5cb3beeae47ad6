package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.digest.DeliveredLog;
import dev.cairn.core.digest.DigestFiles;
import dev.cairn.core.digest.SigningKey;
import dev.cairn.core.digest.SigningKeys;
import dev.cairn.core.trail.Trail;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one trail's digest files from one region: every digest interval while the trail logs with log file
 * validation, a digest listing the log files written since the previous one, chained to it and signed with the
 * region's current key; and, when logging stops, the digest that closes the chain (after a log scan past the stop,
 * so that it lists the last files). A digest is first stored as pending with its bytes and signature, then written;
 * after a crash the same bytes are written again. Used by one thread at a time.
 */
final class DigestWriter
{
    private static final Logger log = LoggerFactory.getLogger(DigestWriter.class);

    private final String region;
    private final Store store;
    /** Whose digest chain: the trail's own account, or for an organization trail one of its member accounts. */
    private final String account;
    private final BucketStore buckets;
    private final SigningKeys signingKeys;
    private final Clock clock;
    private final Duration interval;
    private final FencedUpdates updates;
    private final DeliveryCounters counters;
    private volatile DigestState state;

    DigestWriter(String region, String account, Store store, BucketStore buckets, SigningKeys signingKeys, Clock clock, Duration interval, FencedUpdates updates,
            DeliveryCounters counters)
    {
        this.region = requireNonNull(region, "region is null");
        this.account = requireNonNull(account, "account is null");
        this.store = requireNonNull(store, "store is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.signingKeys = requireNonNull(signingKeys, "signingKeys is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.updates = requireNonNull(updates, "updates is null");
        this.counters = requireNonNull(counters, "counters is null");
    }

    /** The state as this node last knew it; empty before the first run (or after {@link #forget}). */
    Optional<DigestState> state()
    {
        return Optional.ofNullable(state);
    }

    /** Reads the state from the store again at the next run: another node may have moved it. */
    void forget()
    {
        state = null;
    }

    /**
     * Writes the digest that is due (or the one left pending by a crash); returns false when a write failed.
     *
     * @param lastLogScan when the unit last scanned the journal for log files: the closing digest waits for a scan
     *         after logging stopped
     */
    boolean write(Trail current, Instant lastLogScan)
            throws IOException
    {
        if (state == null) {
            state = store.read(reader -> new DeliveryRepository(reader).digestState(current, region, account)).orElse(DigestState.INITIAL);
        }
        if (state.pending().isPresent()) {
            if (!put(current, state.pending().get())) {
                return false;
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!current.logFileValidationEnabled()) {
            if (state.lastEnd().isPresent()) {
                // validation off: the chain breaks, and the next digest after it is turned on again starts a new one
                save(current, state.breakChain());
            }
            return true;
        }
        if (current.logging() && (state.lastEnd().isEmpty() || state.finalDelivered())) {
            // the first digest, or the first after logging stopped or validation was turned off: a new chain
            save(current, state.startChain(now));
            return true;
        }
        if (state.lastEnd().isEmpty()) {
            return true;
        }
        Instant lastEnd = state.lastEnd().get();
        boolean closing = !current.logging() && !state.finalDelivered()
                && current.stopLoggingTime().map(stop -> lastLogScan.isAfter(stop.plusSeconds(1))).orElse(true);
        boolean due = current.logging() && !now.isBefore(lastEnd.plus(interval));
        if ((!due && !closing) || !now.isAfter(lastEnd)) {
            return true;
        }
        List<Map.Entry<String, DeliveredLog>> logs = store.read(reader -> new DeliveryRepository(reader).deliveredLogs(current, region, account));
        SigningKey key = signingKeys.current(region);
        String digestKey = DigestFiles.key(current.s3KeyPrefix(), current.organizationId(), account, current.name(), current.homeRegion(), region, now);
        byte[] content = DigestFiles.content(account, lastEnd, now, current.s3BucketName(), digestKey, key.fingerprint(), state.previous(),
                logs.stream().map(Map.Entry::getValue).toList());
        String hash = DigestFiles.sha256(content);
        String signature = key.sign(DigestFiles.stringToSign(now, current.s3BucketName(), digestKey, hash, state.previous().map(link -> link.signature())));
        DigestState.PendingDigest pending = new DigestState.PendingDigest(current.s3BucketName(), digestKey, content, hash, signature, now,
                logs.stream().map(Map.Entry::getKey).toList(), closing);
        if (!save(current, state.withPending(pending))) {
            // the trail was deleted (or replaced) since this run began: its retired self closes the chain
            log.debug("trail {} ({}) is gone; not writing {}", current.arn(), region, digestKey);
            return false;
        }
        return put(current, pending);
    }

    private boolean put(Trail current, DigestState.PendingDigest pending)
            throws IOException
    {
        try {
            buckets.put(pending.bucket(), pending.key(), gzip(pending.content()), new BucketStore.ObjectAttributes("application/json", current.kmsKeyId(),
                    Map.of("signature", pending.signature(), "signature-algorithm", SigningKey.ALGORITHM)));
        }
        catch (IOException | RuntimeException e) {
            counters.failedAttempts.incrementAndGet();
            String message = "Failed to write digest " + pending.key() + " to bucket " + pending.bucket() + ": " + DeliveryScheduler.describe(e);
            log.warn("trail {} ({}): {}", current.arn(), region, message);
            save(current, state.failed(message));
            return false;
        }
        counters.digests.incrementAndGet();
        DigestState delivered = state.delivered(pending, clock.instant());
        updates.apply(repository -> {
            boolean stored = repository.putDigestState(current, region, account, delivered);
            if (stored) {
                for (String logKey : pending.logKeys()) {
                    repository.deleteDeliveredLog(current, region, account, logKey);
                }
            }
            return stored;
        });
        state = delivered;
        return true;
    }

    /** Stores the state unless the trail is gone; returns whether it was stored. */
    private boolean save(Trail current, DigestState newState)
            throws IOException
    {
        boolean stored = updates.apply(repository -> repository.putDigestState(current, region, account, newState));
        state = newState;
        return stored;
    }

    private static byte[] gzip(byte[] content)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
