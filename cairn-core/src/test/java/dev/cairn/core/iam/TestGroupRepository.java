package dev.cairn.core.iam;

import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestGroupRepository
{
    private static final String ACCOUNT = "111122223333";
    private static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

    @TempDir
    Path directory;
    private SqliteStore store;

    @BeforeEach
    public void open()
            throws IOException
    {
        store = SqliteStore.open(directory);
    }

    @AfterEach
    public void close()
            throws IOException
    {
        store.close();
    }

    private interface Writes
    {
        void run(GroupRepository groups)
                throws IOException;
    }

    private void write(Writes writes)
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            writes.run(new GroupRepository(batch.metadata()));
            batch.commit();
        }
    }

    private static IamGroup group(String name, String path)
    {
        return new IamGroup(ACCOUNT, name, "AGPA" + name.toUpperCase(java.util.Locale.ROOT), path, Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    public void namesAreUniqueRegardlessOfCaseAndKeepTheirCase()
            throws IOException
    {
        write(groups -> {
            assertThat(groups.createGroup(group("Developers", "/eng/"))).isTrue();
            assertThat(groups.createGroup(group("developers", "/"))).isFalse();
        });
        store.read(reader -> {
            GroupRepository groups = new GroupRepository(reader);
            assertThat(groups.group(ACCOUNT, "DEVELOPERS")).get().extracting(IamGroup::groupName, IamGroup::path).containsExactly("Developers", "/eng/");
            assertThat(groups.group("444455556666", "Developers")).isEmpty();
            assertThat(groups.group(ACCOUNT, "Developers").orElseThrow().arn()).isEqualTo("arn:aws:iam::111122223333:group/eng/Developers");
            assertThat(groups.groupCount(ACCOUNT)).isEqualTo(1);
            return null;
        });
    }

    @Test
    public void membershipsAreIndexedBothWays()
            throws IOException
    {
        write(groups -> {
            groups.createGroup(group("dev", "/"));
            groups.createGroup(group("dev-ops", "/"));
            groups.createGroup(group("ops", "/"));
            assertThat(groups.addMember(ACCOUNT, "dev", "Alice")).isTrue();
            assertThat(groups.addMember(ACCOUNT, "DEV", "alice")).isFalse();
            groups.addMember(ACCOUNT, "dev", "bob");
            groups.addMember(ACCOUNT, "dev", "carol");
            groups.addMember(ACCOUNT, "dev-ops", "alice");
            groups.addMember(ACCOUNT, "ops", "alice");
        });
        store.read(reader -> {
            GroupRepository groups = new GroupRepository(reader);
            // "dev" is a prefix of "dev-ops": each group's members are their own range
            assertThat(groups.memberCount(ACCOUNT, "dev")).isEqualTo(3);
            assertThat(groups.memberCount(ACCOUNT, "dev-ops")).isEqualTo(1);
            assertThat(groups.isMember(ACCOUNT, "Dev", "ALICE")).isTrue();
            assertThat(groups.isMember(ACCOUNT, "ops", "bob")).isFalse();
            IdentityRepository.Page<String> first = groups.members(ACCOUNT, "dev", Optional.empty(), 2);
            assertThat(first.items()).containsExactly("alice", "bob");
            assertThat(first.nextMarker()).contains("bob");
            IdentityRepository.Page<String> second = groups.members(ACCOUNT, "dev", first.nextMarker(), 2);
            assertThat(second.items()).containsExactly("carol");
            assertThat(second.nextMarker()).isEmpty();
            assertThat(groups.allGroupsOf(ACCOUNT, "Alice")).containsExactly("dev", "dev-ops", "ops");
            assertThat(groups.groupsOf(ACCOUNT, "alice", Optional.of("dev"), 1).items()).containsExactly("dev-ops");
            assertThat(groups.groupCountOf(ACCOUNT, "bob")).isEqualTo(1);
            return null;
        });
        write(groups -> {
            assertThat(groups.removeMember(ACCOUNT, "dev", "ALICE")).isTrue();
            assertThat(groups.removeMember(ACCOUNT, "dev", "alice")).isFalse();
        });
        store.read(reader -> {
            GroupRepository groups = new GroupRepository(reader);
            assertThat(groups.allGroupsOf(ACCOUNT, "alice")).containsExactly("dev-ops", "ops");
            assertThat(groups.members(ACCOUNT, "dev", Optional.empty(), 10).items()).containsExactly("bob", "carol");
            return null;
        });
    }

    @Test
    public void renamingMovesMembersAndPolicies()
            throws IOException
    {
        IamGroup original = group("dev", "/");
        write(groups -> {
            groups.createGroup(original);
            groups.createGroup(group("taken", "/"));
            groups.addMember(ACCOUNT, "dev", "alice");
            groups.putGroupPolicy(ACCOUNT, "dev", new InlinePolicy("Read", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
            groups.attachPolicy(ACCOUNT, "dev", ADMINISTRATOR_ACCESS);
        });
        IamGroup renamed = new IamGroup(ACCOUNT, "Engineers", original.groupId(), "/eng/", original.createDate());
        write(groups -> {
            assertThat(groups.updateGroup(original, new IamGroup(ACCOUNT, "TAKEN", original.groupId(), "/", original.createDate()))).isFalse();
            assertThat(groups.updateGroup(original, renamed)).isTrue();
        });
        store.read(reader -> {
            GroupRepository groups = new GroupRepository(reader);
            assertThat(groups.group(ACCOUNT, "dev")).isEmpty();
            assertThat(groups.group(ACCOUNT, "engineers")).contains(renamed);
            assertThat(groups.allGroupsOf(ACCOUNT, "alice")).containsExactly("engineers");
            assertThat(groups.members(ACCOUNT, "Engineers", Optional.empty(), 10).items()).containsExactly("alice");
            assertThat(groups.groupPolicy(ACCOUNT, "Engineers", "read")).get().extracting(InlinePolicy::policyName).isEqualTo("Read");
            assertThat(groups.attachedPolicyArns(ACCOUNT, "Engineers")).containsExactly(ADMINISTRATOR_ACCESS);
            assertThat(groups.groupPolicies(ACCOUNT, "dev")).isEmpty();
            assertThat(groups.attachedPolicyArns(ACCOUNT, "dev")).isEmpty();
            assertThat(groups.memberCount(ACCOUNT, "dev")).isZero();
            assertThat(groups.groupCount(ACCOUNT)).isEqualTo(2);
            return null;
        });
        // a change of case alone keeps every key
        IamGroup recased = new IamGroup(ACCOUNT, "engineers", original.groupId(), "/eng/", original.createDate());
        write(groups -> assertThat(groups.updateGroup(renamed, recased)).isTrue());
        store.read(reader -> {
            GroupRepository groups = new GroupRepository(reader);
            assertThat(groups.group(ACCOUNT, "ENGINEERS")).contains(recased);
            assertThat(groups.memberCount(ACCOUNT, "engineers")).isEqualTo(1);
            return null;
        });
    }

    @Test
    public void attachedPoliciesAreCountedPerAccount()
            throws IOException
    {
        write(groups -> {
            groups.createGroup(group("a", "/"));
            groups.createGroup(group("b", "/"));
            assertThat(groups.attachPolicy(ACCOUNT, "a", ADMINISTRATOR_ACCESS)).isTrue();
            assertThat(groups.attachPolicy(ACCOUNT, "A", ADMINISTRATOR_ACCESS)).isFalse();
            groups.attachPolicy(ACCOUNT, "b", ADMINISTRATOR_ACCESS);
            groups.attachPolicy("444455556666", "b", ADMINISTRATOR_ACCESS);
        });
        store.read(reader -> {
            assertThat(new GroupRepository(reader).attachmentCount(ACCOUNT, ADMINISTRATOR_ACCESS)).isEqualTo(2);
            return null;
        });
        write(groups -> {
            assertThat(groups.detachPolicy(ACCOUNT, "a", ADMINISTRATOR_ACCESS)).isTrue();
            assertThat(groups.detachPolicy(ACCOUNT, "a", ADMINISTRATOR_ACCESS)).isFalse();
        });
        store.read(reader -> {
            assertThat(new GroupRepository(reader).attachmentCount(ACCOUNT, ADMINISTRATOR_ACCESS)).isEqualTo(1);
            return null;
        });
    }
}
