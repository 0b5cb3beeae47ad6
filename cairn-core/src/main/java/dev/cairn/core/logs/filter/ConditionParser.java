package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Recursive descent over the expressions JSON patterns and space-delimited fields share:
 * <pre>
 * or         := and ("||" and)*
 * and        := primary ("&amp;&amp;" primary)*
 * primary    := "(" or ")" | subject check | subject operator operand
 * check      := "IS NULL" | "IS TRUE" | "IS FALSE" | "NOT EXISTS"        (JSON only)
 * operand    := "quoted string" | %regex% | unquoted string or number
 * </pre>
 * {@code &&} binds tighter than {@code ||}, as documented. One parser reads a whole pattern, so that it can hold the
 * pattern to CloudWatch Logs' quota of two regular expressions.
 */
final class ConditionParser<S>
{
    /** CloudWatch Logs' quota of regular expressions in one JSON or space-delimited pattern. */
    private static final int MAX_REGEXES = 2;
    /** Beyond any real pattern (AWS caps them at 1,024 characters); keeps the recursion off the stack's end. */
    private static final int MAX_DEPTH = 64;
    /**
     * What an unquoted string may hold: the documentation asks for quotes around anything but letters and digits,
     * yet its own examples leave {@code 123.123.*}, {@code *.html*} and {@code kms.amazonaws.com} bare.
     */
    private static final String UNQUOTED_SYMBOLS = "_-.*+:/";
    /** What may end an unquoted string. */
    private static final String DELIMITERS = ",()[]{}&|";

    private final PatternReader reader;
    private final Function<PatternReader, S> subjects;
    private final boolean checks;
    private int regexes;
    private int depth;

    /**
     * @param subjects reads what a comparison names at the reader's position, or throws
     * @param checks whether {@code IS NULL} and its kin are allowed (JSON patterns)
     */
    ConditionParser(PatternReader reader, Function<PatternReader, S> subjects, boolean checks)
    {
        this.reader = requireNonNull(reader, "reader is null");
        this.subjects = requireNonNull(subjects, "subjects is null");
        this.checks = checks;
    }

    Condition<S> parse()
    {
        return parseChain("||", this::parseAnd, Condition.Or::new);
    }

    private Condition<S> parseAnd()
    {
        return parseChain("&&", this::parsePrimary, Condition.And::new);
    }

    /** {@code operand (operator operand)*}, joined from the left. */
    private Condition<S> parseChain(String operator, Supplier<Condition<S>> operands, BinaryOperator<Condition<S>> join)
    {
        Condition<S> condition = operands.get();
        reader.skipWhitespace();
        while (reader.consume(operator)) {
            condition = join.apply(condition, operands.get());
            reader.skipWhitespace();
        }
        return condition;
    }

    private Condition<S> parsePrimary()
    {
        reader.skipWhitespace();
        if (reader.peekIs('(')) {
            int open = reader.position();
            if (++depth > MAX_DEPTH) {
                throw reader.error("parentheses nested too deeply");
            }
            reader.consume("(");
            Condition<S> condition = parse();
            if (!reader.consume(")")) {
                throw reader.error("expected ')' to close the '(' at offset %s, found %s".formatted(open, reader.describeNext()));
            }
            depth--;
            return condition;
        }
        S subject = subjects.apply(reader);
        reader.skipWhitespace();
        if (checks) {
            Optional<Condition.CheckKind> check = readCheck();
            if (check.isPresent()) {
                return new Condition.Check<>(subject, check.get());
            }
        }
        Operator operator = readOperator();
        return new Condition.Comparison<>(subject, operator, readOperand(operator));
    }

    private Optional<Condition.CheckKind> readCheck()
    {
        if (reader.consumeWord("IS")) {
            reader.skipWhitespace();
            if (reader.consumeWord("NULL")) {
                return Optional.of(Condition.CheckKind.IS_NULL);
            }
            if (reader.consumeWord("TRUE")) {
                return Optional.of(Condition.CheckKind.IS_TRUE);
            }
            if (reader.consumeWord("FALSE")) {
                return Optional.of(Condition.CheckKind.IS_FALSE);
            }
            throw reader.error("expected NULL, TRUE or FALSE after IS");
        }
        if (reader.consumeWord("NOT")) {
            reader.skipWhitespace();
            if (reader.consumeWord("EXISTS")) {
                return Optional.of(Condition.CheckKind.NOT_EXISTS);
            }
            throw reader.error("expected EXISTS after NOT");
        }
        return Optional.empty();
    }

    private Operator readOperator()
    {
        for (Operator operator : Operator.values()) {
            if (reader.consume(operator.symbol())) {
                if (operator == Operator.EQUAL && reader.peekIs('=')) {
                    throw reader.error("'==' is not an operator; use '='");
                }
                return operator;
            }
        }
        throw reader.error("expected an operator (=, !=, <, <=, >, >=%s), found %s".formatted(checks ? ", IS or NOT" : "", reader.describeNext()));
    }

    private Operand readOperand(Operator operator)
    {
        reader.skipWhitespace();
        int start = reader.position();
        if (reader.peekIs('"')) {
            String value = reader.readQuoted();
            requireEquality(operator, "a quoted string", start);
            return Operand.Text.of(value);
        }
        if (reader.peekIs('%')) {
            if (++regexes > MAX_REGEXES) {
                throw reader.error("a JSON or space-delimited pattern may hold at most %s regular expressions".formatted(MAX_REGEXES));
            }
            Operand operand = new Operand.Regex(reader.readRegex());
            requireEquality(operator, "a regular expression", start);
            return operand;
        }
        String value = reader.readWhile(character -> PatternReader.isAsciiLetterOrDigit(character) || UNQUOTED_SYMBOLS.indexOf(character) >= 0);
        if (!reader.atEnd() && !reader.atWhitespace() && DELIMITERS.indexOf(reader.peek()) < 0) {
            throw reader.error("%s in a value needs the value in double quotes".formatted(reader.describeNext()));
        }
        if (value.isEmpty()) {
            throw reader.error("expected a value after '%s', found %s".formatted(operator.symbol(), reader.describeNext()), start);
        }
        Optional<Operand> number = Operand.number(value).map(Operand.Numeric::new);
        if (number.isPresent()) {
            return number.get();
        }
        requireEquality(operator, "'" + value + "', which is not a number,", start);
        return Operand.Text.of(value);
    }

    private void requireEquality(Operator operator, String operand, int position)
    {
        if (operator.ordering()) {
            throw reader.error("'%s' needs a number; %s takes only '=' or '!='".formatted(operator.symbol(), operand), position);
        }
    }
}
