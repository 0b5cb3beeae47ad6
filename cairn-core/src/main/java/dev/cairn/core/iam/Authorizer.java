package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import dev.cairn.core.api.Service;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import dev.cairn.model.SessionContext;
import dev.cairn.model.SessionIssuer;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a principal may perform an action on resources, as IAM does for identity-based policies:
 * an explicit deny wins, then an allow, else the default deny. The root user may do everything in its own account.
 * A role session acts with its role's policies, limited by its session policies when it was given some.
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
        checkSessionLimits(call, action);
        if (principal.isRoot()) {
            return;
        }
        Map<String, List<String>> context = context(call);
        for (String resource : resources) {
            Outcome outcome = outcome(principal, new AuthorizationRequest(action, resource, context));
            if (outcome.decision() != Decision.ALLOW) {
                String onResource = resource.equals("*") ? "" : " on resource: " + resource;
                String reason = outcome.decision() == Decision.EXPLICIT_DENY
                        ? "with an explicit deny in " + (outcome.bySession() ? "a session policy" : "an identity-based policy")
                        : "because no " + (outcome.bySession() ? "session" : "identity-based") + " policy allows the " + action + " action";
                throw new CairnException(ErrorCode.ACCESS_DENIED,
                        "User: " + principal.arn() + " is not authorized to perform: " + action + onResource + " " + reason);
            }
        }
    }

    /**
     * What the caller's own policies (identity and session policies) decide for a request whose context
     * ({@link #requestContext}) carries extra keys (such as {@code sts:ExternalId}); the root user is allowed. For
     * actions that a resource's own policy decides as well, such as {@code sts:AssumeRole}.
     */
    public Decision decide(Principal principal, AuthorizationRequest request)
            throws IOException
    {
        if (principal.isRoot()) {
            return Decision.ALLOW;
        }
        return outcome(principal, request).decision();
    }

    /** The request context of a call: the global condition keys, and the given ones (keys in lower case). */
    public static Map<String, List<String>> requestContext(CallContext call, Map<String, List<String>> extraContext)
    {
        Map<String, List<String>> context = context(call);
        context.putAll(extraContext);
        return context;
    }

    private record Outcome(Decision decision, boolean bySession) {}

    private Outcome outcome(Principal principal, AuthorizationRequest request)
            throws IOException
    {
        Decision decision = PolicyEvaluator.evaluate(identityPolicies(principal), request);
        Optional<SessionContext> session = principal.session().filter(SessionContext::hasSessionPolicies);
        if (decision != Decision.EXPLICIT_DENY && session.isPresent()) {
            // a session policy limits the session to what both it and the identity's policies allow
            Decision limit = PolicyEvaluator.evaluate(identities.sessionPolicies(session.get()), request);
            if (limit == Decision.EXPLICIT_DENY || (decision == Decision.ALLOW && limit != Decision.ALLOW)) {
                return new Outcome(limit, true);
            }
        }
        return new Outcome(decision, false);
    }

    /** An assumed role's session acts with the role's policies, as long as the role (the same one, by id) exists. */
    private List<PolicyDocument> identityPolicies(Principal principal)
            throws IOException
    {
        if (principal.type() != PrincipalType.ASSUMED_ROLE) {
            return identities.policies(principal);
        }
        SessionIssuer issuer = principal.session().flatMap(SessionContext::sessionIssuer).orElseThrow();
        boolean sameRole = identities.role(issuer.accountId(), issuer.userName())
                .map(role -> role.roleId().equals(issuer.principalId()))
                .orElse(false);
        return sameRole ? identities.rolePolicies(issuer.accountId(), issuer.userName()) : List.of();
    }

    /**
     * A user's own session from {@code GetSessionToken} (not the console's) without MFA may not call IAM, and of STS
     * only {@code AssumeRole} and {@code GetCallerIdentity}, as in AWS.
     */
    private static void checkSessionLimits(CallContext call, String action)
    {
        Optional<SessionContext> session = call.principal().session();
        if (session.isEmpty() || call.fromConsole() || session.get().sessionIssuer().isPresent() || session.get().mfaAuthenticated()) {
            return;
        }
        if (call.service() == Service.IAM) {
            throw new CairnException(ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
        }
        if (call.service() == Service.STS && !action.equals("sts:AssumeRole") && !action.equals("sts:GetCallerIdentity")) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, "Cannot call " + call.operation() + " with session credentials");
        }
    }

    private static Map<String, List<String>> context(CallContext call)
    {
        return requestContext(call.principal(), call.sourceIpAddress(), call.region(), call.tls().isPresent(), call.userAgent(), call.receivedAt());
    }

    /**
     * The global condition keys (lower case) of a request that is not an API call of the core's services (an S3
     * gateway request): who asks, from where, over what, when.
     */
    public static Map<String, List<String>> requestContext(Principal principal, String sourceIpAddress, String region, boolean secureTransport,
            Optional<String> userAgent, Instant now)
    {
        Map<String, List<String>> context = new HashMap<>();
        context.put("aws:sourceip", List.of(sourceIpAddress));
        context.put("aws:username", List.of(principal.userName()));
        context.put("aws:userid", List.of(principal.principalId()));
        context.put("aws:principalarn", List.of(principal.arn()));
        context.put("aws:principalaccount", List.of(principal.accountId()));
        context.put("aws:principaltype", List.of(principal.type().recordName()));
        context.put("aws:requestedregion", List.of(region));
        context.put("aws:securetransport", List.of(Boolean.toString(secureTransport)));
        context.put("aws:currenttime", List.of(DateTimeFormatter.ISO_INSTANT.format(now)));
        context.put("aws:epochtime", List.of(Long.toString(now.getEpochSecond())));
        userAgent.ifPresent(agent -> context.put("aws:useragent", List.of(agent)));
        if (principal.type() == PrincipalType.ASSUMED_ROLE) {
            // a role session has no user name; its id is the role's id and the session name
            context.remove("aws:username");
        }
        principal.session().ifPresent(session -> {
            context.put("aws:tokenissuetime", List.of(DateTimeFormatter.ISO_INSTANT.format(session.creationDate())));
            context.put("aws:multifactorauthpresent", List.of(Boolean.toString(session.mfaAuthenticated())));
            session.sourceIdentity().ifPresent(source -> context.put("aws:sourceidentity", List.of(source)));
            session.tags().forEach((key, value) -> context.put("aws:principaltag/" + key.toLowerCase(java.util.Locale.ROOT), List.of(value)));
        });
        return context;
    }
}
