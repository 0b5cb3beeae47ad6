package dev.cairn.core.ops.logs;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.spi.LogEventCursor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paging tokens of GetLogEvents and FilterLogEvents: a direction ({@code f} forward, {@code b} backward) and the
 * {@code (timestamp, sequence)} of the event the next page starts after (forward) or before (backward), as
 * {@code f/<timestamp>/<sequence>}, the shape of CloudWatch Logs' own tokens.
 */
record LogEventTokens(boolean forward, LogEventCursor cursor)
{
    private static final Pattern TOKEN = Pattern.compile("([fb])/(-?\\d{1,19})/(-?\\d{1,19})");

    static LogEventTokens parse(String token)
    {
        Matcher matcher = TOKEN.matcher(token);
        if (!matcher.matches()) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "The specified nextToken is invalid.");
        }
        try {
            return new LogEventTokens(matcher.group(1).equals("f"), new LogEventCursor(Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))));
        }
        catch (NumberFormatException e) {
            throw new CairnException(ErrorCode.LOGS_INVALID_PARAMETER, "The specified nextToken is invalid.");
        }
    }

    static String forward(LogEventCursor cursor)
    {
        return "f/" + cursor.timestamp() + "/" + cursor.sequence();
    }

    static String backward(LogEventCursor cursor)
    {
        return "b/" + cursor.timestamp() + "/" + cursor.sequence();
    }

    @Override
    public String toString()
    {
        return forward ? forward(cursor) : backward(cursor);
    }
}
