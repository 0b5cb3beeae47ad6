package dev.cairn.core.logs.filter;

import static java.util.Objects.requireNonNull;

/**
 * A filter pattern that CloudWatch Logs would not accept, with what is wrong and where. The API layer answers it as
 * AWS does, with an {@code InvalidParameterException}; {@link #problem()} and {@link #position()} are for its
 * message and for tests.
 */
public final class InvalidFilterPatternException
        extends RuntimeException
{
    private final String problem;
    private final int position;

    /**
     * @param position the offset in the pattern, from 0, of the character where the problem was seen
     */
    public InvalidFilterPatternException(String problem, int position)
    {
        super("Invalid filter pattern: %s (at offset %s)".formatted(requireNonNull(problem, "problem is null"), position), null, false, false);
        this.problem = problem;
        this.position = position;
    }

    public String problem()
    {
        return problem;
    }

    public int position()
    {
        return position;
    }
}
