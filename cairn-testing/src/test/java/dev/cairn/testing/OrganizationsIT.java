package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Accounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountAlreadyRegisteredException;
import software.amazon.awssdk.services.organizations.model.AccountJoinedMethod;
import software.amazon.awssdk.services.organizations.model.AccountNotFoundException;
import software.amazon.awssdk.services.organizations.model.AccountNotRegisteredException;
import software.amazon.awssdk.services.organizations.model.AlreadyInOrganizationException;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.ChildNotFoundException;
import software.amazon.awssdk.services.organizations.model.ConstraintViolationException;
import software.amazon.awssdk.services.organizations.model.ConstraintViolationExceptionReason;
import software.amazon.awssdk.services.organizations.model.CreateAccountFailureReason;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatusNotFoundException;
import software.amazon.awssdk.services.organizations.model.DestinationParentNotFoundException;
import software.amazon.awssdk.services.organizations.model.DuplicateAccountException;
import software.amazon.awssdk.services.organizations.model.DuplicateOrganizationalUnitException;
import software.amazon.awssdk.services.organizations.model.InvalidInputException;
import software.amazon.awssdk.services.organizations.model.InvalidInputExceptionReason;
import software.amazon.awssdk.services.organizations.model.MasterCannotLeaveOrganizationException;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.OrganizationNotEmptyException;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.ParentNotFoundException;
import software.amazon.awssdk.services.organizations.model.Root;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Organizations through the AWS SDK for Java v2, against the real server: the first account creates an organization
 * and member accounts (polled as AWS CLI users poll them), OUs, moves, trusted access and delegated administrators;
 * member accounts are refused the management account's calls; a management account user reaches a member account
 * through its {@code OrganizationAccountAccessRole}; every call is recorded as {@code organizations.amazonaws.com}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class OrganizationsIT
{
    private static final String ACCESS_ROLE = "OrganizationAccountAccessRole";

    private TestingCairnServer server;
    private OrganizationsClient organizations;
    private Organization organization;
    private String management;
    private String rootId;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        management = server.accountId();
        organizations = server.organizations(TestingCairnServer.rootCredentials());
        organization = organizations.createOrganization(request -> request.featureSet(OrganizationFeatureSet.ALL)).organization();
        rootId = organizations.listRoots().roots().get(0).id();
    }

    @AfterAll
    public void stop()
    {
        organizations.close();
        server.close();
    }

    /** Creates a member account as AWS CLI users do: CreateAccount, then DescribeCreateAccountStatus until it is done. */
    private static CreateAccountStatus createAccount(OrganizationsClient client, String email, String name)
    {
        CreateAccountStatus requested = client.createAccount(request -> request.email(email).accountName(name)).createAccountStatus();
        assertThat(requested.state()).isEqualTo(CreateAccountState.IN_PROGRESS);
        assertThat(requested.id()).matches("car-[0-9a-f]{32}");
        assertThat(requested.accountName()).isEqualTo(name);
        return Poll.until("account " + name + " created", Duration.ofSeconds(5), Duration.ofMillis(50),
                () -> client.describeCreateAccountStatus(request -> request.createAccountRequestId(requested.id())).createAccountStatus(),
                status -> status.state() != CreateAccountState.IN_PROGRESS);
    }

    private static String allow(String action, String resource)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    private AccessKey user(String name, String policy)
    {
        try (IamClient iam = server.iam()) {
            iam.createUser(request -> request.userName(name));
            iam.putUserPolicy(request -> request.userName(name).policyName("policy").policyDocument(policy));
            return iam.createAccessKey(request -> request.userName(name)).accessKey();
        }
    }

    private static AwsCredentialsProvider keys(AccessKey key)
    {
        return TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey());
    }

    private static AwsCredentialsProvider session(Credentials credentials)
    {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
    }

    @Test
    public void theFirstAccountManagesItsOrganization()
    {
        assertThat(organization.id()).matches("o-[a-z0-9]{10}");
        assertThat(organization.arn()).isEqualTo("arn:aws:organizations::" + management + ":organization/" + organization.id());
        assertThat(organization.featureSet()).isEqualTo(OrganizationFeatureSet.ALL);
        assertThat(organization.masterAccountId()).isEqualTo(management);
        assertThat(organization.masterAccountArn()).isEqualTo("arn:aws:organizations::" + management + ":account/" + organization.id() + "/" + management);
        assertThat(organizations.describeOrganization().organization()).isEqualTo(organization);

        Root root = organizations.listRoots().roots().get(0);
        assertThat(root.id()).matches("r-[a-z0-9]{4}");
        assertThat(root.arn()).isEqualTo("arn:aws:organizations::" + management + ":root/" + organization.id() + "/" + root.id());
        assertThat(root.name()).isEqualTo("Root");

        Account self = organizations.describeAccount(request -> request.accountId(management)).account();
        assertThat(self.joinedMethod()).isEqualTo(AccountJoinedMethod.INVITED);
        assertThat(self.statusAsString()).isEqualTo("ACTIVE");

        assertThatThrownBy(() -> organizations.createOrganization(request -> request.featureSet(OrganizationFeatureSet.ALL)))
                .isInstanceOf(AlreadyInOrganizationException.class);
        assertThatThrownBy(() -> organizations.removeAccountFromOrganization(request -> request.accountId(management)))
                .isInstanceOf(MasterCannotLeaveOrganizationException.class);
    }

    @Test
    public void accountsAreCreatedInTheRootAndMoveBetweenOrganizationalUnits()
    {
        CreateAccountStatus created = createAccount(organizations, "workloads@example.com", "Workloads");
        assertThat(created.state()).isEqualTo(CreateAccountState.SUCCEEDED);
        String member = created.accountId();
        assertThat(member).matches("\\d{12}").isNotEqualTo(management);
        assertThat(created.completedTimestamp()).isNotNull();

        Account account = organizations.describeAccount(request -> request.accountId(member)).account();
        assertThat(account.email()).isEqualTo("workloads@example.com");
        assertThat(account.name()).isEqualTo("Workloads");
        assertThat(account.joinedMethod()).isEqualTo(AccountJoinedMethod.CREATED);
        assertThat(account.arn()).isEqualTo("arn:aws:organizations::" + management + ":account/" + organization.id() + "/" + member);
        assertThat(organizations.listAccountsPaginator(request -> request.maxResults(1)).stream().flatMap(page -> {
            assertThat(page.accounts()).hasSizeLessThanOrEqualTo(1);
            return page.accounts().stream();
        }).map(Account::id)).contains(management, member);
        assertThat(organizations.listAccountsForParent(request -> request.parentId(rootId)).accounts().stream().map(Account::id)).contains(member);

        // the same address again: the request fails, as AWS's does, after it was accepted
        CreateAccountStatus failed = createAccount(organizations, "Workloads@Example.com", "Workloads again");
        assertThat(failed.state()).isEqualTo(CreateAccountState.FAILED);
        assertThat(failed.failureReason()).isEqualTo(CreateAccountFailureReason.EMAIL_ALREADY_EXISTS);
        assertThat(failed.accountId()).isNull();
        assertThat(organizations.listCreateAccountStatus(request -> request.statesWithStrings("FAILED")).createAccountStatuses())
                .extracting(CreateAccountStatus::id).contains(failed.id()).doesNotContain(created.id());

        OrganizationalUnit unit = organizations.createOrganizationalUnit(request -> request.parentId(rootId).name("Production")).organizationalUnit();
        assertThat(unit.id()).matches("ou-" + rootId.substring(2) + "-[a-z0-9]{8}");
        assertThat(unit.arn()).isEqualTo("arn:aws:organizations::" + management + ":ou/" + organization.id() + "/" + unit.id());
        assertThat(organizations.listOrganizationalUnitsForParent(request -> request.parentId(rootId)).organizationalUnits()).contains(unit);
        assertThatThrownBy(() -> organizations.createOrganizationalUnit(request -> request.parentId(rootId).name("Production")))
                .isInstanceOf(DuplicateOrganizationalUnitException.class);
        assertThatThrownBy(() -> organizations.createOrganizationalUnit(request -> request.parentId("ou-zzzz-zzzzzzzz").name("X")))
                .isInstanceOf(ParentNotFoundException.class);

        organizations.moveAccount(request -> request.accountId(member).sourceParentId(rootId).destinationParentId(unit.id()));
        assertThat(organizations.listAccountsForParent(request -> request.parentId(unit.id())).accounts()).extracting(Account::id).containsExactly(member);
        assertThat(organizations.listParents(request -> request.childId(member)).parents().get(0).id()).isEqualTo(unit.id());
        assertThatThrownBy(() -> organizations.moveAccount(request -> request.accountId(member).sourceParentId(unit.id()).destinationParentId(unit.id())))
                .isInstanceOf(DuplicateAccountException.class);
        assertThatThrownBy(() -> organizations.moveAccount(request -> request.accountId(member).sourceParentId(unit.id()).destinationParentId("ou-zzzz-zzzzzzzz")))
                .isInstanceOf(DestinationParentNotFoundException.class);
        assertThatThrownBy(() -> organizations.describeAccount(request -> request.accountId("123456789012"))).isInstanceOf(AccountNotFoundException.class);
        assertThatThrownBy(() -> organizations.listParents(request -> request.childId("123456789012"))).isInstanceOf(ChildNotFoundException.class);
        assertThatThrownBy(() -> organizations.describeCreateAccountStatus(request -> request.createAccountRequestId("car-0123456789abcdef0123456789abcdef")))
                .isInstanceOf(CreateAccountStatusNotFoundException.class);
        // the model's constraints: AWS's InvalidInputException
        assertThatThrownBy(() -> organizations.describeAccount(request -> request.accountId("12345")))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("accountId"));
    }

    @Test
    public void trustedAccessAndDelegatedAdministrators()
    {
        String member = createAccount(organizations, "security@example.com", "Security").accountId();
        assertThatThrownBy(() -> organizations.registerDelegatedAdministrator(request -> request.accountId(member).servicePrincipal("config.amazonaws.com")))
                .isInstanceOfSatisfying(ConstraintViolationException.class, error -> assertThat(error.reason()).isEqualTo(ConstraintViolationExceptionReason.SERVICE_ACCESS_NOT_ENABLED));
        organizations.enableAWSServiceAccess(request -> request.servicePrincipal("config.amazonaws.com"));
        organizations.enableAWSServiceAccess(request -> request.servicePrincipal("config.amazonaws.com"));
        assertThat(organizations.listAWSServiceAccessForOrganization().enabledServicePrincipals())
                .singleElement().satisfies(service -> {
                    assertThat(service.servicePrincipal()).isEqualTo("config.amazonaws.com");
                    assertThat(service.dateEnabled()).isNotNull();
                });
        assertThatThrownBy(() -> organizations.enableAWSServiceAccess(request -> request.servicePrincipal("nothing")))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.reason()).isEqualTo(InvalidInputExceptionReason.UNRECOGNIZED_SERVICE_PRINCIPAL));

        assertThatThrownBy(() -> organizations.registerDelegatedAdministrator(request -> request.accountId(management).servicePrincipal("config.amazonaws.com")))
                .isInstanceOfSatisfying(ConstraintViolationException.class,
                        error -> assertThat(error.reason()).isEqualTo(ConstraintViolationExceptionReason.CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR));
        organizations.registerDelegatedAdministrator(request -> request.accountId(member).servicePrincipal("config.amazonaws.com"));
        assertThatThrownBy(() -> organizations.registerDelegatedAdministrator(request -> request.accountId(member).servicePrincipal("config.amazonaws.com")))
                .isInstanceOf(AccountAlreadyRegisteredException.class);
        assertThat(organizations.listDelegatedAdministrators(request -> request.servicePrincipal("config.amazonaws.com")).delegatedAdministrators())
                .singleElement().satisfies(administrator -> {
                    assertThat(administrator.id()).isEqualTo(member);
                    assertThat(administrator.email()).isEqualTo("security@example.com");
                    assertThat(administrator.delegationEnabledDate()).isNotNull();
                });
        assertThatThrownBy(() -> organizations.removeAccountFromOrganization(request -> request.accountId(member)))
                .isInstanceOfSatisfying(ConstraintViolationException.class,
                        error -> assertThat(error.reason()).isEqualTo(ConstraintViolationExceptionReason.CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG));

        organizations.deregisterDelegatedAdministrator(request -> request.accountId(member).servicePrincipal("config.amazonaws.com"));
        assertThatThrownBy(() -> organizations.deregisterDelegatedAdministrator(request -> request.accountId(member).servicePrincipal("config.amazonaws.com")))
                .isInstanceOf(AccountNotRegisteredException.class);
        organizations.disableAWSServiceAccess(request -> request.servicePrincipal("config.amazonaws.com"));
        assertThat(organizations.listAWSServiceAccessForOrganization().enabledServicePrincipals()).isEmpty();
    }

    /**
     * A management account user allowed {@code sts:AssumeRole} reaches a member account through the role
     * CreateAccount made there, and administers it; the member account sees its organization and nothing more.
     */
    @Test
    public void theManagementAccountAdministersMemberAccountsThroughTheirAccessRole()
    {
        String member = createAccount(organizations, "sandbox@example.com", "Sandbox").accountId();
        String roleArn = "arn:aws:iam::" + member + ":role/" + ACCESS_ROLE;
        AccessKey operator = user("operator", allow("sts:AssumeRole", "arn:aws:iam::*:role/" + ACCESS_ROLE));

        Credentials credentials;
        try (StsClient sts = server.sts(keys(operator))) {
            credentials = sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName("operator")).credentials();
        }
        try (StsClient sts = server.sts(session(credentials))) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo(member);
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::" + member + ":assumed-role/" + ACCESS_ROLE + "/operator");
        }
        try (IamClient iam = server.iam(session(credentials))) {
            String arn = iam.createUser(request -> request.userName("member-admin")).user().arn();
            assertThat(arn).isEqualTo("arn:aws:iam::" + member + ":user/member-admin");
        }
        try (IamClient iam = server.iam()) {
            assertThat(iam.listUsers().users()).noneMatch(user -> user.userName().equals("member-admin"));
        }

        try (OrganizationsClient memberClient = server.organizations(session(credentials))) {
            assertThat(memberClient.describeOrganization().organization().id()).isEqualTo(organization.id());
            assertThatThrownBy(memberClient::listAccounts)
                    .isInstanceOfSatisfying(AccessDeniedException.class,
                            error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("You don't have permissions to access this resource."));
            assertThatThrownBy(() -> memberClient.createAccount(request -> request.email("x@example.com").accountName("X"))).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> memberClient.createOrganization(request -> request.featureSet(OrganizationFeatureSet.ALL)))
                    .isInstanceOf(AlreadyInOrganizationException.class);
        }

        // a management account user acts by its policies: organizations:<operation>
        AccessKey reader = user("org-reader", allow("organizations:List*", "*"));
        try (OrganizationsClient readerClient = server.organizations(keys(reader))) {
            assertThat(readerClient.listAccounts().accounts()).extracting(Account::id).contains(member);
            assertThatThrownBy(() -> readerClient.createOrganizationalUnit(request -> request.parentId(rootId).name("Nope")))
                    .isInstanceOfSatisfying(AccessDeniedException.class,
                            error -> assertThat(error.awsErrorDetails().errorMessage()).contains("organizations:CreateOrganizationalUnit"));
        }
    }

    /** Another account: outside any organization, then the management account of its own, which it deletes. */
    @Test
    public void anotherAccountHasItsOwnOrganization()
    {
        Accounts.RootCredentials other = server.createAccount();
        try (OrganizationsClient client = server.organizations(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()))) {
            assertThatThrownBy(client::describeOrganization)
                    .isInstanceOfSatisfying(AwsOrganizationsNotInUseException.class,
                            error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Your account is not a member of an organization."));
            assertThatThrownBy(client::listAccounts).isInstanceOf(AwsOrganizationsNotInUseException.class);

            Organization own = client.createOrganization(request -> request.featureSet(OrganizationFeatureSet.ALL)).organization();
            assertThat(own.id()).isNotEqualTo(organization.id());
            assertThat(own.masterAccountId()).isEqualTo(other.accountId());
            String member = createAccount(client, "leaver@example.com", "Leaver").accountId();
            // the first organization knows nothing of it
            assertThatThrownBy(() -> organizations.describeAccount(request -> request.accountId(member))).isInstanceOf(AccountNotFoundException.class);
            assertThatThrownBy(client::deleteOrganization).isInstanceOf(OrganizationNotEmptyException.class);
            client.removeAccountFromOrganization(request -> request.accountId(member));
            assertThat(client.listAccounts().accounts()).extracting(Account::id).containsExactly(other.accountId());
            client.deleteOrganization();
            assertThatThrownBy(client::describeOrganization).isInstanceOf(AwsOrganizationsNotInUseException.class);
        }
    }

    @Test
    public void callsAreRecordedAsOrganizationsEventsInUsEast1()
    {
        String member = createAccount(organizations, "recorded@example.com", "Recorded").accountId();
        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            Event event = EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "CreateAccount", "CreateAccount",
                    candidate -> EventHistory.record(candidate).path("eventSource").asText().equals("organizations.amazonaws.com"), Duration.ofSeconds(5));
            JsonNode record = EventHistory.record(event);
            assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(record.path("recipientAccountId").asText()).isEqualTo(management);
            assertThat(record.path("readOnly").asBoolean()).isFalse();
            // the model marks the email address and the name sensitive: the record leaves them out
            assertThat(record.path("requestParameters").toString()).doesNotContain("@example.com");
            assertThat(record.path("responseElements").path("createAccountStatus").path("state").asText()).isEqualTo("IN_PROGRESS");

            List<Event> events = EventHistory.all(cloudTrail, LookupAttributeKey.EVENT_SOURCE, "organizations.amazonaws.com");
            assertThat(events).extracting(Event::eventName).contains("CreateOrganization", "DescribeCreateAccountStatus");
        }
        assertThat(member).isNotEmpty();
    }
}
