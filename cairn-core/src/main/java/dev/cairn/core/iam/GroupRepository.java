package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
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
 * IAM groups, their members and their policies as metadata documents, laid out as {@link IdentityRepository} lays out
 * users.
 *
 * <p>Layout (kind / scope / key): {@code iam.group / account / lower(group)}; {@code iam.group-member / account /
 * group/lower(group)/lower(user)} and, the same membership indexed the other way, {@code iam.group-member / account /
 * user/lower(user)/lower(group)} (both written and deleted together, so that a group's members and a user's groups are
 * each one key range); {@code iam.group-policy / account / lower(group)/lower(policy)}; {@code iam.group-attached-policy
 * / account / lower(group)/policy arn}. Names are unique regardless of case but keep the case they were created with;
 * an IAM name cannot contain {@code /}, so each prefix ends exactly where the name does.
 *
 * <p>Listings return pages whose markers are name keys (lower case), to be given back as they are.
 */
public final class GroupRepository
{
    static final String GROUP = "iam.group";
    static final String GROUP_MEMBER = "iam.group-member";
    static final String GROUP_POLICY = "iam.group-policy";
    static final String GROUP_ATTACHED_POLICY = "iam.group-attached-policy";
    private static final String MEMBERS_OF = "group/";
    private static final String GROUPS_OF = "user/";
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public GroupRepository(MetadataReader reader)
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

    // groups

    public Optional<IamGroup> group(String accountId, String groupName)
            throws IOException
    {
        return decode(reader.get(GROUP, accountId, nameKey(groupName)), IamGroup.class);
    }

    /** Groups in name order, starting after the group whose name key is {@code marker}. */
    public IdentityRepository.Page<IamGroup> groups(String accountId, Optional<String> marker, int limit)
            throws IOException
    {
        List<Document> documents = reader.list(GROUP, accountId, "", marker.orElse(""), limit + 1);
        boolean more = documents.size() > limit;
        List<Document> page = more ? documents.subList(0, limit) : documents;
        return new IdentityRepository.Page<>(decodeAll(page, IamGroup.class), more ? Optional.of(page.get(page.size() - 1).key()) : Optional.empty());
    }

    public int groupCount(String accountId)
            throws IOException
    {
        return reader.count(GROUP, accountId, "");
    }

    /** Returns false when a group of that name (in any case) exists. */
    public boolean createGroup(IamGroup group)
            throws IOException
    {
        return writer().insert(GROUP, group.accountId(), nameKey(group.groupName()), encode(group));
    }

    /** Deletes the group alone: callers first check that it has no members and no policies. */
    public void deleteGroup(IamGroup group)
            throws IOException
    {
        writer().delete(GROUP, group.accountId(), nameKey(group.groupName()));
    }

    /**
     * Replaces {@code group} with {@code updated} (a new path, a new name, or both). A new name moves the group's
     * memberships and policies with it. Returns false, changing nothing, when another group has the new name.
     */
    public boolean updateGroup(IamGroup group, IamGroup updated)
            throws IOException
    {
        String accountId = group.accountId();
        String oldKey = nameKey(group.groupName());
        String newKey = nameKey(updated.groupName());
        if (oldKey.equals(newKey)) {
            writer().put(GROUP, accountId, newKey, encode(updated));
            return true;
        }
        if (!writer().insert(GROUP, accountId, newKey, encode(updated))) {
            return false;
        }
        writer().delete(GROUP, accountId, oldKey);
        for (String member : allKeys(MEMBERS_OF + oldKey + "/", accountId)) {
            writer().delete(GROUP_MEMBER, accountId, MEMBERS_OF + oldKey + "/" + member);
            writer().delete(GROUP_MEMBER, accountId, GROUPS_OF + member + "/" + oldKey);
            writer().put(GROUP_MEMBER, accountId, MEMBERS_OF + newKey + "/" + member, EMPTY);
            writer().put(GROUP_MEMBER, accountId, GROUPS_OF + member + "/" + newKey, EMPTY);
        }
        for (String kind : List.of(GROUP_POLICY, GROUP_ATTACHED_POLICY)) {
            for (Document document : reader.list(kind, accountId, oldKey + "/", "", Integer.MAX_VALUE)) {
                writer().delete(kind, accountId, document.key());
                writer().put(kind, accountId, newKey + "/" + document.key().substring(oldKey.length() + 1), document.value());
            }
        }
        return true;
    }

    // members

    /** Returns false when the user already is a member. */
    public boolean addMember(String accountId, String groupName, String userName)
            throws IOException
    {
        String group = nameKey(groupName);
        String user = nameKey(userName);
        writer().put(GROUP_MEMBER, accountId, GROUPS_OF + user + "/" + group, EMPTY);
        return writer().insert(GROUP_MEMBER, accountId, MEMBERS_OF + group + "/" + user, EMPTY);
    }

    /** Returns false when the user was not a member. */
    public boolean removeMember(String accountId, String groupName, String userName)
            throws IOException
    {
        String group = nameKey(groupName);
        String user = nameKey(userName);
        writer().delete(GROUP_MEMBER, accountId, GROUPS_OF + user + "/" + group);
        return writer().delete(GROUP_MEMBER, accountId, MEMBERS_OF + group + "/" + user);
    }

    public boolean isMember(String accountId, String groupName, String userName)
            throws IOException
    {
        return reader.get(GROUP_MEMBER, accountId, MEMBERS_OF + nameKey(groupName) + "/" + nameKey(userName)).isPresent();
    }

    /** The name keys (lower case) of the group's members, in order, starting after {@code marker}. */
    public IdentityRepository.Page<String> members(String accountId, String groupName, Optional<String> marker, int limit)
            throws IOException
    {
        return keyPage(MEMBERS_OF + nameKey(groupName) + "/", accountId, marker, limit);
    }

    public int memberCount(String accountId, String groupName)
            throws IOException
    {
        return reader.count(GROUP_MEMBER, accountId, MEMBERS_OF + nameKey(groupName) + "/");
    }

    /** The name keys (lower case) of the user's groups, in order, starting after {@code marker}. */
    public IdentityRepository.Page<String> groupsOf(String accountId, String userName, Optional<String> marker, int limit)
            throws IOException
    {
        return keyPage(GROUPS_OF + nameKey(userName) + "/", accountId, marker, limit);
    }

    /** The name keys (lower case) of all the user's groups, in order. */
    public List<String> allGroupsOf(String accountId, String userName)
            throws IOException
    {
        return allKeys(GROUPS_OF + nameKey(userName) + "/", accountId);
    }

    public int groupCountOf(String accountId, String userName)
            throws IOException
    {
        return reader.count(GROUP_MEMBER, accountId, GROUPS_OF + nameKey(userName) + "/");
    }

    private List<String> allKeys(String prefix, String accountId)
            throws IOException
    {
        return reader.list(GROUP_MEMBER, accountId, prefix, "", Integer.MAX_VALUE).stream()
                .map(document -> document.key().substring(prefix.length()))
                .toList();
    }

    private IdentityRepository.Page<String> keyPage(String prefix, String accountId, Optional<String> marker, int limit)
            throws IOException
    {
        List<Document> documents = reader.list(GROUP_MEMBER, accountId, prefix, marker.map(key -> prefix + key).orElse(""), limit + 1);
        boolean more = documents.size() > limit;
        List<String> keys = (more ? documents.subList(0, limit) : documents).stream()
                .map(document -> document.key().substring(prefix.length()))
                .toList();
        return new IdentityRepository.Page<>(keys, more ? Optional.of(keys.get(keys.size() - 1)) : Optional.empty());
    }

    // inline policies

    public Optional<InlinePolicy> groupPolicy(String accountId, String groupName, String policyName)
            throws IOException
    {
        return policies().inline(accountId, groupName, policyName);
    }

    public List<InlinePolicy> groupPolicies(String accountId, String groupName)
            throws IOException
    {
        return policies().inline(accountId, groupName);
    }

    public void putGroupPolicy(String accountId, String groupName, InlinePolicy policy)
            throws IOException
    {
        policies().putInline(accountId, groupName, policy);
    }

    public boolean deleteGroupPolicy(String accountId, String groupName, String policyName)
            throws IOException
    {
        return policies().deleteInline(accountId, groupName, policyName);
    }

    // attached managed policies

    public List<String> attachedPolicyArns(String accountId, String groupName)
            throws IOException
    {
        return policies().attachedArns(accountId, groupName);
    }

    /** Returns false when already attached. */
    public boolean attachPolicy(String accountId, String groupName, String policyArn)
            throws IOException
    {
        return policies().attach(accountId, groupName, policyArn);
    }

    public boolean detachPolicy(String accountId, String groupName, String policyArn)
            throws IOException
    {
        return policies().detach(accountId, groupName, policyArn);
    }

    /** How many groups of the account have the policy attached. */
    public int attachmentCount(String accountId, String policyArn)
            throws IOException
    {
        return policies().attachmentCount(accountId, policyArn);
    }

    private OwnedPolicies policies()
    {
        return new OwnedPolicies(reader, GROUP_POLICY, GROUP_ATTACHED_POLICY);
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
