package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

/**
 * One of a notification's message attributes as SNS writes it into the JSON it posts to HTTP/HTTPS endpoints:
 * {@code {"Type":"String","Value":"..."}}.
 *
 * @param type the attribute's {@code DataType} as published: {@code String}, {@code String.Array}, {@code Number}
 *         (with any custom suffix, e.g. {@code Number.java.lang.Long}) or {@code Binary}
 * @param value the published {@code StringValue}, or for a {@code Binary} attribute its {@code BinaryValue} in Base64
 */
public record SnsMessageAttribute(String type, String value)
{
    public SnsMessageAttribute
    {
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
    }
}
