package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.iam.Authorizer;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import dev.cairn.core.iam.policy.PolicyPrincipal;
import dev.cairn.model.Principal;

import java.io.IOException;
import java.util.Optional;

/**
 * Decides an S3 request as S3 does for a bucket and its objects, from the caller's identity-based policies (and
 * session policies) and the bucket's policy: an explicit deny in either wins; within the bucket owner's account,
 * an allow in either is enough; a caller from another account needs both its own policies and the bucket policy to
 * allow. The root user's own policies allow everything, so the owner's root user is denied only by an explicit deny
 * in the bucket policy, and another account's root user is allowed exactly what the bucket policy grants it. As in
 * S3, the owner's root user may always get, put and delete the bucket's policy, even one that denies it everything:
 * a bucket cannot be locked for good (S3 API reference, DeleteBucketPolicy: "the root principal in a bucket owner's
 * Amazon Web Services account can perform the GetBucketPolicy, PutBucketPolicy, and DeleteBucketPolicy API actions,
 * even if their bucket policy explicitly denies the root principal's access"); only its own account's policies
 * (service control policies) can deny it.
 * (Object ACLs are not evaluated: buckets behave as with S3 Object Ownership "bucket owner enforced", AWS's
 * default since 2023.)
 */
public final class BucketAccess
{
    private static final java.util.Set<String> POLICY_ACTIONS = java.util.Set.of("s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy");

    private final Authorizer authorizer;

    public BucketAccess(Authorizer authorizer)
    {
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
    }

    /** How a request was decided, and by what, for the denial's message. */
    public record Outcome(boolean allowed, Decision identity, Decision bucketPolicy)
    {
        public Outcome
        {
            requireNonNull(identity, "identity is null");
            requireNonNull(bucketPolicy, "bucketPolicy is null");
        }
    }

    /**
     * @param ownerAccountId the bucket owner's account; for {@code ListBuckets} (no bucket), the caller's own
     * @param bucketPolicy the bucket's policy, if it has one
     */
    public Outcome decide(Principal principal, String ownerAccountId, Optional<PolicyDocument> bucketPolicy, AuthorizationRequest request)
            throws IOException
    {
        Decision identity = authorizer.decide(principal, request);
        Decision resource = bucketPolicy.isPresent()
                ? PolicyEvaluator.evaluateResourcePolicy(bucketPolicy.get(), PolicyPrincipal.of(principal), request)
                : Decision.IMPLICIT_DENY;
        boolean allowed;
        if (principal.isRoot() && principal.accountId().equals(ownerAccountId) && POLICY_ACTIONS.contains(request.action())) {
            allowed = identity != Decision.EXPLICIT_DENY;
        }
        else if (identity == Decision.EXPLICIT_DENY || resource == Decision.EXPLICIT_DENY) {
            allowed = false;
        }
        else if (principal.accountId().equals(ownerAccountId)) {
            allowed = identity == Decision.ALLOW || resource == Decision.ALLOW;
        }
        else {
            allowed = identity == Decision.ALLOW && resource == Decision.ALLOW;
        }
        return new Outcome(allowed, identity, resource);
    }
}
