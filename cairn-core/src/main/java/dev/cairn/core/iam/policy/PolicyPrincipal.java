package dev.cairn.core.iam.policy;

import static java.util.Objects.requireNonNull;

import dev.cairn.model.Principal;
import dev.cairn.model.SessionContext;

import java.util.List;
import java.util.Optional;

/**
 * Who asks, as a resource-based policy's {@code Principal} element names it: an AWS principal (an IAM user, a role
 * session, an account's root user) by ARN and account, or an AWS service such as {@code cloudtrail.amazonaws.com}.
 *
 * @param type the element's key: {@code AWS} or {@code Service}
 * @param id the ARN for {@code AWS}, the service principal for {@code Service}
 * @param accountId the account of an {@code AWS} principal
 * @param alsoNamedBy other ARNs that name the principal: a role session is named by its role's ARN too
 */
public record PolicyPrincipal(String type, String id, Optional<String> accountId, List<String> alsoNamedBy)
{
    public static final String AWS = "AWS";
    public static final String SERVICE = "Service";

    public PolicyPrincipal
    {
        requireNonNull(type, "type is null");
        requireNonNull(id, "id is null");
        requireNonNull(accountId, "accountId is null");
        alsoNamedBy = List.copyOf(alsoNamedBy);
    }

    public PolicyPrincipal(String type, String id, Optional<String> accountId)
    {
        this(type, id, accountId, List.of());
    }

    /** A caller as a resource-based policy names it: by its ARN, and a role session by its role's ARN too. */
    public static PolicyPrincipal of(Principal caller)
    {
        List<String> alsoNamedBy = caller.session().flatMap(SessionContext::sessionIssuer).map(issuer -> List.of(issuer.arn())).orElse(List.of());
        return new PolicyPrincipal(AWS, caller.arn(), Optional.of(caller.accountId()), alsoNamedBy);
    }

    public static PolicyPrincipal service(String servicePrincipal)
    {
        return new PolicyPrincipal(SERVICE, servicePrincipal, Optional.empty());
    }
}
