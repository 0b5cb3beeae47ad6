package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.policy.ManagedPolicies;
import dev.cairn.core.iam.policy.ManagedPolicy;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the AWS managed policies Cairn knows. Cairn has no customer managed policies, so scope {@code Local} is empty.
 */
public final class ListPolicies
        implements ReadOperation
{
    @Override
    public Service service()
    {
        return Service.IAM;
    }

    @Override
    public String name()
    {
        return "ListPolicies";
    }

    /** IAM authorizes listings against the path they list: {@code arn:aws:iam::<account>:policy<path prefix>}. */
    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of("arn:aws:iam::" + call.accountId() + ":policy" + Iam.optionalText(call, "PathPrefix").orElse("/"));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        GroupRepository groups = new GroupRepository(metadata);
        RoleRepository roles = new RoleRepository(metadata);
        String scope = Iam.optionalText(call, "Scope").orElse("All");
        boolean onlyAttached = call.input().path("OnlyAttached").asBoolean(false);
        String pathPrefix = Iam.optionalText(call, "PathPrefix").orElse("/");
        List<ObjectNode> matching = new ArrayList<>();
        if (!scope.equals("Local")) {
            for (ManagedPolicy policy : ManagedPolicies.all()) {
                int attachments = identities.attachmentCount(call.accountId(), policy.arn()) + groups.attachmentCount(call.accountId(), policy.arn())
                        + roles.attachmentCount(call.accountId(), policy.arn());
                if (!policy.path().startsWith(pathPrefix) || (onlyAttached && attachments == 0)) {
                    continue;
                }
                ObjectNode node = Iam.NODES.objectNode();
                node.put("PolicyName", policy.name());
                node.put("PolicyId", policy.policyId());
                node.put("Arn", policy.arn());
                node.put("Path", policy.path());
                node.put("DefaultVersionId", policy.defaultVersionId());
                node.put("AttachmentCount", attachments);
                node.put("PermissionsBoundaryUsageCount", 0);
                node.put("IsAttachable", true);
                node.put("CreateDate", Iam.epochSeconds(policy.createDate()));
                node.put("UpdateDate", Iam.epochSeconds(policy.updateDate()));
                matching.add(node);
            }
        }
        int start = Iam.indexMarker(call);
        int end = Math.min(matching.size(), start + Iam.maxItems(call));
        ArrayNode policies = Iam.NODES.arrayNode();
        policies.addAll(matching.subList(Math.min(start, end), end));
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Policies", policies);
        Iam.page(output, end < matching.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
        return output;
    }
}
