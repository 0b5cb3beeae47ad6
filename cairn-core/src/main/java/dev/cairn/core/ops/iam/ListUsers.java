package dev.cairn.core.ops.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

public final class ListUsers
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
        return "ListUsers";
    }

    /** IAM authorizes listings against the path they list: {@code arn:aws:iam::<account>:user<path prefix>}. */
    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        return List.of("arn:aws:iam::" + call.accountId() + ":user" + Iam.optionalText(call, "PathPrefix").orElse("/"));
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        IdentityRepository identities = new IdentityRepository(metadata);
        String pathPrefix = Iam.optionalText(call, "PathPrefix").orElse("/");
        int maxItems = Iam.maxItems(call);
        ArrayNode users = Iam.NODES.arrayNode();
        Optional<String> cursor = Iam.marker(call);
        Optional<String> next = Optional.empty();
        // filter by path while paging through the account's users in name order
        while (users.size() < maxItems) {
            IdentityRepository.Page<IamUser> page = identities.users(call.accountId(), cursor, maxItems);
            for (int i = 0; i < page.items().size(); i++) {
                IamUser user = page.items().get(i);
                if (user.path().startsWith(pathPrefix)) {
                    users.add(Iam.user(user));
                    if (users.size() == maxItems) {
                        boolean moreInPage = i < page.items().size() - 1 || page.nextMarker().isPresent();
                        next = moreInPage ? Optional.of(user.userName().toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
                        break;
                    }
                }
            }
            if (users.size() == maxItems || page.nextMarker().isEmpty()) {
                break;
            }
            cursor = page.nextMarker();
        }
        ObjectNode output = Iam.NODES.objectNode();
        output.set("Users", users);
        Iam.page(output, next);
        return output;
    }
}
