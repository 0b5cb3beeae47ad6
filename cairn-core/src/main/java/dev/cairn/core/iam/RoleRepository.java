package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * IAM roles, their inline policies and their attached managed policies as metadata documents.
 *
 * <p>Layout (kind / scope / key): {@code iam.role / account / lower(name)}; {@code iam.role-id / "" / role id}
 * (global: the account and name of the role with that id, for finding a role by the id its sessions carry);
 * {@code iam.role-policy / account / lower(role)/lower(policy)}; {@code iam.role-attached-policy / account /
 * lower(role)/policy arn}. Role names, like every IAM name, are unique regardless of case but keep the case they were
 * created with.
 */
public final class RoleRepository
{
    static final String ROLE = "iam.role";
    static final String ROLE_ID = "iam.role-id";
    static final String ROLE_POLICY = "iam.role-policy";
    static final String ROLE_ATTACHED_POLICY = "iam.role-attached-policy";

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public RoleRepository(MetadataReader reader)
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

    /** What the global id index holds: where the role with that id is. */
    private record RoleLocation(String accountId, String roleName)
    {
        RoleLocation
        {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(roleName, "roleName is null");
        }
    }

    // roles

    public Optional<IamRole> role(String accountId, String roleName)
            throws IOException
    {
        return decode(reader.get(ROLE, accountId, nameKey(roleName)), IamRole.class);
    }

    /** The role with this id ({@code AROA...}), in whichever account it is. */
    public Optional<IamRole> roleById(String roleId)
            throws IOException
    {
        Optional<RoleLocation> location = decode(reader.get(ROLE_ID, "", roleId), RoleLocation.class);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        // a role deleted and created again under the same name has another id
        return role(location.get().accountId(), location.get().roleName()).filter(role -> role.roleId().equals(roleId));
    }

    /** Roles in key order (lowercased names), starting after {@code marker}. */
    public IdentityRepository.Page<IamRole> roles(String accountId, Optional<String> marker, int limit)
            throws IOException
    {
        List<Document> documents = reader.list(ROLE, accountId, "", marker.orElse(""), limit + 1);
        boolean more = documents.size() > limit;
        List<Document> page = more ? documents.subList(0, limit) : documents;
        return new IdentityRepository.Page<>(decodeAll(page, IamRole.class), more ? Optional.of(page.get(page.size() - 1).key()) : Optional.empty());
    }

    public int roleCount(String accountId)
            throws IOException
    {
        return reader.count(ROLE, accountId, "");
    }

    /** Returns false (and changes nothing) when a role of that name, in any case, exists. */
    public boolean createRole(IamRole role)
            throws IOException
    {
        if (!writer().insert(ROLE, role.accountId(), nameKey(role.roleName()), encode(role))) {
            return false;
        }
        writer().put(ROLE_ID, "", role.roleId(), encode(new RoleLocation(role.accountId(), role.roleName())));
        return true;
    }

    /** Replaces a role's document (its name and id stay as they are). */
    public void putRole(IamRole role)
            throws IOException
    {
        writer().put(ROLE, role.accountId(), nameKey(role.roleName()), encode(role));
        writer().put(ROLE_ID, "", role.roleId(), encode(new RoleLocation(role.accountId(), role.roleName())));
    }

    /** Deletes the role and its id; its policies are the caller's to delete first, as IAM requires. */
    public void deleteRole(IamRole role)
            throws IOException
    {
        writer().delete(ROLE, role.accountId(), nameKey(role.roleName()));
        writer().delete(ROLE_ID, "", role.roleId());
    }

    // inline policies

    public Optional<InlinePolicy> rolePolicy(String accountId, String roleName, String policyName)
            throws IOException
    {
        return policies().inline(accountId, roleName, policyName);
    }

    /** In key order (lowercased names). */
    public List<InlinePolicy> rolePolicies(String accountId, String roleName)
            throws IOException
    {
        return policies().inline(accountId, roleName);
    }

    /** Adds or replaces the policy of that name (in any case). */
    public void putRolePolicy(String accountId, String roleName, InlinePolicy policy)
            throws IOException
    {
        policies().putInline(accountId, roleName, policy);
    }

    public boolean deleteRolePolicy(String accountId, String roleName, String policyName)
            throws IOException
    {
        return policies().deleteInline(accountId, roleName, policyName);
    }

    // attached managed policies

    /** In key order (ARNs). */
    public List<String> attachedRolePolicyArns(String accountId, String roleName)
            throws IOException
    {
        return policies().attachedArns(accountId, roleName);
    }

    /** Returns false when already attached. */
    public boolean attachRolePolicy(String accountId, String roleName, String policyArn)
            throws IOException
    {
        return policies().attach(accountId, roleName, policyArn);
    }

    public boolean detachRolePolicy(String accountId, String roleName, String policyArn)
            throws IOException
    {
        return policies().detach(accountId, roleName, policyArn);
    }

    /** How many roles of the account have the policy attached. */
    public int attachmentCount(String accountId, String policyArn)
            throws IOException
    {
        return policies().attachmentCount(accountId, policyArn);
    }

    private OwnedPolicies policies()
    {
        return new OwnedPolicies(reader, ROLE_POLICY, ROLE_ATTACHED_POLICY);
    }

    private static String nameKey(String name)
    {
        return name.toLowerCase(Locale.ROOT);
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
