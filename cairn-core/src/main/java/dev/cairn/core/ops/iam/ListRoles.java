package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lists roles in name order, filtered by path. As in IAM, listed roles carry no {@code Tags}, {@code RoleLastUsed}
 * or {@code PermissionsBoundary}: {@code GetRole} has them.
 */
public final class ListRoles
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
        return "ListRoles";
    }

    /** IAM authorizes listings against the path they list: {@code arn:aws:iam::<account>:role<path prefix>}. */
    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of("arn:aws:iam::" + call.accountId() + ":role" + Iam.optionalText(call, "PathPrefix").orElse("/"));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        RoleRepository roles = new RoleRepository(metadata);
        String pathPrefix = Iam.optionalText(call, "PathPrefix").orElse("/");
        int maxItems = Iam.maxItems(call);
        ArrayNode listed = Iam.NODES.arrayNode();
        Optional<String> cursor = Iam.marker(call);
        Optional<String> next = Optional.empty();
        // filter by path while paging through the account's roles in name order
        while (listed.size() < maxItems) {
            IdentityRepository.Page<IamRole> page = roles.roles(call.accountId(), cursor, maxItems);
            for (int i = 0; i < page.items().size(); i++) {
                IamRole role = page.items().get(i);
                if (role.path().startsWith(pathPrefix)) {
                    listed.add(Roles.roleSummary(role).put("MaxSessionDuration", role.maxSessionDuration()));
                    if (listed.size() == maxItems) {
                        boolean moreInPage = i < page.items().size() - 1 || page.nextMarker().isPresent();
                        next = moreInPage ? Optional.of(role.roleName().toLowerCase(Locale.ROOT)) : Optional.empty();
                        break;
                    }
                }
            }
            if (listed.size() == maxItems || page.nextMarker().isEmpty()) {
                break;
            }
            cursor = page.nextMarker();
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Roles", listed);
        Iam.page(output, next);
        return output;
    }
}
