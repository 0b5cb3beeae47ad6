package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The right-hand side of a comparison: a string with optional leading and trailing {@code *}, a number, or a
 * {@code %regex%}. Each compares itself with a value, a JSON string, number or boolean; a space-delimited field's
 * value is a JSON string.
 */
sealed interface Operand
{
    /**
     * A number as the CloudWatch Logs documentation defines it: an integer or a decimal with an optional sign,
     * optionally followed by {@code e} and a signed integer exponent.
     */
    Pattern NUMBER = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");

    boolean test(Operator operator, JsonNode value);

    /** The number {@code text} spells, if it is one. */
    static Optional<BigDecimal> number(String text)
    {
        if (!NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(text));
        }
        catch (NumberFormatException e) {
            // an exponent beyond int range
            return Optional.empty();
        }
    }

    /**
     * A string, equal to the value's text; a {@code *} at the start or end matches any text there, elsewhere it is a
     * literal star ({@code Ev*ent} matches only {@code Ev*ent}), as documented.
     */
    record Text(String value, boolean anyPrefix, boolean anySuffix)
            implements Operand
    {
        public Text
        {
            requireNonNull(value, "value is null");
        }

        static Text of(String pattern)
        {
            boolean anyPrefix = pattern.startsWith("*");
            String rest = anyPrefix ? pattern.substring(1) : pattern;
            boolean anySuffix = rest.endsWith("*");
            return new Text(anySuffix ? rest.substring(0, rest.length() - 1) : rest, anyPrefix, anySuffix);
        }

        @Override
        public boolean test(Operator operator, JsonNode value)
        {
            return operator.holdsWhen(matches(value.asText()));
        }

        boolean matches(String text)
        {
            if (anyPrefix && anySuffix) {
                return text.contains(value);
            }
            if (anyPrefix) {
                return text.endsWith(value);
            }
            if (anySuffix) {
                return text.startsWith(value);
            }
            return text.equals(value);
        }
    }

    /** A number, compared with a JSON number or with a string that spells one; anything else compares false. */
    record Numeric(BigDecimal value)
            implements Operand
    {
        public Numeric
        {
            requireNonNull(value, "value is null");
        }

        @Override
        public boolean test(Operator operator, JsonNode value)
        {
            Optional<BigDecimal> number = value.isNumber() ? Optional.of(value.decimalValue()) : value.isTextual() ? number(value.textValue()) : Optional.empty();
            return number.map(actual -> operator.holds(actual.compareTo(this.value))).orElse(false);
        }
    }

    /** A regular expression found anywhere in the value's text. */
    record Regex(Pattern pattern)
            implements Operand
    {
        public Regex
        {
            requireNonNull(pattern, "pattern is null");
        }

        @Override
        public boolean test(Operator operator, JsonNode value)
        {
            return operator.holdsWhen(pattern.matcher(value.asText()).find());
        }
    }
}
