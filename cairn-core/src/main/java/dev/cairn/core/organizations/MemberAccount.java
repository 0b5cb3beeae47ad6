package dev.cairn.core.organizations;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.iam.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An account's membership of an organization.
 *
 * @param email the account's email address: what {@code CreateAccount} was given; empty for the management account,
 *         whose email Cairn does not know
 * @param name the account's name, as given to {@code CreateAccount}; empty for the management account
 * @param joinedMethod {@code CREATED} or {@code INVITED} (the management account counts as invited, as in AWS)
 * @param parentId the root or OU the account is in
 */
public record MemberAccount(
        String organizationId,
        String accountId,
        Optional<String> email,
        Optional<String> name,
        String joinedMethod,
        Instant joinedTimestamp,
        String parentId,
        List<Tag> tags)
{
    public static final String CREATED = "CREATED";
    public static final String INVITED = "INVITED";

    public MemberAccount
    {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(email, "email is null");
        requireNonNull(name, "name is null");
        requireNonNull(joinedMethod, "joinedMethod is null");
        requireNonNull(joinedTimestamp, "joinedTimestamp is null");
        requireNonNull(parentId, "parentId is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
    }

    public MemberAccount withParentId(String newParentId)
    {
        return new MemberAccount(organizationId, accountId, email, name, joinedMethod, joinedTimestamp, newParentId, tags);
    }
}
