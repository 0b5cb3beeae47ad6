package dev.cairn.core.organizations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.core.iam.IdentityRepository.Page;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Organizations, their accounts, OUs, account creation requests, trusted services and delegated administrators as
 * metadata documents.
 *
 * <p>Layout (kind / scope / key): {@code organizations.organization / "" / o-id}; {@code
 * organizations.organization-of-account / "" / account id} (global: the organization an account belongs to, which
 * makes an account a member of at most one); {@code organizations.account / o-id / account id} (the membership);
 * {@code organizations.child / o-id / parent id/account/account id} and {@code parent id/ou/ou id} (what a root or
 * OU holds); {@code organizations.ou / o-id / ou id}; {@code organizations.create-account-status / o-id / car id};
 * {@code organizations.account-email / "" / lower(email)} (global: the account an email address belongs to; it stays
 * taken when the account leaves its organization, as an AWS account keeps its email);
 * {@code organizations.service-access / o-id / service principal}; {@code organizations.delegated-administrator /
 * o-id / account id/service principal}. Everything scoped by the organization goes with it.
 */
public final class OrganizationRepository
{
    static final String ORGANIZATION = "organizations.organization";
    static final String ORGANIZATION_OF_ACCOUNT = "organizations.organization-of-account";
    static final String ACCOUNT = "organizations.account";
    static final String CHILD = "organizations.child";
    static final String ORGANIZATIONAL_UNIT = "organizations.ou";
    static final String CREATE_ACCOUNT_STATUS = "organizations.create-account-status";
    static final String ACCOUNT_EMAIL = "organizations.account-email";
    static final String SERVICE_ACCESS = "organizations.service-access";
    static final String DELEGATED_ADMINISTRATOR = "organizations.delegated-administrator";
    private static final String ACCOUNT_CHILD = "/account/";
    private static final String OU_CHILD = "/ou/";
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
    /** Kinds scoped by the organization's id, deleted with it. */
    private static final List<String> ORGANIZATION_SCOPED = List.of(CHILD, ORGANIZATIONAL_UNIT, CREATE_ACCOUNT_STATUS, SERVICE_ACCESS, DELEGATED_ADMINISTRATOR);

    /** What a root or OU holds. */
    public enum ChildType
    {
        ACCOUNT, ORGANIZATIONAL_UNIT
    }

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public OrganizationRepository(MetadataReader reader)
    {
        this.reader = requireNonNull(reader, "reader is null");
    }

    private MetadataWriter writer()
    {
        if (!(reader instanceof MetadataWriter writer)) {
            throw new IllegalStateException("read-only access");
        }
        return writer;
    }

    // organizations

    public Optional<Organization> organization(String organizationId)
            throws IOException
    {
        return decode(reader.get(ORGANIZATION, "", organizationId), Organization.class);
    }

    /** The organization the account is a member (or the management account) of. */
    public Optional<Organization> organizationOf(String accountId)
            throws IOException
    {
        Optional<byte[]> organizationId = reader.get(ORGANIZATION_OF_ACCOUNT, "", accountId);
        if (organizationId.isEmpty()) {
            return Optional.empty();
        }
        return organization(new String(organizationId.get(), StandardCharsets.UTF_8));
    }

    /**
     * Creates the organization with its management account as its first member; false (and nothing changed) when that
     * account already belongs to an organization.
     */
    public boolean createOrganization(Organization organization, MemberAccount management)
            throws IOException
    {
        if (!management.accountId().equals(organization.managementAccountId()) || !management.organizationId().equals(organization.id())) {
            throw new IllegalArgumentException("the management account's membership must be of this organization");
        }
        if (!addAccount(management)) {
            return false;
        }
        if (!writer().insert(ORGANIZATION, "", organization.id(), encode(organization))) {
            // a random id drawn twice (10 characters of 36): fail the call, which rolls the membership back, rather
            // than attach the account to another organization
            throw new IllegalStateException("organization id " + organization.id() + " is taken");
        }
        return true;
    }

    /** Deletes the organization and everything it holds; its accounts belong to no organization afterwards. */
    public void deleteOrganization(Organization organization)
            throws IOException
    {
        for (Document document : writer().list(ACCOUNT, organization.id(), "", "", Integer.MAX_VALUE)) {
            writer().delete(ORGANIZATION_OF_ACCOUNT, "", document.key());
            writer().delete(ACCOUNT, organization.id(), document.key());
        }
        for (String kind : ORGANIZATION_SCOPED) {
            for (Document document : writer().list(kind, organization.id(), "", "", Integer.MAX_VALUE)) {
                writer().delete(kind, organization.id(), document.key());
            }
        }
        writer().delete(ORGANIZATION, "", organization.id());
    }

    // accounts

    public Optional<MemberAccount> account(String organizationId, String accountId)
            throws IOException
    {
        return decode(reader.get(ACCOUNT, organizationId, accountId), MemberAccount.class);
    }

    /** The organization's accounts in id order, starting after the account {@code afterAccountId}. */
    public Page<MemberAccount> accounts(String organizationId, Optional<String> afterAccountId, int limit)
            throws IOException
    {
        List<Document> documents = reader.list(ACCOUNT, organizationId, "", afterAccountId.orElse(""), limit + 1);
        boolean more = documents.size() > limit;
        List<Document> page = more ? documents.subList(0, limit) : documents;
        return new Page<>(decodeAll(page, MemberAccount.class), more ? Optional.of(page.get(page.size() - 1).key()) : Optional.empty());
    }

    /** Every member account's id, the management account's included. */
    public List<String> memberAccountIds(String organizationId)
            throws IOException
    {
        List<String> ids = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            Page<MemberAccount> page = accounts(organizationId, after, 1_000);
            page.items().forEach(account -> ids.add(account.accountId()));
            after = page.nextMarker();
        }
        while (after.isPresent());
        return ids;
    }

    public int accountCount(String organizationId)
            throws IOException
    {
        return reader.count(ACCOUNT, organizationId, "");
    }

    /** Adds the account to its organization, under its parent; false (and nothing changed) when it belongs to one. */
    public boolean addAccount(MemberAccount account)
            throws IOException
    {
        if (!writer().insert(ORGANIZATION_OF_ACCOUNT, "", account.accountId(), account.organizationId().getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        writer().put(ACCOUNT, account.organizationId(), account.accountId(), encode(account));
        writer().put(CHILD, account.organizationId(), account.parentId() + ACCOUNT_CHILD + account.accountId(), EMPTY);
        return true;
    }

    public MemberAccount moveAccount(MemberAccount account, String destinationParentId)
            throws IOException
    {
        MemberAccount moved = account.withParentId(destinationParentId);
        writer().delete(CHILD, account.organizationId(), account.parentId() + ACCOUNT_CHILD + account.accountId());
        writer().put(CHILD, account.organizationId(), destinationParentId + ACCOUNT_CHILD + account.accountId(), EMPTY);
        writer().put(ACCOUNT, account.organizationId(), account.accountId(), encode(moved));
        return moved;
    }

    /** The account leaves its organization (its delegations are the caller's to check first). */
    public void removeAccount(MemberAccount account)
            throws IOException
    {
        writer().delete(CHILD, account.organizationId(), account.parentId() + ACCOUNT_CHILD + account.accountId());
        writer().delete(ACCOUNT, account.organizationId(), account.accountId());
        writer().delete(ORGANIZATION_OF_ACCOUNT, "", account.accountId());
    }

    /** Claims an email address for an account; false when another account has it (in any case). */
    public boolean claimEmail(String email, String accountId)
            throws IOException
    {
        return writer().insert(ACCOUNT_EMAIL, "", email.toLowerCase(Locale.ROOT), accountId.getBytes(StandardCharsets.UTF_8));
    }

    public boolean emailTaken(String email)
            throws IOException
    {
        return reader.get(ACCOUNT_EMAIL, "", email.toLowerCase(Locale.ROOT)).isPresent();
    }

    // roots and OUs

    /** The ids of the accounts or OUs directly under a root or OU, in id order, starting after {@code afterId}. */
    public Page<String> children(String organizationId, String parentId, ChildType type, Optional<String> afterId, int limit)
            throws IOException
    {
        String prefix = parentId + (type == ChildType.ACCOUNT ? ACCOUNT_CHILD : OU_CHILD);
        List<Document> documents = reader.list(CHILD, organizationId, prefix, afterId.map(id -> prefix + id).orElse(prefix), limit + 1);
        boolean more = documents.size() > limit;
        List<Document> page = more ? documents.subList(0, limit) : documents;
        List<String> ids = page.stream().map(document -> document.key().substring(prefix.length())).toList();
        return new Page<>(ids, more ? Optional.of(ids.get(ids.size() - 1)) : Optional.empty());
    }

    /** Whether a root or OU holds any account or OU. */
    public boolean hasChildren(String organizationId, String parentId)
            throws IOException
    {
        return reader.count(CHILD, organizationId, parentId + "/") > 0;
    }

    public Optional<OrganizationalUnit> organizationalUnit(String organizationId, String organizationalUnitId)
            throws IOException
    {
        return decode(reader.get(ORGANIZATIONAL_UNIT, organizationId, organizationalUnitId), OrganizationalUnit.class);
    }

    public int organizationalUnitCount(String organizationId)
            throws IOException
    {
        return reader.count(ORGANIZATIONAL_UNIT, organizationId, "");
    }

    /** False (and nothing changed) when an OU with that id exists. */
    public boolean createOrganizationalUnit(OrganizationalUnit unit)
            throws IOException
    {
        if (!writer().insert(ORGANIZATIONAL_UNIT, unit.organizationId(), unit.id(), encode(unit))) {
            return false;
        }
        writer().put(CHILD, unit.organizationId(), unit.parentId() + OU_CHILD + unit.id(), EMPTY);
        return true;
    }

    /** Deletes an OU (which the caller made sure holds nothing). */
    public void deleteOrganizationalUnit(OrganizationalUnit unit)
            throws IOException
    {
        writer().delete(CHILD, unit.organizationId(), unit.parentId() + OU_CHILD + unit.id());
        writer().delete(ORGANIZATIONAL_UNIT, unit.organizationId(), unit.id());
    }

    // account creation

    public Optional<CreateAccountStatus> createAccountStatus(String organizationId, String requestId)
            throws IOException
    {
        return decode(reader.get(CREATE_ACCOUNT_STATUS, organizationId, requestId), CreateAccountStatus.class);
    }

    /** In request id order. */
    public List<CreateAccountStatus> createAccountStatuses(String organizationId)
            throws IOException
    {
        return decodeAll(reader.list(CREATE_ACCOUNT_STATUS, organizationId, "", "", Integer.MAX_VALUE), CreateAccountStatus.class);
    }

    public void putCreateAccountStatus(CreateAccountStatus status)
            throws IOException
    {
        writer().put(CREATE_ACCOUNT_STATUS, status.organizationId(), status.id(), encode(status));
    }

    // trusted access

    /** In service principal order. */
    public List<EnabledService> enabledServices(String organizationId)
            throws IOException
    {
        return decodeAll(reader.list(SERVICE_ACCESS, organizationId, "", "", Integer.MAX_VALUE), EnabledService.class);
    }

    public Optional<EnabledService> enabledService(String organizationId, String servicePrincipal)
            throws IOException
    {
        return decode(reader.get(SERVICE_ACCESS, organizationId, servicePrincipal), EnabledService.class);
    }

    /** False (and nothing changed) when the service already has access. */
    public boolean enableService(String organizationId, EnabledService service)
            throws IOException
    {
        return writer().insert(SERVICE_ACCESS, organizationId, service.servicePrincipal(), encode(service));
    }

    public boolean disableService(String organizationId, String servicePrincipal)
            throws IOException
    {
        return writer().delete(SERVICE_ACCESS, organizationId, servicePrincipal);
    }

    // delegated administrators

    /** Every delegation, in account id then service principal order. */
    public List<DelegatedAdministrator> delegatedAdministrators(String organizationId)
            throws IOException
    {
        return decodeAll(reader.list(DELEGATED_ADMINISTRATOR, organizationId, "", "", Integer.MAX_VALUE), DelegatedAdministrator.class);
    }

    /** The services the account is a delegated administrator for, in service principal order. */
    public List<DelegatedAdministrator> delegations(String organizationId, String accountId)
            throws IOException
    {
        return decodeAll(reader.list(DELEGATED_ADMINISTRATOR, organizationId, accountId + "/", "", Integer.MAX_VALUE), DelegatedAdministrator.class);
    }

    /** False (and nothing changed) when the account is already registered for that service. */
    /** Whether the account is a delegated administrator of the organization for the service. */
    public boolean isDelegatedAdministrator(String organizationId, String accountId, String servicePrincipal)
            throws IOException
    {
        return delegations(organizationId, accountId).stream().anyMatch(delegation -> delegation.servicePrincipal().equals(servicePrincipal));
    }

    public boolean registerDelegatedAdministrator(String organizationId, DelegatedAdministrator delegation)
            throws IOException
    {
        return writer().insert(DELEGATED_ADMINISTRATOR, organizationId, delegation.accountId() + "/" + delegation.servicePrincipal(), encode(delegation));
    }

    public boolean deregisterDelegatedAdministrator(String organizationId, String accountId, String servicePrincipal)
            throws IOException
    {
        return writer().delete(DELEGATED_ADMINISTRATOR, organizationId, accountId + "/" + servicePrincipal);
    }

    private byte[] encode(Object value)
            throws IOException
    {
        return mapper.writeValueAsBytes(value);
    }

    private <T> Optional<T> decode(Optional<byte[]> bytes, Class<T> type)
            throws IOException
    {
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), type));
    }

    private <T> List<T> decodeAll(List<Document> documents, Class<T> type)
            throws IOException
    {
        List<T> values = new ArrayList<>(documents.size());
        for (Document document : documents) {
            values.add(mapper.readValue(document.value(), type));
        }
        return values;
    }
}
