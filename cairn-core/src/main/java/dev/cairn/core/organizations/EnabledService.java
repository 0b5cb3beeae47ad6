package dev.cairn.core.organizations;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A service principal (such as {@code cloudtrail.amazonaws.com}) with trusted access to an organization.
 */
public record EnabledService(String servicePrincipal, Instant dateEnabled)
{
    public EnabledService
    {
        requireNonNull(servicePrincipal, "servicePrincipal is null");
        requireNonNull(dateEnabled, "dateEnabled is null");
    }
}
