package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

/**
 * A policy embedded in a user ({@code PutUserPolicy}) or a group ({@code PutGroupPolicy}).
 */
public record InlinePolicy(String policyName, String document)
{
    public InlinePolicy
    {
        requireNonNull(policyName, "policyName is null");
        requireNonNull(document, "document is null");
    }
}
