package dev.cairn.core.ops.organizations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.Tag;
import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.organizations.CreateAccountStatus;
import dev.cairn.core.organizations.MemberAccount;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationIds;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Creates a member account in the organization's root, as AWS does: with no credentials of its own (its root user
 * has no access key nor password), and with an IAM role (by default {@code OrganizationAccountAccessRole}) that
 * trusts the management account and has {@code AdministratorAccess}, through which the management account's
 * principals reach it. The account, its role, its membership and the call's event commit together.
 *
 * <p>The answer is AWS's: the request {@code IN_PROGRESS}, to be followed with {@code DescribeCreateAccountStatus}.
 * Cairn has finished by then: the request has {@code SUCCEEDED}, or {@code FAILED} (with nothing created) when the
 * email address belongs to another account ({@code EMAIL_ALREADY_EXISTS}).
 */
public final class CreateAccount
        implements WriteOperation, OrganizationsOperation
{
    public static final String DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole";
    static final String ADMINISTRATOR_ACCESS = ManagedPolicies.ARN_PREFIX + "AdministratorAccess";

    private final IdGenerator ids;
    private final OrganizationIds organizationIds;

    public CreateAccount(IdGenerator ids, OrganizationIds organizationIds)
    {
        this.ids = requireNonNull(ids, "ids is null");
        this.organizationIds = requireNonNull(organizationIds, "organizationIds is null");
    }

    @Override
    public String name()
    {
        return "CreateAccount";
    }

    /** The trust policy of the role that gives the management account access to a member account. */
    static String trustPolicy(String managementAccountId)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + managementAccountId
                + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagement(organizations, call);
        String email = Organizations.text(call, "Email");
        String accountName = Organizations.text(call, "AccountName");
        String roleName = Organizations.optionalText(call, "RoleName").orElse(DEFAULT_ROLE_NAME);
        List<Tag> tags = Organizations.tags(call);
        Instant now = call.receivedAt();
        CreateAccountStatus requested = new CreateAccountStatus(organization.id(), organizationIds.createAccountRequestId(), accountName, CreateAccountStatus.IN_PROGRESS,
                now, Optional.empty(), Optional.empty(), Optional.empty());

        CreateAccountStatus outcome;
        if (organizations.emailTaken(email)) {
            outcome = new CreateAccountStatus(organization.id(), requested.id(), accountName, CreateAccountStatus.FAILED, now, Optional.of(now), Optional.empty(),
                    Optional.of("EMAIL_ALREADY_EXISTS"));
        }
        else {
            String accountId = createAccount(new IdentityRepository(metadata), now);
            RoleRepository roles = new RoleRepository(metadata);
            IamRole role = new IamRole(accountId, roleName, ids.roleId(), "/", trustPolicy(organization.managementAccountId()), IamRole.DEFAULT_MAX_SESSION_DURATION,
                    Optional.empty(), now, List.of());
            roles.createRole(role);
            roles.attachRolePolicy(accountId, roleName, ADMINISTRATOR_ACCESS);
            organizations.claimEmail(email, accountId);
            organizations.addAccount(new MemberAccount(organization.id(), accountId, Optional.of(email), Optional.of(accountName), MemberAccount.CREATED, now,
                    organization.rootId(), tags));
            outcome = new CreateAccountStatus(organization.id(), requested.id(), accountName, CreateAccountStatus.SUCCEEDED, now, Optional.of(now), Optional.of(accountId),
                    Optional.empty());
        }
        organizations.putCreateAccountStatus(outcome);
        ObjectNode output = Organizations.NODES.objectNode();
        output.set("CreateAccountStatus", Organizations.createAccountStatus(requested));
        return output;
    }

    /** A new account under an id no account has. */
    private String createAccount(IdentityRepository identities, Instant now)
            throws IOException
    {
        while (true) {
            String accountId = ids.accountId();
            if (identities.createAccount(new Account(accountId, now))) {
                return accountId;
            }
        }
    }
}
