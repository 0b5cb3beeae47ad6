package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An account: the unit of isolation. Every principal, trail and event belongs to one.
 */
public record Account(String accountId, Instant createDate)
{
    public Account
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(createDate, "createDate is null");
    }
}
