package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.digest.SigningKeys;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.journal.JournalConsumer;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.lease.Leases;
import dev.cairn.core.logs.LogEventsListener;
import dev.cairn.core.trail.CloudWatchLogsDestination;
import dev.cairn.core.trail.Trail;
import dev.cairn.core.trail.TrailRepository;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.LogGroupTarget;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trail delivery, the journal consumer: one unit per trail and region delivered from (and, for an organization trail,
 * per member account: each has its own files and digest chain, as in AWS), each with its own durable
 * checkpoint (in its {@link DeliveryState}) and its own lease, so that one node at a time delivers it. A unit's
 * {@link LogFileWriter} writes log files every delivery interval; its {@link DigestWriter} then writes the digest when
 * one is due (so that it lists those files); for a trail with a CloudWatch Logs log group, its
 * {@link CloudWatchLogsWriter} appends the trail's events to the group at most every fifth of a second, as commits wake it.
 *
 * <p>Units run on a small pool, one task per unit at a time, so a slow or failing bucket delays only its own trail; a
 * failure is retried with backoff and shown in GetTrailStatus. API calls never wait for delivery. A deleted trail is
 * delivered up to its deletion, its chain closed, and then forgotten.
 */
public final class DeliveryScheduler
        implements JournalConsumer, Closeable
{
    public static final String CONSUMER = "trail-delivery";
    private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);
    private static final Duration MAXIMUM_BACKOFF = Duration.ofMinutes(1);
    /** How often a unit checks whether a digest is due. */
    private static final Duration DIGEST_CHECK = Duration.ofSeconds(1);
    /** How often a unit appends to its trail's log group: events reach it within a second of their call. */
    public static final Duration CLOUDWATCH_LOGS_INTERVAL = Duration.ofMillis(200);

    private final Store store;
    private final JournalWriter journal;
    private final BucketStore buckets;
    private final SigningKeys signingKeys;
    private final Leases leases;
    private final Clock clock;
    private final List<String> regions;
    private final DeliveryConfig config;
    private final LogEventsListener logEventsListener;
    private final ExecutorService workers;
    private final Map<String, Unit> units = new ConcurrentHashMap<>();
    /** The regions (region@account) of each deleted trail (ARN|deleted millis) that have finished delivering. */
    private final Map<String, Set<String>> finishedRegions = new ConcurrentHashMap<>();
    private final DeliveryCounters counters = new DeliveryCounters();
    /** Where trails' log group events go instead of Cairn's own log groups ({@code --cloudwatch-logs-endpoint}). */
    private final Optional<LogGroupTarget> externalLogGroups;
    /** Whether a trail delivers to a log group, as of the last look at the trails: only then do commits wake delivery. */
    private volatile boolean logGroups;
    private volatile boolean closed;

    public DeliveryScheduler(Store store, JournalWriter journal, BucketStore buckets, SigningKeys signingKeys, Leases leases, Clock clock, List<String> regions,
            DeliveryConfig config, LogEventsListener logEventsListener, Optional<LogGroupTarget> externalLogGroups)
    {
        this.externalLogGroups = requireNonNull(externalLogGroups, "externalLogGroups is null");
        this.logEventsListener = requireNonNull(logEventsListener, "logEventsListener is null");
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.signingKeys = requireNonNull(signingKeys, "signingKeys is null");
        this.leases = requireNonNull(leases, "leases is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.regions = List.copyOf(regions);
        this.config = requireNonNull(config, "config is null");
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "cairn-delivery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name()
    {
        return CONSUMER;
    }

    /**
     * How often {@link #runOnce} should be called at idle: a quarter of the interval (at most a second), so that a unit
     * starts within that much of being due. Delivery to log groups wants it sooner after a commit: its loop is woken by
     * commits, at most every {@link #CLOUDWATCH_LOGS_INTERVAL}.
     */
    public Duration tick()
    {
        Duration quarter = config.interval().dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? quarter : Duration.ofSeconds(1);
    }

    /**
     * Finds the trails, and starts each unit that is due and not already running, of those whose lease this node
     * holds or takes. Returns at once: the units run on the pool.
     */
    @Override
    public boolean runOnce()
            throws IOException
    {
        start();
        return false;
    }

    /**
     * For tests that step delivery with their own clock: starts the units that are due, as {@link #runOnce}, and
     * waits until they have finished.
     */
    public void runDueUnits()
            throws IOException, InterruptedException
    {
        for (Future<?> running : start()) {
            try {
                running.get();
            }
            catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("a delivery unit failed", e.getCause());
            }
        }
    }

    private List<Future<?>> start()
            throws IOException
    {
        if (closed) {
            return List.of();
        }
        List<Future<?>> started = new ArrayList<>();
        Set<String> live = new HashSet<>();
        List<Delivered> trails = allTrails();
        logGroups = trails.stream().anyMatch(delivered -> deliversToLogGroup(delivered.trail()));
        for (Delivered delivered : trails) {
            Trail trail = delivered.trail();
            for (String region : trail.regions(regions)) {
                for (String account : delivered.accounts()) {
                    String id = unitId(trail, region, account);
                    live.add(id);
                    Unit unit = units.computeIfAbsent(id, ignored -> new Unit(id, trail, region, account, delivered.accounts().size()));
                    unit.trail = trail;
                    unit.accountsDelivered = delivered.accounts().size();
                    if (!unit.lease()) {
                        continue;
                    }
                    if (unit.startIfDue(clock.instant())) {
                        started.add(workers.submit(unit::run));
                    }
                }
            }
        }
        for (String gone : List.copyOf(units.keySet())) {
            if (!live.contains(gone)) {
                units.remove(gone);
                leases.release(leaseName(gone));
            }
        }
        return started;
    }

    private static String leaseName(String unitId)
    {
        return "delivery/" + unitId;
    }

    /**
     * Every journal entry at or below this position has been delivered or passed over by every unit, so the journal
     * may be trimmed up to it ({@link Long#MAX_VALUE} without trails). It comes from the stored delivery states (the
     * units may run on other nodes), which lag the units' own by up to half a minute. A trail without a stored state
     * yet holds everything back. A trail created after this read committed after the checkpoints the trimmer read
     * before it, so nothing it needs can be trimmed.
     */
    @Override
    public long checkpoint()
            throws IOException
    {
        return store.read(reader -> {
            DeliveryRepository delivery = new DeliveryRepository(reader);
            long minimum = Long.MAX_VALUE;
            for (Delivered delivered : allTrails(reader)) {
                for (String region : delivered.trail().regions(regions)) {
                    for (String account : delivered.accounts()) {
                        Optional<DeliveryState> state = delivery.deliveryState(delivered.trail(), region, account);
                        if (state.isEmpty()) {
                            return 0L;
                        }
                        minimum = Math.min(minimum, state.get().checkpoint());
                        if (CloudWatchLogsDestination.of(delivered.trail()).isPresent() && delivered.trail().deleted().isEmpty()) {
                            // without a state yet, its delivery starts from the log files' checkpoint
                            Optional<CloudWatchLogsState> cloudWatch = delivery.cloudWatchLogsState(delivered.trail(), region, account);
                            minimum = Math.min(minimum, cloudWatch.map(CloudWatchLogsState::checkpoint).orElse(minimum));
                        }
                    }
                }
            }
            return minimum;
        });
    }

    /** Whether commits should wake delivery: some trail delivers to a CloudWatch Logs log group. */
    public boolean deliversToLogGroups()
    {
        return logGroups;
    }

    /** The slowest unit's distance from the end of the journal, of the units this node delivers. */
    @Override
    public long lag(long lastPosition)
    {
        long lag = 0;
        for (Unit unit : units.values()) {
            if (!leases.holds(leaseName(unit.id))) {
                continue;
            }
            long checkpoint = unit.logs.state().map(DeliveryState::checkpoint).orElse(0L);
            lag = Math.max(lag, lastPosition - checkpoint);
            if (CloudWatchLogsDestination.of(unit.trail).isPresent()) {
                lag = Math.max(lag, lastPosition - unit.cloudWatchLogs.state().map(CloudWatchLogsState::checkpoint).orElse(checkpoint));
            }
        }
        return lag;
    }

    public DeliveryCounters counters()
    {
        return counters;
    }

    /**
     * A trail, with the accounts whose events it delivers: its own, or for an organization trail every member account
     * of the organization as it is now (an account that joins is delivered from then on; one that leaves, no longer).
     */
    private record Delivered(Trail trail, List<String> accounts) {}

    private List<Delivered> allTrails()
            throws IOException
    {
        return store.read(this::allTrails);
    }

    private List<Delivered> allTrails(MetadataReader reader)
            throws IOException
    {
        List<Delivered> trails = new ArrayList<>();
        TrailRepository repository = new TrailRepository(reader);
        for (Account account : new IdentityRepository(reader).accounts()) {
            List<Trail> all = new ArrayList<>(repository.trails(account.accountId()));
            all.addAll(repository.retiredTrails(account.accountId()));
            for (Trail trail : all) {
                trails.add(new Delivered(trail, deliveredAccounts(reader, trail)));
            }
        }
        return trails;
    }

    static List<String> deliveredAccounts(MetadataReader reader, Trail trail)
            throws IOException
    {
        if (trail.organizationId().isEmpty()) {
            return List.of(trail.accountId());
        }
        List<String> accounts = new ArrayList<>();
        accounts.add(trail.accountId());
        for (String member : new OrganizationRepository(reader).memberAccountIds(trail.organizationId().get())) {
            if (!member.equals(trail.accountId())) {
                accounts.add(member);
            }
        }
        return accounts;
    }

    /**
     * One trail's delivery from one region: a deleted trail finishing its delivery, and a new trail of the same name,
     * are units (and leases) apart, so that no state of one is ever carried over to the other.
     */
    private static String unitId(Trail trail, String region, String account)
    {
        return trail.arn() + "|" + region + (account.equals(trail.accountId()) ? "" : "@" + account) + "|created " + trail.created().toEpochMilli() + trail.deleted().map(deleted -> "|deleted " + deleted.toEpochMilli()).orElse("");
    }

    @Override
    public void close()
    {
        closed = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One trail's delivery from one region: when its writers are due, and whether this node holds it. */
    private final class Unit
    {
        private final String id;
        private final String region;
        /** The account whose events the unit delivers (a member account, for an organization trail). */
        private final String account;
        private final LogFileWriter logs;
        private final DigestWriter digests;
        private final CloudWatchLogsWriter cloudWatchLogs;
        private volatile Trail trail;
        /** How many accounts the unit's trail delivers: all of its units must finish before a deleted trail is forgotten. */
        private volatile int accountsDelivered;
        private boolean running;
        private Instant nextLogRun = Instant.MIN;
        private Instant nextDigestRun = Instant.MIN;
        private Instant nextCloudWatchLogsRun = Instant.MIN;
        private Instant lastLogScan = Instant.MIN;
        private int logFailures;
        private int digestFailures;
        private int cloudWatchLogsFailures;
        private boolean leased;

        Unit(String id, Trail trail, String region, String account, int accountsDelivered)
        {
            this.id = id;
            this.trail = trail;
            this.region = region;
            this.account = account;
            this.accountsDelivered = accountsDelivered;
            FencedUpdates updates = new FencedUpdates(journal, leases, leaseName(id), trail.arn());
            this.logs = new LogFileWriter(region, account, store, buckets, clock, config.maximumLogFileBytes(), updates, counters, () -> closed);
            this.digests = new DigestWriter(region, account, store, buckets, signingKeys, clock, config.digestInterval(), updates, counters);
            this.cloudWatchLogs = new CloudWatchLogsWriter(region, account, store, clock, updates, logEventsListener, counters, externalLogGroups);
        }

        /**
         * Whether this node delivers the unit now: takes or renews its lease. A unit newly leased (at start, or taken
         * over from a node that stopped) reads its state from the store again: the other node may have moved it.
         */
        synchronized boolean lease()
                throws IOException
        {
            boolean held = leases.tryAcquire(leaseName(id));
            if (held && !leased && !running) {
                logs.forget();
                digests.forget();
                cloudWatchLogs.forget();
                nextLogRun = Instant.MIN;
                nextDigestRun = Instant.MIN;
                nextCloudWatchLogsRun = Instant.MIN;
            }
            leased = held && (leased || !running);
            return leased;
        }

        synchronized boolean startIfDue(Instant now)
        {
            if (running || (now.isBefore(nextLogRun) && now.isBefore(nextDigestRun) && (!deliversToLogGroup(trail) || now.isBefore(nextCloudWatchLogsRun)))) {
                return false;
            }
            running = true;
            return true;
        }

        /** Log files when their interval is due, then the digest when it is due (so that it lists those files). */
        void run()
        {
            Instant started = clock.instant();
            Trail current = trail;
            boolean logsDue;
            boolean digestDue;
            boolean cloudWatchLogsDue;
            synchronized (this) {
                logsDue = !started.isBefore(nextLogRun);
                digestDue = !started.isBefore(nextDigestRun);
                cloudWatchLogsDue = deliversToLogGroup(current) && !started.isBefore(nextCloudWatchLogsRun);
            }
            if (cloudWatchLogsDue) {
                boolean succeeded = false;
                try {
                    succeeded = cloudWatchLogs.deliver(current);
                }
                catch (IOException | RuntimeException e) {
                    log.warn("delivery of {} from {} to its log group failed: {}", current.arn(), region, e.toString());
                }
                synchronized (this) {
                    cloudWatchLogsFailures = succeeded ? 0 : cloudWatchLogsFailures + 1;
                    nextCloudWatchLogsRun = succeeded ? started.plus(CLOUDWATCH_LOGS_INTERVAL) : clock.instant().plus(backoff(cloudWatchLogsFailures));
                }
            }
            if (logsDue) {
                boolean succeeded = false;
                try {
                    succeeded = logs.deliver(current);
                }
                catch (IOException | RuntimeException e) {
                    log.warn("delivery of {} from {} failed: {}", current.arn(), region, e.toString());
                }
                synchronized (this) {
                    if (succeeded) {
                        logFailures = 0;
                        nextLogRun = started.plus(config.interval());
                        lastLogScan = started;
                    }
                    else {
                        logFailures++;
                        nextLogRun = clock.instant().plus(backoff(logFailures));
                    }
                }
            }
            if (digestDue) {
                boolean succeeded = false;
                Instant scanned;
                synchronized (this) {
                    scanned = lastLogScan;
                }
                try {
                    succeeded = digests.write(current, scanned);
                }
                catch (IOException | RuntimeException e) {
                    log.warn("digest of {} from {} failed: {}", current.arn(), region, e.toString());
                }
                synchronized (this) {
                    if (succeeded) {
                        digestFailures = 0;
                        nextDigestRun = clock.instant().plus(DIGEST_CHECK);
                    }
                    else {
                        digestFailures++;
                        nextDigestRun = clock.instant().plus(backoff(digestFailures));
                    }
                }
            }
            if (current.deleted().isPresent()) {
                try {
                    forgetIfFinished(current);
                }
                catch (IOException | RuntimeException e) {
                    log.warn("cannot forget deleted trail {}: {}", current.arn(), e.toString());
                }
            }
            synchronized (this) {
                running = false;
            }
        }

        /**
         * A deleted trail is forgotten once every region has delivered all it logged and written the digest that
         * closes its chain: the unit's own region is finished when a log scan after the deletion found nothing left
         * pending, and the final digest (if the chain was open) is written.
         */
        private void forgetIfFinished(Trail current)
                throws IOException
        {
            Instant deleted = current.deleted().orElseThrow();
            Instant scanned;
            synchronized (this) {
                scanned = lastLogScan;
            }
            boolean logsDone = logs.state().map(state -> state.pending().isEmpty()).orElse(false) && scanned.isAfter(deleted.plusSeconds(1));
            boolean digestsDone = digests.state()
                    .map(state -> state.pending().isEmpty() && (!current.logFileValidationEnabled() || state.lastEnd().isEmpty() || state.finalDelivered()))
                    .orElse(false);
            if (!logsDone || !digestsDone) {
                return;
            }
            String trailId = current.arn() + "|" + deleted.toEpochMilli();
            Set<String> finished = finishedRegions.computeIfAbsent(trailId, ignored -> ConcurrentHashMap.newKeySet());
            finished.add(region + "@" + account);
            if (finished.size() >= current.regions(regions).size() * accountsDelivered) {
                new FencedUpdates(journal, leases, leaseName(id), current.arn()).apply(repository -> {
                    repository.forget(current);
                    return null;
                });
                finishedRegions.remove(trailId);
                log.info("deleted trail {}: last log files and digest delivered", current.arn());
            }
        }
    }

    /** A live trail with a log group: a deleted one stops delivering to it, and finishes its log files only. */
    private static boolean deliversToLogGroup(Trail trail)
    {
        return trail.deleted().isEmpty() && CloudWatchLogsDestination.of(trail).isPresent();
    }

    private static Duration backoff(int failures)
    {
        return Duration.ofMillis(Math.min(MAXIMUM_BACKOFF.toMillis(), 500L << Math.min(failures, 10)));
    }

    static String describe(Throwable e)
    {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
