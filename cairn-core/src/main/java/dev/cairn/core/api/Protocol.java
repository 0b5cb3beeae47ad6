package dev.cairn.core.api;

/**
 * The wire protocols of the served models.
 */
public enum Protocol
{
    /** AWS JSON 1.1: {@code X-Amz-Target}, JSON bodies, {@code __type} errors. */
    JSON,
    /** AWS Query: form-encoded {@code Action=...}, XML responses and {@code ErrorResponse} errors. */
    QUERY,
    /**
     * REST-JSON: the operation by method and path ({@code POST /PutAuditEvents}), members in the query string or a JSON
     * body, JSON responses, errors named by {@code x-amzn-ErrorType} with a {@code message}.
     */
    REST_JSON;

    static Protocol fromModel(String name)
    {
        return switch (name) {
            case "json" -> JSON;
            case "query" -> QUERY;
            case "rest-json" -> REST_JSON;
            default -> throw new IllegalArgumentException("unsupported protocol: " + name);
        };
    }
}
