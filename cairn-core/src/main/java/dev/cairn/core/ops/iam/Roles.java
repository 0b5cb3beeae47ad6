package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.Tag;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the role handlers share: finding roles, their ARNs, checking trust policies and tags, output shapes.
 *
 * <p>IAM returns a role's trust policy URL-encoded (RFC 3986) in {@code Role.AssumeRolePolicyDocument}, as it does
 * inline policies in {@code GetUserPolicy}; the AWS SDKs hand it over as sent, the AWS CLI decodes it.
 */
final class Roles
{
    static final String ROLE_TYPE = "AWS::IAM::Role";
    /** IAM's default quota on a trust policy's length ({@code ACLSizePerRole}), whitespace not counted. */
    static final int TRUST_POLICY_SIZE = 2_048;
    static final int TAGS_PER_ROLE = 50;

    private Roles() {}

    static String roleName(CallContext call)
    {
        return Iam.text(call, "RoleName");
    }

    static IamRole requireRole(RoleRepository roles, String accountId, String roleName)
            throws IOException
    {
        return roles.role(accountId, roleName)
                .orElseThrow(() -> new CairnException(ErrorCode.NO_SUCH_ENTITY, "The role with name " + roleName + " cannot be found."));
    }

    /** The ARN of the role a call names, for authorization: with its path when it exists. */
    static List<String> roleResource(CallContext call, MetadataReader metadata)
            throws IOException
    {
        String roleName = roleName(call);
        return List.of(new RoleRepository(metadata).role(call.accountId(), roleName)
                .map(IamRole::arn)
                .orElse(IamRole.arn(call.accountId(), "/", roleName)));
    }

    static List<LookupResource> lookupRole(CallContext call)
    {
        return List.of(new LookupResource(ROLE_TYPE, roleName(call)));
    }

    /** The role and the inline policy a call names. */
    static List<LookupResource> lookupRoleAndPolicy(CallContext call, String policyMember)
    {
        return List.of(new LookupResource(ROLE_TYPE, roleName(call)), new LookupResource(Iam.POLICY_TYPE, Iam.text(call, policyMember)));
    }

    /**
     * Checks a trust policy as IAM does: its grammar and content ({@link PolicyDocument#parseTrustPolicy}), then its
     * size.
     */
    static String requireValidTrustPolicy(String document)
    {
        PolicyDocument.parseTrustPolicy(document);
        if (PutUserPolicy.significantLength(document) > TRUST_POLICY_SIZE) {
            throw new CairnException(ErrorCode.LIMIT_EXCEEDED, "Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_SIZE);
        }
        return document;
    }

    /** The {@code Tags} member, whose keys must be unique regardless of case. */
    static List<Tag> tags(CallContext call)
    {
        List<Tag> tags = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (JsonNode node : call.input().path("Tags")) {
            Tag tag = new Tag(node.path("Key").asText(), node.path("Value").asText());
            if (!keys.add(tag.key().toLowerCase(Locale.ROOT))) {
                throw new CairnException(ErrorCode.INVALID_INPUT, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            tags.add(tag);
        }
        return tags;
    }

    /** What every role shape holds: ListRoles' members but {@code MaxSessionDuration}. */
    static ObjectNode roleSummary(IamRole role)
    {
        ObjectNode node = Iam.NODES.objectNode();
        node.put("Path", role.path());
        node.put("RoleName", role.roleName());
        node.put("RoleId", role.roleId());
        node.put("Arn", role.arn());
        node.put("CreateDate", Iam.epochSeconds(role.createDate()));
        node.put("AssumeRolePolicyDocument", GetUserPolicy.urlEncode(role.assumeRolePolicyDocument()));
        role.description().ifPresent(description -> node.put("Description", description));
        return node;
    }

    /** {@code GetRole}'s shape: everything, with an empty {@code RoleLastUsed} (Cairn does not track it yet). */
    static ObjectNode roleDetail(IamRole role)
    {
        ObjectNode node = roleSummary(role);
        node.put("MaxSessionDuration", role.maxSessionDuration());
        if (!role.tags().isEmpty()) {
            node.set("Tags", tags(role.tags()));
        }
        node.putObject("RoleLastUsed");
        return node;
    }

    static ArrayNode tags(List<Tag> tags)
    {
        ArrayNode array = Iam.NODES.arrayNode();
        for (Tag tag : tags) {
            array.addObject().put("Key", tag.key()).put("Value", tag.value());
        }
        return array;
    }
}
