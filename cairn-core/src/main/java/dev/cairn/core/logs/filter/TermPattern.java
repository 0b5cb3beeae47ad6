package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pattern for unstructured messages: terms separated by whitespace, each a word, a {@code "quoted phrase"} or a
 * {@code %regex%}, found anywhere in the message, case-sensitively ({@code ERROR} matches {@code ERRORCODE}). A
 * {@code -} before a term requires its absence. A {@code ?} before a term starts an alternative: the message matches
 * if every term of any alternative matches. So {@code ?ERROR ?WARN} is either word, and
 * {@code ?"ERROR" "MainThread" ?"WARN" "Deadlock"} is both of one pair or both of the other, the form the AWS CDK's
 * {@code FilterPattern.anyTermGroup} writes; terms before the first {@code ?} make the first alternative. No terms
 * match everything. An unquoted term may hold anything but whitespace and quotes: AWS asks for quotes around terms
 * with characters other than letters, digits and {@code _}, but does not document refusing them.
 */
final class TermPattern
        implements PatternMatcher
{
    private final List<List<Term>> alternatives;

    /** A term to find, or with {@code excluded} to not find. */
    record Term(String literal, Optional<Pattern> regex, boolean excluded)
    {
        public Term
        {
            requireNonNull(literal, "literal is null");
            requireNonNull(regex, "regex is null");
        }

        boolean test(String message)
        {
            boolean found = regex.map(pattern -> pattern.matcher(message).find()).orElseGet(() -> message.contains(literal));
            return found != excluded;
        }
    }

    private TermPattern(List<List<Term>> alternatives)
    {
        this.alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    static TermPattern parse(PatternReader reader)
    {
        List<List<Term>> alternatives = new ArrayList<>();
        List<Term> alternative = new ArrayList<>();
        reader.skipWhitespace();
        while (!reader.atEnd()) {
            int start = reader.position();
            boolean startsAlternative = reader.consume("?");
            boolean excluded = reader.consume("-");
            if (reader.atEnd() || reader.atWhitespace()) {
                throw reader.error("expected a term after '%s'".formatted(excluded ? "-" : "?"), start);
            }
            if (startsAlternative && !alternative.isEmpty()) {
                alternatives.add(alternative);
                alternative = new ArrayList<>();
            }
            alternative.add(readTerm(reader, excluded));
            if (!reader.atEnd() && !reader.atWhitespace()) {
                throw reader.error("expected a space after a term, found " + reader.describeNext());
            }
            reader.skipWhitespace();
        }
        if (!alternative.isEmpty()) {
            alternatives.add(alternative);
        }
        return new TermPattern(alternatives);
    }

    private static Term readTerm(PatternReader reader, boolean excluded)
    {
        if (reader.peekIs('"')) {
            return new Term(reader.readQuoted(), Optional.empty(), excluded);
        }
        if (reader.peekIs('%')) {
            return new Term("", Optional.of(reader.readRegex()), excluded);
        }
        String word = reader.readWhile(character -> !Character.isWhitespace(character) && character != '"');
        if (reader.peekIs('"')) {
            throw reader.error("a quote inside a term; quote the whole term");
        }
        return new Term(word, Optional.empty(), excluded);
    }

    @Override
    public Optional<FilterMatch> match(String message)
    {
        boolean matches = alternatives.isEmpty() || alternatives.stream().anyMatch(terms -> terms.stream().allMatch(term -> term.test(message)));
        return matches ? Optional.of(FilterMatch.withoutValues()) : Optional.empty();
    }

    @Override
    public boolean supportsValueSelector(String selector)
    {
        return false;
    }
}
