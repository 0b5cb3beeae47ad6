package dev.cairn.core.ops.organizations;

import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.Operation;

import java.util.Optional;

/**
 * What every Organizations operation shares: its service, and input that breaks the model's constraints answered
 * with Organizations' own {@code InvalidInputException}, as AWS answers it.
 */
interface OrganizationsOperation
        extends Operation
{
    @Override
    default Service service()
    {
        return Service.ORGANIZATIONS;
    }

    @Override
    default Optional<ErrorCode> validationError(String member)
    {
        return Optional.of(ErrorCode.ORGANIZATIONS_INVALID_INPUT);
    }
}
