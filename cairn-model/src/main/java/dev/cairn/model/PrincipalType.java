package dev.cairn.model;

/**
 * The {@code userIdentity.type} values Cairn issues credentials for.
 */
public enum PrincipalType
{
    ROOT("Root"),
    IAM_USER("IAMUser"),
    /** A session of an IAM role's temporary credentials ({@code AssumeRole}). */
    ASSUMED_ROLE("AssumedRole");

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
