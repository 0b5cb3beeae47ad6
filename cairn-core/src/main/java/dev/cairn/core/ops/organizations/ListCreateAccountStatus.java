package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.organizations.CreateAccountStatus;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The organization's account creation requests, in request id order, of the given {@code States} (all without).
 */
public final class ListCreateAccountStatus
        implements ReadOperation, OrganizationsOperation
{
    @Override
    public String name()
    {
        return "ListCreateAccountStatus";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        OrganizationRepository organizations = new OrganizationRepository(metadata);
        Organization organization = Organizations.requireManagementOrDelegatedAdministrator(organizations, call);
        Set<String> states = new HashSet<>();
        for (JsonNode state : call.input().path("States")) {
            states.add(state.asText());
        }
        List<CreateAccountStatus> matching = new ArrayList<>();
        for (CreateAccountStatus status : organizations.createAccountStatuses(organization.id())) {
            if (states.isEmpty() || states.contains(status.state())) {
                matching.add(status);
            }
        }
        ObjectNode output = Organizations.NODES.objectNode();
        ArrayNode statuses = output.putArray("CreateAccountStatuses");
        Organizations.pageOf(call, matching, CreateAccountStatus::id, output).forEach(status -> statuses.add(Organizations.createAccountStatus(status)));
        return output;
    }
}
