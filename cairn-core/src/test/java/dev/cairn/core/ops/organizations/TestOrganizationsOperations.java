package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.InMemoryMetadata;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.OrganizationIds;
import dev.cairn.model.Principal;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Organizations handlers over in-memory metadata, called as the management account's or a member account's root
 * user (authorization and model validation are the dispatcher's, tested elsewhere).
 */
public class TestOrganizationsOperations
{
    private static final String MANAGEMENT = "111122223333";
    private static final String OUTSIDER = "999988887777";
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final InMemoryMetadata metadata = new InMemoryMetadata();
    private final IdGenerator ids = new IdGenerator();
    private final OrganizationIds organizationIds = new OrganizationIds();

    private ObjectNode call(Operation operation, String accountId, String input)
    {
        try {
            CallContext call = new CallContext("request", Service.ORGANIZATIONS, operation.name(), "us-east-1", Principal.root(accountId, "AKIAEXAMPLE", Optional.empty()),
                    (ObjectNode) Json.mapper().readTree(input), "127.0.0.1", Optional.empty(), Optional.empty(), false, NOW);
            return operation instanceof WriteOperation write ? write.execute(call, metadata) : ((ReadOperation) operation).execute(call, metadata);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertError(ThrowingCallable call, ErrorCode code, String reason)
    {
        assertThatThrownBy(call).isInstanceOfSatisfying(CairnException.class, error -> {
            assertThat(error.errorCode()).isEqualTo(code);
            if (reason != null) {
                assertThat(error.details()).containsEntry("Reason", reason);
            }
        });
    }

    private JsonNode createOrganization()
    {
        return call(new CreateOrganization(organizationIds), MANAGEMENT, "{}").get("Organization");
    }

    /** Creates an account and returns its id, as DescribeCreateAccountStatus reports it. */
    private String createAccount(String email, String name)
    {
        String requestId = call(new CreateAccount(ids, organizationIds), MANAGEMENT, "{\"Email\":\"" + email + "\",\"AccountName\":\"" + name + "\"}")
                .path("CreateAccountStatus").path("Id").asText();
        JsonNode status = call(new DescribeCreateAccountStatus(), MANAGEMENT, "{\"CreateAccountRequestId\":\"" + requestId + "\"}").get("CreateAccountStatus");
        assertThat(status.path("State").asText()).isEqualTo("SUCCEEDED");
        return status.path("AccountId").asText();
    }

    @Test
    public void theCallersAccountManagesTheOrganizationItCreates()
    {
        assertError(() -> call(new DescribeOrganization(), MANAGEMENT, "{}"), ErrorCode.AWS_ORGANIZATIONS_NOT_IN_USE, null);
        JsonNode organization = createOrganization();
        assertThat(organization.path("Id").asText()).matches("o-[a-z0-9]{10}");
        assertThat(organization.path("Arn").asText()).isEqualTo("arn:aws:organizations::" + MANAGEMENT + ":organization/" + organization.path("Id").asText());
        assertThat(organization.path("FeatureSet").asText()).isEqualTo("ALL");
        assertThat(organization.path("MasterAccountId").asText()).isEqualTo(MANAGEMENT);
        assertThat(organization.path("MasterAccountArn").asText()).isEqualTo("arn:aws:organizations::" + MANAGEMENT + ":account/" + organization.path("Id").asText() + "/" + MANAGEMENT);
        assertThat(call(new DescribeOrganization(), MANAGEMENT, "{}").get("Organization")).isEqualTo(organization);
        assertError(this::createOrganization, ErrorCode.ALREADY_IN_ORGANIZATION, null);

        JsonNode accounts = call(new ListAccounts(), MANAGEMENT, "{}").get("Accounts");
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).path("JoinedMethod").asText()).isEqualTo("INVITED");
        assertThat(accounts.get(0).path("Status").asText()).isEqualTo("ACTIVE");
        JsonNode root = call(new ListRoots(), MANAGEMENT, "{}").get("Roots").get(0);
        assertThat(root.path("Id").asText()).matches("r-[a-z0-9]{4}");
        assertThat(root.path("Name").asText()).isEqualTo("Root");
    }

    @Test
    public void createdAccountsHaveTheRoleTheManagementAccountAssumes()
            throws Exception
    {
        createOrganization();
        ObjectNode created = call(new CreateAccount(ids, organizationIds), MANAGEMENT, "{\"Email\":\"dev@example.com\",\"AccountName\":\"Dev\"}");
        JsonNode requested = created.get("CreateAccountStatus");
        assertThat(requested.path("State").asText()).isEqualTo("IN_PROGRESS");
        assertThat(requested.path("Id").asText()).matches("car-[0-9a-f]{32}");
        assertThat(requested.has("AccountId")).isFalse();

        JsonNode status = call(new DescribeCreateAccountStatus(), MANAGEMENT, "{\"CreateAccountRequestId\":\"" + requested.path("Id").asText() + "\"}").get("CreateAccountStatus");
        assertThat(status.path("State").asText()).isEqualTo("SUCCEEDED");
        String member = status.path("AccountId").asText();
        assertThat(member).matches("\\d{12}");
        assertThat(new IdentityRepository(metadata).account(member)).isPresent();
        // no root key: AWS's member accounts have no credentials of their own
        assertThat(new IdentityRepository(metadata).accessKeys(member, Optional.empty())).isEmpty();
        IamRole role = new RoleRepository(metadata).role(member, "OrganizationAccountAccessRole").orElseThrow();
        assertThat(role.assumeRolePolicyDocument()).isEqualTo(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + MANAGEMENT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}");
        assertThat(new RoleRepository(metadata).attachedRolePolicyArns(member, role.roleName())).containsExactly("arn:aws:iam::aws:policy/AdministratorAccess");

        JsonNode account = call(new DescribeAccount(), MANAGEMENT, "{\"AccountId\":\"" + member + "\"}").get("Account");
        assertThat(account.path("Email").asText()).isEqualTo("dev@example.com");
        assertThat(account.path("Name").asText()).isEqualTo("Dev");
        assertThat(account.path("JoinedMethod").asText()).isEqualTo("CREATED");
        assertThat(account.path("JoinedTimestamp").asLong()).isEqualTo(NOW.getEpochSecond());

        // the same address again (in another case): the request fails, and creates nothing
        int accounts = new IdentityRepository(metadata).accounts().size();
        String again = call(new CreateAccount(ids, organizationIds), MANAGEMENT, "{\"Email\":\"DEV@example.com\",\"AccountName\":\"Dev 2\",\"RoleName\":\"Admin\"}")
                .path("CreateAccountStatus").path("Id").asText();
        JsonNode failed = call(new DescribeCreateAccountStatus(), MANAGEMENT, "{\"CreateAccountRequestId\":\"" + again + "\"}").get("CreateAccountStatus");
        assertThat(failed.path("State").asText()).isEqualTo("FAILED");
        assertThat(failed.path("FailureReason").asText()).isEqualTo("EMAIL_ALREADY_EXISTS");
        assertThat(new IdentityRepository(metadata).accounts()).hasSize(accounts);
        assertThat(call(new ListCreateAccountStatus(), MANAGEMENT, "{\"States\":[\"FAILED\"]}").get("CreateAccountStatuses")).hasSize(1);
        assertThat(call(new ListCreateAccountStatus(), MANAGEMENT, "{}").get("CreateAccountStatuses")).hasSize(2);
        assertError(() -> call(new DescribeCreateAccountStatus(), MANAGEMENT, "{\"CreateAccountRequestId\":\"car-00000000\"}"), ErrorCode.CREATE_ACCOUNT_STATUS_NOT_FOUND, null);
    }

    @Test
    public void memberAccountsSeeTheirOrganizationOnlyUnlessDelegated()
    {
        createOrganization();
        String member = createAccount("member@example.com", "Member");
        assertThat(call(new DescribeOrganization(), member, "{}").path("Organization").path("MasterAccountId").asText()).isEqualTo(MANAGEMENT);
        for (Operation operation : List.<Operation>of(new ListAccounts(), new ListRoots(), new ListAWSServiceAccessForOrganization(), new ListDelegatedAdministrators())) {
            assertError(() -> call(operation, member, "{}"), ErrorCode.ACCESS_DENIED, null);
        }
        assertError(() -> call(new CreateAccount(ids, organizationIds), member, "{\"Email\":\"x@example.com\",\"AccountName\":\"X\"}"), ErrorCode.ACCESS_DENIED, null);
        assertError(() -> call(new DeleteOrganization(), member, "{}"), ErrorCode.ACCESS_DENIED, null);
        assertError(() -> call(new ListAccounts(), OUTSIDER, "{}"), ErrorCode.AWS_ORGANIZATIONS_NOT_IN_USE, null);

        String cloudTrail = "{\"AccountId\":\"" + member + "\",\"ServicePrincipal\":\"cloudtrail.amazonaws.com\"}";
        assertError(() -> call(new RegisterDelegatedAdministrator(), MANAGEMENT, cloudTrail), ErrorCode.ORGANIZATIONS_CONSTRAINT_VIOLATION, "SERVICE_ACCESS_NOT_ENABLED");
        call(new EnableAWSServiceAccess(), MANAGEMENT, "{\"ServicePrincipal\":\"cloudtrail.amazonaws.com\"}");
        assertError(() -> call(new EnableAWSServiceAccess(), MANAGEMENT, "{\"ServicePrincipal\":\"not-a-service\"}"), ErrorCode.ORGANIZATIONS_INVALID_INPUT,
                "UNRECOGNIZED_SERVICE_PRINCIPAL");
        assertError(() -> call(new RegisterDelegatedAdministrator(), MANAGEMENT, "{\"AccountId\":\"" + MANAGEMENT + "\",\"ServicePrincipal\":\"cloudtrail.amazonaws.com\"}"),
                ErrorCode.ORGANIZATIONS_CONSTRAINT_VIOLATION, "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR");
        assertError(() -> call(new RegisterDelegatedAdministrator(), MANAGEMENT, "{\"AccountId\":\"" + OUTSIDER + "\",\"ServicePrincipal\":\"cloudtrail.amazonaws.com\"}"),
                ErrorCode.ACCOUNT_NOT_FOUND, null);
        call(new RegisterDelegatedAdministrator(), MANAGEMENT, cloudTrail);
        assertError(() -> call(new RegisterDelegatedAdministrator(), MANAGEMENT, cloudTrail), ErrorCode.ACCOUNT_ALREADY_REGISTERED, null);

        // a delegated administrator reads the organization, and changes nothing of it
        assertThat(call(new ListAccounts(), member, "{}").get("Accounts")).hasSize(2);
        JsonNode administrator = call(new ListDelegatedAdministrators(), member, "{\"ServicePrincipal\":\"cloudtrail.amazonaws.com\"}").get("DelegatedAdministrators").get(0);
        assertThat(administrator.path("Id").asText()).isEqualTo(member);
        assertThat(administrator.path("DelegationEnabledDate").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(call(new ListDelegatedServicesForAccount(), member, "{\"AccountId\":\"" + member + "\"}").get("DelegatedServices").get(0).path("ServicePrincipal").asText())
                .isEqualTo("cloudtrail.amazonaws.com");
        assertError(() -> call(new EnableAWSServiceAccess(), member, "{\"ServicePrincipal\":\"config.amazonaws.com\"}"), ErrorCode.ACCESS_DENIED, null);

        // a delegated administrator cannot leave; deregistered, it can be removed
        assertError(() -> call(new RemoveAccountFromOrganization(), MANAGEMENT, "{\"AccountId\":\"" + member + "\"}"), ErrorCode.ORGANIZATIONS_CONSTRAINT_VIOLATION,
                "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG");
        call(new DeregisterDelegatedAdministrator(), MANAGEMENT, cloudTrail);
        assertError(() -> call(new DeregisterDelegatedAdministrator(), MANAGEMENT, cloudTrail), ErrorCode.ACCOUNT_NOT_REGISTERED, null);
        assertError(() -> call(new ListAccounts(), member, "{}"), ErrorCode.ACCESS_DENIED, null);
        assertError(() -> call(new DeleteOrganization(), MANAGEMENT, "{}"), ErrorCode.ORGANIZATION_NOT_EMPTY, null);
        assertError(() -> call(new RemoveAccountFromOrganization(), MANAGEMENT, "{\"AccountId\":\"" + MANAGEMENT + "\"}"), ErrorCode.MASTER_CANNOT_LEAVE_ORGANIZATION, null);
        call(new RemoveAccountFromOrganization(), MANAGEMENT, "{\"AccountId\":\"" + member + "\"}");
        assertError(() -> call(new DescribeOrganization(), member, "{}"), ErrorCode.AWS_ORGANIZATIONS_NOT_IN_USE, null);
        call(new DeleteOrganization(), MANAGEMENT, "{}");
        assertError(() -> call(new DescribeOrganization(), MANAGEMENT, "{}"), ErrorCode.AWS_ORGANIZATIONS_NOT_IN_USE, null);
        // and the management account may create another
        createOrganization();
    }

    @Test
    public void organizationalUnitsHoldAccountsThatMove()
    {
        createOrganization();
        String rootId = call(new ListRoots(), MANAGEMENT, "{}").get("Roots").get(0).path("Id").asText();
        String member = createAccount("ou@example.com", "In an OU");
        JsonNode unit = call(new CreateOrganizationalUnit(organizationIds), MANAGEMENT, "{\"ParentId\":\"" + rootId + "\",\"Name\":\"Security\"}").get("OrganizationalUnit");
        String unitId = unit.path("Id").asText();
        assertThat(unitId).matches("ou-" + rootId.substring(2) + "-[a-z0-9]{8}");
        assertThat(unit.path("Path").asText()).endsWith("/" + rootId + "/" + unitId + "/");
        assertError(() -> call(new CreateOrganizationalUnit(organizationIds), MANAGEMENT, "{\"ParentId\":\"" + rootId + "\",\"Name\":\"Security\"}"),
                ErrorCode.DUPLICATE_ORGANIZATIONAL_UNIT, null);
        assertError(() -> call(new CreateOrganizationalUnit(organizationIds), MANAGEMENT, "{\"ParentId\":\"ou-zzzz-zzzzzzzz\",\"Name\":\"X\"}"), ErrorCode.PARENT_NOT_FOUND, null);
        // 5 levels deep at most
        String parent = unitId;
        for (int level = 2; level <= 5; level++) {
            parent = call(new CreateOrganizationalUnit(organizationIds), MANAGEMENT, "{\"ParentId\":\"" + parent + "\",\"Name\":\"L" + level + "\"}")
                    .path("OrganizationalUnit").path("Id").asText();
        }
        String deepest = parent;
        assertError(() -> call(new CreateOrganizationalUnit(organizationIds), MANAGEMENT, "{\"ParentId\":\"" + deepest + "\",\"Name\":\"L6\"}"),
                ErrorCode.ORGANIZATIONS_CONSTRAINT_VIOLATION, "OU_DEPTH_LIMIT_EXCEEDED");

        String move = "{\"AccountId\":\"" + member + "\",\"SourceParentId\":\"" + rootId + "\",\"DestinationParentId\":\"" + unitId + "\"}";
        assertError(() -> call(new MoveAccount(), MANAGEMENT, "{\"AccountId\":\"" + member + "\",\"SourceParentId\":\"" + unitId + "\",\"DestinationParentId\":\"" + rootId + "\"}"),
                ErrorCode.SOURCE_PARENT_NOT_FOUND, null);
        assertError(() -> call(new MoveAccount(), MANAGEMENT, "{\"AccountId\":\"" + member + "\",\"SourceParentId\":\"" + rootId + "\",\"DestinationParentId\":\"ou-zzzz-zzzzzzzz\"}"),
                ErrorCode.DESTINATION_PARENT_NOT_FOUND, null);
        assertError(() -> call(new MoveAccount(), MANAGEMENT, "{\"AccountId\":\"" + OUTSIDER + "\",\"SourceParentId\":\"" + rootId + "\",\"DestinationParentId\":\"" + unitId + "\"}"),
                ErrorCode.ACCOUNT_NOT_FOUND, null);
        call(new MoveAccount(), MANAGEMENT, move);
        assertError(() -> call(new MoveAccount(), MANAGEMENT, "{\"AccountId\":\"" + member + "\",\"SourceParentId\":\"" + unitId + "\",\"DestinationParentId\":\"" + unitId + "\"}"),
                ErrorCode.DUPLICATE_ACCOUNT, null);
        assertThat(call(new ListAccountsForParent(), MANAGEMENT, "{\"ParentId\":\"" + unitId + "\"}").get("Accounts").get(0).path("Id").asText()).isEqualTo(member);
        assertThat(call(new ListAccountsForParent(), MANAGEMENT, "{\"ParentId\":\"" + rootId + "\"}").get("Accounts")).hasSize(1);
        assertThat(call(new ListParents(), MANAGEMENT, "{\"ChildId\":\"" + member + "\"}").get("Parents").get(0).path("Type").asText()).isEqualTo("ORGANIZATIONAL_UNIT");
        assertThat(call(new ListParents(), MANAGEMENT, "{\"ChildId\":\"" + unitId + "\"}").get("Parents").get(0).path("Id").asText()).isEqualTo(rootId);
        assertError(() -> call(new ListParents(), MANAGEMENT, "{\"ChildId\":\"" + OUTSIDER + "\"}"), ErrorCode.CHILD_NOT_FOUND, null);
        assertThat(call(new ListChildren(), MANAGEMENT, "{\"ParentId\":\"" + rootId + "\",\"ChildType\":\"ORGANIZATIONAL_UNIT\"}").get("Children").get(0).path("Id").asText())
                .isEqualTo(unitId);
        assertError(() -> call(new DeleteOrganizationalUnit(), MANAGEMENT, "{\"OrganizationalUnitId\":\"" + unitId + "\"}"), ErrorCode.ORGANIZATIONAL_UNIT_NOT_EMPTY, null);
        call(new DeleteOrganizationalUnit(), MANAGEMENT, "{\"OrganizationalUnitId\":\"" + deepest + "\"}");
        assertError(() -> call(new DescribeOrganizationalUnit(), MANAGEMENT, "{\"OrganizationalUnitId\":\"" + deepest + "\"}"), ErrorCode.ORGANIZATIONAL_UNIT_NOT_FOUND, null);
        assertThat(call(new ListOrganizationalUnitsForParent(), MANAGEMENT, "{\"ParentId\":\"" + rootId + "\"}").get("OrganizationalUnits").get(0).path("Name").asText())
                .isEqualTo("Security");
    }

    @Test
    public void listingsArePagedWithOpaqueTokens()
    {
        createOrganization();
        for (int i = 0; i < 4; i++) {
            createAccount("a" + i + "@example.com", "A" + i);
        }
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            ObjectNode page = call(new ListAccounts(), MANAGEMENT, "{\"MaxResults\":2" + token.map(value -> ",\"NextToken\":\"" + value + "\"").orElse("") + "}");
            assertThat(page.get("Accounts").size()).isLessThanOrEqualTo(2);
            page.get("Accounts").forEach(account -> seen.add(account.path("Id").asText()));
            token = Optional.ofNullable(page.get("NextToken")).map(JsonNode::asText);
        }
        while (token.isPresent());
        assertThat(seen).hasSize(5).doesNotHaveDuplicates().isSorted();
        assertThat(call(new ListCreateAccountStatus(), MANAGEMENT, "{\"MaxResults\":3}").get("NextToken")).isNotNull();
        assertError(() -> call(new ListAccounts(), MANAGEMENT, "{\"NextToken\":\"!!!\"}"), ErrorCode.ORGANIZATIONS_INVALID_INPUT, "INVALID_NEXT_TOKEN");
    }
}
