package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.GroupRepository;
import dev.cairn.core.iam.IamGroup;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class ListGroups
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
        return "ListGroups";
    }

    /** IAM authorizes listings against the path they list: {@code arn:aws:iam::<account>:group<path prefix>}. */
    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of("arn:aws:iam::" + call.accountId() + ":group" + Iam.optionalText(call, "PathPrefix").orElse("/"));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        GroupRepository repository = new GroupRepository(metadata);
        String pathPrefix = Iam.optionalText(call, "PathPrefix").orElse("/");
        int maxItems = Iam.maxItems(call);
        ArrayNode groups = Iam.NODES.arrayNode();
        Optional<String> cursor = Iam.marker(call);
        Optional<String> next = Optional.empty();
        // filter by path while paging through the account's groups in name order
        while (groups.size() < maxItems) {
            IdentityRepository.Page<IamGroup> page = repository.groups(call.accountId(), cursor, maxItems);
            for (int i = 0; i < page.items().size(); i++) {
                IamGroup group = page.items().get(i);
                if (group.path().startsWith(pathPrefix)) {
                    groups.add(Iam.group(group));
                    if (groups.size() == maxItems) {
                        boolean moreInPage = i < page.items().size() - 1 || page.nextMarker().isPresent();
                        next = moreInPage ? Optional.of(group.groupName().toLowerCase(Locale.ROOT)) : Optional.empty();
                        break;
                    }
                }
            }
            if (groups.size() == maxItems || page.nextMarker().isEmpty()) {
                break;
            }
            cursor = page.nextMarker();
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Groups", groups);
        Iam.page(output, next);
        return output;
    }
}
