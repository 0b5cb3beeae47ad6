package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.DelegatedAdministrator;
import dev.cairn.core.organizations.MemberAccount;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delegated administrators, each account once, in account id order: for one service (its
 * {@code DelegationEnabledDate} that service's) or for any (the account's first delegation).
 */
public final class ListDelegatedAdministrators
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListDelegatedAdministrators";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        Optional<String> principal = Organizations.optionalText(call, "ServicePrincipal");
        if (principal.isPresent()) {
            Organizations.requireServicePrincipal(call);
        }
        Map<String, DelegatedAdministrator> first = new LinkedHashMap<>();
        for (DelegatedAdministrator delegation : organizations.delegatedAdministrators(organization.id())) {
            if (principal.isEmpty() || principal.get().equals(delegation.servicePrincipal())) {
                first.merge(delegation.accountId(), delegation, (kept, other) -> other.delegationEnabledDate().isBefore(kept.delegationEnabledDate()) ? other : kept);
            }
        }
        ObjectNode output = Organizations.NODES.objectNode();
        ArrayNode administrators = output.putArray("DelegatedAdministrators");
        for (DelegatedAdministrator delegation : Organizations.pageOf(call, new ArrayList<>(first.values()), DelegatedAdministrator::accountId, output)) {
            Optional<MemberAccount> account = organizations.account(organization.id(), delegation.accountId());
            if (account.isEmpty()) {
                continue;
            }
            ObjectNode node = Organizations.account(organization, account.get());
            node.put("DelegationEnabledDate", Organizations.epochSeconds(delegation.delegationEnabledDate()));
            administrators.add(node);
        }
        return output;
    }
}
