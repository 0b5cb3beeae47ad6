package dev.cairn.core.iam.policy;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;

import java.util.List;
import java.util.Optional;

/**
 * A parsed IAM policy document, identity-based or resource-based. Immutable and thread-safe.
 *
 * @param version the {@code Version}: {@code 2012-10-17} or {@code 2008-10-17}; absent means {@code 2008-10-17}
 * @param id the {@code Id}, when given
 * @param statements the statements, in document order
 */
public record PolicyDocument(Optional<String> version, Optional<String> id, List<Statement> statements)
{
    /** The current policy language version, the only one in which policy variables are substituted. */
    public static final String VERSION_2012_10_17 = "2012-10-17";
    /** The original policy language version; also what a document without {@code Version} gets. */
    public static final String VERSION_2008_10_17 = "2008-10-17";
    /** The actions a role's trust policy may name. */
    public static final List<String> TRUST_POLICY_ACTIONS = List.of(
            "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity");

    public PolicyDocument
    {
        requireNonNull(version, "version is null");
        requireNonNull(id, "id is null");
        statements = List.copyOf(requireNonNull(statements, "statements is null"));
    }

    /**
     * Parses and validates a policy document as IAM does for {@code PutUserPolicy}.
     *
     * @throws CairnException {@code MALFORMED_POLICY_DOCUMENT} with AWS's message when IAM would reject the document
     *         (also for a condition value that does not suit its operator, such as an {@code IpAddress} that is no
     *         address), or when it uses a condition operator Cairn cannot evaluate
     */
    public static PolicyDocument parse(String json)
    {
        return PolicyParser.parse(requireNonNull(json, "json is null"), PolicyParser.Kind.IDENTITY, true);
    }

    /**
     * Parses an identity-based policy read back from the store: as {@link #parse}, except that condition values are
     * not checked against their operators. A document stored before that check existed is evaluated as it always was
     * (a value that does not suit its operator matches nothing) instead of being dropped with the denies it holds.
     *
     * @throws CairnException {@code MALFORMED_POLICY_DOCUMENT} when the document no longer parses
     */
    public static PolicyDocument parseStored(String json)
    {
        return PolicyParser.parse(requireNonNull(json, "json is null"), PolicyParser.Kind.IDENTITY, false);
    }

    /**
     * Parses and validates a resource-based policy (a bucket policy, a trust policy): every statement names its
     * {@code Principal} or {@code NotPrincipal}.
     *
     * @throws CairnException {@code MALFORMED_POLICY_DOCUMENT} with AWS's message when AWS would reject the document
     */
    public static PolicyDocument parseResourcePolicy(String json)
    {
        return PolicyParser.parse(requireNonNull(json, "json is null"), PolicyParser.Kind.RESOURCE, true);
    }

    /** A resource-based policy Cairn stored (a bucket policy), read as leniently as {@link #parseStored}. */
    public static PolicyDocument parseStoredResourcePolicy(String json)
    {
        return PolicyParser.parse(requireNonNull(json, "json is null"), PolicyParser.Kind.RESOURCE, false);
    }

    /**
     * Parses and validates a role's trust policy ({@code AssumeRolePolicyDocument}) as IAM does for
     * {@code CreateRole} and {@code UpdateAssumeRolePolicy}: every statement names its {@code Principal} ({@code AWS}:
     * {@code *}, an account id, {@code arn:aws:iam::<account>:root}, a user, role or role session ARN; {@code Service};
     * {@code Federated}), its {@code Action}s are STS actions ({@link #TRUST_POLICY_ACTIONS}, or wildcards within
     * {@code sts:} that match one), and it has no {@code Resource}: the resource is the role itself, so each parsed
     * statement's resources are {@code *}. {@code NotPrincipal} is only for {@code Deny}; {@code NotAction} is refused.
     * Whether the principals named exist is not checked.
     *
     * @throws CairnException {@code MALFORMED_POLICY_DOCUMENT} with AWS's message when IAM would reject the document
     */
    public static PolicyDocument parseTrustPolicy(String json)
    {
        return PolicyParser.parse(requireNonNull(json, "json is null"), PolicyParser.Kind.TRUST, true);
    }

    /** A stored trust policy, validated when it was written: condition values are not checked again. */
    public static PolicyDocument parseStoredTrustPolicy(String json)
    {
        return PolicyParser.parse(requireNonNull(json, "json is null"), PolicyParser.Kind.TRUST, false);
    }

    /**
     * Whether {@code ${...}} policy variables are substituted: only in version {@code 2012-10-17}; in older documents
     * they are literal text, as in IAM.
     */
    public boolean policyVariablesEnabled()
    {
        return version.isPresent() && version.get().equals(VERSION_2012_10_17);
    }
}
