package dev.cairn.model;

import static java.util.Objects.requireNonNull;

/**
 * What issued a session's temporary credentials: the record's {@code userIdentity.sessionContext.sessionIssuer}. For
 * an assumed role it is the role.
 *
 * @param type {@code Role}
 * @param principalId the role's unique id ({@code AROA...})
 * @param arn the role's ARN, with its path
 * @param accountId the account the role belongs to
 * @param userName the role's name
 */
public record SessionIssuer(String type, String principalId, String arn, String accountId, String userName)
{
    public static final String ROLE = "Role";

    public SessionIssuer
    {
        requireNonNull(type, "type is null");
        requireNonNull(principalId, "principalId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(userName, "userName is null");
    }
}
