package dev.cairn.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session of temporary credentials a principal acts with: the record's {@code userIdentity.sessionContext}, and
 * what the session's issuer limited it to. Console sign-ins create one, as AWS's console does; so do STS's
 * {@code AssumeRole} and {@code GetSessionToken}.
 *
 * @param creationDate when the session's credentials were issued ({@code attributes.creationDate})
 * @param mfaAuthenticated whether the principal authenticated with an MFA device ({@code attributes.mfaAuthenticated})
 * @param sessionIssuer the role, for an assumed role's session
 * @param sourceIdentity the {@code SourceIdentity} set when the role was assumed
 * @param sessionPolicy the inline session policy passed to {@code AssumeRole}: the session may do only what it, and
 *         the role's policies, allow (not written to records)
 * @param sessionPolicyArns managed session policies, likewise
 * @param tags session tags: {@code aws:PrincipalTag/<key>} in policies (not written to records)
 */
public record SessionContext(
        Instant creationDate,
        boolean mfaAuthenticated,
        Optional<SessionIssuer> sessionIssuer,
        Optional<String> sourceIdentity,
        Optional<String> sessionPolicy,
        List<String> sessionPolicyArns,
        Map<String, String> tags)
{
    public SessionContext
    {
        requireNonNull(creationDate, "creationDate is null");
        requireNonNull(sessionIssuer, "sessionIssuer is null");
        requireNonNull(sourceIdentity, "sourceIdentity is null");
        requireNonNull(sessionPolicy, "sessionPolicy is null");
        sessionPolicyArns = List.copyOf(sessionPolicyArns);
        tags = Map.copyOf(tags);
    }

    /** A principal's own session (a console sign-in, {@code GetSessionToken}): no issuer, no restrictions. */
    public SessionContext(Instant creationDate, boolean mfaAuthenticated)
    {
        this(creationDate, mfaAuthenticated, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of());
    }

    /** Whether session policies limit what the session may do. */
    public boolean hasSessionPolicies()
    {
        return sessionPolicy.isPresent() || !sessionPolicyArns.isEmpty();
    }
}
