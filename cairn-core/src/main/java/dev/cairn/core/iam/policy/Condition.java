package dev.cairn.core.iam.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One condition key test of a statement's {@code Condition} block: {@code {"<operator>": {"<key>": values}}}.
 * A statement applies only when all its conditions hold; the values of one condition are alternatives.
 *
 * @param operator the comparison
 * @param setOperator {@code ForAnyValue:} or {@code ForAllValues:}, when the operator carries one
 * @param ifExists whether the operator carries the {@code IfExists} suffix: true when the key is absent
 * @param key the condition key, lowercase (condition keys are case-insensitive)
 * @param values the policy values, as text
 */
public record Condition(ConditionOperator operator, Optional<SetOperator> setOperator, boolean ifExists, String key, List<String> values)
{
    public Condition
    {
        requireNonNull(operator, "operator is null");
        requireNonNull(setOperator, "setOperator is null");
        requireNonNull(key, "key is null");
        key = key.toLowerCase(Locale.ROOT);
        values = List.copyOf(requireNonNull(values, "values is null"));
    }

    /** The operator as written in a policy, e.g. {@code ForAnyValue:StringLikeIfExists}. */
    public String operatorName()
    {
        return setOperator.map(set -> set.policyName() + ":").orElse("") + operator.policyName() + (ifExists ? "IfExists" : "");
    }
}
