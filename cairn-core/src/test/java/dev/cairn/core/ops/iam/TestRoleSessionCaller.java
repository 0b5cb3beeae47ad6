package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.AccessKeySecrets;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import dev.cairn.model.SessionContext;
import dev.cairn.model.SessionIssuer;
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
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A role session is no IAM user, whatever its session name (which its caller chose, possibly in another account):
 * the operations that default to the caller's own user refuse it, as IAM does, rather than act on the user of that
 * name; and it has no password to change.
 */
public class TestRoleSessionCaller
{
    private static final String ACCOUNT = "111122223333";
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final String PASSWORD = "Alice-Passw0rd-1";
    private static final String NOT_A_USER = "Must specify userName when calling with non-User credentials";

    @TempDir
    Path directory;
    private SqliteStore store;

    @BeforeEach
    public void open()
            throws IOException
    {
        store = SqliteStore.open(directory);
        write(root(), new CreateUser(new IdGenerator()), input("UserName", "alice"));
        write(root(), new CreateLoginProfile(), input("UserName", "alice", "Password", PASSWORD));
    }

    @AfterEach
    public void close()
            throws IOException
    {
        store.close();
    }

    private static Principal root()
    {
        return Principal.root(ACCOUNT, "AKIAROOT", Optional.empty());
    }

    /** A session of role {@code partner}, named {@code alice} by whoever assumed it. */
    private static Principal sessionNamedAlice()
    {
        SessionIssuer partner = new SessionIssuer(SessionIssuer.ROLE, "AROAPARTNERROLE000001", "arn:aws:iam::" + ACCOUNT + ":role/partner", ACCOUNT, "partner");
        return Principal.assumedRole(partner, "alice", "ASIASESSION000000001", new SessionContext(NOW, false));
    }

    private static ObjectNode input(String... members)
    {
        ObjectNode input = Iam.NODES.objectNode();
        for (int i = 0; i < members.length; i += 2) {
            input.put(members[i], members[i + 1]);
        }
        return input;
    }

    private static CallContext call(Principal principal, Operation operation, ObjectNode input)
    {
        return new CallContext("request-1", Service.IAM, operation.name(), "us-east-1", principal, input, "203.0.113.7", Optional.empty(), Optional.empty(), false, NOW);
    }

    /** As the dispatcher runs a write: the resources it authorizes, prepare, then execute. */
    private ObjectNode write(Principal principal, WriteOperation operation, ObjectNode input)
            throws IOException
    {
        CallContext call = call(principal, operation, input);
        store.read(reader -> operation.resources(call, reader));
        store.read(reader -> {
            operation.prepare(call, reader);
            return null;
        });
        try (WriteBatch batch = store.beginBatch()) {
            ObjectNode output = operation.execute(call, batch.metadata());
            batch.commit();
            return output;
        }
    }

    private ObjectNode read(Principal principal, ReadOperation operation, ObjectNode input)
            throws IOException
    {
        CallContext call = call(principal, operation, input);
        store.read(reader -> operation.resources(call, reader));
        return store.read(reader -> operation.execute(call, reader));
    }

    private static void assertFails(ThrowableAssert.ThrowingCallable call, ErrorCode code, String message)
    {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class, error -> {
            assertThat(error.errorCode()).isEqualTo(code);
            assertThat(error.getMessage()).isEqualTo(message);
        });
    }

    @Test
    public void aSessionNamedAfterAUserMustNameTheUser()
            throws IOException
    {
        Principal session = sessionNamedAlice();
        assertFails(() -> read(session, new GetUser(), input()), ErrorCode.VALIDATION, NOT_A_USER);
        assertFails(() -> read(session, new ListAccessKeys(), input()), ErrorCode.VALIDATION, NOT_A_USER);
        assertFails(() -> read(session, new GetLoginProfile(), input()), ErrorCode.VALIDATION, NOT_A_USER);
        assertFails(() -> write(session, new CreateAccessKey(new IdGenerator(), new AccessKeySecrets(MasterKey.generate())), input()), ErrorCode.VALIDATION, NOT_A_USER);
        assertFails(() -> write(session, new UpdateAccessKey(), input("AccessKeyId", "AKIAALICE00000000001", "Status", "Inactive")), ErrorCode.VALIDATION, NOT_A_USER);
        assertFails(() -> write(session, new DeleteAccessKey(), input("AccessKeyId", "AKIAALICE00000000001")), ErrorCode.VALIDATION, NOT_A_USER);
        assertFails(() -> write(session, new DeleteLoginProfile(), input()), ErrorCode.VALIDATION, NOT_A_USER);
        assertThat(read(root(), new ListAccessKeys(), input("UserName", "alice")).path("AccessKeyMetadata")).as("no key was made for alice").isEmpty();
        assertThat(read(root(), new GetLoginProfile(), input("UserName", "alice")).path("LoginProfile").path("UserName").asText()).isEqualTo("alice");

        // the refusals are recorded: what a call is recorded with never fails
        for (Operation operation : List.of(new GetUser(), new ListAccessKeys(), new GetLoginProfile(), new DeleteLoginProfile(),
                new CreateAccessKey(new IdGenerator(), new AccessKeySecrets(MasterKey.generate())), new ChangePassword())) {
            assertThat(operation.lookupResources(call(session, operation, input()), Optional.empty())).as(operation.name()).isEmpty();
        }

        // naming the user, the session reaches it (as far as its policies allow, which the dispatcher checks)
        assertThat(read(session, new GetUser(), input("UserName", "alice")).path("User").path("UserName").asText()).isEqualTo("alice");
        // and alice herself is still the default of her own calls
        Principal alice = new Principal(ACCOUNT, PrincipalType.IAM_USER, "AIDAALICE", "arn:aws:iam::" + ACCOUNT + ":user/alice", "alice", "AKIAALICE");
        assertThat(read(alice, new GetUser(), input()).path("User").path("UserName").asText()).isEqualTo("alice");
    }

    @Test
    public void aSessionHasNoPasswordToChange()
            throws IOException
    {
        assertFails(() -> write(sessionNamedAlice(), new ChangePassword(), input("OldPassword", PASSWORD, "NewPassword", "Changed-By-Session-1")),
                ErrorCode.INVALID_USER_TYPE, "ChangePassword is for IAM users: a role session has no password.");
        assertFails(() -> write(root(), new ChangePassword(), input("OldPassword", PASSWORD, "NewPassword", "Changed-By-Root-1")),
                ErrorCode.INVALID_USER_TYPE, "ChangePassword is for IAM users: the root user changes its password with UpdateLoginProfile.");
        // alice's password is unchanged: she changes it herself
        Principal alice = new Principal(ACCOUNT, PrincipalType.IAM_USER, "AIDAALICE", "arn:aws:iam::" + ACCOUNT + ":user/alice", "alice", "AKIAALICE");
        write(alice, new ChangePassword(), input("OldPassword", PASSWORD, "NewPassword", "Changed-By-Alice-1"));
    }
}
