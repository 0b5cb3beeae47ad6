package dev.cairn.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The session of temporary credentials a principal acts with: the record's {@code userIdentity.sessionContext}.
 * Console sign-ins create one, as AWS's console does.
 *
 * @param creationDate when the session's credentials were issued ({@code attributes.creationDate})
 * @param mfaAuthenticated whether the principal authenticated with an MFA device ({@code attributes.mfaAuthenticated})
 */
public record SessionContext(Instant creationDate, boolean mfaAuthenticated)
{
    public SessionContext
    {
        requireNonNull(creationDate, "creationDate is null");
    }
}
