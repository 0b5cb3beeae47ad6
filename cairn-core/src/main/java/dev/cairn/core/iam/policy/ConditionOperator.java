package dev.cairn.core.iam.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The condition operators Cairn evaluates, without their {@code IfExists} suffix or set prefix.
 */
public enum ConditionOperator
{
    STRING_EQUALS("StringEquals", Kind.STRING_EQUALS, false),
    STRING_NOT_EQUALS("StringNotEquals", Kind.STRING_EQUALS, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Kind.STRING_EQUALS_IGNORE_CASE, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Kind.STRING_EQUALS_IGNORE_CASE, true),
    STRING_LIKE("StringLike", Kind.STRING_LIKE, false),
    STRING_NOT_LIKE("StringNotLike", Kind.STRING_LIKE, true),
    NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC_EQUALS, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Kind.NUMERIC_EQUALS, true),
    NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC_LESS_THAN, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC_LESS_THAN_EQUALS, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC_GREATER_THAN, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC_GREATER_THAN_EQUALS, false),
    DATE_EQUALS("DateEquals", Kind.DATE_EQUALS, false),
    DATE_NOT_EQUALS("DateNotEquals", Kind.DATE_EQUALS, true),
    DATE_LESS_THAN("DateLessThan", Kind.DATE_LESS_THAN, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Kind.DATE_LESS_THAN_EQUALS, false),
    DATE_GREATER_THAN("DateGreaterThan", Kind.DATE_GREATER_THAN, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Kind.DATE_GREATER_THAN_EQUALS, false),
    BOOL("Bool", Kind.BOOL, false),
    IP_ADDRESS("IpAddress", Kind.IP_ADDRESS, false),
    NOT_IP_ADDRESS("NotIpAddress", Kind.IP_ADDRESS, true),
    ARN_EQUALS("ArnEquals", Kind.ARN_LIKE, false),
    ARN_LIKE("ArnLike", Kind.ARN_LIKE, false),
    ARN_NOT_EQUALS("ArnNotEquals", Kind.ARN_LIKE, true),
    ARN_NOT_LIKE("ArnNotLike", Kind.ARN_LIKE, true),
    NULL("Null", Kind.NULL, false);

    /** The positive comparison an operator makes; a negated operator is true when this matches none of its values. */
    enum Kind
    {
        STRING_EQUALS,
        STRING_EQUALS_IGNORE_CASE,
        STRING_LIKE,
        NUMERIC_EQUALS,
        NUMERIC_LESS_THAN,
        NUMERIC_LESS_THAN_EQUALS,
        NUMERIC_GREATER_THAN,
        NUMERIC_GREATER_THAN_EQUALS,
        DATE_EQUALS,
        DATE_LESS_THAN,
        DATE_LESS_THAN_EQUALS,
        DATE_GREATER_THAN,
        DATE_GREATER_THAN_EQUALS,
        BOOL,
        IP_ADDRESS,
        ARN_LIKE,
        NULL
    }

    private static final Map<String, ConditionOperator> BY_LOWERCASE_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(operator -> operator.policyName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String policyName;
    private final Kind kind;
    private final boolean negated;

    ConditionOperator(String policyName, Kind kind, boolean negated)
    {
        this.policyName = policyName;
        this.kind = kind;
        this.negated = negated;
    }

    /** The spelling in a policy document. */
    public String policyName()
    {
        return policyName;
    }

    /**
     * Whether this is a negated matching operator ({@code ...NotEquals}, {@code ...NotLike}, {@code NotIpAddress}):
     * true when the context value matches none of the policy values, and true when the key is absent.
     */
    public boolean negated()
    {
        return negated;
    }

    /** Whether IAM substitutes policy variables in this operator's values. */
    public boolean supportsPolicyVariables()
    {
        return switch (kind) {
            case STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, BOOL, ARN_LIKE -> true;
            default -> false;
        };
    }

    Kind kind()
    {
        return kind;
    }

    /** Looks an operator up by its policy name, ignoring case. */
    public static Optional<ConditionOperator> fromPolicyName(String name)
    {
        return Optional.ofNullable(BY_LOWERCASE_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
