package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A CloudWatch Logs filter pattern, the {@code filterPattern} of FilterLogEvents, metric filters, subscription filters
 * and TestMetricFilter, parsed once and matched against log event messages. Its syntax is AWS's
 * (<a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html">Filter pattern
 * syntax for metric filters, subscription filters, filter log events, and Live Tail</a>, and
 * <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html">Supported regular
 * expressions (regex) syntax</a>); the pattern's first character decides its kind:
 * <ul>
 * <li><code>&#123;</code> a {@linkplain Kind#JSON JSON pattern}: {@code { $.eventName = "ConsoleLogin" && $.errorMessage = "Failed authentication" }};</li>
 * <li>{@code [} a {@linkplain Kind#SPACE_DELIMITED space-delimited pattern}: {@code [ip, user, ..., status_code = 4*, bytes > 1000]};</li>
 * <li>anything else {@linkplain Kind#TERMS terms}: {@code ERROR -Exiting}, {@code ?ERROR ?WARN}, {@code "Failed authentication"}, {@code %ERROR|WARN%}.</li>
 * </ul>
 * An empty pattern matches every message. Immutable and thread-safe.
 */
public final class FilterPattern
{
    /** The kinds of pattern, each named as in AWS's documentation. */
    public enum Kind
    {
        /** Words, quoted phrases and regular expressions looked for in unstructured messages. */
        TERMS,
        /** A condition on messages that are JSON objects. */
        JSON,
        /** A pattern over a message's space-delimited fields. */
        SPACE_DELIMITED,
    }

    private final String pattern;
    private final Kind kind;
    private final PatternMatcher matcher;

    private FilterPattern(String pattern, Kind kind, PatternMatcher matcher)
    {
        this.pattern = requireNonNull(pattern, "pattern is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.matcher = requireNonNull(matcher, "matcher is null");
    }

    /**
     * @throws InvalidFilterPatternException if CloudWatch Logs would refuse the pattern
     */
    public static FilterPattern parse(String pattern)
    {
        requireNonNull(pattern, "pattern is null");
        PatternReader reader = new PatternReader(pattern);
        reader.skipWhitespace();
        if (reader.peekIs('{')) {
            return new FilterPattern(pattern, Kind.JSON, JsonPattern.parse(reader));
        }
        if (reader.peekIs('[')) {
            return new FilterPattern(pattern, Kind.SPACE_DELIMITED, DelimitedPattern.parse(reader));
        }
        return new FilterPattern(pattern, Kind.TERMS, TermPattern.parse(reader));
    }

    /** The pattern as written. */
    public String pattern()
    {
        return pattern;
    }

    public Kind kind()
    {
        return kind;
    }

    public boolean matches(String message)
    {
        return match(message).isPresent();
    }

    /** How {@code message} matches, for TestMetricFilter and metric values; empty if it does not. */
    public Optional<FilterMatch> match(String message)
    {
        return matcher.match(requireNonNull(message, "message is null"));
    }

    /**
     * Whether a metric filter on this pattern may take its {@code metricValue} from {@code selector}: a
     * {@code $.path} for a JSON pattern, {@code $} and a field's name for a space-delimited one; terms select nothing.
     */
    public boolean supportsValueSelector(String selector)
    {
        return matcher.supportsValueSelector(requireNonNull(selector, "selector is null"));
    }

    /**
     * The value {@code selector} picks from {@code message} if the message matches, as a metric filter publishes it
     * (see {@link FilterMatch#value(String)}); empty if the message does not match or the selector picks nothing.
     */
    public Optional<String> value(String message, String selector)
    {
        requireNonNull(selector, "selector is null");
        return match(message).flatMap(match -> match.value(selector));
    }

    @Override
    public String toString()
    {
        return pattern;
    }
}
