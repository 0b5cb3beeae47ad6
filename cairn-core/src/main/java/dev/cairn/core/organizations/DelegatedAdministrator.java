package dev.cairn.core.organizations;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A member account registered as a delegated administrator for one service principal.
 */
public record DelegatedAdministrator(String accountId, String servicePrincipal, Instant delegationEnabledDate)
{
    public DelegatedAdministrator
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(servicePrincipal, "servicePrincipal is null");
        requireNonNull(delegationEnabledDate, "delegationEnabledDate is null");
    }
}
