package dev.cairn.spi;

import static java.util.Objects.requireNonNull;

/**
 * One metadata document: an opaque value under (kind, scope, key). Core decides the encoding.
 *
 * @param kind what the document is, e.g. {@code iam.user}
 * @param scope the owner, usually an account id; empty for global documents
 * @param key unique within (kind, scope)
 * @param value the encoded document
 */
public record Document(String kind, String scope, String key, byte[] value)
{
    public Document
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
