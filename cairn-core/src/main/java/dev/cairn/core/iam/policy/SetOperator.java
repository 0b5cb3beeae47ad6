package dev.cairn.core.iam.policy;

/**
 * The set qualifier of a condition operator over a multi-valued context key.
 */
public enum SetOperator
{
    /** {@code ForAnyValue:}: at least one context value must match; false when the key is absent. */
    FOR_ANY_VALUE("ForAnyValue"),
    /** {@code ForAllValues:}: every context value must match; true when the key is absent. */
    FOR_ALL_VALUES("ForAllValues");

    private final String policyName;

    SetOperator(String policyName)
    {
        this.policyName = policyName;
    }

    /** The spelling in a policy document, without the trailing colon. */
    public String policyName()
    {
        return policyName;
    }
}
