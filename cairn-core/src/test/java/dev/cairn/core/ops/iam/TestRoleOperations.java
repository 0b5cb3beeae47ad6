package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.InMemoryMetadata;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.model.LookupResource;
import dev.cairn.model.Principal;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The role handlers against metadata in memory: shapes, limits and errors as IAM has them. {@code RolesIT} drives the
 * same through the AWS SDK.
 */
public class TestRoleOperations
{
    private static final String ACCOUNT = "111122223333";
    private static final String TRUST = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, "
            + "\"Action\": \"sts:AssumeRole\"}]}";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}";

    private final InMemoryMetadata metadata = new InMemoryMetadata();

    private static CallContext call(String operation, String input)
    {
        try {
            return new CallContext("request", Service.IAM, operation, "us-east-1", Principal.root(ACCOUNT, "AKIAROOT", Optional.empty()),
                    (ObjectNode) Json.mapper().readTree(input), "127.0.0.1", Optional.empty(), Optional.empty(), false, Instant.parse("2026-03-04T05:06:07Z"));
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ObjectNode write(WriteOperation operation, String input)
            throws Exception
    {
        return operation.execute(call(operation.name(), input), metadata);
    }

    private ObjectNode read(ReadOperation operation, String input)
            throws Exception
    {
        return operation.execute(call(operation.name(), input), metadata);
    }

    private static String quoted(String text)
    {
        return Json.mapper().getNodeFactory().textNode(text).toString();
    }

    private ObjectNode createRole(String name, String extraMembers)
            throws Exception
    {
        return write(new CreateRole(new IdGenerator()), "{\"RoleName\":\"" + name + "\",\"AssumeRolePolicyDocument\":" + quoted(TRUST) + extraMembers + "}");
    }

    private void assertFails(ThrowingCall call, ErrorCode code, String message)
    {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CairnException.class, error -> {
            assertThat(error.errorCode()).isEqualTo(code);
            assertThat(error.getMessage()).isEqualTo(message);
        });
    }

    private interface ThrowingCall
    {
        void run()
                throws Exception;
    }

    @Test
    public void createdRoleHasAwsShape()
            throws Exception
    {
        JsonNode role = createRole("Builder", ",\"Path\":\"/ci/\",\"Description\":\"builds\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"ci\"}]").get("Role");
        assertThat(role.get("RoleName").asText()).isEqualTo("Builder");
        assertThat(role.get("Path").asText()).isEqualTo("/ci/");
        assertThat(role.get("Arn").asText()).isEqualTo("arn:aws:iam::111122223333:role/ci/Builder");
        assertThat(role.get("RoleId").asText()).matches("AROA[A-Z2-7]{17}");
        assertThat(role.get("CreateDate").asLong()).isEqualTo(Instant.parse("2026-03-04T05:06:07Z").getEpochSecond());
        assertThat(role.get("Description").asText()).isEqualTo("builds");
        assertThat(role.get("Tags").toString()).isEqualTo("[{\"Key\":\"team\",\"Value\":\"ci\"}]");
        // URL-encoded as IAM sends it: spaces as %20, and decoding gives back the document as sent
        String encoded = role.get("AssumeRolePolicyDocument").asText();
        assertThat(encoded).startsWith("%7B%22Version%22%3A%20%222012-10-17%22").doesNotContain("+").doesNotContain("{");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(TRUST);

        JsonNode got = read(new GetRole(), "{\"RoleName\":\"builder\"}").get("Role");
        assertThat(got.get("MaxSessionDuration").asInt()).isEqualTo(3_600);
        assertThat(got.get("RoleLastUsed").isObject()).isTrue();
        assertThat(got.get("RoleId")).isEqualTo(role.get("RoleId"));
        assertThat(new RoleRepository(metadata).roleById(role.get("RoleId").asText())).isPresent();
    }

    @Test
    public void createRoleRefusals()
            throws Exception
    {
        createRole("Taken", "");
        assertFails(() -> createRole("TAKEN", ""), ErrorCode.ENTITY_ALREADY_EXISTS, "Role with name TAKEN already exists.");
        assertFails(() -> createRole("Bounded", ",\"PermissionsBoundary\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\""), ErrorCode.INVALID_INPUT,
                "Cairn does not support permissions boundaries: create the role without PermissionsBoundary.");
        assertFails(() -> createRole("Tagged", ",\"Tags\":[{\"Key\":\"a\",\"Value\":\"1\"},{\"Key\":\"A\",\"Value\":\"2\"}]"), ErrorCode.INVALID_INPUT,
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        assertFails(() -> write(new CreateRole(new IdGenerator()), "{\"RoleName\":\"Open\",\"AssumeRolePolicyDocument\":"
                + quoted("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}") + "}"),
                ErrorCode.MALFORMED_POLICY_DOCUMENT, "Has prohibited field Resource");
        // 2,048 characters at most, whitespace not counted
        String padded = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"%s\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\"}]}";
        int overhead = padded.length() - 2;
        String atLimit = padded.formatted("a".repeat(2_048 - overhead));
        write(new CreateRole(new IdGenerator()), "{\"RoleName\":\"AtLimit\",\"AssumeRolePolicyDocument\":" + quoted(atLimit.replace(",", ",  \n  ")) + "}");
        assertFails(() -> write(new CreateRole(new IdGenerator()), "{\"RoleName\":\"OverLimit\",\"AssumeRolePolicyDocument\":"
                + quoted(padded.formatted("a".repeat(2_049 - overhead))) + "}"), ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for ACLSizePerRole: 2048");
        assertThat(new RoleRepository(metadata).roleCount(ACCOUNT)).isEqualTo(2);
    }

    @Test
    public void atMostOneThousandRolesPerAccount()
            throws Exception
    {
        for (int i = 0; i < CreateRole.ROLES_PER_ACCOUNT; i++) {
            createRole("role-" + i, "");
        }
        assertFails(() -> createRole("one-too-many", ""), ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for RolesPerAccount: 1000");
    }

    @Test
    public void updates()
            throws Exception
    {
        createRole("Changing", ",\"Description\":\"first\"");
        write(new UpdateRole(), "{\"RoleName\":\"changing\",\"MaxSessionDuration\":43200}");
        JsonNode role = read(new GetRole(), "{\"RoleName\":\"Changing\"}").get("Role");
        assertThat(role.get("MaxSessionDuration").asInt()).isEqualTo(43_200);
        assertThat(role.get("Description").asText()).isEqualTo("first");
        JsonNode described = write(new UpdateRoleDescription(), "{\"RoleName\":\"Changing\",\"Description\":\"second\"}").get("Role");
        assertThat(described.get("Description").asText()).isEqualTo("second");
        assertThat(described.get("MaxSessionDuration").asInt()).isEqualTo(43_200);

        String other = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}";
        write(new UpdateAssumeRolePolicy(), "{\"RoleName\":\"Changing\",\"PolicyDocument\":" + quoted(other) + "}");
        assertThat(new RoleRepository(metadata).role(ACCOUNT, "Changing").orElseThrow().assumeRolePolicyDocument()).isEqualTo(other);
        assertFails(() -> write(new UpdateAssumeRolePolicy(), "{\"RoleName\":\"Changing\",\"PolicyDocument\":" + quoted(POLICY) + "}"),
                ErrorCode.MALFORMED_POLICY_DOCUMENT, "Missing required field Principal");
        assertFails(() -> write(new UpdateRole(), "{\"RoleName\":\"Gone\"}"), ErrorCode.NO_SUCH_ENTITY, "The role with name Gone cannot be found.");
    }

    @Test
    public void inlinePoliciesAndDeleteConflicts()
            throws Exception
    {
        createRole("Worker", "");
        write(new PutRolePolicy(), "{\"RoleName\":\"worker\",\"PolicyName\":\"read\",\"PolicyDocument\":" + quoted(POLICY) + "}");
        JsonNode got = read(new GetRolePolicy(), "{\"RoleName\":\"WORKER\",\"PolicyName\":\"READ\"}");
        assertThat(got.get("RoleName").asText()).isEqualTo("Worker");
        assertThat(got.get("PolicyName").asText()).isEqualTo("read");
        assertThat(URLDecoder.decode(got.get("PolicyDocument").asText(), StandardCharsets.UTF_8)).isEqualTo(POLICY);
        assertThat(read(new ListRolePolicies(), "{\"RoleName\":\"Worker\"}").get("PolicyNames").toString()).isEqualTo("[\"read\"]");
        assertFails(() -> read(new GetRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyName\":\"nope\"}"), ErrorCode.NO_SUCH_ENTITY,
                "The role policy with name nope cannot be found.");

        // 10,240 characters across the role's inline policies, whitespace not counted; replacing one counts it once
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + "\"iam:GetUser\",".repeat(600) + "\"iam:GetUser\"],\"Resource\":\"*\"}]}";
        assertThat(PutUserPolicy.significantLength(big)).isBetween(8_000, 10_240 - PutUserPolicy.significantLength(POLICY));
        write(new PutRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyName\":\"big\",\"PolicyDocument\":" + quoted(big) + "}");
        write(new PutRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyName\":\"BIG\",\"PolicyDocument\":" + quoted(big) + "}");
        assertFails(() -> write(new PutRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyName\":\"more\",\"PolicyDocument\":" + quoted(big.replace("\"iam:GetUser\",".repeat(450), "")) + "}"),
                ErrorCode.LIMIT_EXCEEDED, "Maximum policy size of 10240 bytes exceeded for role Worker");
        assertFails(() -> write(new PutRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyName\":\"trust\",\"PolicyDocument\":" + quoted(TRUST) + "}"),
                ErrorCode.MALFORMED_POLICY_DOCUMENT, "Policy document should not specify a principal.");

        assertFails(() -> write(new DeleteRole(), "{\"RoleName\":\"Worker\"}"), ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must delete policies first.");
        write(new DeleteRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyName\":\"read\"}");
        write(new DeleteRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyName\":\"big\"}");
        assertFails(() -> write(new DeleteRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyName\":\"big\"}"), ErrorCode.NO_SUCH_ENTITY,
                "The role policy with name big cannot be found.");

        write(new AttachRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}");
        assertFails(() -> write(new DeleteRole(), "{\"RoleName\":\"Worker\"}"), ErrorCode.DELETE_CONFLICT, "Cannot delete entity, must detach all policies first.");
        write(new DetachRolePolicy(), "{\"RoleName\":\"Worker\",\"PolicyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}");
        write(new DeleteRole(), "{\"RoleName\":\"Worker\"}");
        assertFails(() -> read(new GetRole(), "{\"RoleName\":\"Worker\"}"), ErrorCode.NO_SUCH_ENTITY, "The role with name Worker cannot be found.");
        assertFails(() -> write(new DeleteRole(), "{\"RoleName\":\"Worker\"}"), ErrorCode.NO_SUCH_ENTITY, "The role with name Worker cannot be found.");
    }

    @Test
    public void managedPolicies()
            throws Exception
    {
        createRole("Admin", "");
        write(new AttachRolePolicy(), "{\"RoleName\":\"Admin\",\"PolicyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}");
        write(new AttachRolePolicy(), "{\"RoleName\":\"Admin\",\"PolicyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}");
        assertThat(read(new ListAttachedRolePolicies(), "{\"RoleName\":\"Admin\"}").get("AttachedPolicies").toString())
                .isEqualTo("[{\"PolicyName\":\"AdministratorAccess\",\"PolicyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}]");
        assertFails(() -> write(new AttachRolePolicy(), "{\"RoleName\":\"Admin\",\"PolicyArn\":\"arn:aws:iam::aws:policy/NoSuchPolicy\"}"), ErrorCode.NO_SUCH_ENTITY,
                "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.");
        assertFails(() -> write(new DetachRolePolicy(), "{\"RoleName\":\"Admin\",\"PolicyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}"), ErrorCode.NO_SUCH_ENTITY,
                "Policy arn:aws:iam::aws:policy/ReadOnlyAccess was not found.");
        // counted in ListPolicies' AttachmentCount
        JsonNode policies = read(new ListPolicies(), "{\"OnlyAttached\":true}").get("Policies");
        assertThat(policies).singleElement().satisfies(policy -> assertThat(policy.get("AttachmentCount").asInt()).isEqualTo(1));
        // at most 10 per role: Cairn knows 5, so fill the quota by hand
        RoleRepository roles = new RoleRepository(metadata);
        for (int i = 0; i < 9; i++) {
            roles.attachRolePolicy(ACCOUNT, "Admin", "arn:aws:iam::aws:policy/Filler" + i);
        }
        assertFails(() -> write(new AttachRolePolicy(), "{\"RoleName\":\"Admin\",\"PolicyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}"), ErrorCode.LIMIT_EXCEEDED,
                "Cannot exceed quota for PoliciesPerRole: 10");
    }

    @Test
    public void tags()
            throws Exception
    {
        createRole("Tagged", ",\"Tags\":[{\"Key\":\"Team\",\"Value\":\"a\"},{\"Key\":\"env\",\"Value\":\"\"}]");
        write(new TagRole(), "{\"RoleName\":\"Tagged\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"b\"},{\"Key\":\"cost\",\"Value\":\"42\"}]}");
        assertThat(read(new ListRoleTags(), "{\"RoleName\":\"Tagged\"}").get("Tags").toString())
                .isEqualTo("[{\"Key\":\"env\",\"Value\":\"\"},{\"Key\":\"team\",\"Value\":\"b\"},{\"Key\":\"cost\",\"Value\":\"42\"}]");
        JsonNode page = read(new ListRoleTags(), "{\"RoleName\":\"Tagged\",\"MaxItems\":2}");
        assertThat(page.get("Tags")).hasSize(2);
        assertThat(page.get("IsTruncated").asBoolean()).isTrue();
        assertThat(read(new ListRoleTags(), "{\"RoleName\":\"Tagged\",\"MaxItems\":2,\"Marker\":\"" + page.get("Marker").asText() + "\"}").get("Tags").toString())
                .isEqualTo("[{\"Key\":\"cost\",\"Value\":\"42\"}]");
        write(new UntagRole(), "{\"RoleName\":\"Tagged\",\"TagKeys\":[\"TEAM\",\"absent\"]}");
        assertThat(read(new GetRole(), "{\"RoleName\":\"Tagged\"}").get("Role").get("Tags").toString())
                .isEqualTo("[{\"Key\":\"env\",\"Value\":\"\"},{\"Key\":\"cost\",\"Value\":\"42\"}]");

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 49; i++) {
            many.append(i == 0 ? "" : ",").append("{\"Key\":\"k").append(i).append("\",\"Value\":\"v\"}");
        }
        assertFails(() -> write(new TagRole(), "{\"RoleName\":\"Tagged\",\"Tags\":[" + many + "]}"), ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for TagsPerRole: 50");
        write(new UntagRole(), "{\"RoleName\":\"Tagged\",\"TagKeys\":[\"env\"]}");
        write(new TagRole(), "{\"RoleName\":\"Tagged\",\"Tags\":[" + many + "]}");
        assertThat(read(new ListRoleTags(), "{\"RoleName\":\"Tagged\",\"MaxItems\":100}").get("Tags")).hasSize(50);
    }

    @Test
    public void listRolesPagesAndFiltersByPath()
            throws Exception
    {
        for (int i = 0; i < 7; i++) {
            createRole("pager-" + i, ",\"Path\":\"" + (i % 2 == 0 ? "/even/" : "/odd/") + "\"");
        }
        JsonNode first = read(new ListRoles(), "{\"PathPrefix\":\"/even/\",\"MaxItems\":3}");
        assertThat(first.get("Roles")).extracting(role -> role.get("RoleName").asText()).containsExactly("pager-0", "pager-2", "pager-4");
        assertThat(first.get("IsTruncated").asBoolean()).isTrue();
        JsonNode role = first.get("Roles").get(0);
        assertThat(role.has("MaxSessionDuration")).isTrue();
        assertThat(role.has("Tags")).isFalse();
        assertThat(role.has("RoleLastUsed")).isFalse();
        JsonNode second = read(new ListRoles(), "{\"PathPrefix\":\"/even/\",\"MaxItems\":3,\"Marker\":\"" + first.get("Marker").asText() + "\"}");
        assertThat(second.get("Roles")).extracting(node -> node.get("RoleName").asText()).containsExactly("pager-6");
        assertThat(second.get("IsTruncated").asBoolean()).isFalse();
        assertThat(read(new ListRoles(), "{}").get("Roles")).hasSize(7);
    }

    @Test
    public void authorizationAndHistoryNameTheRole()
            throws Exception
    {
        createRole("Pathed", ",\"Path\":\"/team/\"");
        assertThat(new GetRole().resources(call("GetRole", "{\"RoleName\":\"pathed\"}"), metadata)).containsExactly("arn:aws:iam::111122223333:role/team/Pathed");
        assertThat(new DeleteRole().resources(call("DeleteRole", "{\"RoleName\":\"absent\"}"), metadata)).containsExactly("arn:aws:iam::111122223333:role/absent");
        assertThat(new CreateRole(new IdGenerator()).resources(call("CreateRole", "{\"RoleName\":\"New\",\"Path\":\"/x/\"}"), metadata))
                .containsExactly("arn:aws:iam::111122223333:role/x/New");
        assertThat(new ListRoles().resources(call("ListRoles", "{\"PathPrefix\":\"/team/\"}"), metadata)).containsExactly("arn:aws:iam::111122223333:role/team/");
        assertThat(new CreateRole(new IdGenerator()).lookupResources(call("CreateRole", "{\"RoleName\":\"New\"}"), Optional.empty()))
                .containsExactly(new LookupResource("AWS::IAM::Role", "New"));
        assertThat(new PutRolePolicy().lookupResources(call("PutRolePolicy", "{\"RoleName\":\"New\",\"PolicyName\":\"p\"}"), Optional.empty()))
                .containsExactly(new LookupResource("AWS::IAM::Role", "New"), new LookupResource("AWS::IAM::Policy", "p"));
        assertThat(new AttachRolePolicy().lookupResources(call("AttachRolePolicy", "{\"RoleName\":\"New\",\"PolicyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}"),
                Optional.empty())).containsExactly(new LookupResource("AWS::IAM::Policy", "arn:aws:iam::aws:policy/ReadOnlyAccess"), new LookupResource("AWS::IAM::Role", "New"));
        assertThat(List.of(new GetRole(), new ListRoles(), new GetRolePolicy(), new ListRolePolicies(), new ListAttachedRolePolicies(), new ListRoleTags()))
                .allSatisfy(operation -> assertThat(operation.readOnly()).isTrue());
    }
}
