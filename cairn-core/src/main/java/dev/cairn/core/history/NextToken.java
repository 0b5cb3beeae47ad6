package dev.cairn.core.history;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.HistoryQuery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The opaque LookupEvents {@code NextToken}: where the previous page ended (event time, journal position) and a
 * fingerprint of the query it belongs to, so that a token reused with other parameters is rejected.
 */
record NextToken(String queryFingerprint, long eventTimeSeconds, long position)
{
    private static final String VERSION = "1";

    NextToken
    {
        requireNonNull(queryFingerprint, "queryFingerprint is null");
    }

    static NextToken after(String queryFingerprint, HistoryQuery.Cursor cursor)
    {
        return new NextToken(queryFingerprint, cursor.eventTime().getEpochSecond(), cursor.position());
    }

    HistoryQuery.Cursor cursor()
    {
        return new HistoryQuery.Cursor(Instant.ofEpochSecond(eventTimeSeconds), position);
    }

    String encode()
    {
        String text = VERSION + "." + queryFingerprint + "." + eventTimeSeconds + "." + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<NextToken> decode(String token)
    {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = text.split("\\.");
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                return Optional.empty();
            }
            HexFormat.of().parseHex(parts[1]);
            return Optional.of(new NextToken(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
