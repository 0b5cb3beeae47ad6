package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IAM roles through the AWS SDK for Java v2: their lifecycle, trust policies, inline and managed policies, tags, IAM's
 * quotas and errors, authorization and event history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class RolesIT
{
    private static final String TRUST = """
            {
              "Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
            }""";
    private static final String READ_USERS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}]}";

    private TestingCairnServer server;
    private IamClient iam;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        iam = server.iam();
    }

    @AfterAll
    public void stop()
    {
        iam.close();
        server.close();
    }

    private static String decoded(String urlEncoded)
    {
        return URLDecoder.decode(urlEncoded, StandardCharsets.UTF_8);
    }

    private Role createRole(IamClient client, String name)
    {
        return client.createRole(request -> request.roleName(name).assumeRolePolicyDocument(TRUST)).role();
    }

    @Test
    public void roleLifecycle()
    {
        Role created = iam.createRole(request -> request.roleName("Builder").path("/ci/").assumeRolePolicyDocument(TRUST).description("builds things")
                .maxSessionDuration(7_200).tags(Tag.builder().key("team").value("ci").build())).role();
        assertThat(created.roleName()).isEqualTo("Builder");
        assertThat(created.path()).isEqualTo("/ci/");
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + server.accountId() + ":role/ci/Builder");
        assertThat(created.roleId()).startsWith("AROA").hasSize(21);
        assertThat(created.createDate()).isNotNull();
        assertThat(created.description()).isEqualTo("builds things");
        assertThat(created.tags()).containsExactly(Tag.builder().key("team").value("ci").build());
        // IAM sends the trust policy URL-encoded, and the SDK hands it over as sent: decoding gives back the document
        assertThat(created.assumeRolePolicyDocument()).doesNotContain("{").doesNotContain(" ").doesNotContain("+").contains("%20");
        assertThat(decoded(created.assumeRolePolicyDocument())).isEqualTo(TRUST);

        Role got = iam.getRole(request -> request.roleName("BUILDER")).role();
        assertThat(got.roleName()).isEqualTo("Builder");
        assertThat(got.roleId()).isEqualTo(created.roleId());
        assertThat(got.createDate()).isEqualTo(created.createDate());
        assertThat(got.maxSessionDuration()).isEqualTo(7_200);
        assertThat(got.tags()).containsExactly(Tag.builder().key("team").value("ci").build());
        assertThat(got.roleLastUsed()).isNotNull();
        assertThat(decoded(got.assumeRolePolicyDocument())).isEqualTo(TRUST);

        // names are unique regardless of case
        assertThatThrownBy(() -> createRole(iam, "builder"))
                .isInstanceOfSatisfying(EntityAlreadyExistsException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(409);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Role with name builder already exists.");
                });

        iam.updateRole(request -> request.roleName("Builder").maxSessionDuration(43_200));
        Role described = iam.updateRoleDescription(request -> request.roleName("Builder").description("builds more")).role();
        assertThat(described.description()).isEqualTo("builds more");
        assertThat(described.maxSessionDuration()).isEqualTo(43_200);
        String crossAccount = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + server.accountId()
                + ":root\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";
        iam.updateAssumeRolePolicy(request -> request.roleName("Builder").policyDocument(crossAccount));
        assertThat(decoded(iam.getRole(request -> request.roleName("Builder")).role().assumeRolePolicyDocument())).isEqualTo(crossAccount);

        iam.tagRole(request -> request.roleName("Builder").tags(Tag.builder().key("TEAM").value("platform").build(), Tag.builder().key("cost").value("").build()));
        assertThat(iam.listRoleTags(request -> request.roleName("Builder")).tags())
                .containsExactly(Tag.builder().key("TEAM").value("platform").build(), Tag.builder().key("cost").value("").build());
        iam.untagRole(request -> request.roleName("Builder").tagKeys("team", "absent"));
        assertThat(iam.listRoleTags(request -> request.roleName("Builder")).tags()).extracting(Tag::key).containsExactly("cost");

        iam.deleteRole(request -> request.roleName("builder"));
        assertThatThrownBy(() -> iam.getRole(request -> request.roleName("Builder")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("The role with name Builder cannot be found.");
                });
        assertThatThrownBy(() -> iam.deleteRole(request -> request.roleName("Builder"))).isInstanceOf(NoSuchEntityException.class);
        // created again, it is another role
        assertThat(createRole(iam, "Builder").roleId()).isNotEqualTo(created.roleId());
        iam.deleteRole(request -> request.roleName("Builder"));
    }

    @Test
    public void listRolesPagesAndFiltersByPath()
    {
        for (int i = 0; i < 7; i++) {
            int index = i;
            iam.createRole(request -> request.roleName("pager-" + index).path(index % 2 == 0 ? "/even/" : "/odd/").assumeRolePolicyDocument(TRUST));
        }
        List<String> names = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String current = marker;
            ListRolesResponse page = iam.listRoles(request -> request.pathPrefix("/even/").maxItems(2).marker(current));
            page.roles().forEach(role -> {
                names.add(role.roleName());
                // listed roles carry their trust policy (URL-encoded) and session limit, not their tags
                assertThat(decoded(role.assumeRolePolicyDocument())).isEqualTo(TRUST);
                assertThat(role.maxSessionDuration()).isEqualTo(3_600);
                assertThat(role.hasTags()).isFalse();
            });
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        }
        while (marker != null);
        assertThat(names).containsExactly("pager-0", "pager-2", "pager-4", "pager-6");
        assertThat(pages).isEqualTo(2);
        // the SDK paginator gets every role
        assertThat(iam.listRolesPaginator(request -> request.maxItems(3)).roles().stream().map(Role::roleName).filter(name -> name.startsWith("pager-")).count())
                .isEqualTo(7);
    }

    @Test
    public void inlineAndManagedPoliciesAndDeleteConflicts()
    {
        createRole(iam, "Worker");
        iam.putRolePolicy(request -> request.roleName("worker").policyName("read").policyDocument(READ_USERS));
        var policy = iam.getRolePolicy(request -> request.roleName("WORKER").policyName("read"));
        assertThat(policy.roleName()).isEqualTo("Worker");
        assertThat(policy.policyDocument()).doesNotContain("{");
        assertThat(decoded(policy.policyDocument())).isEqualTo(READ_USERS);
        assertThat(iam.listRolePolicies(request -> request.roleName("Worker")).policyNames()).containsExactly("read");
        assertThatThrownBy(() -> iam.getRolePolicy(request -> request.roleName("Worker").policyName("nope")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage())
                        .isEqualTo("The role policy with name nope cannot be found."));
        assertThatThrownBy(() -> iam.putRolePolicy(request -> request.roleName("Worker").policyName("trust").policyDocument(TRUST)))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, error -> assertThat(error.awsErrorDetails().errorMessage())
                        .isEqualTo("Policy document should not specify a principal."));
        // 10,240 characters across a role's inline policies (a user has 2,048)
        String large = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + "\"iam:GetUser\",".repeat(400) + "\"iam:GetUser\"],\"Resource\":\"*\"}]}";
        iam.putRolePolicy(request -> request.roleName("Worker").policyName("large-1").policyDocument(large));
        assertThatThrownBy(() -> iam.putRolePolicy(request -> request.roleName("Worker").policyName("large-2").policyDocument(large)))
                .isInstanceOfSatisfying(LimitExceededException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(409);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Maximum policy size of 10240 bytes exceeded for role Worker");
                });

        iam.attachRolePolicy(request -> request.roleName("Worker").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertThat(iam.listAttachedRolePolicies(request -> request.roleName("Worker")).attachedPolicies()).extracting(AttachedPolicy::policyName)
                .containsExactly("ReadOnlyAccess");
        assertThatThrownBy(() -> iam.attachRolePolicy(request -> request.roleName("Worker").policyArn("arn:aws:iam::aws:policy/NoSuchPolicy")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("does not exist or is not attachable"));

        assertThatThrownBy(() -> iam.deleteRole(request -> request.roleName("Worker")))
                .isInstanceOfSatisfying(DeleteConflictException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(409);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete entity, must delete policies first.");
                });
        iam.deleteRolePolicy(request -> request.roleName("Worker").policyName("read"));
        iam.deleteRolePolicy(request -> request.roleName("Worker").policyName("large-1"));
        assertThatThrownBy(() -> iam.deleteRolePolicy(request -> request.roleName("Worker").policyName("read"))).isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.deleteRole(request -> request.roleName("Worker")))
                .isInstanceOfSatisfying(DeleteConflictException.class, error -> assertThat(error.awsErrorDetails().errorMessage())
                        .isEqualTo("Cannot delete entity, must detach all policies first."));
        iam.detachRolePolicy(request -> request.roleName("Worker").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertThatThrownBy(() -> iam.detachRolePolicy(request -> request.roleName("Worker").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")))
                .isInstanceOf(NoSuchEntityException.class);
        iam.deleteRole(request -> request.roleName("Worker"));
    }

    @Test
    public void trustPoliciesAreCheckedAsIamChecksThem()
    {
        String withResource = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
        String notSts = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:GetObject\"}]}";
        String noPrincipal = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}";
        String badPrincipal = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"alice\"},\"Action\":\"sts:AssumeRole\"}]}";
        for (List<String> refused : List.of(
                List.of(withResource, "Has prohibited field Resource"),
                List.of(notSts, "AssumeRole policy may only specify STS AssumeRole actions."),
                List.of(noPrincipal, "Missing required field Principal"),
                List.of(badPrincipal, "Invalid principal in policy: \"AWS\":\"alice\""),
                List.of("{\"Statement\":", "Syntax errors in policy."))) {
            assertThatThrownBy(() -> iam.createRole(request -> request.roleName("refused").assumeRolePolicyDocument(refused.get(0))))
                    .as(refused.get(1))
                    .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, error -> {
                        assertThat(error.statusCode()).isEqualTo(400);
                        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
                        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(refused.get(1));
                    });
        }
        String tooLong = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + "a".repeat(2_000)
                + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}";
        assertThatThrownBy(() -> iam.createRole(request -> request.roleName("refused").assumeRolePolicyDocument(tooLong)))
                .isInstanceOfSatisfying(LimitExceededException.class, error -> assertThat(error.awsErrorDetails().errorMessage())
                        .isEqualTo("Cannot exceed quota for ACLSizePerRole: 2048"));
        assertThatThrownBy(() -> iam.createRole(request -> request.roleName("refused").assumeRolePolicyDocument(TRUST).maxSessionDuration(3_599)))
                .isInstanceOfSatisfying(IamException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(error.awsErrorDetails().errorMessage()).contains("maxSessionDuration").contains("greater than or equal to 3600");
                });
        assertThatThrownBy(() -> iam.createRole(request -> request.roleName("refused").assumeRolePolicyDocument(TRUST)
                .permissionsBoundary("arn:aws:iam::aws:policy/ReadOnlyAccess")))
                .isInstanceOfSatisfying(IamException.class, error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
        assertThatThrownBy(() -> iam.getRole(request -> request.roleName("refused"))).isInstanceOf(NoSuchEntityException.class);

        // nor does a refused update replace the trust policy
        createRole(iam, "Trusting");
        assertThatThrownBy(() -> iam.updateAssumeRolePolicy(request -> request.roleName("Trusting").policyDocument(withResource)))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThat(decoded(iam.getRole(request -> request.roleName("Trusting")).role().assumeRolePolicyDocument())).isEqualTo(TRUST);
        iam.deleteRole(request -> request.roleName("Trusting"));
    }

    /** 1,000 roles per account, IAM's default quota; in an account of its own, so that other tests' listings stay short. */
    @Test
    public void atMostOneThousandRolesPerAccount()
    {
        var account = server.createAccount();
        try (IamClient other = server.iam(TestingCairnServer.credentials(account.accessKeyId(), account.secretAccessKey()))) {
            for (int i = 0; i < 1_000; i++) {
                createRole(other, "quota-" + i);
            }
            assertThatThrownBy(() -> createRole(other, "quota-one-too-many"))
                    .isInstanceOfSatisfying(LimitExceededException.class, error -> {
                        assertThat(error.statusCode()).isEqualTo(409);
                        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for RolesPerAccount: 1000");
                    });
            other.deleteRole(request -> request.roleName("quota-0"));
            createRole(other, "quota-one-too-many");
            // the other account's roles are its own
            assertThatThrownBy(() -> iam.getRole(request -> request.roleName("quota-1"))).isInstanceOf(NoSuchEntityException.class);
            assertThat(other.getRole(request -> request.roleName("quota-1")).role().arn()).isEqualTo("arn:aws:iam::" + account.accountId() + ":role/quota-1");
        }
    }

    @Test
    public void aUserWithoutPermissionIsDeniedAndTheDenialIsRecorded()
    {
        iam.createUser(request -> request.userName("roles-dana"));
        iam.putUserPolicy(request -> request.userName("roles-dana").policyName("team-roles").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:CreateRole\",\"iam:GetRole\"],\"Resource\":\"arn:aws:iam::*:role/team/*\"}]}"));
        AccessKey key = iam.createAccessKey(request -> request.userName("roles-dana")).accessKey();
        AwsCredentialsProvider dana = TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey());
        try (IamClient danaIam = server.iam(dana); CloudTrailClient cloudTrail = server.cloudTrail()) {
            IamException denied = (IamException) org.assertj.core.api.Assertions.catchThrowable(() -> createRole(danaIam, "not-allowed"));
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + server.accountId()
                    + ":user/roles-dana is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::" + server.accountId()
                    + ":role/not-allowed because no identity-based policy allows the iam:CreateRole action");
            assertThatThrownBy(() -> iam.getRole(request -> request.roleName("not-allowed"))).isInstanceOf(NoSuchEntityException.class);
            assertThatThrownBy(() -> danaIam.listRoles()).isInstanceOfSatisfying(IamException.class,
                    error -> assertThat(error.awsErrorDetails().errorMessage()).contains("iam:ListRoles on resource: arn:aws:iam::" + server.accountId() + ":role/ because"));

            // the path decides: the role's ARN is what is authorized
            Role teamRole = danaIam.createRole(request -> request.roleName("team-builder").path("/team/").assumeRolePolicyDocument(TRUST)).role();
            assertThat(danaIam.getRole(request -> request.roleName("team-builder")).role().arn()).isEqualTo(teamRole.arn());
            assertThatThrownBy(() -> danaIam.deleteRole(request -> request.roleName("team-builder"))).isInstanceOfSatisfying(IamException.class,
                    error -> assertThat(error.awsErrorDetails().errorMessage()).contains("iam:DeleteRole on resource: " + teamRole.arn()));

            JsonNode record = EventHistory.record(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.USERNAME, "roles-dana", denied.requestId()));
            assertThat(record.get("eventName").asText()).isEqualTo("CreateRole");
            assertThat(record.get("errorCode").asText()).isEqualTo("AccessDenied");
            iam.deleteRole(request -> request.roleName("team-builder"));
        }
    }

    @Test
    public void callsAreRecordedAndFoundByTheRole()
    {
        Role role = iam.createRole(request -> request.roleName("recorded-role").assumeRolePolicyDocument(TRUST)).role();
        iam.putRolePolicy(request -> request.roleName("recorded-role").policyName("recorded-policy").policyDocument(READ_USERS));
        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            Event created = EventHistory.await(cloudTrail, LookupAttributeKey.RESOURCE_NAME, "recorded-role", "CreateRole",
                    event -> event.eventName().equals("CreateRole"), Duration.ofSeconds(10));
            assertThat(created.eventSource()).isEqualTo("iam.amazonaws.com");
            assertThat(created.resources()).anySatisfy(resource -> {
                assertThat(resource.resourceType()).isEqualTo("AWS::IAM::Role");
                assertThat(resource.resourceName()).isEqualTo("recorded-role");
            });
            JsonNode record = EventHistory.record(created);
            assertThat(record.get("readOnly").asBoolean()).isFalse();
            assertThat(record.at("/requestParameters/roleName").asText()).isEqualTo("recorded-role");
            assertThat(record.at("/responseElements/role/roleId").asText()).isEqualTo(role.roleId());
            assertThat(record.at("/responseElements/role/arn").asText()).isEqualTo(role.arn());

            Event put = EventHistory.await(cloudTrail, LookupAttributeKey.RESOURCE_TYPE, "AWS::IAM::Role", "PutRolePolicy",
                    event -> event.eventName().equals("PutRolePolicy"), Duration.ofSeconds(10));
            assertThat(put.resources()).extracting(resource -> resource.resourceName()).containsExactly("recorded-role", "recorded-policy");
        }
        iam.deleteRolePolicy(request -> request.roleName("recorded-role").policyName("recorded-policy"));
        iam.deleteRole(request -> request.roleName("recorded-role"));
    }
}
