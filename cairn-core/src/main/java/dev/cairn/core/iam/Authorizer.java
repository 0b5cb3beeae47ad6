package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import dev.cairn.model.Principal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a principal may perform an action on resources, as IAM does for identity-based policies:
 * an explicit deny wins, then an allow, else the default deny. The root user may do everything in its own account.
 */
public final class Authorizer
{
    private final IdentityService identities;

    public Authorizer(IdentityService identities)
    {
        this.identities = requireNonNull(identities, "identities is null");
    }

    /**
     * @throws CairnException {@code AccessDenied} with AWS's message when any resource is denied
     */
    public void authorize(CallContext call, String action, List<String> resources)
            throws IOException
    {
        Principal principal = call.principal();
        if (principal.isRoot()) {
            return;
        }
        List<PolicyDocument> policies = identities.policies(principal);
        Map<String, List<String>> context = context(call);
        for (String resource : resources) {
            Decision decision = PolicyEvaluator.evaluate(policies, new AuthorizationRequest(action, resource, context));
            if (decision != Decision.ALLOW) {
                String onResource = resource.equals("*") ? "" : " on resource: " + resource;
                String reason = decision == Decision.EXPLICIT_DENY
                        ? "with an explicit deny in an identity-based policy"
                        : "because no identity-based policy allows the " + action + " action";
                throw new CairnException(ErrorCode.ACCESS_DENIED,
                        "User: " + principal.arn() + " is not authorized to perform: " + action + onResource + " " + reason);
            }
        }
    }

    private static Map<String, List<String>> context(CallContext call)
    {
        Principal principal = call.principal();
        Instant now = call.receivedAt();
        Map<String, List<String>> context = new HashMap<>();
        context.put("aws:sourceip", List.of(call.sourceIpAddress()));
        context.put("aws:username", List.of(principal.userName()));
        context.put("aws:userid", List.of(principal.principalId()));
        context.put("aws:principalarn", List.of(principal.arn()));
        context.put("aws:principalaccount", List.of(principal.accountId()));
        context.put("aws:principaltype", List.of(principal.type().recordName()));
        context.put("aws:requestedregion", List.of(call.region()));
        context.put("aws:securetransport", List.of(Boolean.toString(call.tls().isPresent())));
        context.put("aws:currenttime", List.of(DateTimeFormatter.ISO_INSTANT.format(now)));
        context.put("aws:epochtime", List.of(Long.toString(now.getEpochSecond())));
        call.userAgent().ifPresent(agent -> context.put("aws:useragent", List.of(agent)));
        return context;
    }
}
