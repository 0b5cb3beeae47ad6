package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

/**
 * An IAM tag ({@code TagRole}, {@code CreateRole}'s {@code Tags}): a key and a value, which may be empty. Keys are
 * unique regardless of case within one resource's tags.
 */
public record Tag(String key, String value)
{
    public Tag
    {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
