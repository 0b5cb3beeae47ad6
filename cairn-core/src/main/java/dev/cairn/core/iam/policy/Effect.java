package dev.cairn.core.iam.policy;

/**
 * The {@code Effect} of a policy statement.
 */
public enum Effect
{
    ALLOW("Allow"),
    DENY("Deny");

    private final String policyName;

    Effect(String policyName)
    {
        this.policyName = policyName;
    }

    /** The exact, case-sensitive spelling in a policy document. */
    public String policyName()
    {
        return policyName;
    }
}
