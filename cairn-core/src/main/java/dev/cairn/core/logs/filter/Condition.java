package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A boolean expression of a JSON pattern or of a space-delimited pattern's field: comparisons and checks joined by
 * {@code &&} and {@code ||}. {@code S} is what a comparison names: a {@link JsonSelector} or a field's name.
 */
sealed interface Condition<S>
{
    /**
     * @param values the value each subject names, empty where it names nothing (a missing property, an index past
     *         an array's end)
     */
    boolean test(Function<S, Optional<JsonNode>> values);

    /** The subjects named, left to right. */
    Stream<S> subjects();

    record Or<S>(Condition<S> left, Condition<S> right)
            implements Condition<S>
    {
        public Or
        {
            requireNonNull(left, "left is null");
            requireNonNull(right, "right is null");
        }

        @Override
        public boolean test(Function<S, Optional<JsonNode>> values)
        {
            return left.test(values) || right.test(values);
        }

        @Override
        public Stream<S> subjects()
        {
            return Stream.concat(left.subjects(), right.subjects());
        }
    }

    record And<S>(Condition<S> left, Condition<S> right)
            implements Condition<S>
    {
        public And
        {
            requireNonNull(left, "left is null");
            requireNonNull(right, "right is null");
        }

        @Override
        public boolean test(Function<S, Optional<JsonNode>> values)
        {
            return left.test(values) && right.test(values);
        }

        @Override
        public Stream<S> subjects()
        {
            return Stream.concat(left.subjects(), right.subjects());
        }
    }

    /**
     * {@code subject operator operand}. Only a string, number or boolean compares: a comparison with a missing value,
     * {@code null}, an object or an array is false whatever the operator, {@code !=} included, as documented ("the
     * SELECTOR must point to a value node").
     */
    record Comparison<S>(S subject, Operator operator, Operand operand)
            implements Condition<S>
    {
        public Comparison
        {
            requireNonNull(subject, "subject is null");
            requireNonNull(operator, "operator is null");
            requireNonNull(operand, "operand is null");
        }

        @Override
        public boolean test(Function<S, Optional<JsonNode>> values)
        {
            return values.apply(subject)
                    .filter(Condition::isScalar)
                    .map(value -> operand.test(operator, value))
                    .orElse(false);
        }

        @Override
        public Stream<S> subjects()
        {
            return Stream.of(subject);
        }
    }

    /** The JSON checks: {@code IS NULL}, {@code IS TRUE}, {@code IS FALSE} and {@code NOT EXISTS}. */
    record Check<S>(S subject, CheckKind kind)
            implements Condition<S>
    {
        public Check
        {
            requireNonNull(subject, "subject is null");
            requireNonNull(kind, "kind is null");
        }

        @Override
        public boolean test(Function<S, Optional<JsonNode>> values)
        {
            Optional<JsonNode> value = values.apply(subject);
            return switch (kind) {
                case IS_NULL -> value.filter(JsonNode::isNull).isPresent();
                case IS_TRUE -> value.filter(node -> node.isBoolean() && node.booleanValue()).isPresent();
                case IS_FALSE -> value.filter(node -> node.isBoolean() && !node.booleanValue()).isPresent();
                case NOT_EXISTS -> value.isEmpty();
            };
        }

        @Override
        public Stream<S> subjects()
        {
            return Stream.of(subject);
        }
    }

    enum CheckKind
    {
        IS_NULL,
        IS_TRUE,
        IS_FALSE,
        NOT_EXISTS,
    }

    /** A string, number or boolean: what a comparison compares, and what a metric value may be. */
    static boolean isScalar(JsonNode value)
    {
        return value.isTextual() || value.isNumber() || value.isBoolean();
    }
}
