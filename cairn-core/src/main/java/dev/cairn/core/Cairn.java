package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.api.ApiResult;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.history.EventLookup;
import dev.cairn.core.history.HistoryIndexer;
import dev.cairn.core.iam.AccessKey;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.Authorizer;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.IdentityService;
import dev.cairn.core.iam.LoginProfile;
import dev.cairn.core.iam.Passwords;
import dev.cairn.core.journal.JournalTrimmer;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.core.lease.Leases;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.OperationRegistry;
import dev.cairn.core.console.ConsoleSignIn;
import dev.cairn.core.delivery.TrailDelivery;
import dev.cairn.core.digest.SigningKeys;
import dev.cairn.core.ops.cloudtrail.AddTags;
import dev.cairn.core.ops.cloudtrail.CreateTrail;
import dev.cairn.core.ops.cloudtrail.DeleteTrail;
import dev.cairn.core.ops.cloudtrail.DescribeTrails;
import dev.cairn.core.ops.cloudtrail.GetEventSelectors;
import dev.cairn.core.ops.cloudtrail.GetInsightSelectors;
import dev.cairn.core.ops.cloudtrail.GetTrail;
import dev.cairn.core.ops.cloudtrail.GetTrailStatus;
import dev.cairn.core.ops.cloudtrail.ListPublicKeys;
import dev.cairn.core.ops.cloudtrail.ListTags;
import dev.cairn.core.ops.cloudtrail.ListTrails;
import dev.cairn.core.ops.cloudtrail.LookupEvents;
import dev.cairn.core.ops.cloudtrail.PutEventSelectors;
import dev.cairn.core.ops.cloudtrail.PutInsightSelectors;
import dev.cairn.core.ops.cloudtrail.RemoveTags;
import dev.cairn.core.ops.cloudtrail.StartLogging;
import dev.cairn.core.ops.cloudtrail.StopLogging;
import dev.cairn.core.ops.cloudtrail.UpdateTrail;
import dev.cairn.core.ops.iam.AttachUserPolicy;
import dev.cairn.core.ops.iam.CreateAccessKey;
import dev.cairn.core.ops.iam.ChangePassword;
import dev.cairn.core.ops.iam.CreateAccountAlias;
import dev.cairn.core.ops.iam.CreateLoginProfile;
import dev.cairn.core.ops.iam.DeleteAccountAlias;
import dev.cairn.core.ops.iam.ListAccountAliases;
import dev.cairn.core.ops.iam.CreateUser;
import dev.cairn.core.ops.iam.DeleteAccessKey;
import dev.cairn.core.ops.iam.DeleteLoginProfile;
import dev.cairn.core.ops.iam.DeleteUser;
import dev.cairn.core.ops.iam.DeleteUserPolicy;
import dev.cairn.core.ops.iam.DetachUserPolicy;
import dev.cairn.core.ops.iam.GetLoginProfile;
import dev.cairn.core.ops.iam.GetUser;
import dev.cairn.core.ops.iam.GetUserPolicy;
import dev.cairn.core.ops.iam.ListAccessKeys;
import dev.cairn.core.ops.iam.ListAttachedUserPolicies;
import dev.cairn.core.ops.iam.ListPolicies;
import dev.cairn.core.ops.iam.ListUserPolicies;
import dev.cairn.core.ops.iam.ListUsers;
import dev.cairn.core.ops.iam.PutUserPolicy;
import dev.cairn.core.ops.iam.UpdateAccessKey;
import dev.cairn.core.ops.iam.UpdateLoginProfile;
import dev.cairn.core.ops.sts.GetCallerIdentity;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.core.trail.TrailCatalog;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.Store;
import dev.cairn.spi.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The core, wired: handlers, recorder, journal writer and the background consumers, over one {@link Store}.
 * The edge authenticates a request, builds a {@link CallContext} and calls {@link #invoke}.
 */
public final class Cairn
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(Cairn.class);

    private final Store store;
    private final CairnConfig config;
    private final Clock clock;
    private final ServiceCatalog catalog;
    private final IdGenerator ids = new IdGenerator();
    private final IdentityService identities;
    private final OperationRegistry operations;
    private final JournalWriter journal;
    private final Dispatcher dispatcher;
    private final LookupEvents lookupEvents;
    private final EventLookup eventLookup;
    private final HistoryIndexer historyIndexer;
    private final BackgroundLoop historyLoop;
    private final BackgroundLoop trimLoop;
    private final BackgroundLoop retentionLoop;
    private final SigningKeys signingKeys;
    private final TrailDelivery delivery;
    private final ConsoleSignIn consoleSignIn;
    private final BackgroundLoop deliveryLoop;
    private final Leases leases;
    private boolean started;

    private static final String HISTORY_INDEXER_LEASE = "history-indexer";
    private static final String JOURNAL_TRIMMER_LEASE = "journal-trimmer";
    private static final String HISTORY_RETENTION_LEASE = "history-retention";

    public Cairn(Store store, CairnConfig config, Clock clock, BucketStore buckets)
    {
        this(store, config, clock, buckets, NodeConfig.single());
    }

    /**
     * @param node this node's identity among several sharing the store (leases on background work), and the master
     *         key of stored signing keys
     */
    public Cairn(Store store, CairnConfig config, Clock clock, BucketStore buckets, NodeConfig node)
    {
        this.store = requireNonNull(store, "store is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.catalog = new ServiceCatalog(Json.mapper());
        this.identities = new IdentityService(store);
        TrailCatalog trails = new TrailCatalog(store);
        EventLookup lookup = new EventLookup(store.history(), clock, config.historyRetention());
        this.lookupEvents = new LookupEvents(lookup);
        this.eventLookup = lookup;
        this.operations = new OperationRegistry(catalog, List.<Operation>of(
                new GetCallerIdentity(),
                new CreateUser(ids),
                new GetUser(),
                new ListUsers(),
                new DeleteUser(),
                new CreateLoginProfile(),
                new GetLoginProfile(),
                new UpdateLoginProfile(),
                new DeleteLoginProfile(),
                new ChangePassword(),
                new CreateAccountAlias(),
                new DeleteAccountAlias(),
                new ListAccountAliases(),
                new CreateAccessKey(ids),
                new ListAccessKeys(),
                new UpdateAccessKey(),
                new DeleteAccessKey(),
                new PutUserPolicy(),
                new GetUserPolicy(),
                new ListUserPolicies(),
                new DeleteUserPolicy(),
                new AttachUserPolicy(),
                new DetachUserPolicy(),
                new ListAttachedUserPolicies(),
                new ListPolicies(),
                lookupEvents,
                new CreateTrail(config, buckets),
                new UpdateTrail(config, buckets),
                new DeleteTrail(),
                new GetTrail(trails),
                new DescribeTrails(trails),
                new ListTrails(trails),
                new GetTrailStatus(),
                new StartLogging(),
                new StopLogging(),
                new PutEventSelectors(),
                new GetEventSelectors(trails),
                new PutInsightSelectors(),
                new GetInsightSelectors(trails),
                new AddTags(),
                new RemoveTags(),
                new ListTags(trails),
                new ListPublicKeys(clock)));
        this.historyIndexer = new HistoryIndexer(store.journal(), store.checkpoints(), store.history(), config.historyBatchSize());
        // woken by this node's commits and paced by how much it found (see HistoryIndexer.pacing); one node at a time
        // indexes, and finds other nodes' events within the idle interval
        this.historyLoop = new BackgroundLoop("cairn-history-indexer", Duration.ofMillis(250), historyIndexer::pacing,
                () -> holdsLease(HISTORY_INDEXER_LEASE) && historyIndexer.runOnce());
        this.journal = new JournalWriter(store, config.journalBatchSize(), (lastPosition, metadataChanged) -> {
            if (metadataChanged) {
                identities.invalidate();
                trails.invalidate();
            }
            historyLoop.wake();
        });
        this.leases = new Leases(store, journal, clock, node.nodeId(), node.leaseDuration());
        this.signingKeys = new SigningKeys(store, journal, clock, config.signingKeyRotation(), node.masterKey());
        // sign-in events go to the first region served, as the console's sign-in endpoint records them in one region
        this.consoleSignIn = new ConsoleSignIn(store, journal, clock, config.regions().get(0));
        this.delivery = new TrailDelivery(store, journal, buckets, signingKeys, leases, clock, config.regions(), config.deliveryInterval(), config.digestInterval(),
                config.maximumLogFileBytes());
        this.deliveryLoop = new BackgroundLoop("cairn-trail-delivery", delivery.tick(), delivery::runOnce);
        JournalTrimmer trimmer = new JournalTrimmer(store.journal(), store.checkpoints(), List.of(HistoryIndexer.CONSUMER), List.of(delivery::lowWatermark));
        this.trimLoop = new BackgroundLoop("cairn-journal-trimmer", Duration.ofSeconds(10), () -> {
            if (holdsLease(JOURNAL_TRIMMER_LEASE)) {
                trimmer.runOnce();
            }
            return false;
        });
        this.retentionLoop = new BackgroundLoop("cairn-history-retention", Duration.ofHours(1), () -> {
            if (holdsLease(HISTORY_RETENTION_LEASE)) {
                store.history().purgeBefore(clock.instant().minus(config.historyRetention()));
            }
            return false;
        });
        this.dispatcher = new Dispatcher(catalog, operations, new Authorizer(identities), new Recorder(catalog), journal, store);
    }

    /** Whether this node does the work of that name now (takes or renews its lease). */
    private boolean holdsLease(String name)
            throws IOException
    {
        return leases.tryAcquire(name);
    }

    /** Starts the journal writer and the background consumers. */
    public synchronized void start()
    {
        if (started) {
            return;
        }
        started = true;
        journal.start();
        historyLoop.start();
        deliveryLoop.start();
        trimLoop.start();
        retentionLoop.start();
    }

    /**
     * The first account's root credentials, when this start created them.
     */
    public record Bootstrap(String accountId, String accessKeyId, String secretAccessKey)
    {
        @Override
        public String toString()
        {
            return "Bootstrap{" + accountId + ", " + accessKeyId + "}";
        }
    }

    /**
     * Creates the first account and its root access key when the store has no account yet: with the given key,
     * else a generated one. Returns empty when an account already exists. Call before {@link #start()}.
     */
    public synchronized Optional<Bootstrap> bootstrap(Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey)
            throws IOException
    {
        if (started) {
            throw new IllegalStateException("bootstrap before start");
        }
        if (rootAccessKeyId.isPresent() != rootSecretAccessKey.isPresent()) {
            throw new IllegalArgumentException("set both the root access key id and the root secret access key, or neither");
        }
        boolean exists = store.read(reader -> !new IdentityRepository(reader).accounts().isEmpty());
        if (exists) {
            return Optional.empty();
        }
        try {
            return Optional.of(createAccount(rootAccessKeyId, rootSecretAccessKey, true));
        }
        catch (CairnException e) {
            if (e.errorCode() != ErrorCode.ENTITY_ALREADY_EXISTS || !FIRST_ACCOUNT.equals(e.getMessage())) {
                throw e;
            }
            // another node sharing the store started at the same moment and created it
            return Optional.empty();
        }
    }

    private static final String FIRST_ACCOUNT = "the first account exists";

    /**
     * Creates an account with a root access key (the given one, else a generated one). Not an API call, so not
     * recorded. Used on first start; later by Organizations and by tests that need several accounts.
     */
    /**
     * The first account's root user's console password: {@code given} replaces it (at every start, so the operator's
     * setting wins); without one, a password is generated when the root user has none, and returned (to be shown
     * once). Call before {@link #start()}.
     */
    public synchronized Optional<String> rootPassword(Optional<String> given)
            throws IOException
    {
        if (started) {
            throw new IllegalStateException("set the root password before start");
        }
        Optional<Account> first = store.read(reader -> new IdentityRepository(reader).accounts().stream().min(Comparator.comparing(Account::createDate)));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        String accountId = first.get().accountId();
        Optional<LoginProfile> existing = store.read(reader -> new IdentityRepository(reader).loginProfile(accountId, Optional.empty()));
        if (given.isEmpty() && existing.isPresent()) {
            return Optional.empty();
        }
        String password = given.orElseGet(Passwords::generate);
        LoginProfile profile = new LoginProfile(accountId, Optional.empty(), Passwords.hash(password), existing.map(LoginProfile::createDate).orElse(clock.instant()),
                false);
        try (WriteBatch batch = store.beginBatch()) {
            new IdentityRepository(batch.metadata()).putLoginProfile(profile);
            batch.commit();
        }
        return given.isPresent() ? Optional.empty() : Optional.of(password);
    }

    public Bootstrap createAccount(Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey)
            throws IOException
    {
        return createAccount(rootAccessKeyId, rootSecretAccessKey, false);
    }

    private Bootstrap createAccount(Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey, boolean first)
            throws IOException
    {
        String accountId = ids.accountId();
        String accessKeyId = rootAccessKeyId.orElseGet(ids::accessKeyId);
        String secret = rootSecretAccessKey.orElseGet(ids::secretAccessKey);
        // the journal writer, once started, is the only writer: go through it
        WriteTask.Change<Void> change = metadata -> {
            IdentityRepository identities = new IdentityRepository(metadata);
            // nodes starting together on an empty shared store: the one that inserts this marker creates the first account
            if (first && !metadata.insert("cairn.bootstrap", "", "first-account", accountId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, FIRST_ACCOUNT);
            }
            if (identities.accessKey(accessKeyId).isPresent()) {
                throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, "access key " + accessKeyId + " exists");
            }
            identities.createAccount(new Account(accountId, clock.instant()));
            identities.putAccessKey(new AccessKey(accessKeyId, secret, accountId, Optional.empty(), true, clock.instant()));
            return null;
        };
        if (started) {
            journal.applyUnrecorded("create account", change, Duration.ofMinutes(1));
        }
        else {
            try (WriteBatch batch = store.beginBatch()) {
                change.apply(batch.metadata());
                batch.commit();
            }
        }
        identities.invalidate();
        log.info("created account {} with root access key {}", accountId, accessKeyId);
        return new Bootstrap(accountId, accessKeyId, secret);
    }

    public ApiResult invoke(CallContext call)
    {
        return dispatcher.invoke(call);
    }

    /**
     * A console call of {@code cloudtrail:LookupEvents} with the console's options (errors only, summary): authorized
     * and recorded as LookupEvents.
     */
    public ApiResult lookupEventsFromConsole(CallContext call, EventLookup.ConsoleOptions options)
    {
        if (!call.fromConsole()) {
            throw new IllegalArgumentException("only console calls have console options");
        }
        return dispatcher.invoke(call, lookupEvents.withConsoleOptions(options));
    }

    /** LookupEvents' search itself, unauthorized and unrecorded: for the console's live updates of a search it already made. */
    public EventLookup eventLookup()
    {
        return eventLookup;
    }

    public ServiceCatalog catalog()
    {
        return catalog;
    }

    public OperationRegistry operations()
    {
        return operations;
    }

    public IdentityService identities()
    {
        return identities;
    }

    public CairnConfig config()
    {
        return config;
    }

    public Clock clock()
    {
        return clock;
    }

    public JournalWriter journal()
    {
        return journal;
    }

    public HistoryIndexer historyIndexer()
    {
        return historyIndexer;
    }

    /** Console sign-in: checks passwords and records every attempt as a ConsoleLogin event. */
    public ConsoleSignIn consoleSignIn()
    {
        return consoleSignIn;
    }

    /** The digest signing keys (for tools that write digests the way delivery does, such as benchmarks). */
    public SigningKeys signingKeys()
    {
        return signingKeys;
    }

    public Leases leases()
    {
        return leases;
    }

    public TrailDelivery delivery()
    {
        return delivery;
    }

    /**
     * Operational figures in the Prometheus text format: journal position and batches, and each consumer's
     * checkpoint and lag. No payloads, nothing per account.
     */
    public String metrics()
            throws IOException
    {
        long last = store.journal().lastPosition();
        long indexed = store.checkpoints().get(HistoryIndexer.CONSUMER);
        StringBuilder text = new StringBuilder();
        text.append("# HELP cairn_journal_position Position of the newest durable event.\n# TYPE cairn_journal_position gauge\n");
        text.append("cairn_journal_position ").append(last).append('\n');
        text.append("# HELP cairn_journal_batches_total Journal transactions committed since start.\n# TYPE cairn_journal_batches_total counter\n");
        text.append("cairn_journal_batches_total ").append(journal.committedBatches()).append('\n');
        text.append("# HELP cairn_journal_calls_total Calls and events committed since start.\n# TYPE cairn_journal_calls_total counter\n");
        text.append("cairn_journal_calls_total ").append(journal.committedEvents()).append('\n');
        text.append("# HELP cairn_consumer_checkpoint Journal position a consumer has fully processed.\n# TYPE cairn_consumer_checkpoint gauge\n");
        text.append("cairn_consumer_checkpoint{consumer=\"").append(HistoryIndexer.CONSUMER).append("\"} ").append(indexed).append('\n');
        text.append("# HELP cairn_consumer_lag Events a consumer has yet to process.\n# TYPE cairn_consumer_lag gauge\n");
        text.append("cairn_consumer_lag{consumer=\"").append(HistoryIndexer.CONSUMER).append("\"} ").append(Math.max(0, last - indexed)).append('\n');
        text.append("cairn_consumer_lag{consumer=\"trail-delivery\"} ").append(delivery.lag(last)).append('\n');
        text.append("# HELP cairn_delivered_files_total Log files written to buckets since start.\n# TYPE cairn_delivered_files_total counter\n");
        text.append("cairn_delivered_files_total ").append(delivery.deliveredFiles()).append('\n');
        text.append("# HELP cairn_delivered_records_total Records in the log files written since start.\n# TYPE cairn_delivered_records_total counter\n");
        text.append("cairn_delivered_records_total ").append(delivery.deliveredRecords()).append('\n');
        text.append("# HELP cairn_delivered_digests_total Digest files written to buckets since start.\n# TYPE cairn_delivered_digests_total counter\n");
        text.append("cairn_delivered_digests_total ").append(delivery.deliveredDigests()).append('\n');
        text.append("# HELP cairn_delivery_failures_total Failed log file writes since start (each is retried).\n# TYPE cairn_delivery_failures_total counter\n");
        text.append("cairn_delivery_failures_total ").append(delivery.failedAttempts()).append('\n');
        return text.toString();
    }

    /** Stops taking calls, commits what is queued, stops the consumers. The store stays open. */
    @Override
    public synchronized void close()
    {
        // delivery stores its state through the journal writer: stop it first
        deliveryLoop.close();
        delivery.close();
        historyLoop.close();
        trimLoop.close();
        retentionLoop.close();
        // so that another node takes this one's work at once rather than when the leases expire
        leases.releaseAll();
        journal.close();
    }
}
