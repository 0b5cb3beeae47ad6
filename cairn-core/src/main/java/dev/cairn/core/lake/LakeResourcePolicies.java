package dev.cairn.core.lake;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Condition;
import dev.cairn.core.iam.policy.ConditionOperator;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import dev.cairn.core.iam.policy.PolicyPrincipal;
import dev.cairn.core.iam.policy.Principals;
import dev.cairn.core.iam.policy.Statement;
import dev.cairn.model.Principal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The resource-based policies of CloudTrail Lake resources: their rules (PutResourcePolicy), and what a channel's
 * policy lets callers of PutAuditEvents do.
 *
 * <p>A channel's policy, as CloudTrail documents it: 1 to {@value #MAXIMUM_STATEMENTS} statements; each names 1 to
 * {@value #MAXIMUM_PRINCIPALS} {@code AWS} principals (account ids, account root ARNs, user or role ARNs) in
 * {@code Principal}; its only action is {@value #PUT_AUDIT_EVENTS}; its resource is the channel's ARN; its only
 * condition may be {@code StringEquals} on {@value #EXTERNAL_ID} (then callers must pass that {@code externalId}).
 *
 * <p>An event data store's policy (cross-account access to the store): a resource-based policy whose statements name
 * principals, {@code cloudtrail:} actions and the store's ARN. Cairn keeps and reports it; no operation it serves yet
 * grants another account anything through it.
 */
public final class LakeResourcePolicies
{
    public static final String PUT_AUDIT_EVENTS = "cloudtrail-data:PutAuditEvents";
    public static final String EXTERNAL_ID = "cloudtrail:ExternalId";
    public static final int MAXIMUM_STATEMENTS = 20;
    public static final int MAXIMUM_PRINCIPALS = 50;

    private LakeResourcePolicies() {}

    /** Parses and checks a channel's policy; {@code ResourcePolicyNotValidException} says what is wrong. */
    public static PolicyDocument validateChannelPolicy(String json, String channelArn)
    {
        PolicyDocument policy = parse(json);
        if (policy.statements().size() > MAXIMUM_STATEMENTS) {
            throw invalid("A channel's resource policy can have at most " + MAXIMUM_STATEMENTS + " statements; it has " + policy.statements().size() + ".");
        }
        for (Statement statement : policy.statements()) {
            Principals principals = statement.principal().orElseThrow(() -> invalid("Each statement must name its Principal."));
            if (principals.negated()) {
                throw invalid("A channel's resource policy takes Principal, not NotPrincipal.");
            }
            int count = 0;
            for (Map.Entry<String, List<String>> kind : principals.byType().entrySet()) {
                if (!kind.getKey().equals(PolicyPrincipal.AWS)) {
                    throw invalid("A channel's resource policy names AWS principals (accounts, users, roles), not " + kind.getKey() + ".");
                }
                if (kind.getValue().contains("*")) {
                    throw invalid("A channel's resource policy must name the accounts or principals that may send events, not *.");
                }
                count += kind.getValue().size();
            }
            if (count > MAXIMUM_PRINCIPALS) {
                throw invalid("A statement of a channel's resource policy can name at most " + MAXIMUM_PRINCIPALS + " principals; one names " + count + ".");
            }
            if (statement.notAction() || statement.actions().size() != 1 || !statement.actions().get(0).equalsIgnoreCase(PUT_AUDIT_EVENTS)) {
                throw invalid("The only action of a channel's resource policy is " + PUT_AUDIT_EVENTS + ".");
            }
            if (statement.notResource() || !statement.resources().stream().allMatch(channelArn::equals)) {
                throw invalid("The resource of a channel's resource policy must be the channel's ARN, " + channelArn + ".");
            }
            for (Condition condition : statement.conditions()) {
                if (condition.operator() != ConditionOperator.STRING_EQUALS || condition.setOperator().isPresent() || condition.ifExists()
                        || !condition.key().equals(EXTERNAL_ID.toLowerCase(Locale.ROOT))) {
                    throw invalid("The only condition a channel's resource policy takes is StringEquals on " + EXTERNAL_ID + "; not " + condition.operatorName() + " on "
                            + condition.key() + ".");
                }
            }
        }
        return policy;
    }

    /** Parses and checks an event data store's policy; {@code ResourcePolicyNotValidException} says what is wrong. */
    public static PolicyDocument validateEventDataStorePolicy(String json, String eventDataStoreArn)
    {
        PolicyDocument policy = parse(json);
        for (Statement statement : policy.statements()) {
            if (statement.notAction() || !statement.actions().stream().allMatch(action -> action.toLowerCase(Locale.ROOT).startsWith("cloudtrail:"))) {
                throw invalid("The actions of an event data store's resource policy are CloudTrail actions (cloudtrail:...).");
            }
            if (statement.notResource() || !statement.resources().stream().allMatch(eventDataStoreArn::equals)) {
                throw invalid("The resource of an event data store's resource policy must be the store's ARN, " + eventDataStoreArn + ".");
            }
        }
        return policy;
    }

    /**
     * Whether the channel's resource policy lets {@code caller} send events to it with PutAuditEvents, given the
     * {@code externalId} the call passed. The channel's own account may, unless the policy denies it; another
     * account's principal only when the policy allows it (and the caller's own identity policies must allow the call
     * too: the dispatcher checks those, as for any call). A statement with an external id condition applies only to
     * calls that pass that id.
     */
    public static boolean mayPutAuditEvents(Channel channel, Principal caller, Optional<String> externalId)
    {
        Map<String, List<String>> context = externalId.map(id -> Map.of(EXTERNAL_ID, List.of(id))).orElse(Map.of());
        AuthorizationRequest request = new AuthorizationRequest(PUT_AUDIT_EVENTS, channel.arn(), context);
        Decision decision = channel.resourcePolicy()
                .map(policy -> PolicyEvaluator.evaluateResourcePolicy(PolicyDocument.parseStoredResourcePolicy(policy), PolicyPrincipal.of(caller), request))
                .orElse(Decision.IMPLICIT_DENY);
        if (decision == Decision.EXPLICIT_DENY) {
            return false;
        }
        return caller.accountId().equals(channel.accountId()) || decision == Decision.ALLOW;
    }

    private static PolicyDocument parse(String json)
    {
        try {
            return PolicyDocument.parseResourcePolicy(json);
        }
        catch (CairnException e) {
            throw invalid("The resource policy is not valid: " + e.getMessage());
        }
    }

    private static CairnException invalid(String message)
    {
        return new CairnException(ErrorCode.RESOURCE_POLICY_NOT_VALID, message);
    }
}
