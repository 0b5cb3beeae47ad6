package dev.cairn.core.recorder;

/**
 * The record's {@code eventType}.
 */
public enum EventType
{
    AWS_API_CALL("AwsApiCall"),
    AWS_CONSOLE_SIGN_IN("AwsConsoleSignIn");

    private final String recordName;

    EventType(String recordName)
    {
        this.recordName = recordName;
    }

    public String recordName()
    {
        return recordName;
    }
}
