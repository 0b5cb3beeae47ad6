package dev.cairn.model;

/**
 * The {@code userIdentity.type} values Cairn issues credentials for.
 */
public enum PrincipalType
{
    ROOT("Root"),
    IAM_USER("IAMUser");

    private final String recordName;

    PrincipalType(String recordName)
    {
        this.recordName = recordName;
    }

    /** The value written to {@code userIdentity.type}. */
    public String recordName()
    {
        return recordName;
    }
}
