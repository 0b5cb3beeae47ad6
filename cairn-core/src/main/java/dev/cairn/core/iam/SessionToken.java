package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a session token carries: temporary credentials and whom they act as. It travels sealed
 * ({@link SessionTokens}): the client holds it and sends it back with every call, so any node of a deployment that
 * shares the master key can authenticate the call without a store lookup, and tokens outlive restarts.
 *
 * @param accessKeyId the {@code ASIA...} key id, bound to the sealed token
 * @param secretAccessKey the secret the client signs with
 * @param accountId the account the session acts in (the role's, for a role session)
 * @param user for {@code GetSessionToken}: the IAM user's name and id; empty for the root user and for role sessions
 * @param role for {@code AssumeRole}: the role session
 */
public record SessionToken(
        String accessKeyId,
        String secretAccessKey,
        Instant issuedAt,
        Instant expiration,
        String accountId,
        Optional<UserSession> user,
        Optional<RoleSession> role,
        boolean mfaAuthenticated)
{
    public SessionToken
    {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(issuedAt, "issuedAt is null");
        requireNonNull(expiration, "expiration is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(user, "user is null");
        requireNonNull(role, "role is null");
    }

    /** An IAM user's own session ({@code GetSessionToken}). */
    public record UserSession(String userName, String userId, String path)
    {
        public UserSession
        {
            requireNonNull(userName, "userName is null");
            requireNonNull(userId, "userId is null");
            requireNonNull(path, "path is null");
        }
    }

    /**
     * A session of a role.
     *
     * @param chained whether the role was assumed with another role's session (AWS limits such sessions to an hour)
     */
    public record RoleSession(
            String roleId,
            String roleName,
            String rolePath,
            String sessionName,
            Optional<String> sourceIdentity,
            Optional<String> policy,
            List<String> policyArns,
            Map<String, String> tags,
            boolean chained)
    {
        public RoleSession
        {
            requireNonNull(roleId, "roleId is null");
            requireNonNull(roleName, "roleName is null");
            requireNonNull(rolePath, "rolePath is null");
            requireNonNull(sessionName, "sessionName is null");
            requireNonNull(sourceIdentity, "sourceIdentity is null");
            requireNonNull(policy, "policy is null");
            policyArns = List.copyOf(policyArns);
            tags = Map.copyOf(tags);
        }
    }

    public boolean isRoleSession()
    {
        return role.isPresent();
    }

    @Override
    public String toString()
    {
        // the secret never reaches logs
        return "SessionToken{" + accessKeyId + ", account " + accountId + ", expires " + expiration + "}";
    }
}
