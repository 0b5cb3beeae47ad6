package dev.cairn.core.recorder;

import static java.util.Objects.requireNonNull;

/**
 * An entry of a record's {@code resources} member, which AWS writes for some calls (such as {@code AssumeRole}'s
 * role): {@code {"accountId": ..., "type": "AWS::IAM::Role", "ARN": ...}}.
 */
public record RecordResource(String accountId, String type, String arn)
{
    public RecordResource
    {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(type, "type is null");
        requireNonNull(arn, "arn is null");
    }
}
