package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.model.Principal;
import dev.cairn.model.SessionContext;
import dev.cairn.model.SessionIssuer;
import dev.cairn.model.PrincipalType;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resolves access keys to principals and principals to their policies, on every request, from a cache that is
 * dropped whenever a committed batch changed metadata: this node's ({@link #invalidate}), or any node's sharing the
 * store ({@link dev.cairn.spi.Store#metadataVersion}, compared on every lookup).
 *
 * <p>Each cached entry carries the metadata version it was read at; an entry read before a later commit is never
 * served, even if it was stored after that commit's invalidation. Thread-safe.
 */
public final class IdentityService
{
    private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

    private final Store store;
    private final AccessKeySecrets secrets;
    private final SessionTokens tokens;
    private final AtomicLong version = new AtomicLong();
    /** Opened session tokens by token: opening one costs an AES-GCM decryption and a JSON parse. */
    private final Map<String, Optional<SessionToken>> sessions = new ConcurrentHashMap<>();
    private final Map<String, Cached<Optional<IamUser>>> users = new ConcurrentHashMap<>();
    private final Map<String, PolicyDocument> sessionPolicies = new ConcurrentHashMap<>();
    private final Map<String, Cached<Optional<Credential>>> credentials = new ConcurrentHashMap<>();
    private final Map<String, Cached<List<PolicyDocument>>> policies = new ConcurrentHashMap<>();
    private final Map<String, Cached<Optional<IamRole>>> roles = new ConcurrentHashMap<>();
    private final Map<String, Cached<List<PolicyDocument>>> rolePolicies = new ConcurrentHashMap<>();

    public IdentityService(Store store, AccessKeySecrets secrets, SessionTokens tokens)
    {
        this.store = requireNonNull(store, "store is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    /**
     * Temporary credentials and the principal they act as.
     */
    public record SessionCredential(SessionToken session, Principal principal)
    {
        public SessionCredential
        {
            requireNonNull(session, "session is null");
            requireNonNull(principal, "principal is null");
        }
    }

    /**
     * An access key with its decrypted secret and the principal it authenticates.
     */
    public record Credential(AccessKey key, String secretAccessKey, Principal principal)
    {
        public Credential
        {
            requireNonNull(key, "key is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
            requireNonNull(principal, "principal is null");
        }

        @Override
        public String toString()
        {
            // the secret never reaches logs
            return "Credential{" + key + "}";
        }
    }

    private record Cached<T>(long version, T value) {}

    private static void addInline(List<PolicyDocument> documents, List<InlinePolicy> policies, String owner)
    {
        for (InlinePolicy policy : policies) {
            try {
                documents.add(PolicyDocument.parseStored(policy.document()));
            }
            catch (RuntimeException e) {
                // stored documents were validated when put; one that no longer parses grants nothing
                log.warn("ignoring unreadable inline policy {} of {}: {}", policy.policyName(), owner, e.getMessage());
            }
        }
    }

    private static void addManaged(List<PolicyDocument> documents, List<String> policyArns)
    {
        for (String arn : policyArns) {
            ManagedPolicies.byArn(arn).ifPresent(policy -> documents.add(policy.document()));
        }
    }

    /** Called after every commit that changed metadata. */
    public void invalidate()
    {
        version.incrementAndGet();
        credentials.clear();
        policies.clear();
        roles.clear();
        rolePolicies.clear();
        users.clear();
    }

    /**
     * Authenticates temporary credentials by their session token: the token must have been sealed by this
     * deployment's master key for this access key id and not have expired. The session of an IAM user that no longer
     * exists (or was recreated under the same name) is refused.
     *
     * @throws CairnException {@code InvalidClientTokenId} for a token that does not open, {@code ExpiredToken} for
     *         one past its expiration
     */
    public SessionCredential sessionCredential(String accessKeyId, String token, Instant now)
            throws IOException
    {
        Optional<SessionToken> opened = sessions.get(token);
        if (opened == null) {
            opened = tokens.open(accessKeyId, token);
            if (sessions.size() > 100_000) {
                sessions.clear();
            }
            sessions.put(token, opened);
        }
        SessionToken session = opened.filter(candidate -> candidate.accessKeyId().equals(accessKeyId))
                .orElseThrow(() -> new CairnException(ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid."));
        if (!now.isBefore(session.expiration())) {
            throw new CairnException(ErrorCode.EXPIRED_TOKEN, "The security token included in the request is expired");
        }
        return new SessionCredential(session, principal(session));
    }

    private Principal principal(SessionToken session)
            throws IOException
    {
        if (session.role().isPresent()) {
            SessionToken.RoleSession role = session.role().get();
            SessionIssuer issuer = new SessionIssuer(SessionIssuer.ROLE, role.roleId(), IamRole.arn(session.accountId(), role.rolePath(), role.roleName()),
                    session.accountId(), role.roleName());
            SessionContext context = new SessionContext(session.issuedAt(), session.mfaAuthenticated(), Optional.of(issuer), role.sourceIdentity(), role.policy(),
                    role.policyArns(), role.tags());
            return Principal.assumedRole(issuer, role.sessionName(), session.accessKeyId(), context);
        }
        SessionContext context = new SessionContext(session.issuedAt(), session.mfaAuthenticated());
        if (session.user().isEmpty()) {
            Optional<String> alias = store.read(reader -> new IdentityRepository(reader).accountAlias(session.accountId()));
            return Principal.root(session.accountId(), session.accessKeyId(), alias).inSession(session.accessKeyId(), context);
        }
        SessionToken.UserSession named = session.user().get();
        IamUser user = user(session.accountId(), named.userName())
                .filter(candidate -> candidate.userId().equals(named.userId()))
                .orElseThrow(() -> new CairnException(ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid."));
        return principal(user, session.accessKeyId()).inSession(session.accessKeyId(), context);
    }

    /**
     * A session's policies ({@code AssumeRole}'s {@code Policy} and {@code PolicyArns}), parsed once per distinct
     * session policy.
     */
    public List<PolicyDocument> sessionPolicies(SessionContext session)
    {
        List<PolicyDocument> documents = new ArrayList<>();
        session.sessionPolicy().ifPresent(text -> documents.add(sessionPolicies.computeIfAbsent(text, PolicyDocument::parseStored)));
        addManaged(documents, session.sessionPolicyArns());
        if (sessionPolicies.size() > 10_000) {
            sessionPolicies.clear();
        }
        return documents;
    }

    private Optional<IamUser> user(String accountId, String userName)
            throws IOException
    {
        return cached(users, accountId + "/" + userName.toLowerCase(Locale.ROOT), () -> store.read(reader -> new IdentityRepository(reader).user(accountId, userName)));
    }

    /**
     * The key with its secret, decrypted once per cache entry (one AES-GCM decryption when the cache misses), and the
     * principal it authenticates.
     */
    public Optional<Credential> credential(String accessKeyId)
            throws IOException
    {
        return cached(credentials, accessKeyId, () -> store.read(reader -> {
            IdentityRepository identities = new IdentityRepository(reader);
            Optional<AccessKey> key = identities.accessKey(accessKeyId);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            if (key.get().userName().isEmpty()) {
                // records of the root user's calls name it by the account's alias
                return Optional.of(new Credential(key.get(), secrets.decrypt(key.get()),
                        Principal.root(key.get().accountId(), accessKeyId, identities.accountAlias(key.get().accountId()))));
            }
            Optional<IamUser> user = identities.user(key.get().accountId(), key.get().userName().get());
            if (user.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Credential(key.get(), secrets.decrypt(key.get()), principal(user.get(), accessKeyId)));
        }));
    }

    public static Principal principal(IamUser user, String accessKeyId)
    {
        return new Principal(user.accountId(), PrincipalType.IAM_USER, user.userId(), user.arn(), user.userName(), accessKeyId);
    }

    /**
     * The identity policies of an IAM user: its inline and attached managed ones, and those of every group it is in.
     * Root has none.
     */
    public List<PolicyDocument> policies(Principal principal)
            throws IOException
    {
        if (principal.isRoot()) {
            return List.of();
        }
        return cached(policies, principal.accountId() + "/" + principal.userName(), () -> store.read(reader -> {
            IdentityRepository identities = new IdentityRepository(reader);
            List<PolicyDocument> documents = new ArrayList<>();
            addInline(documents, identities.userPolicies(principal.accountId(), principal.userName()), principal.arn());
            addManaged(documents, identities.attachedPolicyArns(principal.accountId(), principal.userName()));
            GroupRepository groups = new GroupRepository(reader);
            for (String group : groups.allGroupsOf(principal.accountId(), principal.userName())) {
                addInline(documents, groups.groupPolicies(principal.accountId(), group), principal.arn() + " (group " + group + ")");
                addManaged(documents, groups.attachedPolicyArns(principal.accountId(), group));
            }
            return List.copyOf(documents);
        }));
    }

    /** A role of an account, by name in any case. */
    public Optional<IamRole> role(String accountId, String roleName)
            throws IOException
    {
        return cached(roles, roleCacheKey(accountId, roleName), () -> store.read(reader -> new RoleRepository(reader).role(accountId, roleName)));
    }

    /**
     * The identity policies of a role (what its sessions may do): inline ones and attached managed ones. Empty when
     * the role does not exist.
     */
    public List<PolicyDocument> rolePolicies(String accountId, String roleName)
            throws IOException
    {
        return cached(rolePolicies, roleCacheKey(accountId, roleName), () -> store.read(reader -> rolePolicies(reader, accountId, roleName)));
    }

    /** A role's identity policies as a reader (of a transaction) sees them, uncached. */
    public static List<PolicyDocument> rolePolicies(MetadataReader reader, String accountId, String roleName)
            throws IOException
    {
        RoleRepository roleRepository = new RoleRepository(reader);
        List<PolicyDocument> documents = new ArrayList<>();
        addInline(documents, roleRepository.rolePolicies(accountId, roleName), "role " + roleName + " in account " + accountId);
        addManaged(documents, roleRepository.attachedRolePolicyArns(accountId, roleName));
        return List.copyOf(documents);
    }

    private interface Loader<T>
    {
        T load()
                throws IOException;
    }

    /** The cached value unless a commit changed metadata since it was read; else loads and caches it. */
    private <T> T cached(Map<String, Cached<T>> cache, String key, Loader<T> loader)
            throws IOException
    {
        long current = version.get() + store.metadataVersion();
        Cached<T> cached = cache.get(key);
        if (cached != null && cached.version() == current) {
            return cached.value();
        }
        T loaded = loader.load();
        if (cache.size() > 100_000) {
            cache.clear();
        }
        cache.put(key, new Cached<>(current, loaded));
        return loaded;
    }

    private static String roleCacheKey(String accountId, String roleName)
    {
        return accountId + "/" + roleName.toLowerCase(Locale.ROOT);
    }
}
