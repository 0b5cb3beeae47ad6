package dev.cairn.core.logs.filter;

/**
 * A comparison operator of JSON and space-delimited patterns. Strings and regular expressions take only
 * {@link #EQUAL} and {@link #NOT_EQUAL}; numbers take all of them.
 */
enum Operator
{
    // longer symbols first, so that reading "<=" does not stop at "<"
    NOT_EQUAL("!="),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN_OR_EQUAL(">="),
    EQUAL("="),
    LESS_THAN("<"),
    GREATER_THAN(">");

    private final String symbol;

    Operator(String symbol)
    {
        this.symbol = symbol;
    }

    String symbol()
    {
        return symbol;
    }

    /** Whether the operator orders values, and so needs a number. */
    boolean ordering()
    {
        return this != EQUAL && this != NOT_EQUAL;
    }

    /** Whether the operator holds for a value whose {@code compareTo} the operand gave {@code comparison}. */
    boolean holds(int comparison)
    {
        return switch (this) {
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case LESS_THAN -> comparison < 0;
            case LESS_THAN_OR_EQUAL -> comparison <= 0;
            case GREATER_THAN -> comparison > 0;
            case GREATER_THAN_OR_EQUAL -> comparison >= 0;
        };
    }

    /** Whether an equality operator holds, given whether the value matched its operand. */
    boolean holdsWhen(boolean matched)
    {
        return (this == EQUAL) == matched;
    }
}
