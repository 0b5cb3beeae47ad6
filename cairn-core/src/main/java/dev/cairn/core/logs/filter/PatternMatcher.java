package dev.cairn.core.logs.filter;

import java.util.Optional;

/**
 * One kind of filter pattern, parsed: terms, JSON or space-delimited. Implementations are immutable and thread-safe.
 */
sealed interface PatternMatcher
        permits TermPattern, JsonPattern, DelimitedPattern
{
    /** The match of {@code message}, empty if it does not match. */
    Optional<FilterMatch> match(String message);

    /** Whether a metric value may name {@code selector} for this pattern. */
    boolean supportsValueSelector(String selector);
}
