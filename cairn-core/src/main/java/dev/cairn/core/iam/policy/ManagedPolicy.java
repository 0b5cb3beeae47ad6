package dev.cairn.core.iam.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An AWS managed policy Cairn can list and attach, with the metadata {@code GetPolicy} returns.
 *
 * @param name e.g. {@code ReadOnlyAccess}
 * @param arn {@code arn:aws:iam::aws:policy/<name>}
 * @param path {@code /} for the policies Cairn bundles
 * @param policyId AWS's {@code ANPA...} id
 * @param defaultVersionId e.g. {@code v1}
 * @param createDate when AWS created the policy
 * @param updateDate when AWS last changed the policy's default version
 * @param description AWS's description
 * @param document the parsed default version
 * @param documentJson the default version's text, as bundled
 */
public record ManagedPolicy(
        String name,
        String arn,
        String path,
        String policyId,
        String defaultVersionId,
        Instant createDate,
        Instant updateDate,
        String description,
        PolicyDocument document,
        String documentJson)
{
    public ManagedPolicy
    {
        requireNonNull(name, "name is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(path, "path is null");
        requireNonNull(policyId, "policyId is null");
        requireNonNull(defaultVersionId, "defaultVersionId is null");
        requireNonNull(createDate, "createDate is null");
        requireNonNull(updateDate, "updateDate is null");
        requireNonNull(description, "description is null");
        requireNonNull(document, "document is null");
        requireNonNull(documentJson, "documentJson is null");
    }

    @Override
    public String toString()
    {
        return "ManagedPolicy{" + arn + ", " + defaultVersionId + "}";
    }
}
