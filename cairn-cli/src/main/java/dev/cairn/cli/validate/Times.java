package dev.cairn.cli.validate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Times as users give them to validate-logs: {@code 2026-11-20T00:00:00Z}, {@code 2026-11-20T00:00:00}, {@code 2026-11-20}, or epoch seconds. */
public final class Times
{
    private Times() {}

    public static Instant parse(String text)
    {
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant();
        }
        catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            // as the AWS CLI: a time without a zone is UTC
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        }
        catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use e.g. 2026-11-20T00:00:00Z, 2026-11-20 or epoch seconds");
        }
    }
}
