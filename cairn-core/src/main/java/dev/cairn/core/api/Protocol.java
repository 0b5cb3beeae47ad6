package dev.cairn.core.api;

/**
 * The wire protocols of the served models.
 */
public enum Protocol
{
    /** AWS JSON 1.1: {@code X-Amz-Target}, JSON bodies, {@code __type} errors. */
    JSON,
    /** AWS Query: form-encoded {@code Action=...}, XML responses and {@code ErrorResponse} errors. */
    QUERY;

    static Protocol fromModel(String name)
    {
        return switch (name) {
            case "json" -> JSON;
            case "query" -> QUERY;
            default -> throw new IllegalArgumentException("unsupported protocol: " + name);
        };
    }
}
