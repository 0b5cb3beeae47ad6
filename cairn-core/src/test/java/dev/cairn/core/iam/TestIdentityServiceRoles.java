package dev.cairn.core.iam;

import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.spi.CheckpointStore;
import dev.cairn.spi.EventHistory;
import dev.cairn.spi.JournalReader;
import dev.cairn.spi.LogEvents;
import dev.cairn.spi.Outbox;
import dev.cairn.spi.Store;
import dev.cairn.spi.WriteBatch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What STS asks of {@link IdentityService} about roles: the role, and the policies its sessions have, cached until
 * metadata changes.
 */
public class TestIdentityServiceRoles
{
    private static final String ACCOUNT = "111122223333";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String READ_USERS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}";

    /** Metadata in memory; {@link #metadataVersion} is what a test sets, as if another node committed. */
    private static final class FakeStore
            implements Store
    {
        final InMemoryMetadata metadata = new InMemoryMetadata();
        final AtomicInteger reads = new AtomicInteger();
        long version;

        @Override
        public <T> T read(ReadWork<T> work)
                throws java.io.IOException
        {
            reads.incrementAndGet();
            return work.run(metadata);
        }

        @Override
        public long metadataVersion()
        {
            return version;
        }

        @Override
        public WriteBatch beginBatch()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public JournalReader journal()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public CheckpointStore checkpoints()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventHistory history()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public LogEvents logEvents()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public Outbox outbox()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close()
        {
        }
    }

    private final FakeStore store = new FakeStore();
    private final IdentityService identities = new IdentityService(store, new AccessKeySecrets(MasterKey.generate()), new SessionTokens(MasterKey.generate()));
    private final RoleRepository roles = new RoleRepository(store.metadata);

    @Test
    public void rolesAreCachedUntilMetadataChanges()
            throws Exception
    {
        IamRole role = new IamRole(ACCOUNT, "Deployer", new IdGenerator().roleId(), "/", TRUST, 7_200, Optional.of("deploys"), Instant.now(), List.of());
        assertThat(identities.role(ACCOUNT, "Deployer")).isEmpty();
        roles.createRole(role);
        // still the cached answer: nothing said metadata changed
        assertThat(identities.role(ACCOUNT, "Deployer")).isEmpty();
        identities.invalidate();
        assertThat(identities.role(ACCOUNT, "deployer")).contains(role);
        int reads = store.reads.get();
        assertThat(identities.role(ACCOUNT, "DEPLOYER")).contains(role);
        assertThat(store.reads.get()).isEqualTo(reads);

        // another node's commit
        roles.putRole(role.withMaxSessionDuration(3_600));
        store.version++;
        assertThat(identities.role(ACCOUNT, "Deployer")).hasValueSatisfying(found -> assertThat(found.maxSessionDuration()).isEqualTo(3_600));
        assertThat(identities.role("444455556666", "Deployer")).isEmpty();
    }

    @Test
    public void rolePoliciesAreInlineAndAttachedOnes()
            throws Exception
    {
        roles.createRole(new IamRole(ACCOUNT, "Reader", new IdGenerator().roleId(), "/", TRUST, 3_600, Optional.empty(), Instant.now(), List.of()));
        assertThat(identities.rolePolicies(ACCOUNT, "Reader")).isEmpty();
        assertThat(identities.rolePolicies(ACCOUNT, "nobody")).isEmpty();

        roles.putRolePolicy(ACCOUNT, "Reader", new InlinePolicy("users", READ_USERS));
        roles.putRolePolicy(ACCOUNT, "Reader", new InlinePolicy("broken", "{not json"));
        roles.attachRolePolicy(ACCOUNT, "Reader", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        // a policy Cairn no longer knows grants nothing
        roles.attachRolePolicy(ACCOUNT, "Reader", "arn:aws:iam::aws:policy/Retired");
        identities.invalidate();
        List<PolicyDocument> policies = identities.rolePolicies(ACCOUNT, "READER");
        assertThat(policies).containsExactly(PolicyDocument.parse(READ_USERS), ManagedPolicies.byArn("arn:aws:iam::aws:policy/ReadOnlyAccess").orElseThrow().document());
        // the role's policies are not a user's of the same name
        assertThat(identities.policies(new dev.cairn.model.Principal(ACCOUNT, dev.cairn.model.PrincipalType.IAM_USER, "AIDAEXAMPLE", "arn:aws:iam::" + ACCOUNT + ":user/Reader",
                "Reader", "AKIAEXAMPLE"))).isEmpty();
    }
}
