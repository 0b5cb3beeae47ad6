package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.AccessKey;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.InlinePolicy;
import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.iam.policy.ManagedPolicy;
import dev.cairn.model.LookupResource;
import dev.cairn.model.PrincipalType;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What the IAM handlers share: finding users and groups, their ARNs, paging markers, output shapes.
 */
final class Iam
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String USER_TYPE = "AWS::IAM::User";
    static final String GROUP_TYPE = "AWS::IAM::Group";
    static final String ACCESS_KEY_TYPE = "AWS::IAM::AccessKey";
    static final String POLICY_TYPE = "AWS::IAM::Policy";
    static final int DEFAULT_MAX_ITEMS = 100;

    private Iam() {}

    static String text(CallContext call, String member)
    {
        return call.input().path(member).asText();
    }

    static Optional<String> optionalText(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asText()) : Optional.empty();
    }

    static IamUser requireUser(IdentityRepository identities, String accountId, String userName)
            throws IOException
    {
        return identities.user(accountId, userName)
                .orElseThrow(() -> new CairnException(ErrorCode.NO_SUCH_ENTITY, "The user with name " + userName + " cannot be found."));
    }

    /** The ARN of an account's user for authorization: with its path when it exists. */
    static String userArn(CallContext call, MetadataReader metadata, String userName)
            throws IOException
    {
        return new IdentityRepository(metadata).user(call.accountId(), userName)
                .map(IamUser::arn)
                .orElse(IamUser.arn(call.accountId(), "/", userName));
    }

    static IamGroup requireGroup(GroupRepository groups, String accountId, String groupName)
            throws IOException
    {
        return groups.group(accountId, groupName)
                .orElseThrow(() -> new CairnException(ErrorCode.NO_SUCH_ENTITY, "The group with name " + groupName + " cannot be found."));
    }

    /** The ARN of an account's group for authorization: with its path when it exists. */
    static String groupArn(CallContext call, MetadataReader metadata, String groupName)
            throws IOException
    {
        return new GroupRepository(metadata).group(call.accountId(), groupName)
                .map(IamGroup::arn)
                .orElse(IamGroup.arn(call.accountId(), "/", groupName));
    }

    /** The group a group-scoped call names ({@code GroupName}), as an ARN for authorization. */
    static List<String> groupResource(CallContext call, MetadataReader metadata)
            throws IOException
    {
        return List.of(groupArn(call, metadata, text(call, "GroupName")));
    }

    /**
     * The user a key or user-scoped call targets: the {@code UserName} member, else the caller (an IAM user acts on
     * itself; root on its own keys, returned as empty). A role session is no user: it must name one, as in IAM (its
     * "user name" is the session name its caller chose, which may well be a user's name, even of another account's
     * caller).
     */
    static Optional<String> targetUser(CallContext call)
    {
        if (!call.input().hasNonNull("UserName") && call.principal().type() == PrincipalType.ASSUMED_ROLE) {
            throw new CairnException(ErrorCode.VALIDATION, "Must specify userName when calling with non-User credentials");
        }
        return namedOrCallingUser(call);
    }

    /**
     * For event history, which must never fail: the user the call names, else the calling IAM user; empty for the root
     * user and for a role session.
     */
    static Optional<String> namedOrCallingUser(CallContext call)
    {
        Optional<String> named = optionalText(call, "UserName");
        if (named.isPresent()) {
            return named;
        }
        return switch (call.principal().type()) {
            case IAM_USER -> Optional.of(call.principal().userName());
            case ROOT, ASSUMED_ROLE -> Optional.empty();
        };
    }

    static List<String> targetUserResource(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Optional<String> user = targetUser(call);
        return List.of(user.isPresent() ? userArn(call, metadata, user.get()) : call.principal().arn());
    }

    static ObjectNode user(IamUser user)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Path", user.path());
        node.put("UserName", user.userName());
        node.put("UserId", user.userId());
        node.put("Arn", user.arn());
        node.put("CreateDate", epochSeconds(user.createDate()));
        return node;
    }

    static ObjectNode group(IamGroup group)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Path", group.path());
        node.put("GroupName", group.groupName());
        node.put("GroupId", group.groupId());
        node.put("Arn", group.arn());
        node.put("CreateDate", epochSeconds(group.createDate()));
        return node;
    }

    static ObjectNode accessKeyMetadata(AccessKey key)
    {
        ObjectNode node = NODES.objectNode();
        key.userName().ifPresent(name -> node.put("UserName", name));
        node.put("AccessKeyId", key.accessKeyId());
        node.put("Status", key.status());
        node.put("CreateDate", epochSeconds(key.createDate()));
        return node;
    }

    static long epochSeconds(Instant instant)
    {
        return instant.getEpochSecond();
    }

    static int maxItems(CallContext call)
    {
        return call.input().has("MaxItems") ? call.input().get("MaxItems").asInt() : DEFAULT_MAX_ITEMS;
    }

    /** Markers are opaque to clients: the last key of the previous page, encoded. */
    static Optional<String> marker(CallContext call)
    {
        Optional<String> marker = optionalText(call, "Marker");
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(marker.get()), StandardCharsets.UTF_8));
        }
        catch (IllegalArgumentException e) {
            throw new CairnException(ErrorCode.VALIDATION, "Invalid Marker.");
        }
    }

    /** For listings paged by position: the index to start at. */
    static int indexMarker(CallContext call)
    {
        Optional<String> marker = marker(call);
        try {
            return marker.map(Integer::parseInt).orElse(0);
        }
        catch (NumberFormatException e) {
            throw new CairnException(ErrorCode.VALIDATION, "Invalid Marker.");
        }
    }

    /**
     * The output of List{User,Group,Role}Policies: the inline policies' names, a page of them at the caller's
     * marker.
     */
    static ObjectNode inlinePolicyNames(CallContext call, List<InlinePolicy> policies)
    {
        int start = indexMarker(call);
        int end = Math.min(policies.size(), start + maxItems(call));
        ArrayNode names = NODES.arrayNode();
        for (InlinePolicy policy : policies.subList(Math.min(start, end), end)) {
            names.add(policy.policyName());
        }
        ObjectNode output = NODES.objectNode();
        output.set("PolicyNames", names);
        page(output, end < policies.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
        return output;
    }

    /**
     * The output of ListAttached{User,Group,Role}Policies: the attached managed policies under the call's
     * {@code PathPrefix}, a page of them at the caller's marker.
     */
    static ObjectNode attachedPolicies(CallContext call, List<String> policyArns)
    {
        String pathPrefix = optionalText(call, "PathPrefix").orElse("/");
        List<ManagedPolicy> attached = policyArns.stream()
                .flatMap(arn -> ManagedPolicies.byArn(arn).stream())
                .filter(policy -> policy.path().startsWith(pathPrefix))
                .toList();
        int start = indexMarker(call);
        int end = Math.min(attached.size(), start + maxItems(call));
        ArrayNode policies = NODES.arrayNode();
        for (ManagedPolicy policy : attached.subList(Math.min(start, end), end)) {
            ObjectNode node = policies.addObject();
            node.put("PolicyName", policy.name());
            node.put("PolicyArn", policy.arn());
        }
        ObjectNode output = NODES.objectNode();
        output.set("AttachedPolicies", policies);
        page(output, end < attached.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
        return output;
    }

    static void page(ObjectNode output, Optional<String> nextKey)
    {
        output.put("IsTruncated", nextKey.isPresent());
        nextKey.ifPresent(key -> output.put("Marker", Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8))));
    }

    static List<LookupResource> userResource(CallContext call)
    {
        return namedOrCallingUser(call).map(name -> List.of(new LookupResource(USER_TYPE, name))).orElse(List.of());
    }

    /** The group a group-scoped call names, for event history. */
    static LookupResource groupLookupResource(CallContext call)
    {
        return new LookupResource(GROUP_TYPE, text(call, "GroupName"));
    }
}
