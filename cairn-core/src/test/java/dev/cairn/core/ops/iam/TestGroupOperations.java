package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.AccessKeySecrets;
import dev.cairn.core.iam.Authorizer;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.IdentityService;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.model.LookupResource;
import dev.cairn.model.Principal;
import dev.cairn.spi.WriteBatch;
import dev.cairn.store.sqlite.SqliteStore;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group operations' handlers against a real store, without the HTTP edge (whose model validation they rely on):
 * outputs, IAM's errors and quotas, and the policies a group gives its members.
 */
public class TestGroupOperations
{
    private static final String ACCOUNT = "111122223333";
    private static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
    private static final String ALLOW_LIST_USERS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\"}]}";

    @TempDir
    Path directory;
    private SqliteStore store;
    private final IdGenerator ids = new IdGenerator();

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

    /** The input of a call: member names and values, alternately. */
    private static ObjectNode input(Object... members)
    {
        ObjectNode input = Iam.NODES.objectNode();
        for (int i = 0; i < members.length; i += 2) {
            if (members[i + 1] instanceof Integer number) {
                input.put((String) members[i], number);
            }
            else {
                input.put((String) members[i], (String) members[i + 1]);
            }
        }
        return input;
    }

    private static CallContext call(Operation operation, Principal principal, ObjectNode input)
    {
        return new CallContext("request-1", Service.IAM, operation.name(), "us-east-1", principal, input, "203.0.113.7", Optional.empty(), Optional.empty(), false,
                Instant.parse("2024-05-01T10:00:00Z"));
    }

    private static CallContext call(Operation operation, Object... members)
    {
        return call(operation, Principal.root(ACCOUNT, "AKIAROOT", Optional.empty()), input(members));
    }

    private ObjectNode write(WriteOperation operation, Object... members)
            throws IOException
    {
        try (WriteBatch batch = store.beginBatch()) {
            ObjectNode output = operation.execute(call(operation, members), batch.metadata());
            batch.commit();
            return output;
        }
    }

    private ObjectNode read(ReadOperation operation, Object... members)
            throws IOException
    {
        return store.read(reader -> operation.execute(call(operation, members), reader));
    }

    private static void assertFails(ThrowableAssert.ThrowingCallable call, ErrorCode code, String message)
    {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class, error -> {
            assertThat(error.errorCode()).isEqualTo(code);
            assertThat(error.getMessage()).isEqualTo(message);
        });
    }

    private static List<String> texts(JsonNode array, String member)
    {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(member.isEmpty() ? element.asText() : element.path(member).asText()));
        return values;
    }

    @Test
    public void createGetListDelete()
            throws IOException
    {
        JsonNode created = write(new CreateGroup(ids), "GroupName", "Developers", "Path", "/eng/").get("Group");
        assertThat(created.get("GroupName").asText()).isEqualTo("Developers");
        assertThat(created.get("Path").asText()).isEqualTo("/eng/");
        assertThat(created.get("GroupId").asText()).startsWith("AGPA").hasSize(21).matches("[A-Z2-7]+");
        assertThat(created.get("Arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":group/eng/Developers");
        assertThat(created.get("CreateDate").asLong()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z").getEpochSecond());
        assertFails(() -> write(new CreateGroup(ids), "GroupName", "developers"), ErrorCode.ENTITY_ALREADY_EXISTS, "Group with name developers already exists.");

        ObjectNode got = read(new GetGroup(), "GroupName", "DEVELOPERS");
        assertThat(got.get("Group")).isEqualTo(created);
        assertThat(got.get("Users")).isEmpty();
        assertThat(got.get("IsTruncated").asBoolean()).isFalse();
        assertFails(() -> read(new GetGroup(), "GroupName", "nobody"), ErrorCode.NO_SUCH_ENTITY, "The group with name nobody cannot be found.");

        write(new CreateGroup(ids), "GroupName", "ops");
        assertThat(texts(read(new ListGroups()).get("Groups"), "GroupName")).containsExactly("Developers", "ops");
        assertThat(texts(read(new ListGroups(), "PathPrefix", "/eng/").get("Groups"), "GroupName")).containsExactly("Developers");

        write(new DeleteGroup(), "GroupName", "developers");
        assertFails(() -> write(new DeleteGroup(), "GroupName", "Developers"), ErrorCode.NO_SUCH_ENTITY, "The group with name Developers cannot be found.");
        assertThat(texts(read(new ListGroups()).get("Groups"), "GroupName")).containsExactly("ops");
    }

    @Test
    public void listingsPage()
            throws IOException
    {
        for (int i = 0; i < 5; i++) {
            write(new CreateGroup(ids), "GroupName", "group-" + i, "Path", i % 2 == 0 ? "/even/" : "/odd/");
            write(new CreateUser(ids), "UserName", "user-" + i);
            write(new AddUserToGroup(), "GroupName", "group-0", "UserName", "user-" + i);
            write(new AddUserToGroup(), "GroupName", "group-" + i, "UserName", "user-0");
        }
        List<String> groups = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        do {
            ObjectNode page = marker.isEmpty()
                    ? read(new ListGroups(), "PathPrefix", "/even/", "MaxItems", 2)
                    : read(new ListGroups(), "PathPrefix", "/even/", "MaxItems", 2, "Marker", marker.get());
            groups.addAll(texts(page.get("Groups"), "GroupName"));
            marker = page.get("IsTruncated").asBoolean() ? Optional.of(page.get("Marker").asText()) : Optional.empty();
        }
        while (marker.isPresent());
        assertThat(groups).containsExactly("group-0", "group-2", "group-4");

        ObjectNode members = read(new GetGroup(), "GroupName", "group-0", "MaxItems", 3);
        assertThat(texts(members.get("Users"), "UserName")).containsExactly("user-0", "user-1", "user-2");
        assertThat(members.get("IsTruncated").asBoolean()).isTrue();
        ObjectNode rest = read(new GetGroup(), "GroupName", "group-0", "MaxItems", 3, "Marker", members.get("Marker").asText());
        assertThat(texts(rest.get("Users"), "UserName")).containsExactly("user-3", "user-4");
        assertThat(rest.get("IsTruncated").asBoolean()).isFalse();
        assertThat(rest.has("Marker")).isFalse();

        ObjectNode ofUser = read(new ListGroupsForUser(), "UserName", "USER-0", "MaxItems", 4);
        assertThat(texts(ofUser.get("Groups"), "GroupName")).containsExactly("group-0", "group-1", "group-2", "group-3");
        ObjectNode lastOfUser = read(new ListGroupsForUser(), "UserName", "user-0", "MaxItems", 4, "Marker", ofUser.get("Marker").asText());
        assertThat(texts(lastOfUser.get("Groups"), "GroupName")).containsExactly("group-4");
        assertThat(texts(read(new ListGroupsForUser(), "UserName", "user-3").get("Groups"), "Arn")).containsExactly("arn:aws:iam::" + ACCOUNT + ":group/even/group-0");
        assertFails(() -> read(new ListGroupsForUser(), "UserName", "nobody"), ErrorCode.NO_SUCH_ENTITY, "The user with name nobody cannot be found.");
        assertFails(() -> read(new GetGroup(), "GroupName", "group-0", "Marker", "%%%"), ErrorCode.VALIDATION, "Invalid Marker.");
    }

    @Test
    public void membership()
            throws IOException
    {
        write(new CreateGroup(ids), "GroupName", "dev");
        write(new CreateUser(ids), "UserName", "Alice");
        assertFails(() -> write(new AddUserToGroup(), "GroupName", "dev", "UserName", "nobody"), ErrorCode.NO_SUCH_ENTITY, "The user with name nobody cannot be found.");
        assertFails(() -> write(new AddUserToGroup(), "GroupName", "nogroup", "UserName", "alice"), ErrorCode.NO_SUCH_ENTITY, "The group with name nogroup cannot be found.");
        write(new AddUserToGroup(), "GroupName", "DEV", "UserName", "alice");
        // again: nothing changes
        write(new AddUserToGroup(), "GroupName", "dev", "UserName", "ALICE");
        assertThat(texts(read(new GetGroup(), "GroupName", "dev").get("Users"), "UserName")).containsExactly("Alice");

        assertFails(() -> write(new DeleteUser(), "UserName", "alice"), ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must remove users from group first.");
        assertFails(() -> write(new DeleteGroup(), "GroupName", "dev"), ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must remove users from group first.");
        write(new RemoveUserFromGroup(), "GroupName", "dev", "UserName", "alice");
        assertFails(() -> write(new RemoveUserFromGroup(), "GroupName", "dev", "UserName", "alice"), ErrorCode.NO_SUCH_ENTITY, "The user with name alice cannot be found.");
        assertThat(read(new ListGroupsForUser(), "UserName", "alice").get("Groups")).isEmpty();
        write(new DeleteUser(), "UserName", "alice");
        write(new DeleteGroup(), "GroupName", "dev");
    }

    @Test
    public void quotas()
            throws IOException
    {
        write(new CreateUser(ids), "UserName", "joiner");
        try (WriteBatch batch = store.beginBatch()) {
            for (int i = 0; i < CreateGroup.GROUPS_PER_ACCOUNT; i++) {
                CreateGroup create = new CreateGroup(ids);
                create.execute(call(create, "GroupName", "g" + i), batch.metadata());
            }
            batch.commit();
        }
        assertFails(() -> write(new CreateGroup(ids), "GroupName", "one-too-many"), ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for GroupsPerAccount: 300");
        for (int i = 0; i < AddUserToGroup.GROUPS_PER_USER; i++) {
            write(new AddUserToGroup(), "GroupName", "g" + i, "UserName", "joiner");
        }
        assertFails(() -> write(new AddUserToGroup(), "GroupName", "g10", "UserName", "joiner"), ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for GroupsPerUser: 10");
        // a group it is in already is not one more
        write(new AddUserToGroup(), "GroupName", "g9", "UserName", "joiner");
    }

    @Test
    public void inlinePolicies()
            throws IOException
    {
        write(new CreateGroup(ids), "GroupName", "dev");
        write(new PutGroupPolicy(), "GroupName", "dev", "PolicyName", "List", "PolicyDocument", ALLOW_LIST_USERS);
        ObjectNode got = read(new GetGroupPolicy(), "GroupName", "DEV", "PolicyName", "list");
        assertThat(got.get("GroupName").asText()).isEqualTo("dev");
        assertThat(got.get("PolicyName").asText()).isEqualTo("List");
        assertThat(java.net.URLDecoder.decode(got.get("PolicyDocument").asText(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(ALLOW_LIST_USERS);
        assertThat(texts(read(new ListGroupPolicies(), "GroupName", "dev").get("PolicyNames"), "")).containsExactly("List");
        assertFails(() -> read(new GetGroupPolicy(), "GroupName", "dev", "PolicyName", "nope"), ErrorCode.NO_SUCH_ENTITY, "The group policy with name nope cannot be found.");
        assertFails(() -> write(new PutGroupPolicy(), "GroupName", "nogroup", "PolicyName", "p", "PolicyDocument", ALLOW_LIST_USERS),
                ErrorCode.NO_SUCH_ENTITY, "The group with name nogroup cannot be found.");
        assertThatThrownBy(() -> write(new PutGroupPolicy(), "GroupName", "dev", "PolicyName", "bad", "PolicyDocument", "{\"Statement\":[{\"Effect\":\"Allow\"}]}"))
                .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.MALFORMED_POLICY_DOCUMENT));

        // 5,120 characters in all, whitespace not counted: a user's 2,048 is no limit here
        String statement = "{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}";
        String large = "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", java.util.Collections.nCopies(60, statement)) + "]}";
        assertThat(PutUserPolicy.significantLength(large)).isBetween(3_000, 5_120 - PutUserPolicy.significantLength(ALLOW_LIST_USERS));
        write(new PutGroupPolicy(), "GroupName", "dev", "PolicyName", "large", "PolicyDocument", large);
        write(new PutGroupPolicy(), "GroupName", "dev", "PolicyName", "large", "PolicyDocument", large.replace("iam:GetUser", "iam:GetRole"));
        assertFails(() -> write(new PutGroupPolicy(), "GroupName", "dev", "PolicyName", "more", "PolicyDocument", large),
                ErrorCode.LIMIT_EXCEEDED, "Maximum policy size of 5120 bytes exceeded for group dev");

        assertFails(() -> write(new DeleteGroup(), "GroupName", "dev"), ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must delete policies first.");
        write(new DeleteGroupPolicy(), "GroupName", "dev", "PolicyName", "LIST");
        write(new DeleteGroupPolicy(), "GroupName", "dev", "PolicyName", "large");
        assertFails(() -> write(new DeleteGroupPolicy(), "GroupName", "dev", "PolicyName", "large"), ErrorCode.NO_SUCH_ENTITY, "The group policy with name large cannot be found.");
        assertThat(read(new ListGroupPolicies(), "GroupName", "dev").get("PolicyNames")).isEmpty();
        write(new DeleteGroup(), "GroupName", "dev");
    }

    @Test
    public void attachedPolicies()
            throws IOException
    {
        write(new CreateGroup(ids), "GroupName", "admins");
        write(new AttachGroupPolicy(), "GroupName", "admins", "PolicyArn", ADMINISTRATOR_ACCESS);
        write(new AttachGroupPolicy(), "GroupName", "admins", "PolicyArn", ADMINISTRATOR_ACCESS);
        JsonNode attached = read(new ListAttachedGroupPolicies(), "GroupName", "admins").get("AttachedPolicies");
        assertThat(texts(attached, "PolicyName")).containsExactly("AdministratorAccess");
        assertThat(texts(attached, "PolicyArn")).containsExactly(ADMINISTRATOR_ACCESS);
        assertThat(read(new ListAttachedGroupPolicies(), "GroupName", "admins", "PathPrefix", "/service-role/").get("AttachedPolicies")).isEmpty();
        JsonNode listed = read(new ListPolicies(), "OnlyAttached", "true").get("Policies");
        assertThat(texts(listed, "PolicyName")).containsExactly("AdministratorAccess");
        assertThat(listed.get(0).get("AttachmentCount").asInt()).isEqualTo(1);

        assertFails(() -> write(new AttachGroupPolicy(), "GroupName", "admins", "PolicyArn", "arn:aws:iam::aws:policy/NoSuchPolicy"),
                ErrorCode.NO_SUCH_ENTITY, "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.");
        assertFails(() -> write(new AttachGroupPolicy(), "GroupName", "admins", "PolicyArn", "not-an-arn"), ErrorCode.INVALID_INPUT, "ARN not-an-arn is not valid.");
        assertFails(() -> write(new DeleteGroup(), "GroupName", "admins"), ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must detach all policies first.");
        write(new DetachGroupPolicy(), "GroupName", "admins", "PolicyArn", ADMINISTRATOR_ACCESS);
        assertFails(() -> write(new DetachGroupPolicy(), "GroupName", "admins", "PolicyArn", ADMINISTRATOR_ACCESS),
                ErrorCode.NO_SUCH_ENTITY, "Policy " + ADMINISTRATOR_ACCESS + " was not found.");
        write(new DeleteGroup(), "GroupName", "admins");
    }

    @Test
    public void updateGroupRenamesAndMoves()
            throws IOException
    {
        String groupId = write(new CreateGroup(ids), "GroupName", "dev").get("Group").get("GroupId").asText();
        write(new CreateGroup(ids), "GroupName", "ops");
        write(new CreateUser(ids), "UserName", "alice");
        write(new AddUserToGroup(), "GroupName", "dev", "UserName", "alice");
        write(new PutGroupPolicy(), "GroupName", "dev", "PolicyName", "list", "PolicyDocument", ALLOW_LIST_USERS);
        assertFails(() -> write(new UpdateGroup(), "GroupName", "dev", "NewGroupName", "OPS"), ErrorCode.ENTITY_ALREADY_EXISTS, "Group with name OPS already exists.");
        assertFails(() -> write(new UpdateGroup(), "GroupName", "nogroup", "NewPath", "/x/"), ErrorCode.NO_SUCH_ENTITY, "The group with name nogroup cannot be found.");

        // IAM wants permission on the group as it is and as it will be
        List<String> resources = store.read(reader -> new UpdateGroup().resources(call(new UpdateGroup(), "GroupName", "dev", "NewGroupName", "engineers", "NewPath", "/eng/"), reader));
        assertThat(resources).containsExactly("arn:aws:iam::" + ACCOUNT + ":group/dev", "arn:aws:iam::" + ACCOUNT + ":group/eng/engineers");
        write(new UpdateGroup(), "GroupName", "dev", "NewGroupName", "engineers", "NewPath", "/eng/");
        JsonNode group = read(new GetGroup(), "GroupName", "engineers").get("Group");
        assertThat(group.get("GroupId").asText()).isEqualTo(groupId);
        assertThat(group.get("Arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":group/eng/engineers");
        assertThat(texts(read(new ListGroupsForUser(), "UserName", "alice").get("Groups"), "GroupName")).containsExactly("engineers");
        assertThat(texts(read(new ListGroupPolicies(), "GroupName", "engineers").get("PolicyNames"), "")).containsExactly("list");
        assertFails(() -> read(new GetGroup(), "GroupName", "dev"), ErrorCode.NO_SUCH_ENTITY, "The group with name dev cannot be found.");
    }

    @Test
    public void resourcesForAuthorizationAndHistory()
            throws IOException
    {
        write(new CreateGroup(ids), "GroupName", "dev", "Path", "/eng/");
        assertThat(new CreateGroup(ids).resources(call(new CreateGroup(ids), "GroupName", "new", "Path", "/p/"), null))
                .containsExactly("arn:aws:iam::" + ACCOUNT + ":group/p/new");
        store.read(reader -> {
            // membership calls act on the group, as IAM documents them; a listing on the path it lists
            assertThat(new AddUserToGroup().resources(call(new AddUserToGroup(), "GroupName", "DEV", "UserName", "alice"), reader))
                    .containsExactly("arn:aws:iam::" + ACCOUNT + ":group/eng/dev");
            assertThat(new ListGroupsForUser().resources(call(new ListGroupsForUser(), "UserName", "alice"), reader))
                    .containsExactly("arn:aws:iam::" + ACCOUNT + ":user/alice");
            assertThat(new ListGroups().resources(call(new ListGroups(), "PathPrefix", "/eng/"), reader))
                    .containsExactly("arn:aws:iam::" + ACCOUNT + ":group/eng/");
            assertThat(new GetGroup().resources(call(new GetGroup(), "GroupName", "missing"), reader))
                    .containsExactly("arn:aws:iam::" + ACCOUNT + ":group/missing");
            return null;
        });
        assertThat(new RemoveUserFromGroup().lookupResources(call(new RemoveUserFromGroup(), "GroupName", "dev", "UserName", "alice"), Optional.empty()))
                .containsExactly(new LookupResource("AWS::IAM::Group", "dev"), new LookupResource("AWS::IAM::User", "alice"));
        assertThat(new AttachGroupPolicy().lookupResources(call(new AttachGroupPolicy(), "GroupName", "dev", "PolicyArn", ADMINISTRATOR_ACCESS), Optional.empty()))
                .containsExactly(new LookupResource("AWS::IAM::Policy", ADMINISTRATOR_ACCESS), new LookupResource("AWS::IAM::Group", "dev"));
        assertThat(new PutGroupPolicy().lookupResources(call(new PutGroupPolicy(), "GroupName", "dev", "PolicyName", "p"), Optional.empty()))
                .containsExactly(new LookupResource("AWS::IAM::Group", "dev"), new LookupResource("AWS::IAM::Policy", "p"));
    }

    /** A member gets its groups' policies; an explicit deny in one beats an allow anywhere; leaving takes them away. */
    @Test
    public void groupPoliciesApplyToMembers()
            throws IOException
    {
        write(new CreateUser(ids), "UserName", "alice");
        write(new PutUserPolicy(), "UserName", "alice", "PolicyName", "own", "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}");
        write(new CreateGroup(ids), "GroupName", "readers");
        write(new PutGroupPolicy(), "GroupName", "readers", "PolicyName", "list", "PolicyDocument", ALLOW_LIST_USERS);
        write(new CreateGroup(ids), "GroupName", "locked");
        write(new PutGroupPolicy(), "GroupName", "locked", "PolicyName", "no-get", "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}");
        write(new CreateGroup(ids), "GroupName", "admins");
        write(new AttachGroupPolicy(), "GroupName", "admins", "PolicyArn", ADMINISTRATOR_ACCESS);

        IdentityService identities = new IdentityService(store, new AccessKeySecrets(MasterKey.generate()), new dev.cairn.core.iam.SessionTokens(MasterKey.generate()));
        Authorizer authorizer = new Authorizer(identities);
        IamUser alice = store.read(reader -> new IdentityRepository(reader).user(ACCOUNT, "alice")).orElseThrow();
        Principal principal = IdentityService.principal(alice, "AKIAALICE");
        CallContext call = call(new ListUsers(), principal, input());

        assertDecision(authorizer, call, "iam:GetUser", Optional.empty());
        assertDecision(authorizer, call, "iam:ListUsers", Optional.of("because no identity-based policy allows the iam:ListUsers action"));

        write(new AddUserToGroup(), "GroupName", "readers", "UserName", "alice");
        identities.invalidate();
        assertDecision(authorizer, call, "iam:ListUsers", Optional.empty());
        assertDecision(authorizer, call, "iam:CreateUser", Optional.of("because no identity-based policy allows the iam:CreateUser action"));

        write(new AddUserToGroup(), "GroupName", "admins", "UserName", "alice");
        identities.invalidate();
        assertDecision(authorizer, call, "iam:CreateUser", Optional.empty());

        write(new AddUserToGroup(), "GroupName", "locked", "UserName", "alice");
        identities.invalidate();
        assertDecision(authorizer, call, "iam:GetUser", Optional.of("with an explicit deny in an identity-based policy"));

        write(new RemoveUserFromGroup(), "GroupName", "locked", "UserName", "alice");
        write(new RemoveUserFromGroup(), "GroupName", "admins", "UserName", "alice");
        write(new RemoveUserFromGroup(), "GroupName", "readers", "UserName", "alice");
        identities.invalidate();
        assertDecision(authorizer, call, "iam:GetUser", Optional.empty());
        assertDecision(authorizer, call, "iam:ListUsers", Optional.of("because no identity-based policy allows the iam:ListUsers action"));
        assertThat(identities.policies(principal)).hasSize(1);
    }

    private static void assertDecision(Authorizer authorizer, CallContext call, String action, Optional<String> denial)
            throws IOException
    {
        if (denial.isEmpty()) {
            authorizer.authorize(call, action, List.of("arn:aws:iam::" + ACCOUNT + ":user/alice"));
            return;
        }
        assertThatThrownBy(() -> authorizer.authorize(call, action, List.of("arn:aws:iam::" + ACCOUNT + ":user/alice")))
                .isInstanceOfSatisfying(CairnException.class, error -> {
                    assertThat(error.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED);
                    assertThat(error.getMessage()).endsWith(denial.get());
                });
    }
}
