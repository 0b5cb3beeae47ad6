package dev.cairn.core.organizations;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of a {@code CreateAccount} request.
 *
 * @param id {@code car-} and 32 lowercase hexadecimal digits
 * @param state {@code IN_PROGRESS}, {@code SUCCEEDED} or {@code FAILED}
 * @param accountId the created account, once it succeeded
 * @param failureReason the {@code CreateAccountFailureReason} of a failed request, such as
 *         {@code EMAIL_ALREADY_EXISTS}
 */
public record CreateAccountStatus(
        String organizationId,
        String id,
        String accountName,
        String state,
        Instant requestedTimestamp,
        Optional<Instant> completedTimestamp,
        Optional<String> accountId,
        Optional<String> failureReason)
{
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    public CreateAccountStatus
    {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(id, "id is null");
        requireNonNull(accountName, "accountName is null");
        requireNonNull(state, "state is null");
        requireNonNull(requestedTimestamp, "requestedTimestamp is null");
        requireNonNull(completedTimestamp, "completedTimestamp is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(failureReason, "failureReason is null");
    }
}
