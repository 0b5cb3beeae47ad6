package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    private final AtomicLong version = new AtomicLong();
    private final Map<String, Cached<Optional<Credential>>> credentials = new ConcurrentHashMap<>();
    private final Map<String, Cached<List<PolicyDocument>>> policies = new ConcurrentHashMap<>();

    public IdentityService(Store store, AccessKeySecrets secrets)
    {
        this.store = requireNonNull(store, "store is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
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
    }

    /**
     * The key with its secret, decrypted once per cache entry (one AES-GCM decryption when the cache misses), and the
     * principal it authenticates.
     */
    public Optional<Credential> credential(String accessKeyId)
            throws IOException
    {
        long current = version.get() + store.metadataVersion();
        Cached<Optional<Credential>> cached = credentials.get(accessKeyId);
        if (cached != null && cached.version() == current) {
            return cached.value();
        }
        Optional<Credential> loaded = store.read(reader -> {
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
        });
        if (credentials.size() > 100_000) {
            credentials.clear();
        }
        credentials.put(accessKeyId, new Cached<>(current, loaded));
        return loaded;
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
        String cacheKey = principal.accountId() + "/" + principal.userName();
        long current = version.get() + store.metadataVersion();
        Cached<List<PolicyDocument>> cached = policies.get(cacheKey);
        if (cached != null && cached.version() == current) {
            return cached.value();
        }
        List<PolicyDocument> loaded = store.read(reader -> {
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
        });
        if (policies.size() > 100_000) {
            policies.clear();
        }
        policies.put(cacheKey, new Cached<>(current, loaded));
        return loaded;
    }
}
