package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.api.ApiResult;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.ServiceCatalog;
import dev.cairn.core.console.ConsoleSignIn;
import dev.cairn.core.console.ConsoleSwitchRole;
import dev.cairn.core.delivery.DeliveryScheduler;
import dev.cairn.core.digest.SigningKeys;
import dev.cairn.core.eventbus.EventBusConsumer;
import dev.cairn.core.eventbus.EventRuleIndex;
import dev.cairn.core.eventbus.EventTargetDelivery;
import dev.cairn.core.events.ConnectionSecrets;
import dev.cairn.core.history.EventLookup;
import dev.cairn.core.history.HistoryIndexer;
import dev.cairn.core.iam.Authorizer;
import dev.cairn.core.iam.AccessKeySecrets;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.IdentityService;
import dev.cairn.core.journal.JournalConsumer;
import dev.cairn.core.journal.JournalTrimmer;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.lake.EventDataStoreDeletions;
import dev.cairn.core.lake.LakeCatalog;
import dev.cairn.core.lake.LakeConfig;
import dev.cairn.core.lake.LakeEngine;
import dev.cairn.core.lake.LakeFiles;
import dev.cairn.core.lake.LakeIngest;
import dev.cairn.core.lake.LakeQueries;
import dev.cairn.core.lake.LakeResults;
import dev.cairn.core.ops.lake.CancelQuery;
import dev.cairn.core.ops.lake.DescribeQuery;
import dev.cairn.core.ops.lake.GetQueryResults;
import dev.cairn.core.ops.lake.ListQueries;
import dev.cairn.core.ops.lake.StartQuery;
import dev.cairn.core.lease.Leases;
import dev.cairn.core.logs.MetricFilterCounters;
import dev.cairn.core.organizations.OrganizationIds;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.OperationRegistry;
import dev.cairn.core.ops.cloudtrail.AddTags;
import dev.cairn.core.ops.cloudtrail.CreateTrail;
import dev.cairn.core.ops.cloudtrail.DeregisterOrganizationDelegatedAdmin;
import dev.cairn.core.ops.cloudtrail.RegisterOrganizationDelegatedAdmin;
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
import dev.cairn.core.ops.events.CreateApiDestination;
import dev.cairn.core.ops.events.CreateConnection;
import dev.cairn.core.ops.events.DeauthorizeConnection;
import dev.cairn.core.ops.events.DeleteApiDestination;
import dev.cairn.core.ops.events.DeleteConnection;
import dev.cairn.core.ops.events.DeleteRule;
import dev.cairn.core.ops.events.DescribeApiDestination;
import dev.cairn.core.ops.events.DescribeConnection;
import dev.cairn.core.ops.events.DescribeRule;
import dev.cairn.core.ops.events.DisableRule;
import dev.cairn.core.ops.events.EnableRule;
import dev.cairn.core.ops.events.ListApiDestinations;
import dev.cairn.core.ops.events.ListConnections;
import dev.cairn.core.ops.events.ListRuleNamesByTarget;
import dev.cairn.core.ops.events.ListRules;
import dev.cairn.core.ops.events.ListTargetsByRule;
import dev.cairn.core.ops.events.PutEvents;
import dev.cairn.core.ops.events.PutRule;
import dev.cairn.core.ops.events.PutTargets;
import dev.cairn.core.ops.events.RemoveTargets;
import dev.cairn.core.ops.events.TestEventPattern;
import dev.cairn.core.ops.events.UpdateApiDestination;
import dev.cairn.core.ops.events.UpdateConnection;
import dev.cairn.core.ops.iam.AddUserToGroup;
import dev.cairn.core.ops.iam.AttachGroupPolicy;
import dev.cairn.core.ops.iam.AttachRolePolicy;
import dev.cairn.core.ops.iam.AttachUserPolicy;
import dev.cairn.core.ops.iam.ChangePassword;
import dev.cairn.core.ops.iam.CreateAccessKey;
import dev.cairn.core.ops.iam.CreateAccountAlias;
import dev.cairn.core.ops.iam.CreateGroup;
import dev.cairn.core.ops.iam.CreateLoginProfile;
import dev.cairn.core.ops.iam.CreateRole;
import dev.cairn.core.ops.iam.CreateUser;
import dev.cairn.core.ops.iam.DeleteAccessKey;
import dev.cairn.core.ops.iam.DeleteAccountAlias;
import dev.cairn.core.ops.iam.DeleteGroup;
import dev.cairn.core.ops.iam.DeleteGroupPolicy;
import dev.cairn.core.ops.iam.DeleteLoginProfile;
import dev.cairn.core.ops.iam.DeleteRole;
import dev.cairn.core.ops.iam.DeleteRolePolicy;
import dev.cairn.core.ops.iam.DeleteUser;
import dev.cairn.core.ops.iam.DeleteUserPolicy;
import dev.cairn.core.ops.iam.DetachGroupPolicy;
import dev.cairn.core.ops.iam.DetachRolePolicy;
import dev.cairn.core.ops.iam.DetachUserPolicy;
import dev.cairn.core.ops.iam.GetGroup;
import dev.cairn.core.ops.iam.GetGroupPolicy;
import dev.cairn.core.ops.iam.GetLoginProfile;
import dev.cairn.core.ops.iam.GetRole;
import dev.cairn.core.ops.iam.GetRolePolicy;
import dev.cairn.core.ops.iam.GetUser;
import dev.cairn.core.ops.iam.GetUserPolicy;
import dev.cairn.core.ops.iam.ListAccessKeys;
import dev.cairn.core.ops.iam.ListAccountAliases;
import dev.cairn.core.ops.iam.ListAttachedGroupPolicies;
import dev.cairn.core.ops.iam.ListAttachedRolePolicies;
import dev.cairn.core.ops.iam.ListAttachedUserPolicies;
import dev.cairn.core.ops.iam.ListGroupPolicies;
import dev.cairn.core.ops.iam.ListGroups;
import dev.cairn.core.ops.iam.ListGroupsForUser;
import dev.cairn.core.ops.iam.ListPolicies;
import dev.cairn.core.ops.iam.ListRolePolicies;
import dev.cairn.core.ops.iam.ListRoleTags;
import dev.cairn.core.ops.iam.ListRoles;
import dev.cairn.core.ops.iam.ListUserPolicies;
import dev.cairn.core.ops.iam.ListUsers;
import dev.cairn.core.ops.iam.PutGroupPolicy;
import dev.cairn.core.ops.iam.PutRolePolicy;
import dev.cairn.core.ops.iam.PutUserPolicy;
import dev.cairn.core.ops.iam.RemoveUserFromGroup;
import dev.cairn.core.ops.iam.TagRole;
import dev.cairn.core.ops.iam.UntagRole;
import dev.cairn.core.ops.iam.UpdateAccessKey;
import dev.cairn.core.ops.iam.UpdateAssumeRolePolicy;
import dev.cairn.core.ops.iam.UpdateGroup;
import dev.cairn.core.ops.iam.UpdateLoginProfile;
import dev.cairn.core.ops.iam.UpdateRole;
import dev.cairn.core.ops.iam.UpdateRoleDescription;
import dev.cairn.core.logs.LogEventsListener;
import dev.cairn.core.logs.LogRetention;
import dev.cairn.core.ops.lake.CreateChannel;
import dev.cairn.core.ops.lake.CreateEventDataStore;
import dev.cairn.core.ops.lake.DeleteChannel;
import dev.cairn.core.ops.lake.DeleteEventDataStore;
import dev.cairn.core.ops.lake.DeleteResourcePolicy;
import dev.cairn.core.ops.lake.GetChannel;
import dev.cairn.core.ops.lake.GetEventDataStore;
import dev.cairn.core.ops.lake.GetResourcePolicy;
import dev.cairn.core.ops.lake.ListChannels;
import dev.cairn.core.ops.lake.ListEventDataStores;
import dev.cairn.core.ops.lake.PutAuditEvents;
import dev.cairn.core.ops.lake.PutResourcePolicy;
import dev.cairn.core.ops.lake.RestoreEventDataStore;
import dev.cairn.core.ops.lake.StartEventDataStoreIngestion;
import dev.cairn.core.ops.lake.StopEventDataStoreIngestion;
import dev.cairn.core.ops.lake.UpdateChannel;
import dev.cairn.core.ops.lake.UpdateEventDataStore;
import dev.cairn.core.ops.logs.CreateLogGroup;
import dev.cairn.core.ops.logs.FilterLogEvents;
import dev.cairn.core.ops.logs.GetLogEvents;
import dev.cairn.core.ops.logs.PutLogEvents;
import dev.cairn.core.ops.logs.CreateLogStream;
import dev.cairn.core.ops.logs.DeleteLogGroup;
import dev.cairn.core.ops.logs.DeleteLogStream;
import dev.cairn.core.ops.logs.DeleteMetricFilter;
import dev.cairn.core.ops.logs.DeleteRetentionPolicy;
import dev.cairn.core.ops.logs.DescribeLogGroups;
import dev.cairn.core.ops.logs.DescribeLogStreams;
import dev.cairn.core.ops.logs.DescribeMetricFilters;
import dev.cairn.core.ops.logs.ListTagsForResource;
import dev.cairn.core.ops.logs.ListTagsLogGroup;
import dev.cairn.core.ops.logs.PutMetricFilter;
import dev.cairn.core.ops.logs.PutRetentionPolicy;
import dev.cairn.core.ops.logs.TagLogGroup;
import dev.cairn.core.ops.logs.TagResource;
import dev.cairn.core.ops.logs.TestMetricFilter;
import dev.cairn.core.ops.logs.UntagLogGroup;
import dev.cairn.core.ops.logs.UntagResource;
import dev.cairn.core.ops.organizations.CreateAccount;
import dev.cairn.core.ops.organizations.CreateOrganization;
import dev.cairn.core.ops.organizations.CreateOrganizationalUnit;
import dev.cairn.core.ops.organizations.DeleteOrganization;
import dev.cairn.core.ops.organizations.DeleteOrganizationalUnit;
import dev.cairn.core.ops.organizations.DeregisterDelegatedAdministrator;
import dev.cairn.core.ops.organizations.DescribeAccount;
import dev.cairn.core.ops.organizations.DescribeCreateAccountStatus;
import dev.cairn.core.ops.organizations.DescribeOrganization;
import dev.cairn.core.ops.organizations.DescribeOrganizationalUnit;
import dev.cairn.core.ops.organizations.DisableAWSServiceAccess;
import dev.cairn.core.ops.organizations.EnableAWSServiceAccess;
import dev.cairn.core.ops.organizations.ListAWSServiceAccessForOrganization;
import dev.cairn.core.ops.organizations.ListAccounts;
import dev.cairn.core.ops.organizations.ListAccountsForParent;
import dev.cairn.core.ops.organizations.ListChildren;
import dev.cairn.core.ops.organizations.ListCreateAccountStatus;
import dev.cairn.core.ops.organizations.ListDelegatedAdministrators;
import dev.cairn.core.ops.organizations.ListDelegatedServicesForAccount;
import dev.cairn.core.ops.organizations.ListOrganizationalUnitsForParent;
import dev.cairn.core.ops.organizations.ListParents;
import dev.cairn.core.ops.organizations.ListRoots;
import dev.cairn.core.ops.organizations.MoveAccount;
import dev.cairn.core.ops.organizations.RegisterDelegatedAdministrator;
import dev.cairn.core.ops.organizations.RemoveAccountFromOrganization;
import dev.cairn.core.ops.sns.ConfirmSubscription;
import dev.cairn.core.ops.sns.CreateTopic;
import dev.cairn.core.ops.sns.DeleteTopic;
import dev.cairn.core.ops.sns.GetTopicAttributes;
import dev.cairn.core.ops.sns.ListSubscriptions;
import dev.cairn.core.ops.sns.ListSubscriptionsByTopic;
import dev.cairn.core.ops.sns.ListTopics;
import dev.cairn.core.ops.sns.Publish;
import dev.cairn.core.ops.sns.SetTopicAttributes;
import dev.cairn.core.ops.sns.Subscribe;
import dev.cairn.core.ops.sns.UnsignedSnsLinks;
import dev.cairn.core.ops.sns.Unsubscribe;
import dev.cairn.core.ops.sts.AssumeRole;
import dev.cairn.core.ops.sts.GetAccessKeyInfo;
import dev.cairn.core.ops.sts.GetCallerIdentity;
import dev.cairn.core.ops.sts.GetSessionToken;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.core.s3.BucketAccess;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.core.sns.SnsDelivery;
import dev.cairn.core.sns.SnsSigningCertificates;
import dev.cairn.core.iam.SessionTokens;
import dev.cairn.core.trail.TrailCatalog;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.LogGroupTarget;
import dev.cairn.spi.ConflictException;
import dev.cairn.spi.Store;
import dev.cairn.spi.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The core, wired: handlers, recorder, journal writer and the journal's consumers, over one {@link Store}. The edge
 * authenticates a request, builds a {@link CallContext} and calls {@link #invoke}. Accounts that no call creates are
 * {@link #accounts()}; operational figures are {@link #metrics()}.
 */
public final class Cairn
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(Cairn.class);
    private static final String HISTORY_INDEXER_LEASE = "history-indexer";
    private static final String JOURNAL_TRIMMER_LEASE = "journal-trimmer";
    private static final String HISTORY_RETENTION_LEASE = "history-retention";
    private static final String LOG_RETENTION_LEASE = "log-retention";
    private static final String EVENT_BUS_LEASE = "event-bus";
    private static final String LAKE_DELETIONS_LEASE = "lake-deletions";
    private static final String LAKE_INGEST_LEASE = "lake-ingest";

    private final Store store;
    private final CairnConfig config;
    private final Clock clock;
    private final AccessKeySecrets secrets;
    private final ServiceCatalog catalog;
    private final IdentityService identities;
    private final SessionTokens sessionTokens;
    private final OperationRegistry operations;
    private final JournalWriter journal;
    private final Dispatcher dispatcher;
    private final LookupEvents lookupEvents;
    private final EventLookup eventLookup;
    private final HistoryIndexer historyIndexer;
    private final SigningKeys signingKeys;
    private final DeliveryScheduler delivery;
    private final LogRetention logRetention;
    private final ConsoleSignIn consoleSignIn;
    private final ConsoleSwitchRole consoleSwitchRole;
    private final Recorder recorder;
    private final BucketAccess bucketAccess;
    private final Leases leases;
    private final Accounts accounts;
    private final MetricFilterCounters metricFilterCounters;
    private final CairnMetrics metrics;
    private final LakeCatalog lake;
    private final LakeFiles lakeFiles;
    private final LakeEngine lakeEngine;
    private final LakeQueries lakeQueries;
    private final LakeIngest lakeIngest;
    private final BackgroundLoop lakeIngestLoop;
    private final EventDataStoreDeletions eventDataStoreDeletions;
    /** Trail delivery; woken by this node's commits, for log groups (set once, after the journal writer exists). */
    private volatile BackgroundLoop deliveryLoop;
    /** Whether a trail delivers to a log group (then commits wake trail delivery); set with the delivery loop. */
    private volatile BooleanSupplier deliveringToLogGroups = () -> false;
    private final SnsSigningCertificates snsCertificates;
    private final SnsDelivery snsDelivery;
    private final EventBusConsumer eventBus;
    private final EventTargetDelivery eventTargets;
    /** Puts recorded events on the event bus; woken by this node's commits (set once, after the journal writer exists). */
    private volatile BackgroundLoop eventBusLoop;
    /** Sends matched events (PutEvents' too) to targets; woken by commits and by the event bus (set once, likewise). */
    private volatile BackgroundLoop eventTargetsLoop;
    /** Posts SNS messages from the outbox; woken by this node's commits (set once, after the journal writer exists). */
    private volatile BackgroundLoop snsLoop;
    private final UnsignedSnsLinks unsignedSnsLinks;
    /**
     * The other consumers' loops: history indexing, journal trimming, history retention, log retention, the event bus
     * and its targets' sender.
     */
    private final List<BackgroundLoop> loops;
    private volatile boolean started;

    /**
     * @param node this node's identity among several sharing the store (leases on background work), and the master
     *         key that encrypts the secrets in the store (required)
     * @param lakeDirectory where the Lake keeps event data stores' files and queries' results
     */
    public Cairn(Store store, CairnConfig config, Clock clock, BucketStore buckets, NodeConfig node, Path lakeDirectory)
    {
        this(store, config, clock, buckets, node, lakeDirectory, Optional.empty());
    }

    /**
     * @param node this node's identity among several sharing the store (leases on background work), and the master
     *         key that encrypts the secrets in the store (required)
     * @param lakeDirectory where the Lake keeps event data stores' files and queries' results
     * @param externalLogGroups an external CloudWatch Logs service that trails' log group events go to instead of
     *         Cairn's own log groups ({@code --cloudwatch-logs-endpoint}); empty: Cairn's own
     */
    public Cairn(Store store, CairnConfig config, Clock clock, BucketStore buckets, NodeConfig node, Path lakeDirectory, Optional<LogGroupTarget> externalLogGroups)
    {
        this.store = requireNonNull(store, "store is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        MasterKey masterKey = node.masterKey().orElseThrow(() -> new IllegalArgumentException("a master key is required: it encrypts the secrets in the store"));
        this.catalog = new ServiceCatalog(Json.mapper());
        this.secrets = new AccessKeySecrets(masterKey);
        this.sessionTokens = new SessionTokens(masterKey);
        ConnectionSecrets connectionSecrets = new ConnectionSecrets(masterKey);
        this.identities = new IdentityService(store, secrets, sessionTokens);
        IdGenerator ids = new IdGenerator();
        TrailCatalog trails = new TrailCatalog(store);
        LakeCatalog lake = new LakeCatalog(store);
        this.lake = lake;
        // the Lake: event data stores' Parquet files, the engine that queries them, and queries' results
        try {
            this.lakeFiles = new LakeFiles(lakeDirectory.resolve("stores"), LakeConfig.defaults());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot open the Lake's files in " + lakeDirectory, e);
        }
        this.lakeEngine = new LakeEngine(lakeFiles, LakeConfig.defaults());
        LakeResults lakeResults = new LakeResults(lakeDirectory.resolve("results"));
        this.lakeQueries = new LakeQueries(store, this::journalWriter, lakeEngine, lakeResults, buckets, clock, node.nodeId(), LakeQueries.DEFAULT_TIMEOUT,
                this::keepsTheLake);
        this.eventLookup = new EventLookup(store.history(), clock, config.history().retention());
        this.lookupEvents = new LookupEvents(eventLookup);
        Authorizer authorizer = new Authorizer(identities);
        OrganizationIds organizationIds = new OrganizationIds();
        // the default buses' rules, compiled: PutEvents and the event bus consumer match with them
        EventRuleIndex eventRules = new EventRuleIndex(store);
        // told of log events as they are stored (by PutLogEvents and trail delivery): metric filters count them
        MetricFilterCounters metricFilterCounters = new MetricFilterCounters(store);
        this.metricFilterCounters = metricFilterCounters;
        LogEventsListener logEventsListener = metricFilterCounters;
        this.operations = new OperationRegistry(catalog, List.<Operation>of(
                new GetCallerIdentity(),
                new AssumeRole(ids, sessionTokens, authorizer),
                new GetSessionToken(ids, sessionTokens),
                new GetAccessKeyInfo(),
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
                new CreateAccessKey(ids, secrets),
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
                new CreateGroup(ids),
                new GetGroup(),
                new ListGroups(),
                new UpdateGroup(),
                new DeleteGroup(),
                new AddUserToGroup(),
                new RemoveUserFromGroup(),
                new ListGroupsForUser(),
                new PutGroupPolicy(),
                new GetGroupPolicy(),
                new ListGroupPolicies(),
                new DeleteGroupPolicy(),
                new AttachGroupPolicy(),
                new DetachGroupPolicy(),
                new ListAttachedGroupPolicies(),
                new CreateRole(ids),
                new GetRole(),
                new ListRoles(),
                new UpdateRole(),
                new UpdateRoleDescription(),
                new UpdateAssumeRolePolicy(),
                new DeleteRole(),
                new PutRolePolicy(),
                new GetRolePolicy(),
                new ListRolePolicies(),
                new DeleteRolePolicy(),
                new AttachRolePolicy(),
                new DetachRolePolicy(),
                new ListAttachedRolePolicies(),
                new TagRole(),
                new UntagRole(),
                new ListRoleTags(),
                new CreateOrganization(organizationIds),
                new DescribeOrganization(),
                new DeleteOrganization(),
                new CreateAccount(ids, organizationIds),
                new DescribeCreateAccountStatus(),
                new ListCreateAccountStatus(),
                new ListAccounts(),
                new DescribeAccount(),
                new ListRoots(),
                new CreateOrganizationalUnit(organizationIds),
                new DescribeOrganizationalUnit(),
                new DeleteOrganizationalUnit(),
                new ListOrganizationalUnitsForParent(),
                new ListAccountsForParent(),
                new ListChildren(),
                new ListParents(),
                new MoveAccount(),
                new RemoveAccountFromOrganization(),
                new EnableAWSServiceAccess(),
                new DisableAWSServiceAccess(),
                new ListAWSServiceAccessForOrganization(),
                new RegisterDelegatedAdministrator(),
                new DeregisterDelegatedAdministrator(),
                new ListDelegatedAdministrators(),
                new ListDelegatedServicesForAccount(),
                new CreateLogGroup(),
                new DescribeLogGroups(store.logEvents()),
                new DeleteLogGroup(),
                new PutRetentionPolicy(),
                new DeleteRetentionPolicy(),
                new CreateLogStream(),
                new DescribeLogStreams(store.logEvents()),
                new DeleteLogStream(),
                new PutLogEvents(logEventsListener),
                new GetLogEvents(store.logEvents()),
                new FilterLogEvents(store.logEvents()),
                new TagResource(),
                new UntagResource(),
                new ListTagsForResource(),
                new TagLogGroup(),
                new UntagLogGroup(),
                new ListTagsLogGroup(),
                new PutMetricFilter(),
                new DescribeMetricFilters(),
                new DeleteMetricFilter(),
                new TestMetricFilter(),
                new PutRule(),
                new DescribeRule(),
                new ListRules(),
                new DeleteRule(),
                new EnableRule(),
                new DisableRule(),
                new PutTargets(),
                new RemoveTargets(),
                new ListTargetsByRule(),
                new ListRuleNamesByTarget(),
                new TestEventPattern(),
                new PutEvents(eventRules),
                new CreateConnection(connectionSecrets),
                new DescribeConnection(),
                new ListConnections(),
                new UpdateConnection(connectionSecrets),
                new DeleteConnection(),
                new DeauthorizeConnection(),
                new CreateApiDestination(),
                new DescribeApiDestination(),
                new ListApiDestinations(),
                new UpdateApiDestination(),
                new DeleteApiDestination(),
                new CreateTopic(),
                new DeleteTopic(),
                new ListTopics(),
                new GetTopicAttributes(),
                new SetTopicAttributes(),
                new Subscribe(),
                new ConfirmSubscription(),
                new Unsubscribe(),
                new ListSubscriptions(),
                new ListSubscriptionsByTopic(),
                new Publish(),
                lookupEvents,
                new CreateTrail(config.regions(), config.trails(), buckets, externalLogGroups),
                new RegisterOrganizationDelegatedAdmin(),
                new DeregisterOrganizationDelegatedAdmin(),
                new UpdateTrail(config.regions(), config.trails(), buckets, externalLogGroups),
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
                new ListTags(trails, lake),
                new ListPublicKeys(clock),
                new CreateEventDataStore(config.regions()),
                new GetEventDataStore(),
                new ListEventDataStores(),
                new UpdateEventDataStore(config.regions()),
                new DeleteEventDataStore(),
                new RestoreEventDataStore(config.regions()),
                new StartEventDataStoreIngestion(),
                new StopEventDataStoreIngestion(),
                new CreateChannel(),
                new GetChannel(),
                new ListChannels(),
                new UpdateChannel(),
                new DeleteChannel(),
                new PutResourcePolicy(),
                new GetResourcePolicy(),
                new DeleteResourcePolicy(),
                new StartQuery(lakeQueries, buckets),
                new DescribeQuery(lakeQueries),
                new GetQueryResults(lakeQueries, lakeResults),
                new ListQueries(lakeQueries),
                new CancelQuery(lakeQueries),
                new PutAuditEvents()));

        // the journal's consumers; each runs in its own loop, one node at a time (leases)
        this.historyIndexer = new HistoryIndexer(store.journal(), store.checkpoints(), store.history(), config.history().batchSize(),
                config.history().includeDataEvents());
        // woken by this node's commits and paced by how much it found (see HistoryIndexer.pacing); other nodes'
        // events are found within the idle interval
        BackgroundLoop historyLoop = new BackgroundLoop("cairn-history-indexer", Duration.ofMillis(250), historyIndexer::pacing,
                () -> leases().tryAcquire(HISTORY_INDEXER_LEASE) && historyIndexer.runOnce());
        this.journal = new JournalWriter(store, config.journal().batchSize(), config.journal().maximumQueuedCalls(), (lastPosition, metadataChanged) -> {
            if (metadataChanged) {
                identities.invalidate();
                trails.invalidate();
                lake.invalidate();
                metricFilterCounters.invalidate();
            }
            historyLoop.wake();
            BackgroundLoop sns = snsLoop;
            if (sns != null) {
                sns.wake();
            }
            for (BackgroundLoop woken : new BackgroundLoop[] {eventBusLoop, eventTargetsLoop}) {
                if (woken != null) {
                    woken.wake();
                }
            }
            BackgroundLoop delivering = deliveryLoop;
            if (delivering != null && deliveringToLogGroups.getAsBoolean()) {
                delivering.wake();
            }
        });
        this.leases = new Leases(store, journal, clock, node.nodeId(), node.leaseDuration());
        this.signingKeys = new SigningKeys(store, journal, clock, config.delivery().signingKeyRotation(), masterKey);
        this.delivery = new DeliveryScheduler(store, journal, buckets, signingKeys, leases, clock, config.regions(), config.delivery(), logEventsListener, externalLogGroups);
        // at idle every tick; woken by commits, at most every fifth of a second (a trail's log group is written as often)
        this.deliveringToLogGroups = delivery::deliversToLogGroups;
        this.deliveryLoop = new BackgroundLoop("cairn-trail-delivery", delivery.tick(), () -> DeliveryScheduler.CLOUDWATCH_LOGS_INTERVAL, delivery::runOnce);
        this.snsCertificates = new SnsSigningCertificates(store, journal, clock, masterKey);
        this.snsDelivery = new SnsDelivery(store.outbox(), snsCertificates, clock);
        this.snsLoop = new BackgroundLoop("cairn-sns-delivery", Duration.ofSeconds(1), snsDelivery::runOnce);
        this.eventBus = new EventBusConsumer(store, journal, eventRules, clock);
        this.eventTargets = new EventTargetDelivery(store, journal, connectionSecrets, logEventsListener, clock);
        this.eventTargetsLoop = new BackgroundLoop("cairn-event-targets", Duration.ofSeconds(1), eventTargets::runOnce);
        BackgroundLoop targetsLoop = eventTargetsLoop;
        // woken by this node's commits; wakes the targets' sender when it put events in the outbox
        this.eventBusLoop = new BackgroundLoop("cairn-event-bus", Duration.ofSeconds(1), () -> {
            boolean more = leases.tryAcquire(EVENT_BUS_LEASE) && eventBus.runOnce();
            targetsLoop.wake();
            return more;
        });
        this.lakeIngest = new LakeIngest(store, lake, lakeFiles, lakeQueries, clock);
        this.lakeIngestLoop = new BackgroundLoop("cairn-lake-ingest", LakeIngest.INTERVAL, () -> leases.tryAcquire(LAKE_INGEST_LEASE) && lakeIngest.runOnce());
        List<JournalConsumer> consumers = List.of(historyIndexer, delivery, eventBus, lakeIngest);
        JournalTrimmer trimmer = new JournalTrimmer(store.journal(), consumers);
        BackgroundLoop trimLoop = new BackgroundLoop("cairn-journal-trimmer", Duration.ofSeconds(10), () -> {
            if (leases.tryAcquire(JOURNAL_TRIMMER_LEASE)) {
                trimmer.runOnce();
            }
            return false;
        });
        BackgroundLoop retentionLoop = new BackgroundLoop("cairn-history-retention", Duration.ofHours(1), () -> {
            if (leases.tryAcquire(HISTORY_RETENTION_LEASE)) {
                store.history().purgeBefore(clock.instant().minus(config.history().retention()));
            }
            return false;
        });
        this.logRetention = new LogRetention(store, clock, config.regions());
        BackgroundLoop logRetentionLoop = new BackgroundLoop("cairn-log-retention", Duration.ofHours(1),
                () -> leases.tryAcquire(LOG_RETENTION_LEASE) && logRetention.runOnce());
        // event data stores whose seven days of pending deletion are over: removed for good (the Lake's files first,
        // once the Lake keeps files: give runOnce what deletes them)
        this.eventDataStoreDeletions = new EventDataStoreDeletions(store, journal, clock);
        BackgroundLoop lakeDeletionsLoop = new BackgroundLoop("cairn-lake-deletions", Duration.ofHours(1),
                () -> leases.tryAcquire(LAKE_DELETIONS_LEASE) && eventDataStoreDeletions.runOnce(removed -> lakeFiles.deleteStore(removed.id())));
        this.loops = List.of(historyLoop, trimLoop, retentionLoop, logRetentionLoop, eventBusLoop, targetsLoop, lakeDeletionsLoop, lakeIngestLoop);

        this.recorder = new Recorder(catalog);
        this.unsignedSnsLinks = new UnsignedSnsLinks(journal, recorder, config.regions());
        this.bucketAccess = new BucketAccess(authorizer);
        // sign-in events go to the first region served, as the console's sign-in endpoint records them in one region
        this.consoleSignIn = new ConsoleSignIn(store, journal, recorder, clock, config.regions().get(0));
        this.dispatcher = new Dispatcher(catalog, operations, authorizer, recorder, journal, store);
        this.consoleSwitchRole = new ConsoleSwitchRole(store, dispatcher, identities, journal, recorder, clock, config.regions().get(0));
        this.accounts = new Accounts(store, journal, identities, secrets, clock, () -> started);
        this.metrics = new CairnMetrics(store.journal(), journal, consumers, delivery.counters(), metricFilterCounters);
    }

    /**
     * Encrypts the secrets an older Cairn stored in plaintext and checks that the store's secrets decrypt with this
     * master key (see {@link #encryptPlaintextSecrets}), then starts the journal writer and the background consumers;
     * with manual delivery (tests), all but delivery, which the test steps itself.
     */
    public synchronized void start()
            throws IOException
    {
        if (started) {
            return;
        }
        encryptPlaintextSecrets();
        started = true;
        journal.start();
        // made on first start, loaded after
        snsCertificates.certificate();
        snsLoop.start();
        if (!config.delivery().manual()) {
            deliveryLoop.start();
        }
        loops.forEach(BackgroundLoop::start);
    }

    /**
     * Before the journal writer starts: in one write, encrypts every access key secret and signing key that an older
     * Cairn stored in plaintext, so that from now on the store holds none, and checks that the encrypted ones decrypt
     * with this node's master key (a store started with another key fails to start, rather than failing every
     * request).
     */
    private void encryptPlaintextSecrets()
            throws IOException
    {
        for (int attempt = 1; ; attempt++) {
            try (WriteBatch batch = store.beginBatch()) {
                int accessKeys = new IdentityRepository(batch.metadata()).encryptPlaintextSecrets(secrets);
                int signingKeys = this.signingKeys.encryptPlaintextKeys(batch.metadata(), config.regions());
                if (accessKeys + signingKeys == 0) {
                    return;
                }
                batch.commit();
                identities.invalidate();
                log.info("encrypted {} access key secrets and {} signing keys that were stored in plaintext", accessKeys, signingKeys);
                return;
            }
            catch (ConflictException e) {
                // another node sharing the store did the same at the same time: look again
                if (attempt == 3) {
                    throw e;
                }
            }
        }
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

    /** The first account, and others no API call creates. */
    public Accounts accounts()
    {
        return accounts;
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

    /** Every event data store and channel as of the last metadata commit, for the Lake's ingestion. */
    public LakeCatalog lake()
    {
        return lake;
    }

    /** Removes event data stores whose seven days of pending deletion are over (stepped by tests). */
    public EventDataStoreDeletions eventDataStoreDeletions()
    {
        return eventDataStoreDeletions;
    }

    /** Console sign-in: checks passwords and records every attempt as a ConsoleLogin event. */
    /** Builds the records of events that are not calls of the core's services (the S3 gateway's). */
    public Recorder recorder()
    {
        return recorder;
    }

    /** Decides S3 requests by identity and bucket policies. */
    public BucketAccess bucketAccess()
    {
        return bucketAccess;
    }

    public Store store()
    {
        return store;
    }

    public ConsoleSignIn consoleSignIn()
    {
        return consoleSignIn;
    }

    /** The console's "Switch role": AssumeRole for the signed-in principal, recorded as AWS records SwitchRole. */
    public ConsoleSwitchRole consoleSwitchRole()
    {
        return consoleSwitchRole;
    }

    /** The digest signing keys (for tools that write digests the way delivery does, such as benchmarks). */
    public SigningKeys signingKeys()
    {
        return signingKeys;
    }

    /** Posts SNS messages to their endpoints; the server tells it its API endpoint. */
    public SnsDelivery snsDelivery()
    {
        return snsDelivery;
    }

    /** The certificate that signs SNS messages, served at their SigningCertURL. */
    public SnsSigningCertificates snsCertificates()
    {
        return snsCertificates;
    }

    /**
     * ConfirmSubscription by the SubscribeURL an endpoint visits, and Unsubscribe by a notification's UnsubscribeURL,
     * unsigned (the token, or the subscription's ARN, is the credential), recorded as anonymous.
     */
    public UnsignedSnsLinks unsignedSnsLinks()
    {
        return unsignedSnsLinks;
    }

    public Leases leases()
    {
        return leases;
    }

    public DeliveryScheduler delivery()
    {
        return delivery;
    }

    /** Log groups' retention, which a background loop enforces every hour (and tests step). */
    public LogRetention logRetention()
    {
        return logRetention;
    }

    /**
     * The values of CloudWatch Logs metric filters: to be given every log event appended to a log group, once
     * committed ({@link MetricFilterCounters#accept}); shown by {@link #metrics()}.
     */
    public MetricFilterCounters metricFilterCounters()
    {
        return metricFilterCounters;
    }

    /** Operational figures in the Prometheus text format. */
    public String metrics()
            throws IOException
    {
        StringBuilder text = new StringBuilder(metrics.text());
        snsDelivery.appendMetrics(text);
        eventTargets.appendMetrics(text);
        return text.toString();
    }

    /** Stops taking calls, commits what is queued, stops the consumers. The store stays open. */
    @Override
    public synchronized void close()
    {
        // delivery stores its state through the journal writer: stop it first
        deliveryLoop.close();
        delivery.close();
        snsLoop.close();
        snsDelivery.close();
        loops.forEach(BackgroundLoop::close);
        eventTargets.close();
        lakeQueries.close();
        lakeEngine.close();
        // so that another node takes this one's work at once rather than when the leases expire
        leases.releaseAll();
        journal.close();
        try {
            lakeFiles.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this node keeps the Lake's files: it holds (or now takes) the Lake's ingestion lease. */
    private boolean keepsTheLake()
    {
        try {
            return leases.tryAcquire(LAKE_INGEST_LEASE);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For what is made before the journal writer and uses it later. */
    private JournalWriter journalWriter()
    {
        return journal;
    }
}
