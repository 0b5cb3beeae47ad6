package dev.cairn.core.organizations;

import dev.cairn.core.iam.InMemoryMetadata;
import dev.cairn.core.iam.Tag;
import dev.cairn.core.organizations.OrganizationRepository.ChildType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestOrganizationRepository
{
    private static final String MANAGEMENT = "111122223333";
    private static final String MEMBER = "444455556666";
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final InMemoryMetadata metadata = new InMemoryMetadata();
    private final OrganizationRepository organizations = new OrganizationRepository(metadata);
    private final OrganizationIds ids = new OrganizationIds();

    private Organization organization()
    {
        return new Organization("o-abcdefghij", MANAGEMENT, "r-ab12", Organization.ALL_FEATURES, NOW);
    }

    private static MemberAccount member(Organization organization, String accountId, String parentId)
    {
        return new MemberAccount(organization.id(), accountId, Optional.of(accountId + "@example.com"), Optional.of("n" + accountId), MemberAccount.CREATED, NOW, parentId,
                List.of(new Tag("team", "a")));
    }

    private MemberAccount management(Organization organization)
    {
        return new MemberAccount(organization.id(), MANAGEMENT, Optional.empty(), Optional.empty(), MemberAccount.INVITED, NOW, organization.rootId(), List.of());
    }

    @Test
    public void idsAndArnsAreAwsShaped()
    {
        assertThat(ids.organizationId()).matches("o-[a-z0-9]{10}");
        String root = ids.rootId();
        assertThat(root).matches("r-[a-z0-9]{4}");
        assertThat(ids.organizationalUnitId(root)).matches("ou-" + root.substring(2) + "-[a-z0-9]{8}");
        assertThat(ids.createAccountRequestId()).matches("car-[0-9a-f]{32}");
        Organization organization = organization();
        assertThat(organization.arn()).isEqualTo("arn:aws:organizations::111122223333:organization/o-abcdefghij");
        assertThat(organization.accountArn(MEMBER)).isEqualTo("arn:aws:organizations::111122223333:account/o-abcdefghij/444455556666");
        assertThat(organization.rootArn()).isEqualTo("arn:aws:organizations::111122223333:root/o-abcdefghij/r-ab12");
        assertThat(organization.organizationalUnitArn("ou-ab12-abcdefgh")).isEqualTo("arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-abcdefgh");
    }

    @Test
    public void anAccountBelongsToOneOrganizationAtMost()
            throws Exception
    {
        Organization organization = organization();
        assertThat(organizations.createOrganization(organization, management(organization))).isTrue();
        assertThat(organizations.organizationOf(MANAGEMENT)).contains(organization);
        Organization other = new Organization("o-zyxwvutsrq", MANAGEMENT, "r-zz99", Organization.ALL_FEATURES, NOW);
        assertThat(organizations.createOrganization(other, management(other))).isFalse();
        assertThat(organizations.organization(other.id())).isEmpty();

        assertThat(organizations.addAccount(member(organization, MEMBER, organization.rootId()))).isTrue();
        assertThat(organizations.organizationOf(MEMBER)).contains(organization);
        assertThat(organizations.addAccount(member(other, MEMBER, other.rootId()))).isFalse();
        assertThat(organizations.accountCount(organization.id())).isEqualTo(2);
        assertThat(metadata.text("organizations.organization-of-account", "", MEMBER)).contains(organization.id());
    }

    @Test
    public void childrenArePagedByIdAndFollowMoves()
            throws Exception
    {
        Organization organization = organization();
        organizations.createOrganization(organization, management(organization));
        OrganizationalUnit unit = new OrganizationalUnit(organization.id(), "ou-ab12-aaaaaaaa", "Security", organization.rootId(), organization.rootPath() + "ou-ab12-aaaaaaaa/",
                NOW, List.of());
        assertThat(organizations.createOrganizationalUnit(unit)).isTrue();
        assertThat(unit.depth()).isEqualTo(1);
        for (String account : List.of("100000000001", "100000000002", "100000000003")) {
            organizations.addAccount(member(organization, account, organization.rootId()));
        }
        var first = organizations.children(organization.id(), organization.rootId(), ChildType.ACCOUNT, Optional.empty(), 2);
        assertThat(first.items()).containsExactly("100000000001", "100000000002");
        var second = organizations.children(organization.id(), organization.rootId(), ChildType.ACCOUNT, first.nextMarker(), 2);
        assertThat(second.items()).containsExactly("100000000003", MANAGEMENT);
        assertThat(second.nextMarker()).isEmpty();
        assertThat(organizations.children(organization.id(), organization.rootId(), ChildType.ORGANIZATIONAL_UNIT, Optional.empty(), 10).items()).containsExactly(unit.id());

        MemberAccount moved = organizations.moveAccount(organizations.account(organization.id(), "100000000002").orElseThrow(), unit.id());
        assertThat(moved.parentId()).isEqualTo(unit.id());
        assertThat(organizations.account(organization.id(), "100000000002")).contains(moved);
        assertThat(organizations.children(organization.id(), unit.id(), ChildType.ACCOUNT, Optional.empty(), 10).items()).containsExactly("100000000002");
        assertThat(organizations.hasChildren(organization.id(), unit.id())).isTrue();
        organizations.removeAccount(moved);
        assertThat(organizations.hasChildren(organization.id(), unit.id())).isFalse();
        assertThat(organizations.organizationOf("100000000002")).isEmpty();
    }

    @Test
    public void deletingAnOrganizationLeavesNothingOfIt()
            throws Exception
    {
        Organization organization = organization();
        organizations.createOrganization(organization, management(organization));
        organizations.createOrganizationalUnit(new OrganizationalUnit(organization.id(), "ou-ab12-aaaaaaaa", "Security", organization.rootId(),
                organization.rootPath() + "ou-ab12-aaaaaaaa/", NOW, List.of()));
        organizations.putCreateAccountStatus(new CreateAccountStatus(organization.id(), "car-0123", "x", CreateAccountStatus.FAILED, NOW, Optional.of(NOW), Optional.empty(),
                Optional.of("EMAIL_ALREADY_EXISTS")));
        organizations.enableService(organization.id(), new EnabledService("cloudtrail.amazonaws.com", NOW));
        organizations.registerDelegatedAdministrator(organization.id(), new DelegatedAdministrator(MEMBER, "cloudtrail.amazonaws.com", NOW));
        assertThat(organizations.claimEmail("Audit@Example.com", MEMBER)).isTrue();

        organizations.deleteOrganization(organization);
        assertThat(organizations.organization(organization.id())).isEmpty();
        assertThat(organizations.organizationOf(MANAGEMENT)).isEmpty();
        for (String kind : List.of(OrganizationRepository.ACCOUNT, OrganizationRepository.CHILD, OrganizationRepository.ORGANIZATIONAL_UNIT,
                OrganizationRepository.CREATE_ACCOUNT_STATUS, OrganizationRepository.SERVICE_ACCESS, OrganizationRepository.DELEGATED_ADMINISTRATOR)) {
            assertThat(metadata.count(kind, organization.id(), "")).as(kind).isZero();
        }
        // an address stays its account's, in any case
        assertThat(organizations.emailTaken("audit@example.COM")).isTrue();
        assertThat(organizations.claimEmail("audit@example.com", "777788889999")).isFalse();
    }
}
