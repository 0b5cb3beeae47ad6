package dev.cairn.core.ops.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.Tag;
import dev.cairn.core.organizations.CreateAccountStatus;
import dev.cairn.core.organizations.MemberAccount;
import dev.cairn.core.organizations.Organization;
import dev.cairn.core.organizations.OrganizationRepository;
import dev.cairn.core.organizations.OrganizationalUnit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the Organizations handlers share: who may call what, lookups that fail with AWS's errors, output shapes and
 * paging.
 */
final class Organizations
{
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The model's most for every listing's {@code MaxResults}, and what a listing without one returns. */
    static final int MAX_RESULTS = 20;
    static final String ACTIVE = "ACTIVE";
    /** What AWS answers a member account calling an operation for the management account. */
    static final String ACCESS_DENIED_MESSAGE = "You don't have permissions to access this resource.";
    /**
     * Trusted access and delegated administration are for AWS services: Cairn recognizes their principals by form
     * ({@code <service>.amazonaws.com}) rather than by AWS's changing list of integrated services.
     */
    private static final Pattern SERVICE_PRINCIPAL = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.amazonaws\\.com");

    private Organizations() {}

    static String text(CallContext call, String member)
    {
        return call.input().path(member).asText();
    }

    static Optional<String> optionalText(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asText()) : Optional.empty();
    }

    /** The caller's organization, in which its account is the management account or a member. */
    static Organization requireOrganization(OrganizationRepository organizations, CallContext call)
            throws IOException
    {
        return organizations.organizationOf(call.accountId())
                .orElseThrow(() -> new CairnException(ErrorCode.AWS_ORGANIZATIONS_NOT_IN_USE, "Your account is not a member of an organization."));
    }

    /** The caller's organization, when the caller is in its management account. */
    static Organization requireManagement(OrganizationRepository organizations, CallContext call)
            throws IOException
    {
        Organization organization = requireOrganization(organizations, call);
        if (!organization.managementAccountId().equals(call.accountId())) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, ACCESS_DENIED_MESSAGE);
        }
        return organization;
    }

    /**
     * The caller's organization, when the caller is in its management account or in a member account that is a
     * delegated administrator for some service.
     */
    static Organization requireManagementOrDelegatedAdministrator(OrganizationRepository organizations, CallContext call)
            throws IOException
    {
        Organization organization = requireOrganization(organizations, call);
        if (!organization.managementAccountId().equals(call.accountId()) && organizations.delegations(organization.id(), call.accountId()).isEmpty()) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, ACCESS_DENIED_MESSAGE);
        }
        return organization;
    }

    static MemberAccount requireAccount(OrganizationRepository organizations, Organization organization, String accountId)
            throws IOException
    {
        return organizations.account(organization.id(), accountId)
                .orElseThrow(() -> new CairnException(ErrorCode.ACCOUNT_NOT_FOUND, "You specified an account that doesn't exist."));
    }

    /** Whether the id names the organization's root or one of its OUs. */
    static boolean parentExists(OrganizationRepository organizations, Organization organization, String parentId)
            throws IOException
    {
        return parentId.equals(organization.rootId()) || organizations.organizationalUnit(organization.id(), parentId).isPresent();
    }

    static void requireParent(OrganizationRepository organizations, Organization organization, String parentId)
            throws IOException
    {
        if (!parentExists(organizations, organization, parentId)) {
            throw new CairnException(ErrorCode.PARENT_NOT_FOUND, "You specified a parent that doesn't exist.");
        }
    }

    static OrganizationalUnit requireOrganizationalUnit(OrganizationRepository organizations, Organization organization, String organizationalUnitId)
            throws IOException
    {
        return organizations.organizationalUnit(organization.id(), organizationalUnitId)
                .orElseThrow(() -> new CairnException(ErrorCode.ORGANIZATIONAL_UNIT_NOT_FOUND, "You specified an organizational unit that doesn't exist."));
    }

    static String requireServicePrincipal(CallContext call)
    {
        String principal = text(call, "ServicePrincipal");
        if (!SERVICE_PRINCIPAL.matcher(principal).matches()) {
            throw invalidInput("UNRECOGNIZED_SERVICE_PRINCIPAL", "You specified an unrecognized service principal.");
        }
        return principal;
    }

    static CairnException invalidInput(String reason, String message)
    {
        return new CairnException(ErrorCode.ORGANIZATIONS_INVALID_INPUT, message, Map.of("Reason", reason));
    }

    static CairnException constraintViolation(String reason, String message)
    {
        return new CairnException(ErrorCode.ORGANIZATIONS_CONSTRAINT_VIOLATION, message, Map.of("Reason", reason));
    }

    /** The request's {@code Tags}; keys unique regardless of case. */
    static List<Tag> tags(CallContext call)
    {
        List<Tag> tags = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (JsonNode tag : call.input().path("Tags")) {
            String key = tag.path("Key").asText();
            if (!keys.add(key.toLowerCase(Locale.ROOT))) {
                throw invalidInput("DUPLICATE_TAG_KEY", "You provided duplicate tag keys: " + key + ".");
            }
            tags.add(new Tag(key, tag.path("Value").asText()));
        }
        return tags;
    }

    // output shapes

    static ObjectNode organization(Organization organization)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Id", organization.id());
        node.put("Arn", organization.arn());
        node.put("FeatureSet", organization.featureSet());
        node.put("MasterAccountArn", organization.accountArn(organization.managementAccountId()));
        node.put("MasterAccountId", organization.managementAccountId());
        // deprecated in the model; Cairn enforces no organization policies, so none is available
        node.putArray("AvailablePolicyTypes");
        return node;
    }

    static ObjectNode account(Organization organization, MemberAccount account)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Id", account.accountId());
        node.put("Arn", organization.accountArn(account.accountId()));
        account.email().ifPresent(email -> node.put("Email", email));
        account.name().ifPresent(name -> node.put("Name", name));
        node.put("Status", ACTIVE);
        node.put("State", ACTIVE);
        node.put("JoinedMethod", account.joinedMethod());
        node.put("JoinedTimestamp", epochSeconds(account.joinedTimestamp()));
        return node;
    }

    static ObjectNode root(Organization organization)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Id", organization.rootId());
        node.put("Arn", organization.rootArn());
        node.put("Name", Organization.ROOT_NAME);
        node.putArray("PolicyTypes");
        return node;
    }

    static ObjectNode organizationalUnit(Organization organization, OrganizationalUnit unit)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Id", unit.id());
        node.put("Arn", organization.organizationalUnitArn(unit.id()));
        node.put("Name", unit.name());
        node.put("Path", unit.path());
        return node;
    }

    static ObjectNode createAccountStatus(CreateAccountStatus status)
    {
        ObjectNode node = NODES.objectNode();
        node.put("Id", status.id());
        node.put("AccountName", status.accountName());
        node.put("State", status.state());
        node.put("RequestedTimestamp", epochSeconds(status.requestedTimestamp()));
        status.completedTimestamp().ifPresent(completed -> node.put("CompletedTimestamp", epochSeconds(completed)));
        status.accountId().ifPresent(accountId -> node.put("AccountId", accountId));
        status.failureReason().ifPresent(reason -> node.put("FailureReason", reason));
        return node;
    }

    static long epochSeconds(Instant instant)
    {
        return instant.getEpochSecond();
    }

    // paging

    static int maxResults(CallContext call)
    {
        return call.input().has("MaxResults") ? call.input().get("MaxResults").asInt() : MAX_RESULTS;
    }

    /** Tokens are opaque to clients: the key of the last item of the previous page, encoded. */
    static Optional<String> nextToken(CallContext call)
    {
        Optional<String> token = optionalText(call, "NextToken");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8));
        }
        catch (IllegalArgumentException e) {
            throw invalidInput("INVALID_NEXT_TOKEN", "You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.");
        }
    }

    static void page(ObjectNode output, Optional<String> lastKey)
    {
        lastKey.ifPresent(key -> output.put("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * One page of a listing held in memory, in key order: the items after the token's key, at most
     * {@code MaxResults} of them, and the token for the rest.
     */
    static <T> List<T> pageOf(CallContext call, List<T> sorted, Function<T, String> key, ObjectNode output)
    {
        Optional<String> after = nextToken(call);
        int limit = maxResults(call);
        List<T> page = new ArrayList<>();
        boolean more = false;
        for (T item : sorted) {
            if (after.isPresent() && key.apply(item).compareTo(after.get()) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(item);
        }
        page(output, more ? Optional.of(key.apply(page.get(page.size() - 1))) : Optional.empty());
        return page;
    }
}
